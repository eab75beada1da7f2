#pragma once

#include "md/MdState.hpp"
#include "md/Motion.hpp"
#include "md/Snapshot.hpp"

namespace sei {

/// Values of the blow-up guard computed where the atoms are.
struct GuardScalars {
  double maxForce = 0.0;  ///< eV/Å, largest |F|; infinite if any force is not finite
  /// Å, smallest distance among the pairs within the force cutoff (infinite if there are none).
  double minDistance = 0.0;
};

/// A Backend that can also integrate, keeping positions, velocities, forces and the cell on its
/// device for a whole run() of Simulation: every ensemble advances through motion(), only
/// scalars (reductions) come back during steps, atoms come back when a writer or checkpoint
/// needs them, and snapshots for readers are copied asynchronously (the CUDA backend).
class DeviceIntegrator {
 public:
  virtual ~DeviceIntegrator() = default;
  /// Copies types, masses, positions, velocities, cell and forces to the device; state.forces
  /// must belong to the positions.
  virtual void upload(const MdState& state) = 0;
  /// Moves the uploaded copy.
  virtual Motion& motion() = 0;
  /// Positions, velocities, cell and state.forces (energy, per-atom energy, forces, virial,
  /// charges) from the device.
  virtual void download(MdState& state) = 0;
  /// Potential energy of the current forces, eV (a reduction on the device).
  virtual double potentialEnergy() = 0;
  virtual GuardScalars guardScalars() = 0;
  /// Starts copying positions, velocities, forces, charges and per-atom energies to host
  /// buffers without stalling the integration; false (nothing started) while the previous copy
  /// is still under way.
  virtual bool startSnapshotCopy() = 0;
  /// If the last copy started has arrived (or, with wait, once it has), moves those arrays
  /// into `into` and returns true; false if none is pending or it has not arrived.
  virtual bool finishSnapshotCopy(Snapshot& into, bool wait) = 0;
};

}  // namespace sei
