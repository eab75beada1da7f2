#pragma once

// Per-atom bodies of the integrators, on flat arrays of 3 doubles per atom (x y z). The host
// ensembles (md/HostMotion) and the CUDA backend's kernels run these same definitions, so the
// device-resident schemes are the host's schemes with a different loop around them.

#include <stdint.h>

#include "core/HostDevice.hpp"
#include "md/CounterRandom.hpp"
#include "md/Units.hpp"

namespace sei::md {

/// v += F/m · dt/2 for atom i. kickFactor = ½ dt / (amu·Å²/fs² in eV).
SEI_HD inline void halfKickAtom(int i, double kickFactor, const double* mass, const double* force,
                                double* velocity) {
  const double f = kickFactor / mass[i];
  for (int a = 0; a < 3; ++a) velocity[3 * i + a] += f * force[3 * i + a];
}

/// r += v·dt for atom i.
SEI_HD inline void driftAtom(int i, double dt, const double* velocity, double* position) {
  for (int a = 0; a < 3; ++a) position[3 * i + a] += dt * velocity[3 * i + a];
}

/// Cartesian strain of atom i: r_a *= scale_a, v_a *= inverse_a (inverse_a = 1/scale_a, passed
/// in so that every atom and the host use the same rounded reciprocal).
SEI_HD inline void strainAtom(int i, const double scale[3], const double inverse[3],
                              double* position, double* velocity) {
  for (int a = 0; a < 3; ++a) {
    position[3 * i + a] *= scale[a];
    velocity[3 * i + a] *= inverse[a];
  }
}

/// Exact Ornstein–Uhlenbeck velocity update of atom i (BAOAB's O step):
/// v ← c1 v + c2 σ ξ with σ = √(kT/m) in Å/fs (kT in eV); ξ the three standard normals `noise`.
SEI_HD inline void ornsteinUhlenbeckAtom(int i, double c1, double c2, double kT, const double* mass,
                                         const double noise[3], double* velocity) {
  const double sigma = sqrt(kT / (mass[i] * units::kMassVelocity2ToEv));  // Å/fs
  for (int a = 0; a < 3; ++a)
    velocity[3 * i + a] = c1 * velocity[3 * i + a] + c2 * sigma * noise[a];
}

/// The three normals of atom i in the counter-based Langevin stream of one step (key: a word
/// drawn from the run's Random for that step).
SEI_HD inline void langevinNoise(uint64_t key, int i, double noise[3]) {
  for (int a = 0; a < 3; ++a) noise[a] = normalAt(key, 3 * static_cast<uint64_t>(i) + a);
}

}  // namespace sei::md
