// The CUDA backend on a GPU (ctest label gpu): every golden case against the reference files
// with the tolerances; CPU vs CUDA over 1000 NVE steps of the qNEP water model with the
// NVE energy drift of both (energies from device reductions every step); the device-resident
// NVE path with nothing observed against the CPU. Skips the whole suite
// (SEI_SUITE_SKIPPED) when the build has no CUDA backend or no usable device is present.
#include <QDir>
#include <QFileInfo>
#include <QtTest>

#include "TestSupport.hpp"
#include "io/ExtXyz.hpp"
#include "md/BackendRegistry.hpp"
#include "md/Simulation.hpp"

using namespace sei;

namespace {

using Table = std::vector<std::vector<double>>;

/// Largest |reference − actual| over the rows of a reference file (row-major 9 for matrices).
double worstDifference(const Table& reference, const std::vector<std::vector<double>>& actual) {
  double worst = reference.size() > actual.size() ? INFINITY : 0.0;
  for (std::size_t i = 0; i < reference.size() && i < actual.size(); ++i)
    for (std::size_t k = 0; k < reference[i].size() && k < actual[i].size(); ++k)
      worst = std::max(worst, std::abs(reference[i][k] - actual[i][k]));
  return worst;
}

std::vector<std::vector<double>> rows(const std::vector<Eigen::Vector3d>& v) {
  std::vector<std::vector<double>> t;
  for (const auto& x : v) t.push_back({x[0], x[1], x[2]});
  return t;
}
std::vector<std::vector<double>> rows(const std::vector<Eigen::Matrix3d>& v) {
  std::vector<std::vector<double>> t;
  for (const auto& m : v)
    t.push_back({m(0, 0), m(0, 1), m(0, 2), m(1, 0), m(1, 1), m(1, 2), m(2, 0), m(2, 1), m(2, 2)});
  return t;
}
std::vector<std::vector<double>> rows(const std::vector<double>& v) {
  std::vector<std::vector<double>> t;
  for (double x : v) t.push_back({x});
  return t;
}

/// Total energy (eV) after each of `steps` NVE steps of 0.5 fs from 300 K.
std::vector<double> nveEnergies(std::shared_ptr<Backend> backend, const Structure& s,
                                const std::vector<int>& types, int steps, MdState* last) {
  MdState state = makeMdState(s, types);
  Random rng(42);
  initializeVelocities(state, 300.0, rng);
  Simulation sim(std::move(backend), std::move(state), makeNve(), 42);
  sim.setTimeStep(0.5);
  std::vector<double> energies;
  // Thermodynamic scalars only: on the GPU they are reduced there and nothing else comes back.
  sim.setStepObserver(
      [&](const MdState&, const Thermo& t) {
        energies.push_back(t.potentialEnergy + t.kineticEnergy);
      },
      [](std::int64_t) { return Simulation::StepNeed::Thermo; });
  sim.run(steps, 100);
  if (last) *last = sim.state();
  return energies;
}

/// The qNEP mode-1 water model and 63 water molecules from the shared folder.
std::pair<std::shared_ptr<const NepModel>, Structure> qnepWater() {
  const QDir shared(test::sharedDir());
  return {std::make_shared<const NepModel>(
              readNepModel(shared.filePath("models/qnep_mode1_water.txt").toStdString())),
          readExtXyz(shared.filePath("structures/water63.xyz").toStdString())};
}

NepEvaluatorOptions pppmOptions() {
  NepEvaluatorOptions options;
  options.kspace = KSpaceMethod::Pppm;
  return options;
}

}  // namespace

class TestCudaBackend : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    if (test::announceMissingCudaDevice()) QSKIP("no usable CUDA device");
  }

  void goldenCases_data() {
    QTest::addColumn<QString>("folder");
    for (const QString& c : test::goldenCases())
      QTest::newRow(qPrintable(QFileInfo(c).fileName())) << c;
  }
  void goldenCases() {
    QFETCH(QString, folder);
    const QDir dir(folder);
    auto model =
        std::make_shared<const NepModel>(readNepModel(dir.filePath("nep.txt").toStdString()));
    const Structure s = readExtXyz(dir.filePath("model.xyz").toStdString());
    NepEvaluatorOptions options;
    options.kspace = KSpaceMethod::Ewald;  // the golden files use Ewald
    auto backend = makeBackend("cuda", model, options).backend;
    ForceRequest request;  // every file of the golden folders: per-atom values and BEC
    request.atomResolved = true;
    request.perAtomVirial = true;
    request.bornEffectiveCharges = true;
    ForceResult r;
    backend->compute(model->typesOf(s, "golden"), s.positions, s.cell, request, r);
    // Issue 8: energy 1e-6 relative (to Σ|E_i|, see TestCudaKernelsOnHost), forces 1e-4 eV/Å,
    // charges 1e-5 e, virial 1e-3 eV.
    const Table energy = test::readTable(dir.filePath("energy.txt").toStdString());
    double scale = 1.0;
    for (double e : r.perAtomEnergy) scale += std::abs(e);
    QVERIFY2(std::abs(energy[0][0] - r.energy) <= 1e-6 * scale,
             qPrintable(QString("energy %1 vs %2").arg(r.energy, 0, 'g', 12).arg(energy[0][0])));
    struct Check {
      const char* file;
      std::vector<std::vector<double>> actual;
      double tolerance;
    };
    const std::vector<Check> checks = {
        {"forces.txt", rows(r.forces), 1e-4},
        {"virial.txt", rows(std::vector<Eigen::Matrix3d>{r.virial}), 1e-3},
        {"per_atom_virial.txt", rows(r.perAtomVirial), 1e-3},
        {"charges.txt", rows(r.charges), 1e-5},
        {"bec.txt", rows(r.bec), 1e-4},
    };
    for (const Check& c : checks) {
      if (!dir.exists(c.file)) continue;
      const double worst =
          worstDifference(test::readTable(dir.filePath(c.file).toStdString()), c.actual);
      qInfo("%s: max |diff| %.3e", c.file, worst);
      QVERIFY2(worst <= c.tolerance, c.file);
    }
  }

  // 1000 NVE steps of qNEP water (PPPM) on both backends: trajectories stay close, and the
  // CUDA run conserves energy about as well as the CPU double engine.
  void nveAgainstCpu() {
    if (test::sharedDir().isEmpty()) QFAIL("no shared folder (SEI_SHARED_DIR)");
    const auto water = qnepWater();
    const auto& model = water.first;
    const Structure& s = water.second;
    const auto types = model->typesOf(s, "water63");
    const NepEvaluatorOptions options = pppmOptions();
    MdState cpuLast, gpuLast;
    const auto cpu =
        nveEnergies(makeBackend("cpu", model, options).backend, s, types, 1000, &cpuLast);
    const auto gpu =
        nveEnergies(makeBackend("cuda", model, options).backend, s, types, 1000, &gpuLast);
    QCOMPARE(gpu.size(), cpu.size());
    auto drift = [](const std::vector<double>& e) {
      double d = 0.0;
      for (double x : e) d = std::max(d, std::abs(x - e.front()));
      return d;
    };
    double maxEnergyGap = 0.0;
    for (std::size_t k = 0; k < cpu.size(); ++k)
      maxEnergyGap = std::max(maxEnergyGap, std::abs(cpu[k] - gpu[k]));
    double maxPositionGap = 0.0;
    for (std::size_t i = 0; i < s.size(); ++i)
      maxPositionGap =
          std::max(maxPositionGap, (cpuLast.positions[i] - gpuLast.positions[i]).norm());
    qInfo(
        "NVE 1000 steps: drift cpu %.3e eV, cuda %.3e eV; max |E_cpu − E_cuda| %.3e eV; "
        "max position gap %.3e Å",
        drift(cpu), drift(gpu), maxEnergyGap, maxPositionGap);
    // 0.5 ps of water: float rounding makes trajectories diverge slowly (chaos), not jump.
    QVERIFY(maxPositionGap < 0.05);
    QVERIFY(maxEnergyGap < 1e-2);
    QVERIFY(drift(gpu) < 3.0 * drift(cpu) + 1e-3);
  }

  // The same 1000 steps with no step observer (nothing comes back before the end of the run):
  // the device-resident velocity Verlet must follow the CPU trajectory as closely as the
  // observed run above does.
  void deviceResidentNve() {
    if (test::sharedDir().isEmpty()) QFAIL("no shared folder (SEI_SHARED_DIR)");
    const auto water = qnepWater();
    const auto& model = water.first;
    const Structure& s = water.second;
    const NepEvaluatorOptions options = pppmOptions();
    auto run = [&](const std::string& backend) {
      MdState state = makeMdState(s, model->typesOf(s, "water63"));
      Random rng(42);
      initializeVelocities(state, 300.0, rng);
      Simulation sim(makeBackend(backend, model, options).backend, std::move(state), makeNve(), 42);
      sim.setTimeStep(0.5);
      sim.run(1000, 100);
      return sim.state();
    };
    const MdState cpu = run("cpu"), gpu = run("cuda");
    QCOMPARE(gpu.step, cpu.step);
    double gap = 0.0;
    for (std::size_t i = 0; i < s.size(); ++i)
      gap = std::max(gap, (cpu.positions[i] - gpu.positions[i]).norm());
    const double energyGap =
        std::abs(cpu.forces.energy + kineticEnergy(cpu) - gpu.forces.energy - kineticEnergy(gpu));
    qInfo("device-resident NVE, 1000 steps: max position gap %.3e Å, total energy gap %.3e eV", gap,
          energyGap);
    QVERIFY(gap < 0.05);
    QVERIFY(energyGap < 1e-2);
  }
};

QTEST_APPLESS_MAIN(TestCudaBackend)
#include "TestCudaBackend.moc"
