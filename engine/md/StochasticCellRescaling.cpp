#include <cmath>

#include "md/ThermostatBase.hpp"
#include "md/Units.hpp"
#include "md/EnsembleRegistry.hpp"
#include "core/Error.hpp"

namespace sei {
namespace {

/// Each step: velocity Verlet whose positions, cell and velocities are rescaled after the
/// drift by the stochastic strain of Bernetti & Bussi (2020), using the pressure at the start
/// of the step; then Bussi velocity rescaling. Per coupled direction a,
///   dε_a = −(β_a/τ_p)(P0_a − P_a − kT/V) dt + √(2 kT β_a dt / (V τ_p) / n_a) · R,
/// with n_a = 2 for the shared lateral strain and 1 otherwise; isotropic coupling draws one
/// volume strain ε_V = ln V and applies ε_V/3 to each length.
class StochasticCellRescaling : public md::ThermostatBase {
 public:
  StochasticCellRescaling(double temperature, double tauT, const BarostatSettings& barostat)
      : ThermostatBase(temperature, tauT), barostat_(barostat) {}
  std::string name() const override { return "npt_scr"; }

  void advance(Motion& m, double dt, Random& rng) override {
    const Eigen::Vector3d strain = drawStrain(m, dt, rng);
    m.halfKick(dt);
    m.drift(dt);
    m.strain(strain.array().exp());
    m.updateForces();
    m.halfKick(dt);
    reservoirEnergy_ -= md::rescaleVelocities(m, temperature_, tau_, dt, rng);
  }

 private:
  Eigen::Vector3d drawStrain(Motion& m, double dt, Random& rng) const {
    const Eigen::Matrix3d p = m.pressureTensor();  // GPa
    const double volume = m.cell().volume();
    const double kTOverV =
        units::kBoltzmann * temperature_ / volume * units::kEvPerCubicAngstromToGpa;  // GPa
    auto strain = [&](double target, double current, double modulus, int shared) {
      const double beta = 1.0 / modulus;  // 1/GPa
      const double drift = -beta / barostat_.tau * (target - current - kTOverV) * dt;
      const double noise = std::sqrt(2.0 * kTOverV * beta * dt / barostat_.tau / shared);
      return drift + noise * rng.normal();
    };
    const Eigen::Vector3d& p0 = barostat_.pressure;
    const Eigen::Vector3d& c = barostat_.modulus;
    switch (barostat_.coupling) {
      case PressureCoupling::Isotropic:
        // One volume strain ε_V = ln V, shared equally by the three lengths.
        return Eigen::Vector3d::Constant(strain(p0.mean(), p.trace() / 3, c.mean(), 1) / 3);
      case PressureCoupling::Anisotropic:
        return Eigen::Vector3d(strain(p0[0], p(0, 0), c[0], 1), strain(p0[1], p(1, 1), c[1], 1),
                               strain(p0[2], p(2, 2), c[2], 1));
      case PressureCoupling::Lateral: {
        const double e =
            strain(0.5 * (p0[0] + p0[1]), 0.5 * (p(0, 0) + p(1, 1)), 0.5 * (c[0] + c[1]), 2);
        return Eigen::Vector3d(e, e, 0.0);
      }
      case PressureCoupling::AxialZ:
        return Eigen::Vector3d(0.0, 0.0, strain(p0[2], p(2, 2), c[2], 1));
    }
    return Eigen::Vector3d::Zero();
  }

  BarostatSettings barostat_;
};

}  // namespace

std::unique_ptr<Ensemble> makeStochasticCellRescaling(double temperatureK, double tauT,
                                                      const BarostatSettings& barostat) {
  return std::make_unique<StochasticCellRescaling>(temperatureK, tauT, barostat);
}

}  // namespace sei

namespace {

// GPUMD's pressure components and moduli as the barostat's couplings: a modulus above
// kRigidModulus leaves its direction alone.
std::unique_ptr<sei::Ensemble> makeScrFromSettings(const sei::EnsembleSettings& e, double dt,
                                                   const std::string& source) {
  using namespace sei;
  const Barostat& b = e.barostat;
  BarostatSettings settings;
  settings.tau = b.pressureCoupling * dt;
  const double tauT = e.temperatureCoupling * dt;
  if (b.coupling == BarostatCoupling::Triclinic)
    throw InputError(source, e.line,
                     "npt_scr with 6 pressure components (triclinic) is not "
                     "supported yet; use the 1- or 3-component form");
  if (b.coupling == BarostatCoupling::Isotropic) {
    settings.coupling = PressureCoupling::Isotropic;
    settings.pressure.setConstant(b.pressure[0]);
    settings.modulus.setConstant(b.modulus[0]);
    return makeStochasticCellRescaling(e.temperatureStart, tauT, settings);
  }
  bool rigid[3];
  for (int a = 0; a < 3; ++a) {
    settings.pressure[a] = b.pressure[a];
    settings.modulus[a] = b.modulus[a];
    rigid[a] = b.modulus[a] > kRigidModulus;
  }
  if (!rigid[0] && !rigid[1] && !rigid[2])
    settings.coupling = PressureCoupling::Anisotropic;
  else if (!rigid[0] && !rigid[1] && rigid[2])
    settings.coupling = PressureCoupling::Lateral;
  else if (rigid[0] && rigid[1] && !rigid[2])
    settings.coupling = PressureCoupling::AxialZ;
  else
    throw InputError(source, e.line,
                     "npt_scr: this combination of rigid directions is not "
                     "supported; couple x, y and z, x and y, or z alone");
  return makeStochasticCellRescaling(e.temperatureStart, tauT, settings);
}

}  // namespace

SEI_ENSEMBLE(npt_scr) {
  static const sei::EnsembleDescriptor d{
      "npt_scr", "NPT, Bussi thermostat + stochastic cell rescaling",
      sei::EnsembleForm::ThermostatBarostat, 4, makeScrFromSettings};
  return d;
}
