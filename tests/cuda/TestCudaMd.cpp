// MD resident on the GPU (ctest label gpu): the device reductions and guard against the host's
// values on the downloaded state; Langevin, Bussi and Nosé–Hoover reaching their target
// temperature on the qNEP water model; NPT keeping a sane volume with forces that still match
// the CPU evaluator after the cell has been strained (the strained neighbour list must not
// miss pairs); asynchronous snapshots equal to a synchronous run's state at their step. Skips
// the whole suite (SEI_SUITE_SKIPPED) without a CUDA backend or a usable device.
#include <QDir>
#include <QtTest>
#include <cmath>

#include "TestSupport.hpp"
#include "io/ExtXyz.hpp"
#include "md/BackendRegistry.hpp"
#include "md/DeviceIntegrator.hpp"
#include "md/Simulation.hpp"
#include "md/Units.hpp"

using namespace sei;

namespace {

struct Water {
  std::shared_ptr<const NepModel> model;
  Structure structure;
  std::vector<int> types;
};

/// A water model and 504 water atoms from the shared folder.
Water water(const char* modelFile) {
  const QDir shared(test::sharedDir());
  Water w;
  w.model = std::make_shared<const NepModel>(
      readNepModel(shared.filePath(QString("models/") + modelFile).toStdString()));
  w.structure =
      readExtXyz(shared.filePath("structures/water504_2x2x2_rattled_s2.xyz").toStdString());
  w.types = w.model->typesOf(w.structure, "water504");
  return w;
}

std::shared_ptr<Backend> cudaBackend(const Water& w) {
  NepEvaluatorOptions options;
  options.kspace = KSpaceMethod::Pppm;
  return makeBackend("cuda", w.model, options).backend;
}

MdState thermal(const Water& w, double temperatureK) {
  MdState s = makeMdState(w.structure, w.types);
  Random rng(5);
  initializeVelocities(s, temperatureK, rng);
  return s;
}

/// Mean temperature (K) over the steps after `skip` of a run of `steps` steps of 0.5 fs.
double meanTemperature(Simulation& sim, std::int64_t steps, std::int64_t skip) {
  double sum = 0.0;
  int samples = 0;
  sim.setTimeStep(0.5);
  sim.setStepObserver(
      [&](const MdState&, const Thermo& t) {
        sum += t.temperature;
        ++samples;
      },
      [skip](std::int64_t step) {
        return step > skip ? Simulation::StepNeed::Thermo : Simulation::StepNeed::None;
      });
  sim.run(steps, 100);
  return sum / samples;
}

double largestForceGap(const std::vector<Eigen::Vector3d>& a,
                       const std::vector<Eigen::Vector3d>& b) {
  double gap = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) gap = std::max(gap, (a[i] - b[i]).norm());
  return gap;
}

}  // namespace

class TestCudaMd : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    if (test::announceMissingCudaDevice()) QSKIP("no usable CUDA device");
    if (test::sharedDir().isEmpty()) QFAIL("no shared folder (SEI_SHARED_DIR)");
  }

  // Kinetic tensor, virial, energy and guard values reduced on the device against the same
  // quantities computed on the host from the downloaded state: only summation order differs.
  void reductionsMatchTheHost() {
    const Water w = water("qnep_mode1_water.txt");
    auto backend = cudaBackend(w);
    auto* device = dynamic_cast<DeviceIntegrator*>(backend.get());
    QVERIFY(device);
    MdState s = thermal(w, 300.0);
    device->upload(s);
    device->download(s);
    const Eigen::Matrix3d k = device->motion().kineticTensor();
    QVERIFY((k - kineticTensor(s)).norm() <= 1e-12 * kineticTensor(s).norm());
    QVERIFY((device->motion().virial() - s.forces.virial).norm() <= 1e-10 * s.forces.virial.norm());
    QVERIFY(std::abs(device->potentialEnergy() - s.forces.energy) <= 1e-10 * s.size());
    const GuardScalars g = device->guardScalars();
    double maxForce = 0.0, closest = INFINITY;
    for (const auto& f : s.forces.forces) maxForce = std::max(maxForce, f.norm());
    for (std::size_t i = 0; i < s.size(); ++i)
      for (std::size_t j = i + 1; j < s.size(); ++j) {
        Eigen::Vector3d f = s.cell.inverse() * (s.positions[j] - s.positions[i]);
        for (int a = 0; a < 3; ++a) f[a] -= std::round(f[a]);
        closest = std::min(closest, (s.cell.matrix() * f).norm());
      }
    qInfo("guard: max force %.6f (host %.6f) eV/Å, closest pair %.6f (host %.6f) Å", g.maxForce,
          maxForce, g.minDistance, closest);
    QVERIFY(std::abs(g.maxForce - maxForce) <= 1e-14 * maxForce);  // fused multiply-adds
    QVERIFY(std::abs(g.minDistance - closest) < 1e-12);
  }

  void thermostatsReachTheirTarget_data() {
    QTest::addColumn<QString>("ensemble");
    for (const char* e : {"nvt_lan", "nvt_bdp", "nvt_nhc"}) QTest::newRow(e) << QString(e);
  }
  // From 200 K to a 300 K target with τ = 50 fs: the mean over the last 2 ps is within 3 %.
  // 504 atoms give σ_T/T = √(2/1509) = 3.6 % per sample; 4000 samples correlated over about
  // 100 steps leave ~0.6 % (1σ) on the mean.
  void thermostatsReachTheirTarget() {
    QFETCH(QString, ensemble);
    const Water w = water("qnep_mode1_water.txt");
    std::unique_ptr<Ensemble> e = ensemble == "nvt_lan"   ? makeLangevin(300.0, 50.0)
                                  : ensemble == "nvt_bdp" ? makeBussi(300.0, 50.0)
                                                          : makeNoseHooverChain(300.0, 50.0);
    Simulation sim(cudaBackend(w), thermal(w, 200.0), std::move(e), 9);
    const double mean = meanTemperature(sim, 6000, 2000);
    qInfo("%s: mean temperature %.2f K over steps 2001-6000 (target 300 K)", qPrintable(ensemble),
          mean);
    QVERIFY(std::abs(mean - 300.0) < 0.03 * 300.0);
  }

  // Isotropic NPT at 0 GPa for 2 ps: the volume stays within 15 % of the liquid's, and the
  // forces the device computed after all the cell strains agree with the CPU evaluator on the
  // final positions and cell as closely as on a fresh structure (float per-pair math).
  void nptKeepsASaneVolumeAndCorrectForces() {
    const Water w = water("qnep_mode1_water.txt");
    BarostatSettings b;
    b.tau = 500.0;
    Simulation sim(cudaBackend(w), thermal(w, 300.0), makeStochasticCellRescaling(300.0, 50.0, b),
                   9);
    sim.setTimeStep(0.5);
    const double v0 = sim.state().cell.volume();
    sim.run(4000, 100);
    const double v = sim.state().cell.volume();
    qInfo("NPT 2 ps: volume %.1f -> %.1f Å^3", v0, v);
    QVERIFY(v > 0.85 * v0 && v < 1.15 * v0);
    NepEvaluatorOptions options;
    options.kspace = KSpaceMethod::Pppm;
    NepEvaluator cpu(w.model, options);
    ForceResult reference;
    cpu.compute(sim.state().types, sim.state().positions, sim.state().cell, {}, reference);
    const double gap = largestForceGap(reference.forces, sim.state().forces.forces);
    qInfo("forces after NPT: max |F_cpu - F_cuda| %.3e eV/Å", gap);
    QVERIFY(gap < 1e-4);
  }

  // NVE of the charge-free water model (no atomics on the trajectory's path): the snapshot
  // copied asynchronously at step 100 equals the state a run of exactly 100 steps downloads.
  void asynchronousSnapshotMatchesSynchronousState() {
    const Water w = water("nep_water.txt");
    Simulation async(cudaBackend(w), thermal(w, 300.0), makeNve(), 3);
    std::vector<std::shared_ptr<const Snapshot>> seen;
    async.run(150, 50, [&](const Progress&) { seen.push_back(async.snapshot()); });
    std::shared_ptr<const Snapshot> at100;
    for (const auto& s : seen)
      if (s->step == 100) at100 = s;
    QVERIFY2(at100, "the snapshot of step 100 was not published before the end of the run");
    Simulation sync(cudaBackend(w), thermal(w, 300.0), makeNve(), 3);
    sync.run(100, 100);
    const MdState& ref = sync.state();
    double gap = largestForceGap(at100->positions, ref.positions);
    gap = std::max(gap, largestForceGap(at100->velocities, ref.velocities));
    qInfo("asynchronous snapshot at step 100 vs synchronous state: max gap %.3e", gap);
    QVERIFY(gap < 1e-10);
    QCOMPARE(at100->forces.size(), ref.size());
    QVERIFY(std::abs(at100->thermo.temperature - temperature(ref)) < 1e-9);
  }
};

QTEST_APPLESS_MAIN(TestCudaMd)
#include "TestCudaMd.moc"
