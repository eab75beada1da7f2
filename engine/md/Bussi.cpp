#include <cmath>

#include "md/ThermostatBase.hpp"
#include "md/Units.hpp"

namespace sei {
namespace {

/// Velocity Verlet followed by a stochastic rescaling of all velocities whose kinetic energy
/// follows the canonical distribution (Bussi, Donadio, Parrinello 2007).
class Bussi : public md::ThermostatBase {
 public:
  using ThermostatBase::ThermostatBase;
  std::string name() const override { return "nvt_bdp"; }

  void step(MdState& s, double dt, const ForceUpdate& updateForces, Random& rng) override {
    md::halfKick(s, dt);
    md::drift(s, dt);
    updateForces(s);
    md::halfKick(s, dt);

    reservoirEnergy_ -= md::rescaleVelocities(s, temperature_, tau_, dt, rng);
  }
};

}  // namespace

namespace md {

double rescaleVelocities(MdState& s, double temperature, double tau, double dt, Random& rng) {
  const double current = kineticEnergy(s);
  if (current <= 0.0) return 0.0;
  const int dof = s.degreesOfFreedom();
  const double target = 0.5 * dof * units::kBoltzmann * temperature;  // eV
  const double c = tau > 0.0 ? std::exp(-dt / tau) : 0.0;
  const double r1 = rng.normal();
  const double rest = rng.chiSquared(dof - 1);
  const double next = current + (1.0 - c) * (target * (rest + r1 * r1) / dof - current) +
                      2.0 * r1 * std::sqrt(current * target / dof * (1.0 - c) * c);
  const double scale = std::sqrt(std::max(next, 0.0) / current);
  for (auto& v : s.velocities) v *= scale;
  return next - current;
}

}  // namespace md

std::unique_ptr<Ensemble> makeBussi(double temperatureK, double tauFs) {
  return std::make_unique<Bussi>(temperatureK, tauFs);
}

}  // namespace sei
