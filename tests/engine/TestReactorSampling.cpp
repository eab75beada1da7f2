// Reactor sampling (issue 19 item 3): a water recipe run hot with GPUMD's water NEP. The frames
// are the same for the same seed, follow the temperature ramp, sit in cells of the stated
// volumes, rattles have the stated RMS, a trajectory that blows up keeps its earlier frames, and
// bad settings name their field.
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QtTest>
#include <cmath>

#include "TestSupport.hpp"
#include "builder/InterfaceBuilder.hpp"
#include "core/Error.hpp"
#include "core/Paths.hpp"
#include "io/ExtXyz.hpp"
#include "md/Random.hpp"
#include "project/RecipeJson.hpp"
#include "reactor/Sampling.hpp"

using namespace sei;
using namespace sei::reactor;

namespace {

/// 20 water molecules (60 atoms) in a periodic box: small enough for a test, a reactor cell.
const char* const kWaterRecipe =
    R"({"format": "sei-recipe", "version": 1, "seed": 3, "electrolyte": {"solvents": ["H2O"], "solvent_molecules": 20,
        "lateral_size": [8.5, 8.5]}})";

SamplingSettings waterSettings() {
  SamplingSettings s = samplingSettingsFromJson(
      nlohmann::json::parse(std::string(R"({"recipes": [)") + kWaterRecipe +
                            R"(], "start_temperature": 300, "peak_temperature": 600,
          "ramp_steps": 100, "hold_steps": 300, "frame_interval": 20, "strain": 0.04,
          "rattle": 0.05, "time_step": 0.5, "seed": 7})"),
      "test");
  return s;
}

}  // namespace

class TestReactorSampling : public QObject {
  Q_OBJECT

  std::shared_ptr<const NepModel> model_;
  std::vector<SampledFrame> frames_;
  std::vector<std::string> log_;

 private slots:
  void initTestCase() {
    if (test::sharedDir().isEmpty()) QFAIL("../shared is missing (SEI_SHARED_DIR)");
    model_ =
        std::make_shared<const NepModel>(readNepModel(test::sharedFile("models/nep_water.txt")));
    SamplingControl c;
    c.log = [this](const std::string& line) { log_.push_back(line); };
    frames_ = sampleFrames(waterSettings(), model_, c);
  }

  void sameSeedSameFramesOtherSeedOthers() {
    // 3 trajectories (strain 0, −0.04, +0.04) of 400 steps, a frame every 20 steps.
    QCOMPARE(frames_.size(), std::size_t(3 * 20));
    const std::vector<SampledFrame> again = sampleFrames(waterSettings(), model_, {});
    QCOMPARE(again.size(), frames_.size());
    for (std::size_t k = 0; k < frames_.size(); ++k) {
      QCOMPARE(again[k].origin, frames_[k].origin);
      QVERIFY(again[k].structure.positions == frames_[k].structure.positions);
    }
    SamplingSettings other = waterSettings();
    other.seed = 8;
    other.holdSteps = 0;  // the first frames are enough to differ
    const std::vector<SampledFrame> different = sampleFrames(other, model_, {});
    QVERIFY(different[0].structure.positions != frames_[0].structure.positions);
    QCOMPARE(log_.size(), std::size_t(4));  // the recipe and its three trajectories
    QVERIFY2(QString::fromStdString(log_[0]).contains("H40O20, 60 atoms"), log_[0].c_str());
  }

  void framesFollowTheRamp() {
    // Targets: linear 300 → 600 K over 100 steps, then 600 K; the instantaneous temperature of
    // the held frames averages near the peak (Bussi, τ = 10 fs; the temperature of 60 atoms
    // fluctuates by √(2/177) ≈ 11 %, so the mean of 30 frames by a few %).
    double held = 0, leg[3] = {0, 0, 0};
    int count = 0;
    for (std::size_t k = 0; k < frames_.size(); ++k) {
      const SampledFrame& f = frames_[k];
      const double expected = f.step >= 100 ? 600.0 : 300.0 + 3.0 * f.step;
      QCOMPARE(f.targetTemperature, expected);
      QCOMPARE(f.step % 20, 0L);
      if (f.step > 200) {  // after relaxation times at the peak
        held += f.temperature, ++count;
        leg[k / 20] += f.temperature / 10;
      }
    }
    held /= count;
    qInfo(
        "mean temperature of %d frames held at 600 K: %.1f K (per strain 0, -, +: %.1f %.1f "
        "%.1f K)",
        count, held, leg[0], leg[1], leg[2]);
    QVERIFY2(std::abs(held - 600.0) < 40.0, qPrintable(QString::number(held)));
    QCOMPARE(QString::fromStdString(frames_[6].origin), QString("recipe 0, strain +0, 600 K"));
  }

  void strainedCellsHaveTheStatedVolumes() {
    const Structure built =
        buildInterface(parseRecipe(kWaterRecipe, "test"), resourceDirectory()).structure;
    const double v0 = built.cell.volume();
    for (const SampledFrame& f : frames_) {
      const double expected = v0 * std::pow(1.0 + f.strain, 3);
      QVERIFY(std::abs(f.structure.cell.volume() - expected) < 1e-9 * v0);
    }
    QCOMPARE(frames_[0].strain, 0.0);
    QCOMPARE(frames_[20].strain, -0.04);
    QCOMPARE(frames_[40].strain, 0.04);
    qInfo("volumes: %.3f, %.3f (0.96^3 = %.6f), %.3f Å^3", v0, frames_[20].structure.cell.volume(),
          std::pow(0.96, 3), frames_[40].structure.cell.volume());
  }

  void rattlesHaveTheStatedRms() {
    // Every second kept frame is rattled.
    for (std::size_t k = 0; k < frames_.size(); ++k) QCOMPARE(frames_[k].rattled, k % 2 == 1);
    QVERIFY(QString::fromStdString(frames_[1].origin).endsWith("rattled 0.05 Å"));
    // σ per component: over 3 × 4000 displacements the RMS is within 2 % (its relative standard
    // error is 1/√(2·12000) = 0.6 %) and the mean within 4 standard errors of 0.
    Structure s;
    s.positions.assign(4000, Eigen::Vector3d(1, 2, 3));
    s.symbols.assign(4000, "O");
    const Structure before = s;
    Random random(11);
    rattleStructure(s, 0.05, random);
    double sum = 0, squares = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
      for (int d = 0; d < 3; ++d) {
        const double u = s.positions[i][d] - before.positions[i][d];
        sum += u, squares += u * u;
      }
    const double rms = std::sqrt(squares / 12000), mean = sum / 12000;
    qInfo("rattle 0.05 Å: RMS %.5f Å, mean %.5f Å per component", rms, mean);
    QVERIFY(std::abs(rms - 0.05) < 0.001);
    QVERIFY(std::abs(mean) < 4 * 0.05 / std::sqrt(12000.0));
  }

  void blowUpEndsOnlyThatTrajectory() {
    // A 2 fs step at 2000 K tears water apart within tens of steps: each trajectory ends at the
    // guard, keeps the frames before it, is logged, and the sampling goes on to the next one.
    SamplingSettings s = waterSettings();
    s.timeStep = 2.0;
    s.startTemperature = s.peakTemperature = 2000;
    s.rampSteps = 0;
    s.holdSteps = 1000;
    s.frameInterval = 2;
    std::vector<std::string> log;
    SamplingControl c;
    c.log = [&](const std::string& line) { log.push_back(line); };
    const std::vector<SampledFrame> frames = sampleFrames(s, model_, c);
    QCOMPARE(log.size(), std::size_t(4));
    std::vector<long> lastStep(3, -1), blowUpStep(3, -1);
    for (std::size_t k = 1; k < log.size(); ++k) {
      qInfo("%s", log[k].c_str());
      const QRegularExpressionMatch m =
          QRegularExpression("blew up, \\d+ frames kept before it: step (\\d+): ")
              .match(QString::fromStdString(log[k]));
      QVERIFY2(m.hasMatch(), log[k].c_str());
      blowUpStep[k - 1] = m.captured(1).toLong();
    }
    const double strains[3] = {0.0, -0.04, 0.04};
    for (const SampledFrame& f : frames)
      for (int leg = 0; leg < 3; ++leg)
        if (f.strain == strains[leg]) lastStep[leg] = std::max(lastStep[leg], f.step);
    for (int leg = 0; leg < 3; ++leg) {
      QVERIFY(lastStep[leg] > 0);  // frames before the blow-up were kept
      QVERIFY(lastStep[leg] < blowUpStep[leg]);
      QVERIFY(blowUpStep[leg] - lastStep[leg] <= 2);  // every 2nd step up to the failing one
    }
  }

  void stopReturnsTheFramesSoFar() {
    SamplingControl c;
    c.stop = [] { return true; };
    QVERIFY(sampleFrames(waterSettings(), model_, c).empty());
  }

  void commandLineWritesCandidatesAndRefusesBadInput() {
    test::ScratchFolder dir;
    const std::string plan = dir.write(
        "plan.json", std::string(R"({"sampling": {"recipes": [)") + kWaterRecipe +
                         R"(], "ramp_steps": 20, "hold_steps": 20, "frame_interval": 10}})");
    const QString out = QString::fromStdString(dir.path("cand.xyz"));
    const QString model = QString::fromStdString(test::sharedFile("models/nep_water.txt"));
    test::SeiRun r = test::runSei(
        {"sample", QString::fromStdString(plan), "--model", model, "--out", out, "--quiet"});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("12 candidate frames"), qPrintable(r.out));  // 3 × 40 steps / 10
    const std::vector<Structure> frames = readExtXyzFrames(out.toStdString());
    QCOMPARE(frames.size(), std::size_t(12));
    QVERIFY2(QString::fromStdString(frames[0].info).contains("config_type=reactor"),
             frames[0].info.c_str());
    // A misspelt key: one line naming the file and the key, exit 2, nothing written.
    QFile::remove(out);
    const std::string bad = dir.write("bad.json", std::string(R"({"sampling": {"recipes": [)") +
                                                      kWaterRecipe + R"(], "ramp_step": 20}})");
    r = test::runSei(
        {"sample", QString::fromStdString(bad), "--model", model, "--out", out, "--quiet"});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.trimmed().count('\n') == 0 && r.err.contains("bad.json: sampling: ramp_step"),
             qPrintable(r.err));
    QVERIFY(!QFile::exists(out));
  }

  void badSettingsNameTheirField() {
    auto refused = [](const std::string& text, const char* expected) {
      try {
        samplingSettingsFromJson(nlohmann::json::parse(text), "plan.json: sampling");
      } catch (const InputError& e) {
        QVERIFY2(QString(e.what()).startsWith("plan.json: sampling: ") &&
                     QString(e.what()).contains(expected),
                 e.what());
        return;
      }
      QFAIL(text.c_str());
    };
    refused(R"({"recipes": []})", "recipes: expected a list of at least one recipe object");
    refused(std::string(R"({"recipes": [)") + kWaterRecipe + R"(], "peak_temprature": 900})",
            "peak_temprature: unknown key");
    refused(std::string(R"({"recipes": [)") + kWaterRecipe + R"(], "strain": 0.5})",
            "strain: expected a number in [0, 0.3]");
    refused(R"({"recipes": [{"electrolyte": {"solvents": ["H2O"]}}]})",
            "recipes[0].electrolyte: give either thickness");
    // A model lacking an element of the recipe: one line naming it.
    const auto carbon =
        std::make_shared<const NepModel>(readNepModel(test::sharedFile("models/nep_C.txt")));
    QVERIFY_EXCEPTION_THROWN(sampleFrames(waterSettings(), carbon, {}), InputError);
  }
};

QTEST_GUILESS_MAIN(TestReactorSampling)
#include "TestReactorSampling.moc"
