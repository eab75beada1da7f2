#pragma once

#include <algorithm>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

#include "md/MdState.hpp"
#include "md/Motion.hpp"
#include "md/Random.hpp"

namespace sei {

/// Recomputes state.forces for the current positions and cell.
using ForceUpdate = std::function<void(MdState&)>;

/// One way of advancing the equations of motion (an integrator with its thermostat/barostat).
/// On entry and on exit of step(), state.forces belong to the current positions.
class Ensemble {
 public:
  virtual ~Ensemble() = default;
  virtual std::string name() const = 0;
  /// Advances positions, velocities (and cell) by dt fs through `motion`: a host state
  /// (HostMotion) or arrays resident on a device (DeviceIntegrator::motion()).
  virtual void advance(Motion& motion, double dt, Random& rng) = 0;
  /// advance() on a state in host memory.
  void step(MdState& state, double dt, const ForceUpdate& updateForces, Random& rng);
  /// Target temperature for the coming step, K (ramps are driven from outside).
  virtual void setTargetTemperature(double /*kelvin*/) {}
  /// Degrees of freedom the temperature of `atoms` atoms is measured with: 3N − 3 where the
  /// ensemble conserves the total momentum (removed at the start), 3N where it does not.
  virtual int degreesOfFreedom(std::size_t atoms) const {
    return std::max(1, 3 * static_cast<int>(atoms) - 3);
  }
  /// Energy taken out of the system by the thermostat/barostat so far, eV: kinetic +
  /// potential + this offset is conserved by a correct integrator.
  double reservoirEnergy() const { return reservoirEnergy_; }

  /// Internal state (thermostat variables) for checkpoints, as whitespace-separated text.
  virtual void saveState(std::ostream& out) const;
  virtual void loadState(std::istream& in);

 protected:
  double reservoirEnergy_ = 0.0;  ///< eV
};

/// Velocity Verlet, NVE.
std::unique_ptr<Ensemble> makeNve();
/// Langevin dynamics with BAOAB splitting; tau = 1/friction, fs.
std::unique_ptr<Ensemble> makeLangevin(double temperatureK, double tauFs);
/// Bussi–Donadio–Parrinello stochastic velocity rescaling; tau in fs.
std::unique_ptr<Ensemble> makeBussi(double temperatureK, double tauFs);
/// Nosé–Hoover chain of length 4 (Martyna–Tuckerman–Klein); tau in fs.
std::unique_ptr<Ensemble> makeNoseHooverChain(double temperatureK, double tauFs);

/// Which cell directions the barostat may change.
enum class PressureCoupling {
  Isotropic,    ///< volume only, shape kept
  Anisotropic,  ///< x, y and z independently
  Lateral,      ///< x and y together (slabs: the interface plane), z fixed
  AxialZ,       ///< z only (slabs: along the normal), x and y fixed
};

struct BarostatSettings {
  PressureCoupling coupling = PressureCoupling::Isotropic;
  Eigen::Vector3d pressure = Eigen::Vector3d::Zero();        ///< target P_xx P_yy P_zz, GPa
  Eigen::Vector3d modulus = Eigen::Vector3d::Constant(2.0);  ///< elastic modulus 1/β, GPa
  double tau = 1000.0;                                       ///< fs
};

/// NPT by stochastic cell rescaling (Bernetti & Bussi 2020) with the Bussi thermostat; the cell
/// is scaled along Cartesian axes, so any cell shape works. tauT in fs.
std::unique_ptr<Ensemble> makeStochasticCellRescaling(double temperatureK, double tauT,
                                                      const BarostatSettings& barostat);

namespace md {
/// Bussi's stochastic velocity rescaling over dt with coupling time tau (fs); returns the
/// kinetic energy it added, eV.
double rescaleVelocities(Motion& motion, double temperatureK, double tau, double dt, Random& rng);
}  // namespace md

}  // namespace sei
