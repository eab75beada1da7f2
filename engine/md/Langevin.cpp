#include <cmath>

#include "md/ThermostatBase.hpp"
#include "md/Units.hpp"
#include "md/EnsembleRegistry.hpp"

namespace sei {
namespace {

/// BAOAB (Leimkuhler–Matthews): exact Ornstein–Uhlenbeck velocity update between two half
/// drifts, which samples configurations accurately even at large time steps.
class Langevin : public md::ThermostatBase {
 public:
  using ThermostatBase::ThermostatBase;
  std::string name() const override { return "nvt_lan"; }
  /// The random forces act on every atom independently, so the centre of mass is thermalised
  /// too and the total momentum is not conserved.
  int degreesOfFreedom(std::size_t atoms) const override { return 3 * static_cast<int>(atoms); }

  void advance(Motion& m, double dt, Random& rng) override {
    m.halfKick(dt);
    m.drift(0.5 * dt);
    const double c1 = std::exp(-dt / tau_);
    const double c2 = std::sqrt(1.0 - c1 * c1);
    const double before = m.kineticEnergy();
    m.ornsteinUhlenbeck(c1, c2, units::kBoltzmann * temperature_, rng);
    reservoirEnergy_ -= m.kineticEnergy() - before;
    m.drift(0.5 * dt);
    m.updateForces();
    m.halfKick(dt);
  }
};

}  // namespace

std::unique_ptr<Ensemble> makeLangevin(double temperatureK, double tauFs) {
  return std::make_unique<Langevin>(temperatureK, tauFs);
}

}  // namespace sei

SEI_ENSEMBLE(nvt_lan) {
  static const sei::EnsembleDescriptor d{
      "nvt_lan", "NVT, Langevin (BAOAB)", sei::EnsembleForm::Thermostat, 1,
      [](const sei::EnsembleSettings& e, double dt, const std::string&) {
        return sei::makeLangevin(e.temperatureStart, e.temperatureCoupling * dt);
      }};
  return d;
}
