#pragma once

// Per-atom bodies of the device-resident velocity Verlet (the scheme of md/Ensemble.cpp's NVE:
// half kick, drift, forces, half kick), on flat arrays of 3 doubles per atom.

#include "core/HostDevice.hpp"

namespace sei::cuda {

/// v += F/m · dt/2 for atom i. kickFactor = ½ dt / (amu·Å²/fs² in eV).
SEI_HD inline void halfKickAtom(int i, double kickFactor, const double* mass, const double* force,
                                double* velocity) {
  const double f = kickFactor / mass[i];
  for (int a = 0; a < 3; ++a) velocity[3 * i + a] += f * force[3 * i + a];
}

/// The first half of a step for atom i: half kick, then r += v·dt.
SEI_HD inline void kickDriftAtom(int i, double kickFactor, double dt, const double* mass,
                                 const double* force, double* velocity, double* position) {
  halfKickAtom(i, kickFactor, mass, force, velocity);
  for (int a = 0; a < 3; ++a) position[3 * i + a] += dt * velocity[3 * i + a];
}

}  // namespace sei::cuda
