// Simulation's path for backends that integrate on their device (DeviceIntegrator, the CUDA
// backend), run on the host: a device whose "device memory" is a private MdState moved by the
// per-atom bodies the CUDA kernels run (md/AtomMotion.hpp) and whose O step draws the kernels'
// counter-based normals. Every ensemble advanced through it must reproduce the host ensembles
// bit for bit (the reductions here are summed in host order; on a GPU they differ in rounding
// only); Langevin, whose device noise is a different stream by design, must reproduce its
// deterministic part exactly and reach the target temperature. Also: writers' scalar-only
// steps, asynchronous snapshots (published late, equal to the state at their step), the guard.
#include <QtTest>
#include <cmath>

#include "LennardJones.hpp"
#include "md/AtomMotion.hpp"
#include "md/DeviceIntegrator.hpp"
#include "md/HostMotion.hpp"
#include "md/Simulation.hpp"

using namespace sei;

namespace {

/// HostMotion whose O step is the CUDA kernel's: one key per step from the run's Random, then
/// the counter-based normals of each atom.
class CounterNoiseMotion : public HostMotion {
 public:
  CounterNoiseMotion(MdState& state, const ForceUpdate& update)
      : HostMotion(state, update), state_(state) {}
  void ornsteinUhlenbeck(double c1, double c2, double kT, Random& rng) override {
    const std::uint64_t key = rng.bits();
    for (int i = 0; i < static_cast<int>(state_.size()); ++i) {
      double noise[3];
      md::langevinNoise(key, i, noise);
      md::ornsteinUhlenbeckAtom(i, c1, c2, kT, state_.masses.data(), noise,
                                state_.velocities.data()->data());
    }
  }

 private:
  MdState& state_;
};

/// Lennard-Jones argon behind the DeviceIntegrator interface, with the device run on the host.
/// Snapshot copies arrive at the first poll after they start, as a fast GPU's would.
class HostDeviceArgon : public Backend, public DeviceIntegrator {
 public:
  void compute(const std::vector<int>& types, const std::vector<Eigen::Vector3d>& positions,
               const Cell& cell, const ForceRequest& request, ForceResult& result) override {
    argon_.compute(types, positions, cell, request, result);
  }
  void upload(const MdState& state) override {
    ++uploads;
    device_ = state;
    update_(device_);
  }
  Motion& motion() override { return motion_; }
  void download(MdState& state) override {
    ++downloads;
    state.positions = device_.positions;
    state.velocities = device_.velocities;
    state.cell = device_.cell;
    state.forces = device_.forces;
  }
  double potentialEnergy() override { return device_.forces.energy; }
  GuardScalars guardScalars() override {
    GuardScalars g{0.0, INFINITY};
    for (const auto& f : device_.forces.forces) g.maxForce = std::max(g.maxForce, f.norm());
    const Eigen::Matrix3d& h = device_.cell.matrix();
    for (std::size_t i = 0; i < device_.size(); ++i)
      for (std::size_t j = i + 1; j < device_.size(); ++j) {
        Eigen::Vector3d s = device_.cell.inverse() * (device_.positions[j] - device_.positions[i]);
        for (int a = 0; a < 3; ++a) s[a] -= std::round(s[a]);
        g.minDistance = std::min(g.minDistance, (h * s).norm());
      }
    return g;
  }
  bool startSnapshotCopy() override {
    if (copy_) return false;
    ++snapshotCopies;
    copy_ = std::make_unique<MdState>(device_);
    return true;
  }
  bool finishSnapshotCopy(Snapshot& into, bool) override {
    if (!copy_) return false;
    into.positions = copy_->positions;
    into.velocities = copy_->velocities;
    into.forces = copy_->forces.forces;
    into.perAtomEnergy = copy_->forces.perAtomEnergy;
    into.charges = copy_->forces.charges;
    copy_.reset();
    return true;
  }

  int uploads = 0, downloads = 0, snapshotCopies = 0;

 private:
  test::LennardJones argon_{0.0104, 3.40, 8.5};
  MdState device_;
  ForceUpdate update_ = [this](MdState& s) { compute(s.types, s.positions, s.cell, {}, s.forces); };
  CounterNoiseMotion motion_{device_, update_};
  std::unique_ptr<MdState> copy_;
};

MdState argonState() {
  MdState s = test::LennardJones::cubicState(5, 3.8, 39.948);
  Random rng(3);
  initializeVelocities(s, 110.0, rng);
  return s;
}

std::unique_ptr<Ensemble> ensembleNamed(const QString& name, double temperature = 110.0) {
  if (name == "nvt_lan") return makeLangevin(temperature, 50.0);
  if (name == "nvt_bdp") return makeBussi(temperature, 50.0);
  if (name == "nvt_nhc") return makeNoseHooverChain(temperature, 50.0);
  if (name.startsWith("npt_scr")) {
    BarostatSettings b;
    b.pressure = Eigen::Vector3d(0.01, 0.02, -0.01);
    b.modulus = Eigen::Vector3d::Constant(1.0);
    b.tau = 200.0;
    if (name.endsWith("aniso")) b.coupling = PressureCoupling::Anisotropic;
    if (name.endsWith("lateral")) b.coupling = PressureCoupling::Lateral;
    if (name.endsWith("axial")) b.coupling = PressureCoupling::AxialZ;
    return makeStochasticCellRescaling(temperature, 50.0, b);
  }
  return makeNve();
}

/// The same run on the host backend and on the host-run device.
struct Pair {
  std::shared_ptr<HostDeviceArgon> device = std::make_shared<HostDeviceArgon>();
  Simulation onDevice, onHost;
  explicit Pair(const QString& ensemble, double temperature = 110.0)
      : onDevice(device, argonState(), ensembleNamed(ensemble, temperature), 7),
        onHost(std::make_shared<test::LennardJones>(0.0104, 3.40, 8.5), argonState(),
               ensembleNamed(ensemble, temperature), 7) {
    onDevice.setTimeStep(2.0);
    onHost.setTimeStep(2.0);
  }
};

void compareStates(const MdState& a, const MdState& b) {
  QCOMPARE(a.step, b.step);
  QCOMPARE(a.time, b.time);
  QCOMPARE(a.cell.matrix(), b.cell.matrix());
  for (std::size_t i = 0; i < a.size(); ++i) {
    QCOMPARE(a.positions[i], b.positions[i]);
    QCOMPARE(a.velocities[i], b.velocities[i]);
  }
  QCOMPARE(a.forces.energy, b.forces.energy);
}

/// Mean temperature (K) over steps 501–3000 of 2 fs.
double meanTemperature(Simulation& sim) {
  double sum = 0.0;
  int samples = 0;
  sim.setStepObserver(
      [&](const MdState&, const Thermo& t) {
        sum += t.temperature;
        ++samples;
      },
      [](std::int64_t step) {
        return step > 500 ? Simulation::StepNeed::Thermo : Simulation::StepNeed::None;
      });
  sim.run(3000, 100);
  return sum / samples;
}

}  // namespace

class TestDeviceIntegrator : public QObject {
  Q_OBJECT

 private slots:
  void everyEnsembleMatchesTheHost_data() {
    QTest::addColumn<QString>("ensemble");
    for (const char* e : {"nve", "nvt_bdp", "nvt_nhc", "npt_scr", "npt_scr_aniso",
                          "npt_scr_lateral", "npt_scr_axial"})
      QTest::newRow(e) << QString(e);
  }
  void everyEnsembleMatchesTheHost() {
    QFETCH(QString, ensemble);
    Pair p(ensemble);
    p.onDevice.setTemperatureRamp(110.0, 90.0, 200);
    p.onHost.setTemperatureRamp(110.0, 90.0, 200);
    QCOMPARE(p.onDevice.run(200, 50), std::int64_t(200));
    QCOMPARE(p.onHost.run(200, 50), std::int64_t(200));
    compareStates(p.onDevice.state(), p.onHost.state());
    QCOMPARE(p.onDevice.ensemble().reservoirEnergy(), p.onHost.ensemble().reservoirEnergy());
    QCOMPARE(p.onDevice.random().state(), p.onHost.random().state());
    // Atoms crossed the bus twice: up at the start, down at the end.
    QCOMPARE(p.device->uploads, 1);
    QCOMPARE(p.device->downloads, 1);
    if (ensemble.startsWith("npt")) QVERIFY(p.onHost.state().cell.volume() != 54.872e3 / 8);
  }

  // Langevin's device noise is a counter-based stream keyed by one word per step, not the
  // host's sequential normals: with no noise (0 K) the two integrators are the same, and at
  // 110 K both hold the same temperature. 372 degrees of freedom give σ_T/T = 7 % per sample;
  // over 2500 correlated samples the means scatter by about 1 %, and BAOAB at 2 fs reads a
  // little above the target on both paths. A noise of the wrong size would be off by far more.
  void langevinOnTheDevice() {
    Pair cold("nvt_lan", 0.0);
    cold.onDevice.run(100, 50);
    cold.onHost.run(100, 50);
    compareStates(cold.onDevice.state(), cold.onHost.state());
    QCOMPARE(cold.onDevice.ensemble().reservoirEnergy(), cold.onHost.ensemble().reservoirEnergy());

    Pair warm("nvt_lan");
    const double onDevice = meanTemperature(warm.onDevice), onHost = meanTemperature(warm.onHost);
    qInfo("Langevin, mean temperature over 5 ps: device path %.2f K, host %.2f K (target 110 K)",
          onDevice, onHost);
    QVERIFY(std::abs(onDevice - onHost) < 0.03 * 110.0);
  }

  void checkpointsRestartTheDevicePathExactly_data() {
    QTest::addColumn<QString>("ensemble");
    for (const char* e : {"nvt_lan", "nvt_nhc", "npt_scr_aniso"}) QTest::newRow(e) << QString(e);
  }
  // 100 steps, a checkpoint, and 100 more in a fresh Simulation equal 200 steps in one go:
  // the device path draws its random numbers (Langevin's per-step keys included) from the
  // checkpointed Random only.
  void checkpointsRestartTheDevicePathExactly() {
    QFETCH(QString, ensemble);
    Pair straight(ensemble);
    straight.onDevice.run(200, 50);
    Pair first(ensemble), second(ensemble);
    first.onDevice.run(100, 50);
    second.onDevice.restore(first.onDevice.checkpoint());
    second.onDevice.run(100, 50);
    compareStates(second.onDevice.state(), straight.onDevice.state());
    QCOMPARE(second.onDevice.random().state(), straight.onDevice.random().state());
  }

  void counterNormalsAreStandardAndIndependent() {
    const int n = 200000;
    const std::uint64_t key = Random(11).bits();
    double m1 = 0, m2 = 0, m4 = 0, lag = 0, cross = 0;
    double previous = md::normalAt(key, 0);
    for (int k = 0; k < n; ++k) {
      const double x = md::normalAt(key, k), y = md::normalAt(key + 1, k);
      m1 += x;
      m2 += x * x;
      m4 += x * x * x * x;
      if (k > 0) lag += x * previous;
      cross += x * y;
      previous = x;
    }
    m1 /= n, m2 /= n, m4 /= n, lag /= n - 1, cross /= n;
    qInfo("counter normals: mean %.4f var %.4f kurtosis %.3f lag-1 %.4f cross-key %.4f", m1, m2, m4,
          lag, cross);
    // 5σ bounds: σ(mean) = 1/√n, σ(var) = √(2/n), σ(m4) = √(96/n), σ(products) = 1/√n.
    const double s = 1.0 / std::sqrt(n);
    QVERIFY(std::abs(m1) < 5 * s);
    QVERIFY(std::abs(m2 - 1.0) < 5 * std::sqrt(2.0) * s);
    QVERIFY(std::abs(m4 - 3.0) < 5 * std::sqrt(96.0) * s);
    QVERIFY(std::abs(lag) < 5 * s);
    QVERIFY(std::abs(cross) < 5 * s);
    // The uniforms obey Random::uniform()'s convention: strictly inside (0, 1).
    QVERIFY(md::uniformAt(0, 0) > 0.0 && md::uniformAt(0, 0) < 1.0);
  }

  // Writers: scalar-only steps get the host's thermo bit for bit without moving atoms; steps
  // that need atoms download them.
  void observersGetScalarsOrAtomsAsScheduled() {
    Pair p("nvt_bdp");
    std::vector<Thermo> deviceThermo, hostThermo;
    std::vector<MdState> deviceStates, hostStates;
    const auto schedule = [](std::int64_t step) {
      if (step % 50 == 0) return Simulation::StepNeed::State;
      return step % 10 == 0 ? Simulation::StepNeed::Thermo : Simulation::StepNeed::None;
    };
    auto recorder = [schedule](std::vector<Thermo>& thermo, std::vector<MdState>& states) {
      return [&thermo, &states, schedule](const MdState& s, const Thermo& t) {
        thermo.push_back(t);
        if (schedule(s.step) == Simulation::StepNeed::State) states.push_back(s);
      };
    };
    p.onDevice.setStepObserver(recorder(deviceThermo, deviceStates), schedule);
    p.onHost.setStepObserver(recorder(hostThermo, hostStates), schedule);
    p.onDevice.run(200, 100);
    p.onHost.run(200, 100);
    QCOMPARE(deviceThermo.size(), std::size_t(20));
    QCOMPARE(hostThermo.size(), std::size_t(20));
    for (std::size_t k = 0; k < hostThermo.size(); ++k) {
      QCOMPARE(deviceThermo[k].temperature, hostThermo[k].temperature);
      QCOMPARE(deviceThermo[k].potentialEnergy, hostThermo[k].potentialEnergy);
      QCOMPARE(deviceThermo[k].conservedEnergy, hostThermo[k].conservedEnergy);
      QCOMPARE(deviceThermo[k].pressure, hostThermo[k].pressure);
    }
    QCOMPARE(deviceStates.size(), std::size_t(4));
    for (std::size_t k = 0; k < hostStates.size(); ++k)
      compareStates(deviceStates[k], hostStates[k]);
    QCOMPARE(p.device->downloads, 4 + 1);  // the State steps and the end of the run
  }

  // Snapshots of device runs are copied asynchronously at the end of each chunk and published
  // when they arrive: a reader sees the previous chunk's, equal to the state at that step.
  void snapshotsArriveLateAndMatchTheirStep() {
    Pair p("nvt_nhc");
    std::vector<std::shared_ptr<const Snapshot>> seen;
    p.onDevice.run(150, 50, [&](const Progress&) { seen.push_back(p.onDevice.snapshot()); });
    QCOMPARE(p.device->snapshotCopies, 2);  // none at the end: the run's end publishes itself
    QCOMPARE(seen.size(), std::size_t(3));
    QCOMPARE(seen[0]->step, std::int64_t(0));  // the copy from step 50 has not been polled yet
    QCOMPARE(seen[1]->step, std::int64_t(50));
    QCOMPARE(seen[2]->step, std::int64_t(100));
    QCOMPARE(p.onDevice.snapshot()->step, std::int64_t(150));  // the end of run is synchronous
    p.onHost.run(100, 50);
    const MdState& host = p.onHost.state();
    const Snapshot& at100 = *seen[2];
    QCOMPARE(at100.symbols->size(), host.size());
    for (std::size_t i = 0; i < host.size(); ++i) {
      QCOMPARE(at100.positions[i], host.positions[i]);
      QCOMPARE(at100.velocities[i], host.velocities[i]);
      QCOMPARE(at100.forces[i], host.forces.forces[i]);
      QCOMPARE(at100.perAtomEnergy[i], host.forces.perAtomEnergy[i]);
    }
    QCOMPARE(at100.cell.matrix(), host.cell.matrix());
    QCOMPARE(at100.thermo.temperature, p.onHost.thermo().temperature);
    QCOMPARE(at100.thermo.conservedEnergy, p.onHost.thermo().conservedEnergy);
  }

  // The guard is evaluated on the device every step; when it trips, the host checks name the
  // atom and the last good state is the last snapshot that arrived.
  void guardTripsOnTheDevice() {
    Pair p("nve");
    p.onDevice.run(100, 50);
    BlowUpGuard tight;
    tight.maxForce = 1e-6;  // eV/Å: any force trips it
    p.onDevice.setBlowUpGuard(tight);
    try {
      p.onDevice.run(100, 50);
      QFAIL("no BlowUpError");
    } catch (const BlowUpError& e) {
      QVERIFY2(QString(e.what()).contains("step 101: atom"), e.what());
    }
    QCOMPARE(p.onDevice.lastGood().step, std::int64_t(100));
    QCOMPARE(p.onDevice.state().step, std::int64_t(101));
    p.onHost.run(101, 50);
    QCOMPARE(p.onDevice.state().positions.back(), p.onHost.state().positions.back());
  }
};

QTEST_APPLESS_MAIN(TestDeviceIntegrator)
#include "TestDeviceIntegrator.moc"
