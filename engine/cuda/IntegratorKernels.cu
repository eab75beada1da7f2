#include "cuda/CudaKernels.hpp"
#include "cuda/LaunchSupport.cuh"
#include "md/AtomMotion.hpp"

namespace sei::cuda {
namespace {

/// Three doubles passed by value to a kernel.
struct Triple {
  double v[3];
};

__global__ void halfKickKernel(int numAtoms, double kickFactor, const double* mass,
                               const double* force, double* velocity) {
  const long i = threadIndex();
  if (i < numAtoms) md::halfKickAtom(static_cast<int>(i), kickFactor, mass, force, velocity);
}

__global__ void driftKernel(int numAtoms, double dt, const double* velocity, double* position) {
  const long i = threadIndex();
  if (i < numAtoms) md::driftAtom(static_cast<int>(i), dt, velocity, position);
}

__global__ void strainKernel(int numAtoms, Triple scale, Triple inverse, double* position,
                             double* velocity) {
  const long i = threadIndex();
  if (i < numAtoms) md::strainAtom(static_cast<int>(i), scale.v, inverse.v, position, velocity);
}

__global__ void ornsteinUhlenbeckKernel(int numAtoms, double c1, double c2, double kT,
                                        unsigned long long key, const double* mass,
                                        double* velocity) {
  const long i = threadIndex();
  if (i >= numAtoms) return;
  double noise[3];
  md::langevinNoise(key, static_cast<int>(i), noise);
  md::ornsteinUhlenbeckAtom(static_cast<int>(i), c1, c2, kT, mass, noise, velocity);
}

}  // namespace

void launchHalfKick(int numAtoms, double kickFactor, const double* mass, const double* force,
                    double* velocity) {
  halfKickKernel<<<blocksFor(numAtoms), kBlockSize>>>(numAtoms, kickFactor, mass, force, velocity);
  checkLaunch("half kick kernel");
}

void launchDrift(int numAtoms, double dt, const double* velocity, double* position) {
  driftKernel<<<blocksFor(numAtoms), kBlockSize>>>(numAtoms, dt, velocity, position);
  checkLaunch("drift kernel");
}

void launchStrain(int numAtoms, const double scale[3], const double inverse[3], double* position,
                  double* velocity) {
  const Triple s{{scale[0], scale[1], scale[2]}}, v{{inverse[0], inverse[1], inverse[2]}};
  strainKernel<<<blocksFor(numAtoms), kBlockSize>>>(numAtoms, s, v, position, velocity);
  checkLaunch("strain kernel");
}

void launchOrnsteinUhlenbeck(int numAtoms, double c1, double c2, double kT, unsigned long long key,
                             const double* mass, double* velocity) {
  ornsteinUhlenbeckKernel<<<blocksFor(numAtoms), kBlockSize>>>(numAtoms, c1, c2, kT, key, mass,
                                                               velocity);
  checkLaunch("Ornstein-Uhlenbeck kernel");
}

}  // namespace sei::cuda
