#include "cuda/CudaKernels.hpp"
#include "cuda/IntegratorAtomKernels.hpp"
#include "cuda/LaunchSupport.cuh"

namespace sei::cuda {
namespace {

__global__ void halfKickKernel(int numAtoms, double kickFactor, const double* mass,
                               const double* force, double* velocity) {
  const long i = threadIndex();
  if (i < numAtoms) halfKickAtom(static_cast<int>(i), kickFactor, mass, force, velocity);
}

__global__ void kickDriftKernel(int numAtoms, double kickFactor, double dt, const double* mass,
                                const double* force, double* velocity, double* position) {
  const long i = threadIndex();
  if (i < numAtoms)
    kickDriftAtom(static_cast<int>(i), kickFactor, dt, mass, force, velocity, position);
}

}  // namespace

void launchHalfKick(int numAtoms, double kickFactor, const double* mass, const double* force,
                    double* velocity) {
  halfKickKernel<<<blocksFor(numAtoms), kBlockSize>>>(numAtoms, kickFactor, mass, force, velocity);
  checkLaunch("half kick kernel");
}

void launchKickDrift(int numAtoms, double kickFactor, double dt, const double* mass,
                     const double* force, double* velocity, double* position) {
  kickDriftKernel<<<blocksFor(numAtoms), kBlockSize>>>(numAtoms, kickFactor, dt, mass, force,
                                                       velocity, position);
  checkLaunch("kick-drift kernel");
}

}  // namespace sei::cuda
