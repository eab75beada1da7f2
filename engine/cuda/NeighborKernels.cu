#include "cuda/CudaKernels.hpp"
#include "cuda/LaunchSupport.cuh"

namespace sei::cuda {
namespace {

__global__ void buildKernel(BinGridView grid, const int* wraps, double cutoff2, int numAtoms,
                            int maxNeighbors, int* count, int* index, int* shift) {
  const long i = threadIndex();
  if (i < numAtoms)
    buildNeighborsOfAtom(grid, wraps, static_cast<int>(i), cutoff2, numAtoms, maxNeighbors, count,
                         index, shift);
}

struct Matrix {
  double m[9];
};

__global__ void displacementKernel(const double* position, const double* reference, int numAtoms,
                                   double limit, Matrix toReference, int* flag) {
  const long i = threadIndex();
  if (i < numAtoms && movedTooFar(position, reference, static_cast<int>(i), limit, toReference.m))
    *flag = 1;
}

__global__ void maxCountKernel(const int* count, int numAtoms, int* result) {
  const long i = threadIndex();
  if (i < numAtoms) atomicMax(result, count[i]);
}

}  // namespace

void launchBuildNeighbors(const BinGridView& grid, const int* wraps, double cutoff2, int numAtoms,
                          int maxNeighbors, int* count, int* index, int* shift) {
  buildKernel<<<blocksFor(numAtoms), kBlockSize>>>(grid, wraps, cutoff2, numAtoms, maxNeighbors,
                                                   count, index, shift);
  checkLaunch("neighbour list kernel");
}

void launchDisplacementCheck(const double* position, const double* reference, int numAtoms,
                             double limit, const double toReference[9], int* flag) {
  Matrix m;
  for (int k = 0; k < 9; ++k) m.m[k] = toReference[k];
  displacementKernel<<<blocksFor(numAtoms), kBlockSize>>>(position, reference, numAtoms, limit, m,
                                                          flag);
  checkLaunch("displacement check kernel");
}

void launchMaxCount(const int* count, int numAtoms, int* result) {
  maxCountKernel<<<blocksFor(numAtoms), kBlockSize>>>(count, numAtoms, result);
  checkLaunch("neighbour count kernel");
}

}  // namespace sei::cuda
