// The reactor's real stages on small inputs: training a committee member from six NaF labels of
// ../shared/training/NaF (a tiny model, five Adam epochs), the test run that passes and the one
// whose watchdog fires, and labelling that needs CP2K or waits for a Slurm job array.

#include <QtTest>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "TestSupport.hpp"
#include "core/Error.hpp"
#include "io/ExtXyz.hpp"
#include "nep/NepModel.hpp"
#include "reactor/GenerationStages.hpp"
#include "reactor/ParityPlot.hpp"

using namespace sei;
using namespace sei::reactor;
namespace fs = std::filesystem;

namespace {

const char* const kNepIn =
    "type 2 Na F\ncutoff 5 4\nn_max 3 3\nbasis_size 4 4\nneuron 8\noptimizer adam\nepoch 5\n"
    "batch 2\n";

/// Frames of ../shared/training/NaF/train.xyz, as text.
std::vector<std::string> sharedFrames() {
  std::ifstream in(test::sharedDir().toStdString() + "/training/NaF/train.xyz");
  std::vector<std::string> frames;
  for (std::string count; std::getline(in, count);) {
    std::string frame = count + "\n";
    for (int i = 0, n = std::stoi(count) + 1; i < n; ++i) {
      std::string line;
      std::getline(in, line);
      frame += line + "\n";
    }
    frames.push_back(frame);
  }
  return frames;
}

std::string readText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

class TestReactorStages : public QObject {
  Q_OBJECT

  test::ScratchFolder dir_;
  StageContext ctx_;
  std::string member0_, member1_, target_;
  TrainResult trained_;
  std::size_t atoms_ = 0;  ///< atoms of the training set

  TestPlan testPlan(double fmax, double forceStd) const {
    TestPlan t;
    t.structure = target_;
    t.temperature = 300;
    t.timeStep = 1.0;
    t.steps = 40;
    t.watchdog.interval = 5;
    t.watchdog.maxForce = fmax;
    t.watchdog.forceStd = forceStd;
    t.watchdog.drift = 0;
    return t;
  }

 private slots:
  void initTestCase() {
    if (test::sharedDir().isEmpty() ||
        !fs::exists(test::sharedDir().toStdString() + "/training/NaF/train.xyz"))
      QFAIL("../shared/training/NaF/train.xyz not found: set SEI_SHARED_DIR");
    const std::vector<std::string> frames = sharedFrames();
    QCOMPARE(frames.size(), std::size_t(80));
    // bcc Na, rock-salt NaF and Na slabs with F adatoms: two of each.
    std::string set;
    for (int i : {3, 4, 12, 13, 22, 23}) {
      set += frames[i];
      atoms_ += std::stoul(frames[i]);
    }
    target_ = dir_.write("target.xyz", frames[5]);  // a bcc Na cell of 16 atoms
    ctx_.threads = 2;
    member0_ = dir_.path("train");
    member1_ = dir_.path("train/member-1");
    fs::create_directories(member1_);
    for (const auto& [dir, seed] : {std::pair{member0_, 1}, std::pair{member1_, 2}}) {
      std::ofstream(dir + "/nep.in") << kNepIn << "seed " << seed << "\n";
      std::ofstream(dir + "/train.xyz") << set;
    }
    trained_ = trainFolder(ctx_, member0_);
    QVERIFY(!trainFolder(ctx_, member1_).stopped);
  }

  // The model has nep.in's elements; the stage's force RMSE is the one of force_train.out
  // (predictions, then references, per atom), and the parity plot states it.
  void trainingWritesModelErrorsAndParity() {
    QVERIFY(!trained_.stopped);
    QCOMPARE(readNepModel(member0_ + "/nep.txt").elements, (std::vector<std::string>{"Na", "F"}));
    const std::vector<std::vector<double>> forces = test::readTable(member0_ + "/force_train.out");
    QCOMPARE(forces.size(), atoms_);
    double squares = 0;
    for (const auto& row : forces)
      for (int k = 0; k < 3; ++k) squares += std::pow(row[k] - row[k + 3], 2);
    const double rmse = std::sqrt(squares / (3.0 * forces.size()));
    QVERIFY2(
        std::abs(trained_.forceTrain - rmse) < 2e-5 * std::max(1.0, rmse),
        qPrintable(QString("loss.out %1, force_train.out %2").arg(trained_.forceTrain).arg(rmse)));
    QVERIFY(trained_.energyTrain > 0 && std::isfinite(trained_.energyTrain));
    QCOMPARE(trained_.forceTest, 0.0);  // no test set
    const std::string svg = readText(member0_ + "/parity-force.svg");
    char title[64];
    std::snprintf(title, sizeof title, "force: RMSE %.4g eV/Å (%zu values)", rmse,
                  3 * forces.size());
    QVERIFY2(svg.find(title) != std::string::npos, title);
    QCOMPARE(std::count(svg.begin(), svg.end(), '\n') - 8, std::ptrdiff_t(3 * forces.size()));
  }

  // MD of bcc Na at 300 K with loose thresholds passes; with an f_max of 0.001 eV/Å the watchdog
  // stops it at its first check (step 5); with the committee and a disagreement limit of 1e-6 eV/Å
  // too.
  void testRunPassesOrFires() {
    ctx_.model = member0_ + "/nep.txt";
    ctx_.committee = {member1_ + "/nep.txt"};
    const TestResult pass = testRun(testPlan(1e6, 1e6), ctx_, dir_.path("test-pass"));
    QVERIFY2(pass.passed, pass.message.c_str());
    QCOMPARE(pass.message, std::string("40 steps (0.04 ps) at 300 K without a watchdog event"));
    const std::string thermo = readText(dir_.path("test-pass/thermo.out"));
    QCOMPARE(std::count(thermo.begin(), thermo.end(), '\n') -
                 std::count(thermo.begin(), thermo.end(), '#'),
             std::ptrdiff_t(40));  // a row per step after the '#' header lines
    QVERIFY(readText(dir_.path("test-pass/run.in")).find("committee " + ctx_.committee[0]) !=
            std::string::npos);
    // A test cut short runs again from the start in the folder it left behind.
    const TestResult again = testRun(testPlan(1e6, 1e6), ctx_, dir_.path("test-pass"));
    QVERIFY2(again.passed, again.message.c_str());
    QCOMPARE(readText(dir_.path("test-pass/thermo.out")), thermo);

    const TestResult force = testRun(testPlan(1e-3, 0), ctx_, dir_.path("test-fmax"));
    QVERIFY(!force.passed && !force.stopped);
    QVERIFY2(force.message.find("step 5: atom ") == 0 &&  // the first check
                 force.message.find("eV/Å, above 0.001 eV/Å") != std::string::npos,
             force.message.c_str());
    QVERIFY(fs::exists(dir_.path("test-fmax/watchdog/frames.xyz")));

    const TestResult committee = testRun(testPlan(1e6, 1e-6), ctx_, dir_.path("test-std"));
    QVERIFY(!committee.passed);
    QVERIFY2(committee.message.find("the committee's forces on atom") != std::string::npos,
             committee.message.c_str());
  }

  // A target from a recipe: a Na(100) slab of 16 atoms under 7 F2 molecules, built by sei
  // build's builder into the test's model.xyz.
  void testRunBuildsARecipe() {
    ctx_.model = member0_ + "/nep.txt";
    ctx_.committee.clear();
    TestPlan t = testPlan(1e6, 0);
    t.structure.clear();
    t.recipe = dir_.write("naf.json", R"({"format": "sei-recipe", "version": 1,
        "electrode": {"element": "Na", "repeats": [2, 2], "layers": 4, "wetted_faces": "one"},
        "electrolyte": {"solvents": [{"name": "F2", "smiles": "FF", "density": 1.5}],
                        "thickness": 4}, "vacuum": 8})");
    const TestResult r = testRun(t, ctx_, dir_.path("test-recipe"));
    QVERIFY2(r.passed, r.message.c_str());
    const Structure built = readExtXyz(dir_.path("test-recipe/model.xyz"));
    QCOMPARE(std::count(built.symbols.begin(), built.symbols.end(), "Na"), std::ptrdiff_t(16));
    QCOMPARE(std::count(built.symbols.begin(), built.symbols.end(), "F"), std::ptrdiff_t(14));
  }

  // Local labelling needs CP2K: one line saying so, before anything runs; a cluster plan does
  // not (CP2K runs on the cluster).
  void missingCp2kIsOneLine() {
    ReactorPlan plan;
    const QByteArray path = qgetenv("PATH");
    qputenv("PATH", dir_.path("no-programs-here").c_str());
    QString message;
    try {
      generationStages(plan);
    } catch (const InputError& e) {
      message = e.what();
    }
    plan.labelling.slurm = true;
    const bool clusterNeedsNoCp2k = static_cast<bool>(generationStages(plan).label);
    qputenv("PATH", path);
    QVERIFY2(message.startsWith("CP2K not found: no cp2k.psmp or cp2k on PATH"),
             qPrintable(message));
    QVERIFY(!message.contains('\n'));
    QVERIFY(clusterNeedsNoCp2k);
  }

  // With batch slurm the stage writes the job array of the frames and waits; the message says
  // how to submit it.
  void slurmLabellingWaitsForTheJobArray() {
    LabellingPlan plan;
    plan.slurm = true;
    plan.cutoff = 250;
    plan.ranks = 2;
    plan.partition = "short";
    const std::string selected = dir_.write("selected.xyz", readText(target_) + readText(target_));
    const std::string work = dir_.path("label");
    const LabelResult r = labelFrames(plan, ctx_, selected, dir_.path("labelled.xyz"), work);
    QCOMPARE(int(r.state), int(LabelResult::State::Waiting));
    QVERIFY2(
        r.message.find("cd " + work + " && sbatch label.slurm (2 frames)") != std::string::npos,
        r.message.c_str());
    const std::string script = readText(work + "/label.slurm");
    QVERIFY(script.find("#SBATCH --array=0-1") != std::string::npos);
    QVERIFY(script.find("#SBATCH --partition=short") != std::string::npos);
    QVERIFY(readText(work + "/frame_0001/cp2k.inp").find("CUTOFF 250") != std::string::npos);
    QVERIFY(!fs::exists(dir_.path("labelled.xyz")));
  }
};

QTEST_GUILESS_MAIN(TestReactorStages)
#include "TestReactorStages.moc"
