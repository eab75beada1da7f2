#include <array>
#include <cmath>
#include <istream>
#include <ostream>
#include <stdexcept>

#include "md/ThermostatBase.hpp"
#include "md/Units.hpp"
#include "md/EnsembleRegistry.hpp"

namespace sei {
namespace {

/// Nosé–Hoover chain thermostat (Martyna, Klein, Tuckerman 1992) with the time-reversible
/// Trotter splitting of Martyna, Tuckerman, Tobias, Klein (1996): chain half step, velocity
/// Verlet, chain half step.
class NoseHooverChain : public md::ThermostatBase {
 public:
  static constexpr int kLength = 4;

  using ThermostatBase::ThermostatBase;
  std::string name() const override { return "nvt_nhc"; }

  void advance(Motion& m, double dt, Random&) override {
    chainHalfStep(m, dt);
    m.halfKick(dt);
    m.drift(dt);
    m.updateForces();
    m.halfKick(dt);
    chainHalfStep(m, dt);
    // Extended-system energy: Σ ½Q v² + N_f kT ξ_1 + kT Σ_{j>1} ξ_j.
    const double kT = units::kBoltzmann * temperature_;
    reservoirEnergy_ = 0.0;
    for (int j = 0; j < kLength; ++j)
      reservoirEnergy_ += 0.5 * mass(m, j) * velocity_[j] * velocity_[j] +
                          (j == 0 ? m.degreesOfFreedom() : 1) * kT * position_[j];
  }

  void saveState(std::ostream& out) const override {
    Ensemble::saveState(out);
    for (int j = 0; j < kLength; ++j) out << position_[j] << ' ' << velocity_[j] << '\n';
  }
  void loadState(std::istream& in) override {
    Ensemble::loadState(in);
    for (int j = 0; j < kLength; ++j) in >> position_[j] >> velocity_[j];
    if (!in) throw std::invalid_argument("corrupt Nosé–Hoover chain state");
  }

 private:
  double mass(const Motion& m, int j) const {  ///< Q_j, eV·fs²
    const double kT = units::kBoltzmann * temperature_;
    return (j == 0 ? m.degreesOfFreedom() : 1) * kT * tau_ * tau_;
  }

  double force(const Motion& m, int j, double kinetic) const {  ///< G_j, 1/fs²
    const double kT = units::kBoltzmann * temperature_;
    if (j == 0) return (2.0 * kinetic - m.degreesOfFreedom() * kT) / mass(m, 0);
    return (mass(m, j - 1) * velocity_[j - 1] * velocity_[j - 1] - kT) / mass(m, j);
  }

  void chainHalfStep(Motion& m, double dt) {
    const double quarter = 0.25 * dt, eighth = 0.125 * dt;
    double kinetic = m.kineticEnergy();
    const int last = kLength - 1;
    velocity_[last] += force(m, last, kinetic) * quarter;
    for (int j = last - 1; j >= 0; --j) {
      const double damp = std::exp(-velocity_[j + 1] * eighth);
      velocity_[j] = (velocity_[j] * damp + force(m, j, kinetic) * quarter) * damp;
    }
    const double scale = std::exp(-velocity_[0] * 0.5 * dt);
    m.scaleVelocities(scale);
    kinetic *= scale * scale;
    for (int j = 0; j < kLength; ++j) position_[j] += velocity_[j] * 0.5 * dt;
    for (int j = 0; j < last; ++j) {
      const double damp = std::exp(-velocity_[j + 1] * eighth);
      velocity_[j] = (velocity_[j] * damp + force(m, j, kinetic) * quarter) * damp;
    }
    velocity_[last] += force(m, last, kinetic) * quarter;
  }

  std::array<double, kLength> position_{};  ///< ξ_j, dimensionless
  std::array<double, kLength> velocity_{};  ///< v_ξj, 1/fs
};

}  // namespace

std::unique_ptr<Ensemble> makeNoseHooverChain(double temperatureK, double tauFs) {
  return std::make_unique<NoseHooverChain>(temperatureK, tauFs);
}

}  // namespace sei

SEI_ENSEMBLE(nvt_nhc) {
  static const sei::EnsembleDescriptor d{
      "nvt_nhc", "NVT, Nosé–Hoover chain", sei::EnsembleForm::Thermostat, 3,
      [](const sei::EnsembleSettings& e, double dt, const std::string&) {
        return sei::makeNoseHooverChain(e.temperatureStart, e.temperatureCoupling * dt);
      }};
  return d;
}
