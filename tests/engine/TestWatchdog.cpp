// The potential watchdog (issue 19 item 5): each check against an independent reference
// (separate evaluations, analytic scalings, distances set by hand), run.in's `watchdog` line,
// a headless `sei run` stopped by it, its frames as `sei label` reads them, and runs whose
// thresholds are not reached, bit-identical to runs without a watchdog.
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <sstream>

#include "RandomModel.hpp"
#include "TestSupport.hpp"
#include "core/Elements.hpp"
#include "core/Error.hpp"
#include "io/ExtXyz.hpp"
#include "label/Labelling.hpp"
#include "md/Checkpoint.hpp"
#include "md/DescriptorDistance.hpp"
#include "md/Watchdog.hpp"
#include "nep/NepEvaluator.hpp"
#include "run/GpumdRunInput.hpp"
#include "run/RunDriver.hpp"
#include "run/RunInput.hpp"
#include "training/ParameterVector.hpp"

using namespace sei;

namespace {

std::shared_ptr<const NepModel> sharedModel(const char* name) {
  return std::make_shared<const NepModel>(
      readNepModel(test::sharedFile(QString("models/") + name)));
}

/// The model with every energy output weight scaled by `factor`: a committee member whose
/// forces differ from the original's smoothly.
std::shared_ptr<const NepModel> perturbed(const NepModel& model, double factor) {
  NepModel copy = model;
  for (NepNetwork& n : copy.networks)
    for (double& w : n.w1) w *= factor;
  return std::make_shared<const NepModel>(copy);
}

/// An MD state of `s` with the model's forces (as the run driver's observer sees it).
MdState stateOf(const Structure& s, const std::shared_ptr<const NepModel>& model) {
  MdState state = makeMdState(s, model->typesOf(s, "test"));
  NepEvaluator(model).compute(state.types, state.positions, state.cell, ForceRequest(),
                              state.forces);
  state.step = 40;
  return state;
}

/// Settings with every check off but the ones a test switches on.
WatchdogSettings noChecks() {
  WatchdogSettings w;
  w.interval = 1;
  w.forceStd = w.maxForce = w.drift = w.neutrality = w.covalentFraction = w.minDistance = 0.0;
  return w;
}

/// The forces of `model` alone at the state's positions.
std::vector<Eigen::Vector3d> forcesOf(const std::shared_ptr<const NepModel>& model,
                                      const MdState& s) {
  Structure atoms;
  atoms.symbols = s.symbols;
  atoms.positions = s.positions;
  ForceResult r;
  NepEvaluator(model).compute(model->typesOf(atoms, "test"), s.positions, s.cell, ForceRequest(),
                              r);
  return r.forces;
}

QByteArray contents(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// A run folder: water63 with GPUMD's water NEP, a perturbed copy as committee model and
/// run.in with `watchdogLine` (empty: none).
void makeRunFolder(const QString& dir, const std::string& watchdogLine) {
  const auto model = sharedModel("nep_water.txt");
  training::writeNepModel(QDir(dir).filePath("model.txt").toStdString(), *model);
  training::writeNepModel(QDir(dir).filePath("committee.txt").toStdString(),
                          *perturbed(*model, 1.02));
  writeExtXyz(QDir(dir).filePath("model.xyz").toStdString(),
              readExtXyz(test::sharedFile("structures/water63.xyz")));
  test::writeTextFile(QDir(dir).filePath("run.in").toStdString(),
                      "potential model.txt\nvelocity 600 seed 5\ntime_step 1\n" + watchdogLine +
                          "ensemble nvt_bdp 600 900 50\ndump_thermo 5\n"
                          "dump_xyz 5 dump.xyz precision double force\ncheckpoint 20\nrun 60\n");
}

int runSei(const QString& dir, const QStringList& extra, QString* err) {
  const test::SeiRun r =
      test::runSei(QStringList{"run", "--quiet", "--threads", "1", "--dir", dir} + extra);
  *err = r.err;
  return r.status;
}

}  // namespace

class TestWatchdog : public QObject {
  Q_OBJECT

 private slots:
  void committeeDeviationIsTheStdDevOfSeparateEvaluations() {
    const auto model = sharedModel("nep_water.txt");
    const std::vector<std::shared_ptr<const NepModel>> committee = {perturbed(*model, 1.05),
                                                                    perturbed(*model, 0.9)};
    const MdState s =
        stateOf(readExtXyz(test::sharedFile("structures/water63_rattled_s1.xyz")), model);
    // Reference: each member evaluated on its own, population std dev of the three.
    std::vector<std::vector<Eigen::Vector3d>> f = {s.forces.forces, forcesOf(committee[0], s),
                                                   forcesOf(committee[1], s)};
    double largest = 0.0;
    int where = -1;
    std::vector<double> expected(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
      const Eigen::Vector3d mean = (f[0][i] + f[1][i] + f[2][i]) / 3.0;
      double var = 0.0;
      for (const auto& m : f) var += (m[i] - mean).squaredNorm() / 3.0;
      expected[i] = std::sqrt(var);
      if (expected[i] > largest) largest = expected[i], where = static_cast<int>(i);
    }
    WatchdogSettings w = noChecks();
    w.forceStd = largest * (1 - 1e-9);
    Watchdog dog(w, model, committee, s.symbols, {});
    const std::vector<double> got = dog.forceDeviations(s);
    for (std::size_t i = 0; i < s.size(); ++i) QVERIFY(std::abs(got[i] - expected[i]) < 1e-12);
    qInfo("committee of 3: max force std dev %.6f eV/Å on atom %d", largest, where + 1);
    QVERIFY(largest > 0.05);  // the perturbation is visible

    const auto events = dog.check(s, Thermo());
    QCOMPARE(events.size(), std::size_t(1));
    QCOMPARE(int(events[0].check), int(WatchdogCheck::ForceStd));
    QCOMPARE(events[0].atom, where);
    QVERIFY(std::abs(events[0].value - largest) < 1e-12);
    w.forceStd = largest * (1 + 1e-9);
    QVERIFY(Watchdog(w, model, committee, s.symbols, {}).check(s, Thermo()).empty());

    // Two members: the std dev is half their difference.
    Watchdog pair(w, model, {committee[0]}, s.symbols, {});
    const std::vector<double> two = pair.forceDeviations(s);
    for (std::size_t i = 0; i < s.size(); ++i)
      QVERIFY(std::abs(two[i] - 0.5 * (f[0][i] - f[1][i]).norm()) < 1e-12);
  }

  void committeeModelLackingAnElementIsNamed() {
    const auto model = sharedModel("nep_water.txt");
    const MdState s = stateOf(readExtXyz(test::sharedFile("structures/water63.xyz")), model);
    try {
      Watchdog(noChecks(), model, {sharedModel("nep_C.txt")}, s.symbols, {});
      QFAIL("a carbon model accepted as committee of water");
    } catch (const InputError& e) {
      QVERIFY2(QString(e.what()).contains("nep_C.txt"), e.what());
    }
  }

  void minDistanceFiresExactlyAtTheThreshold() {
    const auto model = sharedModel("nep_water.txt");
    Structure water = readExtXyz(test::sharedFile("structures/water63.xyz"));
    // An O and the H closest to it, pushed along their bond to distance d.
    std::size_t o = 0;
    while (water.symbols[o] != "O") ++o;
    std::size_t h = 0;
    double best = 1e9;
    for (std::size_t i = 0; i < water.size(); ++i)
      if (water.symbols[i] == "H" && (water.positions[i] - water.positions[o]).norm() < best)
        best = (water.positions[i] - water.positions[o]).norm(), h = i;
    QVERIFY(best < 1.2);  // a bond, not across the cell
    const Eigen::Vector3d u = (water.positions[h] - water.positions[o]).normalized();
    const double limit = 0.6 * (covalentRadius(8) + covalentRadius(1));  // Å
    QVERIFY(std::abs(limit - 0.582) < 1e-12);
    WatchdogSettings w = noChecks();
    w.covalentFraction = 0.6;
    for (double d : {limit * (1 + 1e-9), limit * (1 - 1e-9), 0.3}) {
      water.positions[h] = water.positions[o] + d * u;
      MdState s = makeMdState(water, model->typesOf(water, "water"));
      const auto events = Watchdog(w, model, {}, s.symbols, {}).check(s, Thermo());
      if (d > limit) {
        QVERIFY(events.empty());
        continue;
      }
      QCOMPARE(events.size(), std::size_t(1));
      QCOMPARE(int(events[0].check), int(WatchdogCheck::MinDistance));
      QCOMPARE(std::min(events[0].atom, events[0].other), int(std::min(o, h)));
      QCOMPARE(std::max(events[0].atom, events[0].other), int(std::max(o, h)));
      QVERIFY(std::abs(events[0].value - d) < 1e-12);
      QVERIFY(std::abs(events[0].threshold - limit) < 1e-12);
    }
    // An absolute limit for every pair: 1 Å fires on every O–H bond of water (0.97 Å here).
    w = noChecks();
    w.minDistance = 1.0;
    water = readExtXyz(test::sharedFile("structures/water63.xyz"));
    const MdState s = makeMdState(water, model->typesOf(water, "water"));
    const auto events = Watchdog(w, model, {}, s.symbols, {}).check(s, Thermo());
    QCOMPARE(events.size(), std::size_t(1));
    QVERIFY(events[0].value < 1.0 && events[0].value > 0.9);
  }

  void maxForceFiresOnASqueezedStructure() {
    const auto model = sharedModel("nep_water.txt");
    const Structure water = readExtXyz(test::sharedFile("structures/water63.xyz"));
    Structure squeezed = water;
    for (Eigen::Vector3d& r : squeezed.positions) r *= 0.8;
    squeezed.cell = Cell(water.cell.matrix() * 0.8);
    const MdState relaxed = stateOf(water, model), dense = stateOf(squeezed, model);
    auto largest = [](const MdState& s) {
      double f = 0.0;
      for (const auto& v : s.forces.forces) f = std::max(f, v.norm());
      return f;
    };
    const double f0 = largest(relaxed), f1 = largest(dense);
    qInfo("f_max %.4f eV/Å as given, %.4f eV/Å squeezed to 0.8", f0, f1);
    QVERIFY(f1 > 2 * f0);
    WatchdogSettings w = noChecks();
    w.maxForce = 0.5 * (f0 + f1);
    Watchdog dog(w, model, {}, relaxed.symbols, {});
    QVERIFY(dog.check(relaxed, Thermo()).empty());
    const auto events = dog.check(dense, Thermo());
    QCOMPARE(events.size(), std::size_t(1));
    QCOMPARE(int(events[0].check), int(WatchdogCheck::MaxForce));
    QCOMPARE(events[0].value, f1);
    QCOMPARE(dense.forces.forces[events[0].atom].norm(), f1);
    // The frames for labelling: the passing state kept as history, then the offending one.
    const std::vector<Structure> frames = dog.framesFor(events[0], dense);
    QCOMPARE(frames.size(), std::size_t(2));
    QCOMPARE(frames[0].positions, relaxed.positions);
    QCOMPARE(frames[1].positions, dense.positions);
    QVERIFY(frames[1].info.find("config_type=watchdog_fmax") != std::string::npos);
  }

  void neutralityScalesWithTheChargeWeights() {
    const auto model = sharedModel("qnep_mode1_water.txt");
    const Structure water = readExtXyz(test::sharedFile("structures/water63.xyz"));
    const MdState s = makeMdState(water, model->typesOf(water, "water"));
    // Reference: the evaluator's own neutralisation, q̂_i = q_i + shift, Σ q_i = 0.
    NepEvaluator reference(model);
    ForceResult r;
    reference.compute(s.types, s.positions, s.cell, ForceRequest(), r);
    double sumQ = 0.0;
    for (double q : r.charges) sumQ += q;
    QVERIFY(std::abs(sumQ) < 1e-12);
    const double rawSum = reference.chargeShift() * static_cast<double>(s.size());
    WatchdogSettings w = noChecks();
    w.neutrality = 0.02;  // the default
    QVERIFY(std::abs(Watchdog(w, model, {}, s.symbols, {}).rawChargeSum(s) - rawSum) < 1e-12);
    qInfo("qNEP water on water63: raw charges sum to %.6f e (%.6f e/atom)", rawSum,
          rawSum / s.size());
    QVERIFY(Watchdog(w, model, {}, s.symbols, {}).check(s, Thermo()).empty());
    // The raw charges are linear in the charge output weights: ×100 scales the sum by 100.
    NepModel louder = *model;
    for (NepNetwork& n : louder.networks)
      for (double& v : n.w1q) v *= 100.0;
    Watchdog loud(w, std::make_shared<const NepModel>(louder), {}, s.symbols, {});
    QVERIFY(std::abs(loud.rawChargeSum(s) - 100.0 * rawSum) < 1e-9 * std::abs(100.0 * rawSum));
    const auto events = loud.check(s, Thermo());
    QCOMPARE(events.size(), std::size_t(1));
    QCOMPARE(int(events[0].check), int(WatchdogCheck::Neutrality));
    QVERIFY(std::abs(events[0].value - std::abs(100.0 * rawSum) / s.size()) < 1e-12);
  }

  void driftComparesTheConservedEnergyWithTheBlockStart() {
    const auto model = sharedModel("nep_water.txt");
    const MdState s = stateOf(readExtXyz(test::sharedFile("structures/water63.xyz")), model);
    WatchdogSettings w = noChecks();
    w.drift = 0.01;  // eV/atom
    Watchdog dog(w, model, {}, s.symbols, {});
    Thermo t;
    t.conservedEnergy = -100.0;
    dog.startBlock(-100.0 - 0.0099 * s.size());
    QVERIFY(dog.check(s, t).empty());
    dog.startBlock(-100.0 + 0.0101 * s.size());
    const auto events = dog.check(s, t);
    QCOMPARE(events.size(), std::size_t(1));
    QVERIFY(std::abs(events[0].value - 0.0101) < 1e-12);
    dog.startBlock(std::nullopt);  // npt: nothing to compare with
    QVERIFY(dog.check(s, t).empty());
  }

  void runInputLineRoundTripsAndIsCommentedForGpumd() {
    std::istringstream in(
        "potential m.txt\nwatchdog 25 committee a.txt b.txt fmax 12.5 drift off history 4\n"
        "ensemble nve\nrun 10\n");
    const RunPlan plan = parseRunInput(in, "run.in");
    const WatchdogSettings& w = plan.watchdog;
    QCOMPARE(w.interval, std::int64_t(25));
    QCOMPARE(w.committee, (std::vector<std::string>{"a.txt", "b.txt"}));
    QCOMPARE(w.maxForce, 12.5);
    QCOMPARE(w.drift, 0.0);
    QCOMPARE(w.forceStd, WatchdogSettings().forceStd);
    QCOMPARE(w.history, 4);
    std::istringstream again(runInputText(plan));
    const RunPlan back = parseRunInput(again, "written");
    QCOMPARE(runInputText(back), runInputText(plan));
    QCOMPARE(back.watchdog.committee, w.committee);
    QCOMPARE(back.watchdog.maxForce, 12.5);
    QCOMPARE(back.watchdog.drift, 0.0);
    const GpumdRunInput gpumd = gpumdRunInput(plan);
    QVERIFY(QString::fromStdString(gpumd.text).contains("\n# SEI Studio only: watchdog 25 "));
    bool warned = false;
    for (const std::string& line : gpumd.warnings)
      warned = warned || line.find("GPUMD has no watchdog") != std::string::npos;
    QVERIFY(warned);

    auto refused = [](const char* line, const char* expected) {
      std::istringstream bad(std::string("potential m.txt\n") + line + "\nensemble nve\nrun 1\n");
      try {
        parseRunInput(bad, "run.in");
      } catch (const InputError& e) {
        QVERIFY2(QString(e.what()).startsWith("run.in:2: ") && QString(e.what()).contains(expected),
                 e.what());
        return;
      }
      QFAIL(line);
    };
    refused("watchdog 0", "INTERVAL must be an integer >= 1");
    refused("watchdog 10 fmax", "option 'fmax' needs a value");
    refused("watchdog 10 fmax -1", "fmax must be a number > 0 (eV/Å, or off)");
    refused("watchdog 10 committee", "'committee' needs at least one model FILE");
    refused("watchdog 10 fmax 3 fmax 4", "option 'fmax' given twice");
    refused("watchdog 10 speed 3", "unknown watchdog option 'speed'");
    refused("watchdog 10 extrapolation train.xyz", "'extrapolation' needs a value: FILE.xyz X");
    refused("watchdog 10 extrapolation train.xyz -1",
            "extrapolation must be a number > 0 (descriptor distance, or off)");

    std::istringstream extrapolating(
        "potential m.txt\nwatchdog 5 extrapolation train.xyz 0.25\nensemble nve\nrun 10\n");
    const RunPlan e = parseRunInput(extrapolating, "run.in");
    QCOMPARE(e.watchdog.extrapolationReference, std::string("train.xyz"));
    QCOMPARE(e.watchdog.extrapolation, 0.25);
    std::istringstream written(runInputText(e));
    const RunPlan eBack = parseRunInput(written, "written");
    QCOMPARE(eBack.watchdog.extrapolationReference, std::string("train.xyz"));
    QCOMPARE(eBack.watchdog.extrapolation, 0.25);
  }

  void extrapolationFiresOnADistortedFrameNotOnATrainingFrame() {
    // The training set is water63 itself: its own atoms are at distance 0; its first atom (H)
    // moved by 0.3 Å is not (md/DescriptorDistance, the distance `sei select` scores).
    const auto model = sharedModel("nep_water.txt");
    const Structure water = readExtXyz(test::sharedFile("structures/water63.xyz"));
    const auto reference = std::make_shared<const DescriptorReference>(
        descriptorReference(model, {water}, kDescriptorReferencePoints, 1, "train"));
    WatchdogSettings w = noChecks();
    w.extrapolation = 0.01;
    Watchdog dog(w, model, {}, water.symbols, {}, reference);
    const MdState trained = stateOf(water, model);
    const std::vector<double> zero = dog.descriptorDistances(trained);
    QCOMPARE(zero.size(), water.size());
    QCOMPARE(*std::max_element(zero.begin(), zero.end()), 0.0);
    QVERIFY(dog.check(trained, Thermo()).empty());

    Structure moved = water;
    moved.positions[0] += Eigen::Vector3d(0.3, 0.0, 0.0);
    const MdState distorted = stateOf(moved, model);
    const std::vector<double> d = dog.descriptorDistances(distorted);
    const auto largest = std::max_element(d.begin(), d.end());
    const auto events = dog.check(distorted, Thermo());
    QCOMPARE(events.size(), std::size_t(1));
    QCOMPARE(int(events[0].check), int(WatchdogCheck::Extrapolation));
    QCOMPARE(events[0].atom, static_cast<int>(largest - d.begin()));
    QCOMPARE(events[0].value, *largest);
    const QString message = QString::fromStdString(events[0].message(water.symbols));
    qInfo("%s", qPrintable(message));
    QVERIFY2(message.contains("from the training set in descriptor space, above 0.01") &&
                 message.endsWith("(watchdog extrapolation)"),
             qPrintable(message));
    w.extrapolation = *largest * (1 + 1e-9);
    QVERIFY(
        Watchdog(w, model, {}, water.symbols, {}, reference).check(distorted, Thermo()).empty());
  }

  void headlessRunStopsWhenItLeavesTheTrainingSet() {
    // The run starts on its training frame and heats to 900 K: thermal motion leaves it.
    QTemporaryDir dir;
    makeRunFolder(dir.path(), "watchdog 5 fmax off drift off extrapolation train.xyz 0.02\n");
    writeExtXyz(QDir(dir.path()).filePath("train.xyz").toStdString(),
                readExtXyz(test::sharedFile("structures/water63.xyz")));
    QString err;
    QCOMPARE(runSei(dir.path(), {}, &err), 4);
    QVERIFY2(err.startsWith("sei run: stopped by the watchdog: step ") &&
                 err.contains("(watchdog extrapolation)"),
             qPrintable(err));
    QVERIFY(QFile::exists(QDir(dir.path()).filePath("watchdog/frames.xyz")));
    // A training file the model cannot read: one line naming it, before anything runs.
    makeRunFolder(dir.path(), "watchdog 5 extrapolation missing.xyz 0.02\n");
    QCOMPARE(runSei(dir.path(), {}, &err), 2);
    QVERIFY2(err.contains("missing.xyz") && err.trimmed().count('\n') == 0, qPrintable(err));
  }

  void headlessRunStopsWithFramesReadyForLabelling() {
    // The same run without a watchdog: the f_max of every 5th step (in dump.xyz), from which a
    // threshold is chosen that the 4th or a later check is the first to exceed.
    QTemporaryDir plain, watched;
    makeRunFolder(plain.path(), "");
    QString err;
    QVERIFY2(runSei(plain.path(), {}, &err) == 0, qPrintable(err));
    const std::vector<Structure> dumped =
        readExtXyzFrames(QDir(plain.path()).filePath("dump.xyz").toStdString());
    QCOMPARE(dumped.size(), std::size_t(12));  // steps 5, 10, ..., 60
    std::vector<double> fmax;
    for (const Structure& s : dumped) {
      double f = 0.0;
      for (const auto& v : s.forces) f = std::max(f, v.norm());
      fmax.push_back(f);
    }
    std::size_t m = 3;
    while (m < fmax.size() &&
           fmax[m] <= *std::max_element(fmax.begin(), fmax.begin() + static_cast<long>(m)))
      ++m;
    QVERIFY2(m < fmax.size(), "f_max never grows beyond its earlier values");
    const double below = *std::max_element(fmax.begin(), fmax.begin() + static_cast<long>(m));
    const double threshold = 0.5 * (below + fmax[m]);
    const std::int64_t step = 5 * static_cast<std::int64_t>(m + 1);
    qInfo("f_max %.4f eV/Å at step %lld after at most %.4f eV/Å: threshold %.4f", fmax[m],
          static_cast<long long>(step), below, threshold);

    std::ostringstream line;
    line.precision(17);
    line << "watchdog 5 committee committee.txt force_std 10 fmax " << threshold << " history 2\n";
    makeRunFolder(watched.path(), line.str());
    QCOMPARE(runSei(watched.path(), {}, &err), 4);
    QVERIFY2(err.startsWith("sei run: stopped by the watchdog: step " + QString::number(step) +
                            ": atom ") &&
                 err.count('\n') == 1,
             qPrintable(err));
    const auto value = QRegularExpression("force of ([0-9.]+) eV/Å").match(err);
    QVERIFY2(value.hasMatch(), qPrintable(err));
    QVERIFY(std::abs(value.captured(1).toDouble() - fmax[m]) < 1e-5 * fmax[m]);
    const QString log = contents(QDir(watched.path()).filePath("watchdog/watchdog.log"));
    QVERIFY2(
        log.startsWith("step " + QString::number(step) + ": ") && log.contains("(watchdog fmax)"),
        qPrintable(log));

    // The frames: the two checks before and the offending step, exactly where the unwatched run
    // was (the watchdog does not touch the trajectory), labelled by the check.
    const std::string framesPath =
        QDir(watched.path()).filePath("watchdog/frames.xyz").toStdString();
    const std::vector<Structure> frames = readExtXyzFrames(framesPath);
    QCOMPARE(frames.size(), std::size_t(3));
    for (std::size_t k = 0; k < 3; ++k) {
      const Structure& reference = dumped[m - 2 + k];
      QCOMPARE(frames[k].symbols, reference.symbols);
      QVERIFY(frames[k].cell.fullyPeriodic());
      QVERIFY((frames[k].cell.matrix() - reference.cell.matrix()).norm() < 1e-12);
      for (std::size_t i = 0; i < frames[k].size(); ++i)
        QVERIFY((frames[k].positions[i] - reference.positions[i]).norm() < 1e-9);
      const std::string expected =
          "config_type=watchdog_fmax step=" + std::to_string(step - 5 * static_cast<int>(2 - k)) +
          " watchdog_step=" + std::to_string(step);
      QCOMPARE(QString::fromStdString(frames[k].info), QString::fromStdString(expected));
    }
    // sei label's frame reader takes them: one CP2K input per frame with the shipped template.
    label::LabelOptions labelling;
    labelling.structures = framesPath;
    labelling.templatePath = SEI_RESOURCE_DIR "/cp2k/label.inp";
    std::vector<Structure> read;
    QCOMPARE(label::labelInputs(labelling, read).size(), std::size_t(3));

    // The checkpoint is the offending step; resumed without the watchdog's f_max limit, the run
    // ends exactly as the unwatched one.
    QCOMPARE(
        readCheckpoint(QDir(watched.path()).filePath("checkpoint.chk").toStdString()).state.step,
        step);
    makeRunFolder(watched.path(), "watchdog 5 committee committee.txt force_std 10 fmax off\n");
    QVERIFY2(runSei(watched.path(), {"--resume"}, &err) == 0, qPrintable(err));
    for (const char* file : {"thermo.out", "dump.xyz"})
      QVERIFY2(contents(QDir(watched.path()).filePath(file)) ==
                   contents(QDir(plain.path()).filePath(file)),
               file);
  }

  void unreachedThresholdsLeaveTheRunBitIdentical() {
    QTemporaryDir plain, watched;
    makeRunFolder(plain.path(), "");
    // Checks every 3 steps, between the dumps, with every check on and nothing reached.
    makeRunFolder(watched.path(),
                  "watchdog 3 committee committee.txt force_std 10 fmax 50 drift 1 "
                  "min_distance 0.5 history 3\n");
    QString err;
    QVERIFY2(runSei(plain.path(), {}, &err) == 0, qPrintable(err));
    QVERIFY2(runSei(watched.path(), {}, &err) == 0, qPrintable(err));
    for (const char* file : {"thermo.out", "dump.xyz"}) {
      const QByteArray a = contents(QDir(plain.path()).filePath(file));
      QVERIFY(!a.isEmpty());
      QVERIFY2(a == contents(QDir(watched.path()).filePath(file)), file);
    }
    QVERIFY(!QDir(watched.path()).exists("watchdog"));
  }

  void pauseEndsTheChunkAtTheOffendingStep() {
    QTemporaryDir dir;
    makeRunFolder(dir.path(), "watchdog 5 fmax 0.001\n");  // fires at every check
    RunFolderOptions options;
    options.folder = dir.path().toStdString();
    options.threads = 1;
    options.chunk = 20;
    Simulation* sim = nullptr;
    options.attach = [&](Simulation* s) { sim = s; };
    std::vector<std::int64_t> fired, pausedAt;
    bool framesWritten = true;
    options.watchdogFired = [&](const WatchdogEvent& e, const std::string& frames) {
      fired.push_back(e.step);
      framesWritten = framesWritten && QFile::exists(QString::fromStdString(frames));
      return fired.size() == 1 ? WatchdogAction::Pause : WatchdogAction::Continue;
    };
    options.progress = [&](const Progress& p, std::size_t) {
      if (!sim->paused()) return;
      pausedAt.push_back(p.step);
      sim->setPaused(false);  // what the studio's Resume does
    };
    QCOMPARE(int(executeRunFolder(options)), int(RunOutcome::Finished));
    QVERIFY(framesWritten);
    QCOMPARE(fired, (std::vector<std::int64_t>{5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60}));
    QCOMPARE(pausedAt, (std::vector<std::int64_t>{5}));  // not at the chunk's end (20)
    QCOMPARE(
        readExtXyzFrames(QDir(dir.path()).filePath("watchdog/frames.xyz").toStdString()).size(),
        std::size_t(12));  // every check fires, so none is kept as history
  }
};

QTEST_APPLESS_MAIN(TestWatchdog)
#include "TestWatchdog.moc"
