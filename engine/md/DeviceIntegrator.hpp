#pragma once

#include <cstdint>

#include "md/MdState.hpp"

namespace sei {

/// A Backend that can also integrate, keeping positions, velocities and forces on its device
/// for many steps (the CUDA backend). Simulation hands it whole chunks of NVE when no step
/// observer needs the state between steps.
class DeviceIntegrator {
 public:
  virtual ~DeviceIntegrator() = default;
  /// Advances state by `steps` velocity-Verlet steps of dt fs, exactly the scheme of makeNve(),
  /// and returns it with positions, velocities and forces (all of state.forces) at the end.
  /// state.forces must belong to the positions on entry. Leaves step and time to the caller.
  virtual void advanceNve(MdState& state, std::int64_t steps, double dt) = 0;
};

}  // namespace sei
