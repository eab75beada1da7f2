#include <QDir>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <complex>
#include <memory>
#include <random>

#include "TestSupport.hpp"
#include "io/ExtXyz.hpp"
#include "kspace/Electrostatics.hpp"
#include "kspace/Pppm.hpp"
#include "nep/NepEvaluator.hpp"
#include "nep/NepModel.hpp"

using sei::Cell;
using sei::ElectrostaticTerms;

namespace {

struct PointCharges {
  Cell cell;
  std::vector<Eigen::Vector3d> positions;  // Å
  std::vector<double> charges;             // e, sum 0
};

// A triclinic cell of roughly 10 Å with `n` random charges summing to zero.
PointCharges randomCharges(int n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Eigen::Matrix3d h;
  h << 10.3, 1.7, -0.9,  //
      0.0, 9.6, 1.2,     //
      0.0, 0.0, 11.1;
  PointCharges p;
  p.cell = Cell(h);
  double sum = 0.0;
  for (int i = 0; i < n; ++i) {
    p.positions.push_back(h * Eigen::Vector3d(uniform(rng), uniform(rng), uniform(rng)));
    p.charges.push_back(2.0 * uniform(rng) - 1.0);
    sum += p.charges.back();
  }
  for (double& q : p.charges) q -= sum / n;
  return p;
}

ElectrostaticTerms solve(sei::KSpaceSolver& solver, const PointCharges& p, double alpha) {
  ElectrostaticTerms terms;
  terms.reset(p.positions.size(), true);
  solver.compute(p.cell, p.positions, p.charges, alpha, terms);
  return terms;
}

// The spec §7.5 scheme written out literally: full complex spectrum, separable naive DFTs,
// Re of the inverse transforms. Slow (mesh size² work per direction), only for small meshes;
// it checks the solver's half-spectrum shortcuts, the Nyquist planes of triclinic cells above
// all.
struct Reference {
  double energy = 0.0;
  Eigen::Matrix3d virial = Eigen::Matrix3d::Zero();
  std::vector<double> potential;
  std::vector<Eigen::Vector3d> forces;
};

using Mesh = std::vector<std::complex<double>>;

// In-place DFT along direction d of a K0×K1×K2 mesh (index m0 + K0(m1 + K1 m2)), sign ∓.
void dftAlong(Mesh& a, const std::array<int, 3>& k, int d, int sign) {
  const int stride = d == 0 ? 1 : d == 1 ? k[0] : k[0] * k[1];
  const int len = k[d];
  std::vector<std::complex<double>> line(len), out(len);
  for (std::size_t start = 0; start < a.size(); ++start) {
    const int md = static_cast<int>(start / stride) % len;
    if (md != 0) continue;
    for (int j = 0; j < len; ++j) line[j] = a[start + j * stride];
    for (int v = 0; v < len; ++v) {
      std::complex<double> s = 0.0;
      for (int j = 0; j < len; ++j) s += line[j] * std::polar(1.0, sign * 2.0 * M_PI * v * j / len);
      out[v] = s;
    }
    for (int j = 0; j < len; ++j) a[start + j * stride] = out[j];
  }
}

void dft3(Mesh& a, const std::array<int, 3>& k, int sign) {
  for (int d = 0; d < 3; ++d) dftAlong(a, k, d, sign);
}

Reference referencePppm(const PointCharges& p, double alpha) {
  const double ke = sei::kCoulomb;
  const std::array<int, 3> k = sei::PppmSolver::meshSize(p.cell);
  const std::size_t size = static_cast<std::size_t>(k[0]) * k[1] * k[2];
  const std::size_t n = p.positions.size();
  auto weight = [](double x, int j) {
    const double x2 = x * x, x3 = x2 * x, x4 = x2 * x2;
    switch (j) {
      case -2:
        return (1 - 8 * x + 24 * x2 - 32 * x3 + 16 * x4) / 384;
      case -1:
        return (19 - 44 * x + 24 * x2 + 16 * x3 - 16 * x4) / 96;
      case 0:
        return (115 - 120 * x2 + 48 * x4) / 192;
      case 1:
        return (19 + 44 * x + 24 * x2 - 16 * x3 - 16 * x4) / 96;
      default:
        return (1 + 8 * x + 24 * x2 + 32 * x3 + 16 * x4) / 384;
    }
  };
  // Mesh points and weights of each atom's 5×5×5 stencil.
  std::vector<std::vector<std::pair<std::size_t, double>>> stencil(n);
  for (std::size_t i = 0; i < n; ++i) {
    Eigen::Vector3d s = p.cell.inverse() * p.positions[i];
    int near[3];
    double delta[3];
    for (int d = 0; d < 3; ++d) {
      s[d] *= k[d];
      near[d] = static_cast<int>(s[d] + 0.5);
      delta[d] = s[d] - near[d];
    }
    for (int j2 = -2; j2 <= 2; ++j2)
      for (int j1 = -2; j1 <= 2; ++j1)
        for (int j0 = -2; j0 <= 2; ++j0) {
          const int m0 = (near[0] + j0 + k[0]) % k[0];
          const int m1 = (near[1] + j1 + k[1]) % k[1];
          const int m2 = (near[2] + j2 + k[2]) % k[2];
          stencil[i].push_back(
              {m0 + static_cast<std::size_t>(k[0]) * (m1 + k[1] * m2),
               weight(delta[0], j0) * weight(delta[1], j1) * weight(delta[2], j2)});
        }
  }
  Mesh rho(size, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (const auto& [m, w] : stencil[i]) rho[m] += p.charges[i] * w;
  dft3(rho, k, -1);

  const Eigen::Matrix3d& h = p.cell.matrix();
  const double det = h.determinant();
  Eigen::Matrix3d b;
  for (int d = 0; d < 3; ++d)
    b.col(d) = 2.0 * M_PI * h.col((d + 1) % 3).cross(h.col((d + 2) % 3)) / det;
  Reference ref;
  Mesh phi(size), field[3] = {Mesh(size), Mesh(size), Mesh(size)};
  for (int v2 = 0; v2 < k[2]; ++v2)
    for (int v1 = 0; v1 < k[1]; ++v1)
      for (int v0 = 0; v0 < k[0]; ++v0) {
        const std::size_t m = v0 + static_cast<std::size_t>(k[0]) * (v1 + k[1] * v2);
        const int v[3] = {v0, v1, v2};
        Eigen::Vector3d kv = Eigen::Vector3d::Zero();
        double g = 2.0 * M_PI / std::abs(det);
        for (int d = 0; d < 3; ++d) {
          const int nu = v[d] >= k[d] / 2 ? v[d] - k[d] : v[d];
          kv += nu * b.col(d);
          if (nu == 0) continue;
          const double x = M_PI * nu / k[d], t = std::sin(x) * std::sin(x);
          const double sigma = 1 - 5.0 / 3 * t + 7.0 / 9 * t * t - 17.0 / 189 * t * t * t +
                               2.0 / 2835 * t * t * t * t;
          g *= std::pow(std::sin(x) / x, 10) / (sigma * sigma);
        }
        const double k2 = kv.squaredNorm();
        g = k2 > 0 ? g * std::exp(-k2 / (4 * alpha * alpha)) / k2 : 0.0;
        const double s2 = std::norm(rho[m]);
        ref.energy += ke * g * s2;
        if (k2 > 0)
          ref.virial += ke * g * s2 *
                        (Eigen::Matrix3d::Identity() -
                         2.0 * (1.0 / k2 + 1.0 / (4 * alpha * alpha)) * kv * kv.transpose());
        phi[m] = g * rho[m];
        for (int a = 0; a < 3; ++a) field[a][m] = std::complex<double>(0, -kv[a]) * g * rho[m];
      }
  dft3(phi, k, +1);
  for (auto& f : field) dft3(f, k, +1);
  for (std::size_t i = 0; i < n; ++i) {
    double pot = 0;
    Eigen::Vector3d e = Eigen::Vector3d::Zero();
    for (const auto& [m, w] : stencil[i]) {
      pot += w * phi[m].real();
      for (int a = 0; a < 3; ++a) e[a] += w * field[a][m].real();
    }
    ref.potential.push_back(2 * ke * pot);
    ref.forces.push_back(2 * ke * p.charges[i] * e);
  }
  return ref;
}

double maxForceError(const std::vector<Eigen::Vector3d>& a, const std::vector<Eigen::Vector3d>& b) {
  double e = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) e = std::max(e, (a[i] - b[i]).cwiseAbs().maxCoeff());
  return e;
}

}  // namespace

class TestPppm : public QObject {
  Q_OBJECT

 private slots:
  void meshRule();
  void assignmentOrders();
  void goldenCases();
  void matchesLiteralScheme();
  void closeToEwald_data();
  void closeToEwald();
  void energyIsQuadraticForm();
  void virialIsStrainDerivative();
  void latticeTranslation();
  void reusesStateAcrossCells();
  void perAtomFromMesh();
};

void TestPppm::meshRule() {
  // ⌊w/1 Å⌋ → next power of two, at least 16.
  QCOMPARE(sei::PppmSolver::meshSize(Cell(Eigen::Matrix3d::Identity() * 12.4)),
           (std::array<int, 3>{16, 16, 16}));
  Eigen::Matrix3d h = Eigen::Vector3d(16.99, 17.0, 40.0).asDiagonal();
  QCOMPARE(sei::PppmSolver::meshSize(Cell(h)), (std::array<int, 3>{16, 32, 64}));
  // Face distances, not lengths: |c| = 20.5 Å, but the a–b faces are 14 Å apart and the b–c
  // faces 13.6 Å.
  h << 20.0, 0.0, 15.0, 0.0, 20.0, 0.0, 0.0, 0.0, 14.0;
  QCOMPARE(sei::PppmSolver::meshSize(Cell(h)), (std::array<int, 3>{16, 32, 16}));
}

// The order-P weights are the cardinal B-spline M_P (P unit boxes convolved) at the stencil's
// points: for every offset they sum to 1, centre on the atom and have the variance P/12 of a
// sum of P uniform variables (Poisson summation: the sampled moments below order P equal the
// continuous ones). The alias polynomial equals the alias sum Σ_m sinc^{2P}(π(ν/K + m)) summed
// term by term.
void TestPppm::assignmentOrders() {
  for (int order = sei::pppm::kMinOrder; order <= sei::pppm::kMaxOrder; ++order) {
    for (double x : {3.0, 3.2, 3.5, 3.77, 3.999}) {
      double w[sei::pppm::kMaxOrder];
      const int k = 11;
      const int first = sei::pppm::stencil(x / k, k, order, w);
      double moment[3] = {0, 0, 0};
      for (int j = 0; j < order; ++j) {
        const double d = (first + j) - x;  // the stencil of x = 3.x stays inside [0, 11)
        QVERIFY(w[j] >= 0.0);
        moment[0] += w[j];
        moment[1] += w[j] * d;
        moment[2] += w[j] * d * d;
      }
      QVERIFY(std::abs(moment[0] - 1.0) < 1e-14);
      QVERIFY(std::abs(moment[1]) < 1e-14);
      if (order > 2) QVERIFY(std::abs(moment[2] - order / 12.0) < 1e-13);  // moments < P
    }
    const sei::pppm::AliasPolynomial a = sei::pppm::aliasPolynomial(order);
    for (int nu : {1, 5, 8}) {
      const int k = 16;
      const double z = M_PI * nu / k, t = std::sin(z) * std::sin(z);
      double direct = 0.0, polynomial = 0.0;
      for (int m = -20000; m <= 20000; ++m)
        direct += std::pow(std::sin(z) / (z + M_PI * m), 2 * order);
      for (int i = order - 1; i >= 0; --i) polynomial = polynomial * t + a.c[i];
      QVERIFY2(std::abs(polynomial - direct) < 1e-12 * direct,
               qPrintable(QString("P %1 nu %2: %3 vs %4")
                              .arg(order)
                              .arg(nu)
                              .arg(polynomial, 0, 'g', 15)
                              .arg(direct, 0, 'g', 15)));
    }
  }
  // GPUMD's order-5 polynomial (spec §7.5).
  const sei::pppm::AliasPolynomial five = sei::pppm::aliasPolynomial(5);
  const double spec[5] = {1.0, -5.0 / 3.0, 7.0 / 9.0, -17.0 / 189.0, 2.0 / 2835.0};
  for (int i = 0; i < 5; ++i) QVERIFY(std::abs(five.c[i] - spec[i]) < 1e-15);
}

void TestPppm::goldenCases() {
  QStringList cases;
  for (const QString& c : sei::test::goldenCases())
    if (QDir(c).exists("pppm_reimpl")) cases << c;
  if (cases.isEmpty()) QFAIL("no golden cases with pppm_reimpl/ (set SEI_GOLDEN_DIR)");
  for (const QString& c : cases) {
    const std::string dir = c.toStdString();
    auto model = std::make_shared<const sei::NepModel>(sei::readNepModel(dir + "/nep.txt"));
    const sei::Structure s = sei::readExtXyz(dir + "/model.xyz");
    sei::NepEvaluatorOptions options;
    options.kspace = sei::KSpaceMethod::Pppm;
    sei::NepEvaluator evaluator(model, options);
    sei::ForceResult r;
    evaluator.compute(model->typesOf(s, dir + "/model.xyz"), s.positions, s.cell, {}, r);

    const std::string ref = dir + "/pppm_reimpl/";
    const double energy = sei::test::readTable(ref + "energy.txt")[0][0];
    const auto forces = sei::test::readTable(ref + "forces.txt");
    const auto charges = sei::test::readTable(ref + "charges.txt");
    const auto perAtom = sei::test::readTable(ref + "per_atom_energy.txt");
    const auto virial = sei::test::readTable(ref + "virial.txt")[0];
    QCOMPARE(forces.size(), s.size());
    double dF = 0, dQ = 0, dU = 0, dW = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      for (int a = 0; a < 3; ++a) dF = std::max(dF, std::abs(r.forces[i][a] - forces[i][a]));
      dQ = std::max(dQ, std::abs(r.charges[i] - charges[i][0]));
      dU = std::max(dU, std::abs(r.perAtomEnergy[i] - perAtom[i][0]));
    }
    for (int c = 0; c < 9; ++c) dW = std::max(dW, std::abs(r.virial(c / 3, c % 3) - virial[c]));
    const double dE = std::abs(r.energy - energy) / std::abs(energy);
    qInfo(
        "%s: |dE|/|E| %.1e, max|dF| %.1e eV/A, max|dq| %.1e e, max|dU_i| %.1e eV, "
        "max|dW| %.1e eV",
        qPrintable(QDir(c).dirName()), dE, dF, dQ, dU, dW);
    QVERIFY2(dE < 1e-6, qPrintable(c));
    QVERIFY2(dF < 1e-5, qPrintable(c));
    QVERIFY2(dQ < 1e-8, qPrintable(c));
    QVERIFY2(dU < 1e-5, qPrintable(c));
    QVERIFY2(dW < 1e-4, qPrintable(c));
  }
}

void TestPppm::matchesLiteralScheme() {
  // Triclinic, so G(ν) ≠ G(−ν) on the Nyquist planes and the solver's symmetrisation counts.
  const PointCharges p = randomCharges(30, 7);
  const double alpha = 0.7;
  sei::PppmSolver solver;
  const ElectrostaticTerms t = solve(solver, p, alpha);
  const Reference ref = referencePppm(p, alpha);
  QVERIFY(std::abs(t.energy - ref.energy) <= 1e-11 * std::abs(ref.energy));
  QVERIFY((t.virial - ref.virial).cwiseAbs().maxCoeff() <= 1e-11 * ref.virial.norm());
  double dD = 0;
  for (std::size_t i = 0; i < p.charges.size(); ++i)
    dD = std::max(dD, std::abs(t.potential[i] - ref.potential[i]));
  QVERIFY2(dD < 1e-11, qPrintable(QString::number(dD)));
  QVERIFY(maxForceError(t.forces, ref.forces) < 1e-11);
}

void TestPppm::closeToEwald_data() {
  QTest::addColumn<double>("alpha");
  QTest::newRow("alpha 0.5") << 0.5;
  QTest::newRow("alpha 0.8") << 0.8;
}

void TestPppm::closeToEwald() {
  // GPUMD's own acceptance for PPPM vs Ewald: 1e-2 relative energy, 5e-3 + 1e-2|F| eV/Å.
  QFETCH(double, alpha);
  const PointCharges p = randomCharges(40, 12345);
  sei::PppmSolver pppm;
  sei::EwaldSolver ewald;
  const ElectrostaticTerms a = solve(pppm, p, alpha);
  const ElectrostaticTerms b = solve(ewald, p, alpha);
  const double dE = std::abs(a.energy - b.energy) / std::abs(b.energy);
  double worst = 0, dF = 0, dD = 0;
  for (std::size_t i = 0; i < p.charges.size(); ++i) {
    const double err = (a.forces[i] - b.forces[i]).norm();
    dF = std::max(dF, err);
    worst = std::max(worst, err / (5e-3 + 1e-2 * b.forces[i].norm()));
    dD = std::max(dD, std::abs(a.potential[i] - b.potential[i]));
  }
  const double dW = (a.virial - b.virial).cwiseAbs().maxCoeff() / b.virial.cwiseAbs().maxCoeff();
  qInfo(
      "alpha %.2f: E_pppm %.8f E_ewald %.8f (rel %.1e), max|dF| %.1e eV/A (%.2f of allowed), "
      "max|dD| %.1e eV/e, max|dW|/max|W| %.1e",
      alpha, a.energy, b.energy, dE, dF, worst, dD, dW);
  QVERIFY(dE < 1e-2);
  QVERIFY(worst < 1.0);
  QVERIFY(dW < 1e-2);
}

void TestPppm::energyIsQuadraticForm() {
  const PointCharges p = randomCharges(40, 99);
  sei::PppmSolver solver;
  ElectrostaticTerms t;
  t.reset(p.positions.size(), false);
  // D is assigned, everything else is added to what the terms already hold.
  std::fill(t.potential.begin(), t.potential.end(), 1e3);
  t.energy = 5.0;
  solver.compute(p.cell, p.positions, p.charges, 0.6, t);
  const double energy = t.energy - 5.0;
  double half = 0.0, perAtom = 0.0;
  for (std::size_t i = 0; i < p.charges.size(); ++i) {
    half += 0.5 * t.potential[i] * p.charges[i];
    perAtom += t.perAtomEnergy[i];
  }
  QVERIFY2(std::abs(half - energy) <= 1e-10 * std::abs(energy),
           qPrintable(QString("%1 vs %2").arg(half, 0, 'g', 17).arg(energy, 0, 'g', 17)));
  QVERIFY(std::abs(perAtom - energy) <= 1e-12 * std::abs(energy));
  // Uniform per-atom split (gpumd's default).
  QVERIFY(std::abs(t.perAtomEnergy[3] - energy / p.charges.size()) <= 1e-14 * std::abs(energy));
}

void TestPppm::virialIsStrainDerivative() {
  // Under a homogeneous strain the fractional coordinates, hence Ŝ, stay fixed, so the virial
  // formula is the exact strain derivative of the PPPM energy: W^{ab} = −∂E/∂ε_{ba}.
  const PointCharges p = randomCharges(40, 5);
  const double alpha = 0.6, step = 1e-5;
  sei::PppmSolver solver;
  const ElectrostaticTerms t = solve(solver, p, alpha);
  auto strained = [&](int a, int b, double e) {
    Eigen::Matrix3d f = Eigen::Matrix3d::Identity();
    f(b, a) += e;
    PointCharges q = p;
    q.cell = Cell(f * p.cell.matrix());
    for (auto& r : q.positions) r = f * r;
    return solve(solver, q, alpha).energy;
  };
  double worst = 0;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) {
      const double fd = -(strained(a, b, step) - strained(a, b, -step)) / (2 * step);
      worst = std::max(worst, std::abs(fd - t.virial(a, b)));
    }
  qInfo("max |W - W_fd| = %.1e eV (max |W| %.2f eV)", worst, t.virial.cwiseAbs().maxCoeff());
  QVERIFY(worst < 1e-6 * std::max(1.0, t.virial.cwiseAbs().maxCoeff()));
  // Per-atom virials are the uniform share W/N.
  QVERIFY((t.perAtomVirial[0] * p.charges.size() - t.virial).norm() < 1e-12 * t.virial.norm());
}

void TestPppm::latticeTranslation() {
  const PointCharges p = randomCharges(40, 2024);
  sei::PppmSolver solver;
  const ElectrostaticTerms t = solve(solver, p, 0.7);
  PointCharges moved = p;
  const Eigen::Vector3d shift =
      p.cell.vector(0) - 2.0 * p.cell.vector(1) + 3.0 * p.cell.vector(2);  // far outside
  for (auto& r : moved.positions) r += shift;
  const ElectrostaticTerms u = solve(solver, moved, 0.7);
  QVERIFY(std::abs(u.energy - t.energy) <= 1e-10 * std::abs(t.energy));
  QVERIFY(maxForceError(u.forces, t.forces) < 1e-10);
}

void TestPppm::reusesStateAcrossCells() {
  // One solver through different mesh sizes and back gives the result of a fresh solver.
  const PointCharges small = randomCharges(20, 1);
  PointCharges large = small;
  large.cell = Cell(small.cell.matrix() * 2.0);
  for (auto& r : large.positions) r *= 2.0;
  sei::PppmSolver reused, fresh;
  const double e1 = solve(reused, small, 0.6).energy;
  const double e2 = solve(reused, large, 0.6).energy;
  const double e3 = solve(reused, small, 0.6).energy;
  QCOMPARE(e3, e1);
  QVERIFY(std::abs(e2 - solve(fresh, large, 0.6).energy) <= 1e-14 * std::abs(e2));
}

void TestPppm::perAtomFromMesh() {
  // Per-atom energies and virials interpolated from the mesh (atomResolved) sum to the totals
  // and approach Ewald's per-atom values (converged to 1e-12) as the mesh is refined.
  const PointCharges p = randomCharges(40, 777);
  const double alpha = 0.6;
  const std::size_t n = p.charges.size();
  auto resolved = [&](sei::KSpaceSolver& solver) {
    ElectrostaticTerms t;
    t.reset(n, true, true);
    solver.compute(p.cell, p.positions, p.charges, alpha, t);
    return t;
  };
  sei::EwaldSolver ewald(1e-12);
  const ElectrostaticTerms ref = resolved(ewald);
  double energyScale = 0.0, virialScale = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    energyScale += ref.perAtomEnergy[i] * ref.perAtomEnergy[i] / n;
    virialScale += ref.perAtomVirial[i].squaredNorm() / (9.0 * n);
  }
  energyScale = std::sqrt(energyScale);
  virialScale = std::sqrt(virialScale);
  double previous = 1e300;
  for (double accuracy : {1e-3, 1e-5, 1e-7}) {
    sei::PppmSolver pppm(accuracy);
    const ElectrostaticTerms t = resolved(pppm);
    double energySum = 0.0, dU = 0.0, dW = 0.0;
    Eigen::Matrix3d virialSum = Eigen::Matrix3d::Zero();
    for (std::size_t i = 0; i < n; ++i) {
      energySum += t.perAtomEnergy[i];
      virialSum += t.perAtomVirial[i];
      dU = std::max(dU, std::abs(t.perAtomEnergy[i] - ref.perAtomEnergy[i]));
      dW = std::max(dW, (t.perAtomVirial[i] - ref.perAtomVirial[i]).cwiseAbs().maxCoeff());
    }
    const double sumE = std::abs(energySum - t.energy) / std::abs(t.energy);
    const double sumW =
        (virialSum - t.virial).cwiseAbs().maxCoeff() / t.virial.cwiseAbs().maxCoeff();
    qInfo(
        "%s\n  sums: |dE|/|E| %.1e, max|dW|/max|W| %.1e; against Ewald: max|dU_i| %.2e eV "
        "(RMS U_i %.3g), max|dW_i| %.2e eV (RMS W_i %.3g)",
        pppm.summary().c_str(), sumE, sumW, dU, energyScale, dW, virialScale);
    QVERIFY(sumE < 1e-10);
    QVERIFY(sumW < 1e-10);
    // The per-atom values converge with the mesh, as the forces do.
    QVERIFY(dU < 0.5 * previous);
    previous = dU;
    if (accuracy <= 1e-7) {
      QVERIFY(dU < 1e-5 * energyScale);
      QVERIFY(dW < 1e-5 * virialScale);
    }
  }
  // Not resolved: GPUMD's uniform split, unchanged.
  sei::PppmSolver plain;
  const ElectrostaticTerms u = solve(plain, p, alpha);
  QVERIFY(std::abs(u.perAtomEnergy[5] - u.energy / n) <= 1e-14 * std::abs(u.energy));
}

QTEST_APPLESS_MAIN(TestPppm)
#include "TestPppm.moc"
