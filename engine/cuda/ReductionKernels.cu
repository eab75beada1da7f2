// Reductions that leave the device as a handful of scalars: column sums (energy, virial,
// charges), the kinetic tensor, and the blow-up guard's extremes.
#include <cfloat>

#include "cuda/CudaKernels.hpp"
#include "cuda/LaunchSupport.cuh"

namespace sei::cuda {
namespace {

__global__ void columnSumsKernel(const double* x, int n, int columns, double* sums) {
  const long i = threadIndex();
  for (int c = 0; c < columns; ++c) blockSumInto(i < n ? x[columns * i + c] : 0.0, sums + c);
}

__global__ void kineticTensorKernel(int n, const double* mass, const double* velocity,
                                    double* sums) {
  const long i = threadIndex();
  double t[6] = {0, 0, 0, 0, 0, 0};
  if (i < n) {
    const double m = mass[i], *v = velocity + 3 * i;
    t[0] = m * v[0] * v[0];
    t[1] = m * v[1] * v[1];
    t[2] = m * v[2] * v[2];
    t[3] = m * v[0] * v[1];
    t[4] = m * v[0] * v[2];
    t[5] = m * v[1] * v[2];
  }
  for (int c = 0; c < 6; ++c) blockSumInto(t[c], sums + c);
}

__device__ unsigned long long bitsOf(double nonNegative) {
  return static_cast<unsigned long long>(__double_as_longlong(nonNegative));
}

__global__ void guardKernel(NeighborView nb, const double* force, unsigned long long* bits) {
  const long i = threadIndex();
  if (i >= nb.numAtoms) return;
  const double* f = force + 3 * i;
  double norm = sqrt(f[0] * f[0] + f[1] * f[1] + f[2] * f[2]);
  if (!(norm <= DBL_MAX)) norm = INFINITY;  // NaN too
  atomicMax(bits, bitsOf(norm));
  atomicMin(bits + 1, bitsOf(closestNeighbor(nb, static_cast<int>(i))));
}

}  // namespace

void launchColumnSums(const double* x, int n, int columns, double* sums) {
  columnSumsKernel<<<blocksFor(n), kBlockSize>>>(x, n, columns, sums);
  checkLaunch("column sums kernel");
}

void launchKineticTensor(int numAtoms, const double* mass, const double* velocity, double* sums) {
  kineticTensorKernel<<<blocksFor(numAtoms), kBlockSize>>>(numAtoms, mass, velocity, sums);
  checkLaunch("kinetic tensor kernel");
}

void launchGuard(const NeighborView& nb, const double* force, unsigned long long* bits) {
  guardKernel<<<blocksFor(nb.numAtoms), kBlockSize>>>(nb, force, bits);
  checkLaunch("guard kernel");
}

}  // namespace sei::cuda
