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

__global__ void binKernel(BinGridView grid, Matrix hInv, const double* position, int numAtoms,
                          int* binOf, int* wraps, double* wrapped, int* counts) {
  const long i = threadIndex();
  if (i < numAtoms)
    atomicAdd(counts + binPeriodicAtom(grid, hInv.m, position, static_cast<int>(i), binOf, wraps,
                                       wrapped),
              1);
}

constexpr int kScanThreads = 1024;

// One block: each thread sums a contiguous run of bins, thread 0 scans the partial sums, then
// every thread writes the offsets of its run. binStart[numBins] gets the total.
__global__ void scanKernel(const int* counts, int numBins, int* binStart) {
  __shared__ int partial[kScanThreads];
  const int t = threadIdx.x;
  const int run = (numBins + kScanThreads - 1) / kScanThreads;
  const int begin = min(t * run, numBins), end = min(begin + run, numBins);
  int sum = 0;
  for (int b = begin; b < end; ++b) sum += counts[b];
  partial[t] = sum;
  __syncthreads();
  if (t == 0) {
    int total = 0;
    for (int k = 0; k < kScanThreads; ++k) {
      const int v = partial[k];
      partial[k] = total;
      total += v;
    }
    binStart[numBins] = total;
  }
  __syncthreads();
  int offset = partial[t];
  for (int b = begin; b < end; ++b) {
    binStart[b] = offset;
    offset += counts[b];
  }
}

__global__ void scatterKernel(BinGridView grid, int numAtoms, const int* binStart, int* fill,
                              int* binAtoms) {
  const long i = threadIndex();
  if (i >= numAtoms) return;
  const int* b = grid.binOf + 3 * i;
  const int bin = (b[2] * grid.bins[1] + b[1]) * grid.bins[0] + b[0];
  binAtoms[binStart[bin] + atomicAdd(fill + bin, 1)] = static_cast<int>(i);
}

__global__ void sortBinsKernel(int numBins, const int* binStart, int* binAtoms) {
  const long b = threadIndex();
  if (b < numBins) sortBin(binStart, static_cast<int>(b), binAtoms);
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

void launchBinPeriodic(const BinGridView& grid, const double hInv[9], const double* position,
                       int numAtoms, int* binOf, int* wraps, double* wrapped, int* counts,
                       int* fill, int* binStart, int* binAtoms) {
  const int numBins = grid.bins[0] * grid.bins[1] * grid.bins[2];
  Matrix inverse;
  for (int k = 0; k < 9; ++k) inverse.m[k] = hInv[k];
  check(cudaMemsetAsync(counts, 0, sizeof(int) * numBins, nullptr), "cudaMemset");
  check(cudaMemsetAsync(fill, 0, sizeof(int) * numBins, nullptr), "cudaMemset");
  binKernel<<<blocksFor(numAtoms), kBlockSize>>>(grid, inverse, position, numAtoms, binOf, wraps,
                                                 wrapped, counts);
  checkLaunch("binning kernel");
  scanKernel<<<1, kScanThreads>>>(counts, numBins, binStart);
  checkLaunch("bin offsets kernel");
  BinGridView filled = grid;
  filled.binOf = binOf;
  scatterKernel<<<blocksFor(numAtoms), kBlockSize>>>(filled, numAtoms, binStart, fill, binAtoms);
  checkLaunch("bin scatter kernel");
  sortBinsKernel<<<blocksFor(numBins), kBlockSize>>>(numBins, binStart, binAtoms);
  checkLaunch("bin sort kernel");
}

void launchMaxCount(const int* count, int numAtoms, int* result) {
  maxCountKernel<<<blocksFor(numAtoms), kBlockSize>>>(count, numAtoms, result);
  checkLaunch("neighbour count kernel");
}

}  // namespace sei::cuda
