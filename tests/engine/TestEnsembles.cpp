// Integrators and thermostats against analytic statistical mechanics: energy conservation and
// its dt² scaling (velocity Verlet), canonical temperature and kinetic-energy variance
// (Langevin/BAOAB, Bussi, Nosé–Hoover chain), reproducibility, and NVE on the qNEP water model.
#include <QDir>
#include <QtTest>
#include <cmath>

#include "LennardJones.hpp"
#include "SpringLattice.hpp"
#include "TestSupport.hpp"
#include "io/ExtXyz.hpp"
#include "md/Ensemble.hpp"
#include "md/HostMotion.hpp"
#include "md/Units.hpp"
#include "nep/NepEvaluator.hpp"

using namespace sei;

namespace {

struct Series {
  std::vector<double> values;
  double mean() const {
    double s = 0;
    for (double v : values) s += v;
    return s / values.size();
  }
  double variance() const {
    const double m = mean();
    double s = 0;
    for (double v : values) s += (v - m) * (v - m);
    return s / (values.size() - 1);
  }
  /// Least-squares slope per sample.
  double slope() const {
    const double n = values.size(), xm = (n - 1) / 2, ym = mean();
    double sxy = 0, sxx = 0;
    for (std::size_t k = 0; k < values.size(); ++k) {
      sxy += (k - xm) * (values[k] - ym);
      sxx += (k - xm) * (k - xm);
    }
    return sxy / sxx;
  }
};

std::unique_ptr<Ensemble> makeEnsemble(const QString& name, double temperature, double tau) {
  if (name == "nvt_lan") return makeLangevin(temperature, tau);
  if (name == "nvt_bdp") return makeBussi(temperature, tau);
  if (name == "nvt_nhc") return makeNoseHooverChain(temperature, tau);
  return makeNve();
}

// Argon-like lattice: ω_max ≈ 0.04 fs⁻¹, so 2 fs steps resolve every mode.
test::SpringLattice lattice(int n) { return test::SpringLattice(n, 3.0, 1.0, 0.5); }

/// The lattice's argon atoms with Maxwell–Boltzmann velocities and forces computed.
MdState thermalState(test::SpringLattice& backend, double temperatureK, std::uint64_t seed,
                     Random& rng) {
  MdState s = backend.initialState(39.948);
  rng = Random(seed);
  initializeVelocities(s, temperatureK, rng);
  backend.compute(s.types, s.positions, s.cell, {}, s.forces);
  return s;
}

/// Runs `steps` steps and records kinetic + potential + reservoir energy and temperature.
void run(MdState& s, Backend& backend, Ensemble& ensemble, Random& rng, double dt, int steps,
         Series* conserved, Series* temperatures, Series* kinetic = nullptr) {
  auto update = [&backend](MdState& m) {
    backend.compute(m.types, m.positions, m.cell, {}, m.forces);
  };
  for (int k = 0; k < steps; ++k) {
    ensemble.step(s, dt, update, rng);
    const double ke = kineticEnergy(s);
    if (conserved) conserved->values.push_back(ke + s.forces.energy + ensemble.reservoirEnergy());
    if (temperatures) temperatures->values.push_back(temperature(s));
    if (kinetic) kinetic->values.push_back(ke);
  }
}

}  // namespace

class TestEnsembles : public QObject {
  Q_OBJECT

 private slots:
  void velocityInitialization() {
    auto backend = lattice(10);
    MdState s = backend.initialState(39.948);
    Random rng(3);
    initializeVelocities(s, 250.0, rng);
    QVERIFY(std::abs(temperature(s) - 250.0) < 1e-9);
    Eigen::Vector3d momentum = Eigen::Vector3d::Zero();
    double second = 0.0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      momentum += s.masses[i] * s.velocities[i];
      second += s.velocities[i].squaredNorm() / 3;
    }
    QVERIFY(momentum.norm() < 1e-10);
    // Maxwell–Boltzmann: <v_a²> = kT/m.
    const double expected = units::kBoltzmann * 250.0 / (39.948 * units::kMassVelocity2ToEv);
    QVERIFY(std::abs(second / s.size() / expected - 1.0) < 0.01);
  }

  void springLatticeForcesAreGradients() {
    auto backend = lattice(3);
    MdState s = backend.initialState(10.0);
    Random rng(1);
    for (auto& r : s.positions)
      r += 0.2 * Eigen::Vector3d(rng.normal(), rng.normal(), rng.normal());
    backend.compute(s.types, s.positions, s.cell, {}, s.forces);
    const double h = 1e-6;
    for (int i : {0, 13}) {
      for (int a = 0; a < 3; ++a) {
        auto r = s.positions;
        ForceResult up, down;
        r[i][a] += h;
        backend.compute(s.types, r, s.cell, {}, up);
        r[i][a] -= 2 * h;
        backend.compute(s.types, r, s.cell, {}, down);
        QVERIFY(std::abs(-(up.energy - down.energy) / (2 * h) - s.forces.forces[i][a]) < 1e-7);
      }
    }
  }

  // Velocity Verlet conserves a shadow Hamiltonian: the energy error oscillates with an
  // amplitude ∝ dt² and does not drift.
  void nveErrorScalesWithTimeStepSquared() {
    auto backend = lattice(6);
    double rms[2];
    for (int k = 0; k < 2; ++k) {
      const double dt = k == 0 ? 2.0 : 1.0;
      MdState s = backend.initialState(39.948);
      Random rng(9);
      initializeVelocities(s, 300.0, rng);
      backend.compute(s.types, s.positions, s.cell, {}, s.forces);
      auto nve = makeNve();
      Series energy;
      run(s, backend, *nve, rng, dt, static_cast<int>(4000 / dt), &energy, nullptr);
      rms[k] = std::sqrt(energy.variance());
      const double drift = std::abs(energy.slope()) * (1000.0 / dt) / s.size();  // eV/atom/ps
      qInfo("dt %.1f fs: energy rms %.3e eV, drift %.2e eV/atom/ps", dt, rms[k], drift);
      QVERIFY(drift < 1e-6);
    }
    QVERIFY2(rms[0] / rms[1] > 3.5 && rms[0] / rms[1] < 4.5,
             qPrintable(QString("rms ratio %1, expected 4").arg(rms[0] / rms[1])));
  }

  void thermostatsHoldTemperature_data() {
    QTest::addColumn<QString>("ensemble");
    QTest::addColumn<double>("temperature");
    QTest::newRow("nvt_lan 300 K") << "nvt_lan" << 300.0;
    QTest::newRow("nvt_bdp 300 K") << "nvt_bdp" << 300.0;
    QTest::newRow("nvt_nhc 300 K") << "nvt_nhc" << 300.0;
    QTest::newRow("nvt_bdp 80 K") << "nvt_bdp" << 80.0;
  }
  // Mean temperature within 1 % and kinetic-energy variance (N_f/2)(kT)² within 10 % for the
  // canonical thermostats; the extended energy (system + reservoir) is conserved.
  void thermostatsHoldTemperature() {
    QFETCH(QString, ensemble);
    QFETCH(double, temperature);
    auto backend = lattice(10);
    Random rng;
    MdState s = thermalState(backend, 0.5 * temperature, 21, rng);  // start away from the target
    auto thermostat = makeEnsemble(ensemble, temperature, 40.0);
    run(s, backend, *thermostat, rng, 2.0, 2000, nullptr, nullptr);
    Series conserved, temperatures, kinetic;
    run(s, backend, *thermostat, rng, 2.0, 30000, &conserved, &temperatures, &kinetic);
    const double mean = temperatures.mean();
    qInfo("%s: mean T %.2f K (target %.0f)", qPrintable(ensemble), mean, temperature);
    QVERIFY(std::abs(mean / temperature - 1.0) < 0.01);
    const double spread = conserved.values.back() - conserved.values.front();
    QVERIFY2(std::abs(spread) < 1e-3 * s.size() * units::kBoltzmann * temperature,
             qPrintable(QString("extended energy changed by %1 eV").arg(spread)));
    if (ensemble == "nvt_nhc") return;  // NHC's kinetic-energy fluctuations need longer runs
    // Langevin also thermalises the centre of mass: 3N degrees of freedom, Bussi 3N − 3.
    const int dof = ensemble == "nvt_lan" ? 3 * s.size() : s.degreesOfFreedom();
    const double kT = units::kBoltzmann * temperature;
    const double expected = 0.5 * dof * kT * kT;
    qInfo("  Var(K) / (N_f/2 (kT)^2) = %.3f", kinetic.variance() / expected);
    QVERIFY(std::abs(kinetic.variance() / expected - 1.0) < 0.1);
  }

  void barostatReachesTargetPressure_data() {
    QTest::addColumn<int>("coupling");
    QTest::addColumn<double>("pressure");
    // Tension only: a simple cubic lattice of springs has no shear stiffness and buckles
    // under compression.
    QTest::newRow("isotropic -0.2 GPa") << int(PressureCoupling::Isotropic) << -0.2;
    QTest::newRow("isotropic -0.5 GPa") << int(PressureCoupling::Isotropic) << -0.5;
    QTest::newRow("anisotropic -0.3 GPa") << int(PressureCoupling::Anisotropic) << -0.3;
    QTest::newRow("lateral -0.25 GPa") << int(PressureCoupling::Lateral) << -0.25;
    QTest::newRow("z only -0.25 GPa") << int(PressureCoupling::AxialZ) << -0.25;
  }
  // The coupled pressure (mean of the diagonal components the barostat acts on) averages to
  // the target within 4 standard errors, estimated by block averaging (the samples are
  // correlated over ~τ_p); uncoupled cell lengths do not change.
  void barostatReachesTargetPressure() {
    QFETCH(int, coupling);
    QFETCH(double, pressure);
    auto backend = lattice(8);
    Random rng;
    MdState s = thermalState(backend, 300.0, 33, rng);
    BarostatSettings settings;
    settings.coupling = static_cast<PressureCoupling>(coupling);
    settings.pressure = Eigen::Vector3d::Constant(pressure);
    settings.modulus = Eigen::Vector3d::Constant(20.0);
    settings.tau = 200.0;
    auto npt = makeStochasticCellRescaling(300.0, 100.0, settings);
    const Eigen::Matrix3d h0 = s.cell.matrix();
    auto update = [&backend](MdState& m) {
      backend.compute(m.types, m.positions, m.cell, {}, m.forces);
    };
    for (int k = 0; k < 3000; ++k) npt->step(s, 2.0, update, rng);
    const auto kind = settings.coupling;
    const Eigen::Vector3d weights = kind == PressureCoupling::Lateral ? Eigen::Vector3d(0.5, 0.5, 0)
                                    : kind == PressureCoupling::AxialZ ? Eigen::Vector3d(0, 0, 1)
                                    : kind == PressureCoupling::Isotropic
                                        ? Eigen::Vector3d::Constant(1.0 / 3)
                                        : Eigen::Vector3d(1, 0, 0);
    const int blocks = 20, perBlock = 1500;
    Series blockMeans;
    for (int b = 0; b < blocks; ++b) {
      double sum = 0.0;
      for (int k = 0; k < perBlock; ++k) {
        npt->step(s, 2.0, update, rng);
        sum += weights.dot(pressureTensor(s).diagonal());
      }
      blockMeans.values.push_back(sum / perBlock);
    }
    const double mean = blockMeans.mean();
    const double standardError = std::sqrt(blockMeans.variance() / blocks);
    qInfo("coupled pressure %.4f GPa ± %.4f (target %.2f)", mean, standardError, pressure);
    QVERIFY(std::abs(mean - pressure) < 4 * standardError);
    QVERIFY(standardError < 0.02);  // the check above must be able to fail
    const Eigen::Matrix3d h = s.cell.matrix();
    for (int a = 0; a < 3; ++a) {
      const bool coupled = kind == PressureCoupling::Lateral  ? a < 2
                           : kind == PressureCoupling::AxialZ ? a == 2
                                                              : true;
      if (!coupled)
        QCOMPARE(h(a, a), h0(a, a));
      else
        QVERIFY(h(a, a) != h0(a, a));
    }
  }

  // Liquid argon (Lennard-Jones, 216 atoms, 110 K): NPT at 20 MPa gives that mean pressure
  // within 4 block-averaged standard errors, and the atoms diffuse (it is a liquid).
  void barostatOnLiquid() {
    test::LennardJones argon(0.0104, 3.40, 8.5);
    MdState s = test::LennardJones::cubicState(6, 3.8, 39.948);
    Random rng(8);
    initializeVelocities(s, 110.0, rng);
    argon.compute(s.types, s.positions, s.cell, {}, s.forces);
    BarostatSettings settings;
    settings.pressure.setConstant(0.02);
    settings.modulus.setConstant(0.5);
    settings.tau = 1000.0;
    auto npt = makeStochasticCellRescaling(110.0, 200.0, settings);
    auto update = [&argon](MdState& m) {
      argon.compute(m.types, m.positions, m.cell, {}, m.forces);
    };
    for (int k = 0; k < 3000; ++k) npt->step(s, 5.0, update, rng);
    const auto start = s.positions;
    Series blockMeans;
    for (int b = 0; b < 20; ++b) {
      double sum = 0.0;
      for (int k = 0; k < 500; ++k) {
        npt->step(s, 5.0, update, rng);
        sum += pressureTensor(s).trace() / 3;
      }
      blockMeans.values.push_back(sum / 500);
    }
    double msd = 0.0;
    for (std::size_t i = 0; i < s.size(); ++i) msd += (s.positions[i] - start[i]).squaredNorm();
    msd /= s.size();
    const double mean = blockMeans.mean();
    const double standardError = std::sqrt(blockMeans.variance() / 20);
    const double density = s.size() * 39.948 * 1.66053906660 / s.cell.volume();  // g/cm³
    qInfo("liquid argon: P = %.4f ± %.4f GPa (target 0.02), density %.3f g/cm³, MSD %.1f Å²", mean,
          standardError, density, msd);
    QVERIFY(msd > 10.0);
    QVERIFY(std::abs(mean - 0.02) < 4 * standardError);
    QVERIFY(standardError < 0.01);
  }

  // Bussi et al. 2007, appendix: the rescaling factor is negative when the Ornstein–Uhlenbeck
  // component along the velocities, √c|v| + √((1−c)K̄/N_f) R1, is, i.e. with probability
  // Φ(−√(c N_f K/((1−c) K̄))) for the first normal R1. Two atoms (N_f = 3) at K = K̄ with
  // τ = Δt (c = 1/e) reverse their velocities in 9.3 % of the steps; without the sign, never.
  void bussiFactorTakesItsSign() {
    MdState s;
    s.masses = {39.948, 39.948};
    s.positions = {Eigen::Vector3d::Zero(), Eigen::Vector3d(2, 0, 0)};
    const std::vector<Eigen::Vector3d> start = {Eigen::Vector3d(0.003, -0.001, 0.002),
                                                Eigen::Vector3d(-0.003, 0.001, -0.002)};
    const double temperatureK = 2.0 * [&] {
      s.velocities = start;
      return kineticEnergy(s);
    }() / (s.degreesOfFreedom() * units::kBoltzmann);
    const ForceUpdate none = [](MdState&) {};
    Random rng(17);
    const int trials = 40000;
    int reversed = 0;
    for (int k = 0; k < trials; ++k) {
      s.velocities = start;
      HostMotion motion(s, none);
      md::rescaleVelocities(motion, temperatureK, 2.0, 2.0, rng);
      if (s.velocities[0].dot(start[0]) < 0) ++reversed;
    }
    const double c = std::exp(-1.0), nf = s.degreesOfFreedom();
    const double expected = 0.5 * std::erfc(std::sqrt(c * nf / (1.0 - c)) / std::sqrt(2.0));
    const double sigma = std::sqrt(expected * (1.0 - expected) / trials);
    const double fraction = double(reversed) / trials;
    qInfo("reversed in %.4f of the steps, expected %.4f ± %.4f", fraction, expected, sigma);
    QVERIFY(std::abs(fraction - expected) < 4 * sigma);
  }

  void sameSeedSameTrajectory() {
    auto backend = lattice(4);
    std::vector<Eigen::Vector3d> finals[3];
    for (int k = 0; k < 3; ++k) {
      MdState s = backend.initialState(39.948);
      Random rng(k == 2 ? 8 : 7);
      initializeVelocities(s, 300.0, rng);
      backend.compute(s.types, s.positions, s.cell, {}, s.forces);
      auto langevin = makeLangevin(300.0, 50.0);
      run(s, backend, *langevin, rng, 2.0, 500, nullptr, nullptr);
      finals[k] = s.positions;
    }
    QVERIFY(finals[0] == finals[1]);
    QVERIFY(!(finals[0] == finals[2]));
  }

  void nveQnepWater_data() {
    QTest::addColumn<QString>("kspace");
    QTest::newRow("ewald") << "ewald";
    QTest::newRow("pppm") << "pppm";
  }
  // 63 water molecules, qNEP mode 2, 0.5 fs, 1 ps. The NEP terms are smooth and Ewald's k-set
  // is fixed in a fixed cell, so any drift comes from the integrator and must be far below the
  // O(dt²) fluctuation (~5e-5 eV/atom); PPPM's ik-differentiated forces are not the exact
  // gradient of its energy, so its bound is looser.
  void nveQnepWater() {
    QFETCH(QString, kspace);
    if (test::sharedDir().isEmpty()) QFAIL("../shared/models not found: set SEI_SHARED_DIR");
    const QDir shared(test::sharedDir());
    auto model = std::make_shared<const NepModel>(
        readNepModel(shared.filePath("models/qnep_mode2_water.txt").toStdString()));
    const Structure water = readExtXyz(shared.filePath("structures/water63.xyz").toStdString());
    NepEvaluatorOptions options;
    options.kspace = parseKSpaceMethod(kspace.toStdString());
    NepEvaluator evaluator(model, options);
    MdState s = makeMdState(water, model->typesOf(water, "water63"));
    Random rng(5);
    initializeVelocities(s, 300.0, rng);
    evaluator.compute(s.types, s.positions, s.cell, {}, s.forces);
    auto nve = makeNve();
    Series energy;
    run(s, evaluator, *nve, rng, 0.5, 2000, &energy, nullptr);
    const double drift = std::abs(energy.slope()) * 2000.0 / s.size();  // eV/atom/ps
    const double rms = std::sqrt(energy.variance()) / s.size();
    qInfo("%s: drift %.2e eV/atom/ps, fluctuation %.2e eV/atom", qPrintable(kspace), drift, rms);
    QVERIFY(drift < (kspace == "ewald" ? 5e-5 : 2e-4));
  }
};

QTEST_APPLESS_MAIN(TestEnsembles)
#include "TestEnsembles.moc"
