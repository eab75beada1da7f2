#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

#include "md/MdState.hpp"
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
  /// Advances positions, velocities (and cell) by dt fs.
  virtual void step(MdState& state, double dt, const ForceUpdate& updateForces, Random& rng) = 0;
  /// Target temperature for the coming step, K (ramps are driven from outside).
  virtual void setTargetTemperature(double /*kelvin*/) {}
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

namespace md {
/// v += F/m · dt/2 (dt in fs).
void halfKick(MdState& s, double dt);
/// r += v · dt.
void drift(MdState& s, double dt);
}  // namespace md

}  // namespace sei
