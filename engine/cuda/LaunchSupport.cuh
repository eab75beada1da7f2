#pragma once

#include "cuda/CudaCheck.hpp"

namespace sei::cuda {

constexpr int kBlockSize = 128;

inline int blocksFor(long n) { return static_cast<int>((n + kBlockSize - 1) / kBlockSize); }

/// Checks that the last launch was accepted (configuration, resources).
inline void checkLaunch(const char* kernel) { check(cudaGetLastError(), kernel); }

/// One thread per index i < n.
__device__ inline long threadIndex() {
  return static_cast<long>(blockIdx.x) * blockDim.x + threadIdx.x;
}

/// Adds a block's partial sum of v into *total with one atomic per block.
__device__ inline void blockSumInto(double v, double* total) {
  __shared__ double partial[kBlockSize];
  partial[threadIdx.x] = v;
  __syncthreads();
  for (int stride = kBlockSize / 2; stride > 0; stride /= 2) {
    if (threadIdx.x < stride) partial[threadIdx.x] += partial[threadIdx.x + stride];
    __syncthreads();
  }
  if (threadIdx.x == 0) atomicAdd(total, partial[0]);
}

}  // namespace sei::cuda
