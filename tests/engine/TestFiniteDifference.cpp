// Forces and virials are gradients of the energy: central finite differences for every model
// family on an orthogonal and a triclinic cell (random models, no outside data needed).
#include <QTemporaryDir>
#include <QtTest>

#include "EvalSupport.hpp"
#include "ModelVariants.hpp"

using namespace sei;

namespace {
constexpr double kPositionStep = 1e-5;  ///< Å
constexpr double kStrainStep = 1e-6;
constexpr double kForceTolerance = 2e-7;   ///< eV/Å, 20× the worst seen
constexpr double kVirialTolerance = 2e-6;  ///< eV, 10× the worst seen
constexpr int kAtoms = 32;
}  // namespace

class TestFiniteDifference : public QObject {
  Q_OBJECT

 private slots:
  void gradients_data() { test::addVariantCellRows(); }

  void gradients() {
    QFETCH(QString, variant);
    QFETCH(bool, triclinic);
    QTemporaryDir dir;
    const test::VariantCase c = test::variantCase(dir.path(), variant, triclinic, kAtoms, 7);
    const auto& model = c.model;
    const Structure& s = c.structure;

    NepEvaluator evaluator(model);
    const std::vector<int> types = model->typesOf(s, "random");
    ForceResult result;
    evaluator.compute(types, s.positions, s.cell, {}, result);
    QVERIFY(std::isfinite(result.energy));
    double largest = 0.0;
    for (const auto& f : result.forces) largest = std::max(largest, f.norm());
    QVERIFY2(largest > 1e-2, "forces are too small for a meaningful check");

    auto energyAt = [&](const std::vector<Eigen::Vector3d>& r, const Cell& cell) {
      ForceResult e;
      evaluator.compute(types, r, cell, {}, e);
      return e.energy;
    };

    double worstForce = 0.0;
    for (int i = 0; i < kAtoms; ++i)
      for (int a = 0; a < 3; ++a) {
        auto r = s.positions;
        r[i][a] += kPositionStep;
        const double up = energyAt(r, s.cell);
        r[i][a] -= 2 * kPositionStep;
        const double down = energyAt(r, s.cell);
        const double fd = -(up - down) / (2 * kPositionStep);
        worstForce = std::max(worstForce, std::abs(fd - result.forces[i][a]));
      }
    QVERIFY2(worstForce < kForceTolerance,
             qPrintable(QString("force vs finite difference: %1 eV/Å").arg(worstForce)));

    // W^{ab} = −∂E/∂ε_{ba} under r → (1+ε) r of atoms and cell.
    double worstVirial = 0.0;
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) {
        Eigen::Matrix3d strain = Eigen::Matrix3d::Zero();
        strain(b, a) = kStrainStep;
        const Structure up = test::deformed(s, strain);
        const Structure down = test::deformed(s, -strain);
        const double fd = -(energyAt(up.positions, up.cell) - energyAt(down.positions, down.cell)) /
                          (2 * kStrainStep);
        worstVirial = std::max(worstVirial, std::abs(fd - result.virial(a, b)));
      }
    qInfo("max |F - F_fd| = %.2e eV/Å, max |W - W_fd| = %.2e eV", worstForce, worstVirial);
    QVERIFY2(worstVirial < kVirialTolerance,
             qPrintable(QString("virial vs strain derivative: %1 eV").arg(worstVirial)));
  }
};

QTEST_APPLESS_MAIN(TestFiniteDifference)
#include "TestFiniteDifference.moc"
