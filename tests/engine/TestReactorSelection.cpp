// Reactor selection (issue 19 item 3): the committee's force disagreement against separate
// evaluations of two water models, the descriptor distance against a brute-force search over the
// training atoms (0 for a training frame, growing with a displacement), farthest-point sampling
// held against a reference on a hand-made case, the choice of unknown frames, and `sei select`.
#include <QDir>
#include <QFile>
#include <QtTest>
#include <cmath>
#include <fstream>
#include <limits>

#include "TestSupport.hpp"
#include "core/Error.hpp"
#include "core/FarthestPoints.hpp"
#include "io/ExtXyz.hpp"
#include "nep/NepEvaluator.hpp"
#include "reactor/Selection.hpp"

using namespace sei;
using namespace sei::reactor;

namespace {

std::vector<Eigen::Vector3d> forcesOf(const std::string& modelPath, const Structure& s) {
  const auto model = std::make_shared<const NepModel>(readNepModel(modelPath));
  ForceResult r;
  NepEvaluator(model).compute(model->typesOf(s, "test"), s.positions, s.cell, ForceRequest(), r);
  return r.forces;
}

/// Scaled descriptors (N×D) of a structure by the evaluator itself, raw × σ_d.
std::vector<double> scaledOf(const std::shared_ptr<const NepModel>& model, const Structure& s) {
  NepEvaluatorOptions o;
  o.keepDescriptors = true;
  NepEvaluator e(model, o);
  ForceResult r;
  e.compute(model->typesOf(s, "test"), s.positions, s.cell, ForceRequest(), r);
  std::vector<double> q = e.descriptors();
  const std::size_t D = model->scalers.size();
  for (std::size_t a = 0; a < q.size(); ++a) q[a] *= model->scalers[a % D];
  return q;
}

Structure displaced(Structure s, int atom, double by) {
  s.positions[atom] += Eigen::Vector3d(by, 0.0, 0.0);
  return s;
}

}  // namespace

class TestReactorSelection : public QObject {
  Q_OBJECT

  std::shared_ptr<const NepModel> model_;
  Structure water_;
  std::vector<LabelledStructure> training_;

 private slots:
  void initTestCase() {
    if (test::sharedDir().isEmpty()) QFAIL("../shared is missing (SEI_SHARED_DIR)");
    model_ =
        std::make_shared<const NepModel>(readNepModel(test::sharedFile("models/nep_water.txt")));
    water_ = readExtXyz(test::sharedFile("structures/water63.xyz"));
    training_.resize(1);
    training_[0].structure = water_;
  }

  void committeeStdIsHalfTheDifferenceOfTwoModels() {
    // GPUMD's water NEP (types O H) and its qNEP (types H O): the same elements, another model.
    // Two members: √(⟨|F_m − ⟨F⟩|²⟩) = |F_1 − F_2|/2 per atom; the score is the largest.
    const Structure s = readExtXyz(test::sharedFile("structures/water63_rattled_s1.xyz"));
    const auto a = forcesOf(test::sharedFile("models/nep_water.txt"), s);
    const auto b = forcesOf(test::sharedFile("models/qnep_mode1_water.txt"), s);
    double expected = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
      expected = std::max(expected, (a[i] - b[i]).norm() / 2);
    SelectionSettings settings;
    settings.committee = {test::sharedFile("models/qnep_mode1_water.txt")};
    const auto scores = selectFrames({s, water_}, model_, training_, settings, 2);
    qInfo("committee std on water63_rattled_s1: %.6f eV/Å (hand: %.6f)", scores[0].forceStd,
          expected);
    QVERIFY(std::abs(scores[0].forceStd - expected) < 1e-10 * expected);
    QVERIFY(expected > 0.1);
    // Each frame is scored on one thread: the thread count changes nothing.
    const auto serial = selectFrames({s, water_}, model_, training_, settings, 1);
    for (std::size_t k = 0; k < 2; ++k) {
      QCOMPARE(serial[k].forceStd, scores[k].forceStd);
      QCOMPARE(serial[k].descriptorDistance, scores[k].descriptorDistance);
    }
  }

  void descriptorDistanceIsZeroOnTrainingAndGrowsWithDisplacement() {
    SelectionSettings settings;
    const std::vector<Structure> candidates = {
        water_, displaced(water_, 0, 0.05), displaced(water_, 0, 0.1), displaced(water_, 0, 0.2)};
    const auto scores = selectFrames(candidates, model_, training_, settings, 2);
    QCOMPARE(scores[0].descriptorDistance, 0.0);
    for (std::size_t k = 1; k < scores.size(); ++k)
      QVERIFY(scores[k].descriptorDistance > scores[k - 1].descriptorDistance);
    qInfo("descriptor distance for atom 1 (H) displaced 0, 0.05, 0.1, 0.2 Å: %g %g %g %g",
          scores[0].descriptorDistance, scores[1].descriptorDistance, scores[2].descriptorDistance,
          scores[3].descriptorDistance);
    // Brute force over every training atom of the same element (63 atoms < 500 kept points).
    const std::vector<double> train = scaledOf(model_, water_),
                              moved = scaledOf(model_, candidates[3]);
    const std::size_t D = model_->scalers.size();
    const std::vector<int> types = model_->typesOf(water_, "test");
    double largest = 0;
    for (std::size_t i = 0; i < water_.size(); ++i) {
      double nearest = std::numeric_limits<double>::infinity();
      for (std::size_t j = 0; j < water_.size(); ++j) {
        if (types[j] != types[i]) continue;
        double d2 = 0;
        for (std::size_t d = 0; d < D; ++d) d2 += std::pow(moved[i * D + d] - train[j * D + d], 2);
        nearest = std::min(nearest, std::sqrt(d2));
      }
      largest = std::max(largest, nearest);
    }
    QVERIFY(std::abs(scores[3].descriptorDistance - largest) < 1e-12);
  }

  void farthestPointsHeldAgainstAReference() {
    // 1-D points 0, 1, 10, 11, 5 with the reference point 0 held: 11 (distance 11), then 5
    // (5 from both), then 1 and 10 tie at 1: the lower index, 1.
    const std::vector<std::vector<double>> points = {{0}, {1}, {10}, {11}, {5}};
    QCOMPARE(farthestPointSample(points, 3, {{0}}), (std::vector<std::size_t>{3, 4, 1}));
    // Held 5: 11 (6), then 0 (5), then 1 (1 from 0; 10 is 1 from 11, a tie: the lower index).
    QCOMPARE(farthestPointSample(points, 3, {{5}}), (std::vector<std::size_t>{3, 0, 1}));
    QCOMPARE(farthestPointSample(points, 3), (std::vector<std::size_t>{3, 0, 4}));
  }

  void unknownFramesAreSelectedFarFromTraining() {
    // No committee: the descriptor distance decides. The training frame itself (distance 0) is
    // not eligible; of the displaced ones, FPS held against the training frame picks the
    // farthest first.
    SelectionSettings settings;
    settings.descriptorDistanceLow = 1e-6;
    settings.count = 1;
    const std::vector<Structure> candidates = {water_, displaced(water_, 0, 0.1),
                                               displaced(water_, 0, 0.3)};
    auto scores = selectFrames(candidates, model_, training_, settings, 1);
    QVERIFY(!scores[0].eligible && scores[1].eligible && scores[2].eligible);
    QVERIFY(!scores[0].selected && !scores[1].selected && scores[2].selected);
    QCOMPARE(scores[2].pick, 0);
    // With the committee: above force_std_high a frame is never taken.
    settings.committee = {test::sharedFile("models/qnep_mode1_water.txt")};
    settings.descriptorDistanceLow = 0;
    settings.forceStdLow = 0.0;
    settings.forceStdHigh = 1e-3;  // below every frame's disagreement (> 0.1 eV/Å)
    scores = selectFrames(candidates, model_, training_, settings, 1);
    for (const FrameScore& f : scores) QVERIFY(!f.eligible && !f.selected);
  }

  void settingsFromJsonNameTheirField() {
    const SelectionSettings s = selectionSettingsFromJson(
        nlohmann::json::parse(R"({"committee": ["a.txt", "b.txt"], "force_std_low": 0.1,
                                  "force_std_high": 0.6, "count": 4})"),
        "plan.json: selection");
    QCOMPARE(s.committee, (std::vector<std::string>{"a.txt", "b.txt"}));
    QCOMPARE(s.forceStdLow, 0.1);
    QCOMPARE(s.forceStdHigh, 0.6);
    QCOMPARE(s.count, 4);
    try {
      selectionSettingsFromJson(nlohmann::json::parse(R"({"force_std_low": 0.5,
                                                          "force_std_high": 0.2})"),
                                "plan.json: selection");
      QFAIL("low above high accepted");
    } catch (const InputError& e) {
      QVERIFY2(QString(e.what()).startsWith("plan.json: selection: force_std_high: "), e.what());
    }
  }

  void commandLineSelectsAndRefusesBadInput() {
    test::ScratchFolder dir;
    {
      std::ofstream out(dir.path("cand.xyz"));
      writeExtXyzFrame(out, water_);
      writeExtXyzFrame(out, displaced(water_, 0, 0.1));
      writeExtXyzFrame(out, displaced(water_, 3, 0.3));
    }
    const QString out = QString::fromStdString(dir.path("sel.xyz"));
    const QString scores = QString::fromStdString(dir.path("scores.txt"));
    const QStringList common = {
        "select",  QString::fromStdString(dir.path("cand.xyz")),
        "--model", QString::fromStdString(test::sharedFile("models/nep_water.txt")),
        "--train", QString::fromStdString(test::sharedFile("structures/water63.xyz")),
        "--out",   out};
    test::SeiRun r = test::runSei(
        common + QStringList{"--count", "2", "--scores", scores, "--distance-low", "0.000001"});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("2 of 3 candidates selected"), qPrintable(r.out));
    QCOMPARE(readExtXyzFrames(out.toStdString()).size(), std::size_t(2));
    // A header line, then: frame force_std distance eligible selected pick.
    std::ifstream in(scores.toStdString());
    std::string header;
    std::getline(in, header);
    QVERIFY(header.rfind("# frame", 0) == 0);
    std::vector<std::vector<double>> table;
    for (std::vector<double> row(6);
         in >> row[0] >> row[1] >> row[2] >> row[3] >> row[4] >> row[5];)
      table.push_back(row);
    QCOMPARE(table.size(), std::size_t(3));
    QCOMPARE(table[0][2], 0.0);  // the training frame's distance
    QCOMPARE(table[0][4], 0.0);  // not selected
    QCOMPARE(table[1][4] + table[2][4], 2.0);
    // --committee takes several files.
    r = test::runSei(
        common +
        QStringList{"--count", "1", "--committee",
                    QString::fromStdString(test::sharedFile("models/qnep_mode1_water.txt")),
                    QString::fromStdString(test::sharedFile("models/qnep_mode2_water.txt"))});
    QVERIFY2(r.status == 0 && r.out.contains("committee of 3 models"), qPrintable(r.out + r.err));
    // A committee model of other elements: one line, exit 2, nothing written.
    QFile::remove(out);
    r = test::runSei(common +
                     QStringList{"--count", "2", "--committee",
                                 QString::fromStdString(test::sharedFile("models/nep_C.txt"))});
    QCOMPARE(r.status, 2);
    QCOMPARE(r.err.trimmed().count('\n'), 0);
    QVERIFY2(r.err.contains("nep_C.txt"), qPrintable(r.err));
    QVERIFY(!QFile::exists(out));
  }
};

QTEST_GUILESS_MAIN(TestReactorSelection)
#include "TestReactorSelection.moc"
