#include <cmath>

#include "md/ThermostatBase.hpp"
#include "md/Units.hpp"

namespace sei {
namespace {

/// BAOAB (Leimkuhler–Matthews): exact Ornstein–Uhlenbeck velocity update between two half
/// drifts, which samples configurations accurately even at large time steps.
class Langevin : public md::ThermostatBase {
 public:
  using ThermostatBase::ThermostatBase;
  std::string name() const override { return "nvt_lan"; }

  void step(MdState& s, double dt, const ForceUpdate& updateForces, Random& rng) override {
    md::halfKick(s, dt);
    md::drift(s, 0.5 * dt);
    const double c1 = std::exp(-dt / tau_);
    const double c2 = std::sqrt(1.0 - c1 * c1);
    const double kT = units::kBoltzmann * temperature_;
    const double before = kineticEnergy(s);
    for (std::size_t i = 0; i < s.size(); ++i) {
      const double sigma = std::sqrt(kT / (s.masses[i] * units::kMassVelocity2ToEv));  // Å/fs
      for (int a = 0; a < 3; ++a)
        s.velocities[i][a] = c1 * s.velocities[i][a] + c2 * sigma * rng.normal();
    }
    reservoirEnergy_ -= kineticEnergy(s) - before;
    md::drift(s, 0.5 * dt);
    updateForces(s);
    md::halfKick(s, dt);
  }
};

}  // namespace

std::unique_ptr<Ensemble> makeLangevin(double temperatureK, double tauFs) {
  return std::make_unique<Langevin>(temperatureK, tauFs);
}

}  // namespace sei
