#include <cmath>

#include "md/ThermostatBase.hpp"
#include "md/Units.hpp"
#include "md/EnsembleRegistry.hpp"

namespace sei {
namespace {

/// Velocity Verlet followed by a stochastic rescaling of all velocities whose kinetic energy
/// follows the canonical distribution (Bussi, Donadio, Parrinello 2007).
class Bussi : public md::ThermostatBase {
 public:
  using ThermostatBase::ThermostatBase;
  std::string name() const override { return "nvt_bdp"; }

  void advance(Motion& m, double dt, Random& rng) override {
    m.halfKick(dt);
    m.drift(dt);
    m.updateForces();
    m.halfKick(dt);
    reservoirEnergy_ -= md::rescaleVelocities(m, temperature_, tau_, dt, rng);
  }
};

}  // namespace

namespace md {

double rescaleVelocities(Motion& m, double temperature, double tau, double dt, Random& rng) {
  const double current = m.kineticEnergy();
  if (current <= 0.0) return 0.0;
  const int dof = m.degreesOfFreedom();
  const double target = 0.5 * dof * units::kBoltzmann * temperature;  // eV
  const double c = tau > 0.0 ? std::exp(-dt / tau) : 0.0;
  const double r1 = rng.normal();
  const double rest = rng.chiSquared(dof - 1);
  const double next = current + (1.0 - c) * (target * (rest + r1 * r1) / dof - current) +
                      2.0 * r1 * std::sqrt(current * target / dof * (1.0 - c) * c);
  // The factor's sign (Bussi, Donadio, Parrinello 2007, appendix): the velocities are the
  // projection of Nf Ornstein–Uhlenbeck processes onto the current direction, whose component
  // along it, √c·|v| + √((1−c)K̄/Nf)·R1 in kinetic units, may turn negative when τ ≈ Δt.
  const bool reversed = c < 1.0 && r1 + std::sqrt(c * dof * current / ((1.0 - c) * target)) < 0.0;
  const double scale = (reversed ? -1.0 : 1.0) * std::sqrt(std::max(next, 0.0) / current);
  m.scaleVelocities(scale);
  return next - current;
}

}  // namespace md

std::unique_ptr<Ensemble> makeBussi(double temperatureK, double tauFs) {
  return std::make_unique<Bussi>(temperatureK, tauFs);
}

}  // namespace sei

SEI_ENSEMBLE(nvt_bdp) {
  static const sei::EnsembleDescriptor d{
      "nvt_bdp", "NVT, Bussi velocity rescaling", sei::EnsembleForm::Thermostat, 2,
      [](const sei::EnsembleSettings& e, double dt, const std::string&) {
        return sei::makeBussi(e.temperatureStart, e.temperatureCoupling * dt);
      }};
  return d;
}
