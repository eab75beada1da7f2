// Slab correction (Yeh & Berkowitz 1999, Ballenegger, Arnold & Cerdà 2009): the k-space sum of
// a dipolar and of a net-charged slab of point charges in a stretched cell plus the correction
// against an independent 2D-periodic Ewald sum (Parry 1975, in the form of Yeh & Berkowitz's
// eq. 1), for stretch factors 1.5 to 5 and slabs straddling the periodic boundary; forces and the
// virial (zz, xx, yy) against finite differences; qNEP water slabs (charge modes 1 and 2) through
// the evaluator's charge chain; run.in syntax.
#include <QDir>
#include <QtTest>
#include <random>
#include <sstream>

#include "EvalSupport.hpp"
#include "TestSupport.hpp"
#include "core/Error.hpp"
#include "io/ExtXyz.hpp"
#include "kspace/SlabCorrection.hpp"
#include "nep/NepModel.hpp"
#include "run/RunInput.hpp"

using namespace sei;

namespace {

constexpr double kAlpha = M_PI / 6.0;  ///< Å⁻¹, α of the qNEP water models (R_c 6 Å)

struct Slab {
  Cell cell;  ///< 10 × 11 Å laterally, `height` along z
  std::vector<Eigen::Vector3d> positions;
  std::vector<double> charges;  ///< e
};

/// 40 charges in a 6 Å thick layer, positives in its upper half and negatives in its lower half
/// (dipole along z), total charge `net`; the layer sits at `bottom` and may cross the cell's
/// periodic boundary.
Slab dipolarSlab(double height, double net, double bottom = 3.0) {
  Slab s;
  Eigen::Matrix3d h = Eigen::Matrix3d::Zero();
  h(0, 0) = 10.0;
  h(0, 1) = 2.0;  // a monoclinic in-plane cell: a and b in the xy plane
  h(1, 1) = 11.0;
  h(2, 2) = height;
  s.cell = Cell(h);
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int i = 0; i < 40; ++i) {
    const double q = (i % 2 == 0 ? 1.0 : -1.0) + net / 40.0;
    const double z = bottom + (q > 0 ? 3.0 : 0.0) + 3.0 * u(rng);
    Eigen::Vector3d r = h * Eigen::Vector3d(u(rng), u(rng), 0.0);
    r[2] = z - height * std::floor(z / height);
    s.positions.push_back(r);
    s.charges.push_back(q);
  }
  return s;
}

ElectrostaticTerms solve(KSpaceSolver& solver, const Slab& s, const Cell& cell,
                         const std::vector<Eigen::Vector3d>& r, bool perAtomVirial = false) {
  ElectrostaticTerms t;
  t.reset(r.size(), perAtomVirial);
  solver.compute(cell, r, s.charges, kAlpha, t);
  return t;
}

/// The reciprocal part of the 2D-periodic Ewald sum (k_∥ ≠ 0 and k_∥ = 0 terms; the real-space
/// and self terms are those of the 3D sum) of charges periodic in a and b only: energy (eV) and,
/// if forces is not null, −∂E/∂r_i (eV/Å). The z of every atom is taken as given (the slab
/// whole, no wrapping along z).
double ewald2d(const Slab& s, const std::vector<Eigen::Vector3d>& r,
               std::vector<Eigen::Vector3d>* forces) {
  const Eigen::Matrix3d& h = s.cell.matrix();
  const double area = std::abs(h(0, 0) * h(1, 1) - h(0, 1) * h(1, 0));
  Eigen::Matrix2d b;  // 2D reciprocal vectors as columns
  b = 2.0 * M_PI * h.topLeftCorner<2, 2>().inverse().transpose();
  const int range = 14;  // |k_∥| up to ~8 Å⁻¹: erfc(k/2α) < 1e-20
  const std::size_t n = r.size();
  if (forces) forces->assign(n, Eigen::Vector3d::Zero());
  double energy = 0.0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      const Eigen::Vector3d d = r[i] - r[j];
      const double z = d[2], qq = s.charges[i] * s.charges[j];
      // k_∥ = 0: −(π/A) q_i q_j [z erf(αz) + exp(−α²z²)/(α√π)].
      energy -= M_PI / area * qq *
                (z * std::erf(kAlpha * z) +
                 std::exp(-kAlpha * kAlpha * z * z) / (kAlpha * std::sqrt(M_PI)));
      if (forces) (*forces)[i][2] += 2.0 * M_PI / area * qq * std::erf(kAlpha * z);
      for (int n0 = -range; n0 <= range; ++n0)
        for (int n1 = -range; n1 <= range; ++n1) {
          if (n0 == 0 && n1 == 0) continue;
          const Eigen::Vector2d k = n0 * b.col(0) + n1 * b.col(1);
          const double km = k.norm(), phase = k.dot(d.head<2>());
          const double up = std::exp(km * z) * std::erfc(kAlpha * z + km / (2 * kAlpha));
          const double down = std::exp(-km * z) * std::erfc(-kAlpha * z + km / (2 * kAlpha));
          energy += M_PI / (2 * area) * qq * std::cos(phase) / km * (up + down);
          if (!forces) continue;
          // ∂/∂z of up + down (the Gaussian parts cancel), ∂/∂x of cos.
          const double dz = km * (up - down);
          (*forces)[i][2] -= M_PI / area * qq * std::cos(phase) / km * dz;
          (*forces)[i].head<2>() += M_PI / area * qq * std::sin(phase) / km * (up + down) * k;
        }
    }
  energy *= kCoulomb;
  if (forces)
    for (auto& f : *forces) f *= kCoulomb;
  return energy;
}

/// The slab's atoms with z moved into one piece (for a layer crossing the periodic boundary).
std::vector<Eigen::Vector3d> whole(const Slab& s) {
  double centre, width;
  widestEmptyLayer(s.cell, s.positions, centre, width);
  std::vector<Eigen::Vector3d> r = s.positions;
  for (auto& x : r) {
    const double f = s.cell.inverse().row(2).dot(x);
    x -= std::floor(f - centre) * s.cell.vector(2);
  }
  return r;
}

double maxDifference(const std::vector<Eigen::Vector3d>& a, const std::vector<Eigen::Vector3d>& b) {
  double m = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, (a[i] - b[i]).cwiseAbs().maxCoeff());
  return m;
}

double maxNorm(const std::vector<Eigen::Vector3d>& a) {
  double m = 0.0;
  for (const auto& x : a) m = std::max(m, x.cwiseAbs().maxCoeff());
  return m;
}

}  // namespace

class TestSlabCorrection : public QObject {
  Q_OBJECT

 private slots:
  void matchesTwoDimensionalEwald_data();
  void matchesTwoDimensionalEwald();
  void gradients_data();
  void gradients();
  void qnepWaterSlab();
  void runInputSyntax();
  void refusesBadGeometry();
};

void TestSlabCorrection::matchesTwoDimensionalEwald_data() {
  QTest::addColumn<double>("net");
  QTest::addColumn<double>("bottom");
  QTest::newRow("neutral dipolar slab") << 0.0 << 3.0;
  QTest::newRow("neutral, across the periodic boundary") << 0.0 << 22.0;
  QTest::newRow("net charge +2 e") << 2.0 << 3.0;
  QTest::newRow("net charge -3 e, across the boundary") << -3.0 << 21.0;
}

void TestSlabCorrection::matchesTwoDimensionalEwald() {
  QFETCH(double, net);
  QFETCH(double, bottom);
  const Slab s = dipolarSlab(26.0, net, bottom);  // 6 Å of charges, 20 Å of vacuum
  std::vector<Eigen::Vector3d> reference;
  const double e2d = ewald2d(s, whole(s), &reference);
  const double scale = maxNorm(reference);

  // The stretched-cell sum with the correction, for stretch factors from 1.5 to 5.
  for (double factor : {1.5, 2.0, 3.0, 5.0}) {
    SlabSolver solver(std::make_unique<EwaldSolver>(1e-12), factor);
    const ElectrostaticTerms t = solve(solver, s, s.cell, s.positions, true);
    const double dE = std::abs(t.energy - e2d), dF = maxDifference(t.forces, reference);
    qInfo("factor %.1f: E %.10f eV (2D Ewald %.10f), |dE| %.2e eV, max|dF| %.2e eV/A of %.3g",
          factor, t.energy, e2d, dE, dF, scale);
    // 20 Å of vacuum leave the k_∥ ≠ 0 images e^{-2π·14/11} ≈ 3e-4 apart already at factor 1.5
    // (forces); from factor 2 on the agreement is that of the truncated sums.
    const double tolerance = factor < 2.0 ? 1e-3 : 1e-7;
    QVERIFY2(dE < tolerance * std::abs(e2d) + 1e-9, qPrintable(QString::number(dE)));
    QVERIFY2(dF < tolerance * scale, qPrintable(QString::number(dF)));
    // Per-atom energies and the potential are consistent with the total.
    double perAtom = 0.0, half = 0.0, virialSum = 0.0, lateralSum = 0.0;
    for (std::size_t i = 0; i < s.charges.size(); ++i) {
      perAtom += t.perAtomEnergy[i];
      half += 0.5 * s.charges[i] * t.potential[i];
      virialSum += t.perAtomVirial[i](2, 2);
      lateralSum += t.perAtomVirial[i](0, 0);
    }
    QVERIFY(std::abs(perAtom - t.energy) < 1e-10 * std::abs(t.energy));
    QVERIFY(std::abs(half - t.energy) < 1e-10 * std::abs(t.energy));
    QVERIFY(std::abs(virialSum - t.virial(2, 2)) < 1e-10 * std::abs(t.virial(2, 2)));
    QVERIFY(std::abs(lateralSum - t.virial(0, 0)) < 1e-10 * std::abs(t.virial(0, 0)));
  }
  // Without the correction the fully periodic sum is off by far more (the dipole layers' field).
  EwaldSolver plain(1e-12);
  Eigen::Matrix3d stretched = s.cell.matrix();
  stretched(2, 2) *= 3.0;
  const ElectrostaticTerms t = solve(plain, s, Cell(stretched), whole(s));
  const double dF = maxDifference(t.forces, reference);
  qInfo("uncorrected, factor 3: |dE| %.2e eV, max|dF| %.2e eV/A", std::abs(t.energy - e2d), dF);
  QVERIFY(dF > 1e-3 * scale);
}

void TestSlabCorrection::gradients_data() {
  QTest::addColumn<double>("net");
  QTest::newRow("neutral") << 0.0;
  QTest::newRow("net charge +2 e") << 2.0;
}

void TestSlabCorrection::gradients() {
  // Forces and the zz virial of Ewald + correction are derivatives of its energy (k-vectors kept:
  // the ranges are fixed at the first call).
  QFETCH(double, net);
  const Slab s = dipolarSlab(26.0, net, 21.0);
  SlabSolver solver(std::make_unique<EwaldSolver>(1e-8), 3.0);
  const ElectrostaticTerms t = solve(solver, s, s.cell, s.positions);
  const double step = 1e-5;
  double worst = 0.0;
  for (std::size_t i = 0; i < s.positions.size(); i += 3)
    for (int a = 0; a < 3; ++a) {
      std::vector<Eigen::Vector3d> plus = s.positions, minus = s.positions;
      plus[i][a] += step;
      minus[i][a] -= step;
      const double fd =
          -(solve(solver, s, s.cell, plus).energy - solve(solver, s, s.cell, minus).energy) /
          (2 * step);
      worst = std::max(worst, std::abs(fd - t.forces[i][a]));
    }
  qInfo("max |F - F_fd| %.2e eV/A (largest force %.3g)", worst, maxNorm(t.forces));
  QVERIFY(worst < 1e-6);

  // W_aa = −∂E/∂ε_aa with atoms and cell stretched along a: along z, and laterally (the minimiser's
  // `box xy` and the lateral barostat).
  for (int a = 0; a < 3; ++a) {
    auto strained = [&](double e) {
      Eigen::Matrix3d f = Eigen::Matrix3d::Identity();
      f(a, a) += e;
      std::vector<Eigen::Vector3d> r = s.positions;
      for (auto& x : r) x = f * x;
      return solve(solver, s, Cell(f * s.cell.matrix()), r).energy;
    };
    const double eps = 1e-6;
    const double fd = -(strained(eps) - strained(-eps)) / (2 * eps);
    qInfo("W_%c%c %.10f eV, finite difference %.10f eV", "xyz"[a], "xyz"[a], t.virial(a, a), fd);
    QVERIFY(std::abs(fd - t.virial(a, a)) < 1e-6 * std::max(1.0, std::abs(fd)));
  }
}

void TestSlabCorrection::qnepWaterSlab() {
  // The correction's forces on position-dependent charges go through dE/dq: finite differences of
  // a qNEP model's total energy on a water slab with 15 Å of vacuum.
  const QString shared = test::sharedDir();
  if (shared.isEmpty()) QFAIL("../shared (SEI_SHARED_DIR) is missing");
  for (const char* modelName : {"qnep_mode1_water.txt", "qnep_mode2_water.txt"}) {
    auto model = std::make_shared<const NepModel>(
        readNepModel(QDir(shared).filePath("models/" + QString(modelName)).toStdString()));
    Structure s = readExtXyz(QDir(shared).filePath("structures/water63.xyz").toStdString());
    Eigen::Matrix3d h = s.cell.matrix();
    h(2, 2) += 15.0;
    s.cell = Cell(h);
    for (auto& r : s.positions) r[2] += 12.0;  // the slab straddles the periodic boundary
    NepEvaluatorOptions options;
    options.kspace = KSpaceMethod::Ewald;
    // Tight: at 1e-8 the truncated k-sum of the mode-2 model changes by ~1e-3 eV between the
    // lateral strains ±1e-6 (with or without the slab), more than W_xx's tolerance.
    options.kspaceAccuracy = 1e-11;
    options.slabFactor = 3.0;
    NepEvaluator evaluator(model, options);
    const std::vector<int> types = model->typesOf(s, "water63");
    ForceResult r;
    evaluator.compute(types, s.positions, s.cell, {}, r);
    qInfo("%s: %s", modelName, evaluator.electrostaticsSummary().c_str());
    QVERIFY(QString::fromStdString(evaluator.electrostaticsSummary()).contains("slab"));
    auto energy = [&](const std::vector<Eigen::Vector3d>& x, const Cell& cell) {
      ForceResult e;
      evaluator.compute(types, x, cell, {}, e);
      return e.energy;
    };
    const double step = 1e-5;
    double worst = 0.0;
    for (std::size_t i = 0; i < s.size(); i += 7) {
      std::vector<Eigen::Vector3d> plus = s.positions, minus = s.positions;
      plus[i][2] += step;
      minus[i][2] -= step;
      const double fd = -(energy(plus, s.cell) - energy(minus, s.cell)) / (2 * step);
      worst = std::max(worst, std::abs(fd - r.forces[i][2]));
    }
    const Structure up = test::deformed(s, Eigen::Vector3d(0, 0, 1e-6).asDiagonal());
    const Structure down = test::deformed(s, Eigen::Vector3d(0, 0, -1e-6).asDiagonal());
    const double wzz = -(energy(up.positions, up.cell) - energy(down.positions, down.cell)) / 2e-6;
    const Structure wide = test::deformed(s, Eigen::Vector3d(1e-6, 0, 0).asDiagonal());
    const Structure narrow = test::deformed(s, Eigen::Vector3d(-1e-6, 0, 0).asDiagonal());
    const double wxx =
        -(energy(wide.positions, wide.cell) - energy(narrow.positions, narrow.cell)) / 2e-6;
    qInfo(
        "  max |F_z - F_fd| %.2e eV/A; W_zz %.6f eV, finite difference %.6f eV; W_xx %.6f eV, "
        "finite difference %.6f eV",
        worst, r.virial(2, 2), wzz, r.virial(0, 0), wxx);
    // Ewald (fixed k-vectors) rather than PPPM, whose ik-differentiated forces are gradients of
    // its energy only to the mesh's accuracy (~1e-3 eV/Å here).
    QVERIFY(worst < 1e-6);
    QVERIFY(std::abs(wzz - r.virial(2, 2)) < 1e-6 * std::max(1.0, std::abs(wzz)));
    QVERIFY(std::abs(wxx - r.virial(0, 0)) < 1e-6 * std::max(1.0, std::abs(wxx)));
  }
}

void TestSlabCorrection::runInputSyntax() {
  auto parse = [](const std::string& text) {
    std::istringstream in(text);
    return parseRunInput(in, "run.in");
  };
  const std::string tail = "potential a\nensemble nve\nrun 1\n";
  QCOMPARE(parse("kspace pppm\n" + tail).slabFactor, 0.0);
  QCOMPARE(parse("kspace pppm slab\n" + tail).slabFactor, kDefaultSlabFactor);
  QCOMPARE(parse("kspace ewald slab 4\n" + tail).slabFactor, 4.0);
  const RunPlan both = parse("kspace pppm 1e-5 slab 2.5\n" + tail);
  QCOMPARE(both.kspaceAccuracy, 1e-5);
  QCOMPARE(both.slabFactor, 2.5);
  // What the writer writes reads back the same.
  const RunPlan back = parse(runInputText(both));
  QCOMPARE(back.kspaceAccuracy, 1e-5);
  QCOMPARE(back.slabFactor, 2.5);
  for (const char* bad : {"kspace pppm slab 1\n", "kspace pppm slab x\n", "kspace pppm 1e-5 3\n",
                          "kspace pppm slab 3 4\n"}) {
    try {
      parse(bad + tail);
      QFAIL(bad);
    } catch (const InputError& e) {
      QVERIFY2(QString(e.what()).startsWith("run.in:1:"), e.what());
    }
  }
}

void TestSlabCorrection::refusesBadGeometry() {
  Slab s = dipolarSlab(26.0, 0.0);
  SlabSolver solver(std::make_unique<EwaldSolver>(), 3.0, 25.0);  // needs 25 Å of vacuum
  QVERIFY_EXCEPTION_THROWN(solve(solver, s, s.cell, s.positions), InputError);
  Eigen::Matrix3d h = s.cell.matrix();
  h(2, 0) = 1.0;  // a tilted out of the xy plane
  SlabSolver tilted(std::make_unique<EwaldSolver>(), 3.0);
  QVERIFY_EXCEPTION_THROWN(solve(tilted, s, Cell(h), s.positions), InputError);
}

QTEST_APPLESS_MAIN(TestSlabCorrection)
#include "TestSlabCorrection.moc"
