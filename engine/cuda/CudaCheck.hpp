#pragma once

#include <cuda_runtime_api.h>

#include <stdexcept>
#include <string>

namespace sei::cuda {

/// Throws std::runtime_error naming the failed call and CUDA's reason.
inline void check(cudaError_t status, const char* what) {
  if (status != cudaSuccess)
    throw std::runtime_error(std::string("CUDA: ") + what + ": " + cudaGetErrorString(status));
}

}  // namespace sei::cuda
