// k-space resolution from a stated accuracy: PPPM (Deserno–Holm mesh) and Ewald (Kolafa–Perram
// range) against Ewald converged to 1e-10 on a triclinic water cell and a water slab with
// vacuum; the estimates bound the measured errors; GPUMD's rules stay the default.
#include <QDir>
#include <QtTest>
#include <map>

#include "TestSupport.hpp"
#include "io/ExtXyz.hpp"
#include "kspace/Pppm.hpp"

using namespace sei;

namespace {

constexpr double kDefaultAccuracy = 1e-6;  ///< the value the README recommends
constexpr double kAlpha = M_PI / 6.0;      ///< α = π/R_c of the qNEP water models (R_c 6 Å)

struct Charged {
  Cell cell;
  std::vector<Eigen::Vector3d> positions;
  std::vector<double> charges;  ///< e: O −0.8, H +0.4
};

Charged water(const QString& file, double vacuum) {
  const QString shared = test::sharedDir();
  if (shared.isEmpty()) throw std::runtime_error("../shared (SEI_SHARED_DIR) is missing");
  const Structure s = readExtXyz(QDir(shared).filePath("structures/" + file).toStdString());
  Charged c;
  Eigen::Matrix3d h = s.cell.matrix();
  h.col(2) += vacuum * h.col(2).normalized();
  c.cell = Cell(h);
  c.positions = s.positions;
  for (const auto& e : s.symbols) c.charges.push_back(e == "O" ? -0.8 : 0.4);
  return c;
}

ElectrostaticTerms solve(KSpaceSolver& solver, const Charged& c) {
  ElectrostaticTerms t;
  t.reset(c.positions.size(), false);
  solver.compute(c.cell, c.positions, c.charges, kAlpha, t);
  return t;
}

double rms(const std::vector<Eigen::Vector3d>& f) {
  double s = 0.0;
  for (const auto& x : f) s += x.squaredNorm();
  return std::sqrt(s / f.size());
}

double rmsDifference(const std::vector<Eigen::Vector3d>& a, const std::vector<Eigen::Vector3d>& b) {
  double s = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) s += (a[i] - b[i]).squaredNorm();
  return std::sqrt(s / a.size());
}

}  // namespace

class TestKSpaceAccuracy : public QObject {
  Q_OBJECT

 private slots:
  void againstConvergedEwald_data() {
    QTest::addColumn<QString>("structure");
    QTest::addColumn<double>("vacuum");
    QTest::newRow("triclinic water126") << "water126_2x1x1_triclinic_s3.xyz" << 0.0;
    QTest::newRow("water63 slab, 25 A vacuum") << "water63.xyz" << 25.0;
  }
  void againstConvergedEwald() {
    QFETCH(QString, structure);
    QFETCH(double, vacuum);
    const Charged c = water(structure, vacuum);
    EwaldSolver tight(1e-13), tighter(1e-15);
    const ElectrostaticTerms ref = solve(tight, c), check = solve(tighter, c);
    const double scale = rms(ref.forces);
    QVERIFY(rmsDifference(ref.forces, check.forces) < 1e-10 * scale);  // converged
    QVERIFY(std::abs(ref.energy - check.energy) < 1e-10 * std::abs(ref.energy));
    qInfo("reference: %s", tight.summary().c_str());

    std::map<double, int> orders;  // PPPM's assignment order per accuracy
    for (double accuracy : {1e-3, 1e-4, 1e-5, kDefaultAccuracy, 1e-7}) {
      for (int method = 0; method < 2; ++method) {
        std::unique_ptr<KSpaceSolver> solver =
            makeKSpaceSolver(method ? KSpaceMethod::Pppm : KSpaceMethod::Ewald, accuracy);
        const ElectrostaticTerms t = solve(*solver, c);
        if (method) orders[accuracy] = dynamic_cast<const PppmSolver&>(*solver).grid().order;
        const double error = rmsDifference(t.forces, ref.forces);
        qInfo("  %s", solver->summary().c_str());
        qInfo(
            "    measured RMS force error %.3g eV/A = %.3g of the RMS force %.3g; "
            "dE %.3g eV, max |dW| %.3g eV",
            error, error / scale, scale, t.energy - ref.energy,
            (t.virial - ref.virial).cwiseAbs().maxCoeff());
        // The estimates hold within a factor of 5 (charges of water molecules are correlated), and
        // the accuracy holds.
        QVERIFY(error < 5.0 * accuracy * kCoulomb);
        if (accuracy <= kDefaultAccuracy) QVERIFY(error < 1e-4 * scale);
      }
    }
    // The order follows the accuracy: low orders on coarse meshes for a rough accuracy, high
    // orders for a tight one (both meeting it above), never GPUMD's 5 at the two ends.
    QVERIFY(orders[1e-3] < 5);
    QVERIFY(orders[1e-7] > 5);
    QVERIFY(orders[1e-3] < orders[kDefaultAccuracy]);
    // Without an accuracy: GPUMD's rules.
    PppmSolver gpumd;
    const double gpumdError = rmsDifference(solve(gpumd, c).forces, ref.forces);
    qInfo("  %s: measured RMS force error %.3g eV/A = %.3g of the RMS force",
          gpumd.summary().c_str(), gpumdError, gpumdError / scale);
    QVERIFY(QString::fromStdString(gpumd.summary()).contains("GPUMD's rule"));
  }
};

QTEST_APPLESS_MAIN(TestKSpaceAccuracy)
#include "TestKSpaceAccuracy.moc"
