// Simulation's path for backends that integrate on their device (DeviceIntegrator, the CUDA
// backend): which chunks it hands over, and that the device-resident velocity Verlet of
// engine/cuda/IntegratorAtomKernels.hpp, run here on the host, reproduces the host NVE
// trajectory bit for bit.
#include <QtTest>

#include "LennardJones.hpp"
#include "cuda/IntegratorAtomKernels.hpp"
#include "md/DeviceIntegrator.hpp"
#include "md/Simulation.hpp"
#include "md/Units.hpp"

using namespace sei;

namespace {

/// Lennard-Jones argon whose advanceNve runs the CUDA backend's integrator bodies on the host,
/// in the backend's order (kick-drift for all atoms, forces, half kick for all atoms).
class HostDeviceArgon : public Backend, public DeviceIntegrator {
 public:
  void compute(const std::vector<int>& types, const std::vector<Eigen::Vector3d>& positions,
               const Cell& cell, const ForceRequest& request, ForceResult& result) override {
    argon_.compute(types, positions, cell, request, result);
  }
  void advanceNve(MdState& s, std::int64_t steps, double dt) override {
    ++chunks;
    const int n = static_cast<int>(s.size());
    const double kick = 0.5 * dt / units::kMassVelocity2ToEv;
    for (std::int64_t k = 0; k < steps; ++k) {
      for (int i = 0; i < n; ++i)
        cuda::kickDriftAtom(i, kick, dt, s.masses.data(), s.forces.forces.data()->data(),
                            s.velocities.data()->data(), s.positions.data()->data());
      compute(s.types, s.positions, s.cell, {}, s.forces);
      for (int i = 0; i < n; ++i)
        cuda::halfKickAtom(i, kick, s.masses.data(), s.forces.forces.data()->data(),
                           s.velocities.data()->data());
    }
  }
  int chunks = 0;

 private:
  test::LennardJones argon_{0.0104, 3.40, 8.5};
};

MdState argonState() {
  MdState s = test::LennardJones::cubicState(5, 3.8, 39.948);
  Random rng(3);
  initializeVelocities(s, 110.0, rng);
  return s;
}

}  // namespace

class TestDeviceIntegrator : public QObject {
  Q_OBJECT

 private slots:
  void nveChunksRunOnTheDeviceAndMatchTheHost() {
    auto device = std::make_shared<HostDeviceArgon>();
    Simulation onDevice(device, argonState(), makeNve(), 1);
    Simulation onHost(std::make_shared<test::LennardJones>(0.0104, 3.40, 8.5), argonState(),
                      makeNve(), 1);
    QCOMPARE(onDevice.run(200, 50), std::int64_t(200));
    QCOMPARE(onHost.run(200, 50), std::int64_t(200));
    QCOMPARE(device->chunks, 4);
    QCOMPARE(onDevice.state().step, onHost.state().step);
    QCOMPARE(onDevice.state().time, onHost.state().time);
    for (std::size_t i = 0; i < onHost.state().size(); ++i) {
      QCOMPARE(onDevice.state().positions[i], onHost.state().positions[i]);
      QCOMPARE(onDevice.state().velocities[i], onHost.state().velocities[i]);
    }
    QCOMPARE(onDevice.state().forces.energy, onHost.state().forces.energy);
    // The snapshot published after the last chunk carries the device's state.
    QCOMPARE(onDevice.snapshot()->positions.back(), onHost.state().positions.back());
  }

  void observersAndThermostatsKeepTheHostLoop() {
    auto device = std::make_shared<HostDeviceArgon>();
    Simulation observed(device, argonState(), makeNve(), 1);
    int calls = 0;
    observed.setStepObserver([&](const MdState&, const Thermo&) { ++calls; });
    observed.run(20, 10);
    QCOMPARE(calls, 20);
    Simulation thermostatted(device, argonState(), makeBussi(110.0, 100.0), 1);
    thermostatted.run(20, 10);
    QCOMPARE(device->chunks, 0);
  }
};

QTEST_APPLESS_MAIN(TestDeviceIntegrator)
#include "TestDeviceIntegrator.moc"
