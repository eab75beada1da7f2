// Symmetries every NEP/qNEP energy must have: translation, rotation (forces, virial and BEC
// rotate with the system), atom permutation, shifting atoms by lattice vectors, extensivity.
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <numeric>
#include <random>

#include "EvalSupport.hpp"
#include "ModelVariants.hpp"
#include "core/Supercell.hpp"

using namespace sei;

namespace {

constexpr int kAtoms = 32;

double maxDiff(const std::vector<Eigen::Vector3d>& a, const std::vector<Eigen::Vector3d>& b) {
  double m = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, (a[i] - b[i]).cwiseAbs().maxCoeff());
  return m;
}

double maxDiff(const std::vector<double>& a, const std::vector<double>& b) {
  double m = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(a[i] - b[i]));
  return m;
}

}  // namespace

class TestInvariance : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  std::shared_ptr<const NepModel> model_;
  Structure structure_;
  ForceResult reference_;

  void setUpCase() {
    QFETCH(QString, variant);
    const test::RandomModelSpec spec = test::modelVariant(variant);
    model_ = test::makeRandomModel(dir_.path(), spec);
    structure_ = test::randomStructure(spec.elements, kAtoms, test::testCell(true), spec.seed + 3);
    reference_ = test::evaluate(model_, structure_);
  }

  static void addVariants() {
    QTest::addColumn<QString>("variant");
    for (const char* v : {"nep4_allbody", "nep4_typewise_cutoff", "nep4_zbl_flexible",
                          "nep4_zbl_charge1", "nep4_charge2"})
      QTest::newRow(v) << QString(v);
  }

 private slots:
  void translation_data() { addVariants(); }
  void translation() {
    setUpCase();
    Structure moved = structure_;
    for (auto& r : moved.positions) r += Eigen::Vector3d(0.37, -1.21, 2.9);
    const ForceResult r = test::evaluate(model_, moved);
    QVERIFY(std::abs(r.energy - reference_.energy) < 1e-10 * std::abs(reference_.energy));
    QVERIFY(maxDiff(r.forces, reference_.forces) < 1e-9);
    QVERIFY((r.virial - reference_.virial).cwiseAbs().maxCoeff() < 1e-8);
    QVERIFY(maxDiff(r.charges, reference_.charges) < 1e-12);
  }

  void latticeShift_data() { addVariants(); }
  void latticeShift() {
    setUpCase();
    Structure moved = structure_;
    const Eigen::Matrix3d& h = moved.cell.matrix();
    for (std::size_t i = 0; i < moved.size(); i += 3)
      moved.positions[i] += h * Eigen::Vector3d(1.0, -2.0, i % 2 ? 1.0 : 0.0);
    const ForceResult r = test::evaluate(model_, moved);
    QVERIFY(std::abs(r.energy - reference_.energy) < 1e-9 * std::abs(reference_.energy));
    QVERIFY(maxDiff(r.forces, reference_.forces) < 1e-7);
    QVERIFY(maxDiff(r.perAtomEnergy, reference_.perAtomEnergy) < 1e-8);
  }

  void rotation_data() { addVariants(); }
  void rotation() {
    setUpCase();
    const Eigen::Matrix3d rot =
        Eigen::AngleAxisd(0.83, Eigen::Vector3d(1.0, -2.0, 0.5).normalized()).toRotationMatrix();
    Structure turned = structure_;
    for (auto& r : turned.positions) r = rot * r;
    turned.cell = Cell(rot * structure_.cell.matrix());
    const ForceResult r = test::evaluate(model_, turned);
    QVERIFY(std::abs(r.energy - reference_.energy) < 1e-10 * std::abs(reference_.energy));
    std::vector<Eigen::Vector3d> expected;
    for (const auto& f : reference_.forces) expected.push_back(rot * f);
    QVERIFY2(maxDiff(r.forces, expected) < 1e-9, "forces must rotate with the system");
    QVERIFY((r.virial - rot * reference_.virial * rot.transpose()).cwiseAbs().maxCoeff() < 1e-8);
    for (std::size_t i = 0; i < r.bec.size(); ++i)
      QVERIFY((r.bec[i] - rot * reference_.bec[i] * rot.transpose()).cwiseAbs().maxCoeff() < 1e-9);
  }

  void permutation_data() { addVariants(); }
  void permutation() {
    setUpCase();
    std::vector<std::size_t> order(kAtoms);
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), std::mt19937(5));
    Structure shuffled = structure_;
    for (std::size_t k = 0; k < order.size(); ++k) {
      shuffled.positions[k] = structure_.positions[order[k]];
      shuffled.symbols[k] = structure_.symbols[order[k]];
    }
    const ForceResult r = test::evaluate(model_, shuffled);
    QVERIFY(std::abs(r.energy - reference_.energy) < 1e-10 * std::abs(reference_.energy));
    for (std::size_t k = 0; k < order.size(); ++k) {
      QVERIFY((r.forces[k] - reference_.forces[order[k]]).cwiseAbs().maxCoeff() < 1e-9);
      QVERIFY(std::abs(r.perAtomEnergy[k] - reference_.perAtomEnergy[order[k]]) < 1e-9);
      if (model_->hasCharges())
        QVERIFY(std::abs(r.charges[k] - reference_.charges[order[k]]) < 1e-12);
    }
  }

  void extensivity_data() { addVariants(); }
  void extensivity() {
    setUpCase();
    const Structure big = replicate(structure_, {2, 2, 2});
    const ForceResult r = test::evaluate(model_, big);
    QVERIFY2(std::abs(r.energy - 8 * reference_.energy) < 1e-9 * std::abs(8 * reference_.energy),
             qPrintable(QString("supercell %1 vs 8 × %2")
                            .arg(r.energy, 0, 'g', 15)
                            .arg(reference_.energy, 0, 'g', 15)));
    QVERIFY((r.virial - 8 * reference_.virial).cwiseAbs().maxCoeff() < 1e-7);
    for (std::size_t i = 0; i < big.size(); ++i) {
      const std::size_t k = i % kAtoms;
      QVERIFY((r.forces[i] - reference_.forces[k]).cwiseAbs().maxCoeff() < 1e-8);
      QVERIFY(std::abs(r.perAtomEnergy[i] - reference_.perAtomEnergy[k]) < 1e-8);
      if (model_->hasCharges()) {
        QVERIFY(std::abs(r.charges[i] - reference_.charges[k]) < 1e-10);
        QVERIFY((r.bec[i] - reference_.bec[k]).cwiseAbs().maxCoeff() < 1e-9);
      }
    }
  }
};

QTEST_APPLESS_MAIN(TestInvariance)
#include "TestInvariance.moc"
