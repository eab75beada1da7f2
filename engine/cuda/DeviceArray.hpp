#pragma once

#include <cuda_runtime_api.h>

#include <cstddef>
#include <vector>

#include "cuda/CudaCheck.hpp"

namespace sei::cuda {

/// An array in device memory that grows on demand and is freed with its owner.
template <class T>
class DeviceArray {
 public:
  DeviceArray() = default;
  DeviceArray(const DeviceArray&) = delete;
  DeviceArray& operator=(const DeviceArray&) = delete;
  ~DeviceArray() { cudaFree(data_); }

  /// Makes room for n elements; the contents are undefined after growing.
  void resize(std::size_t n) {
    if (n > capacity_) {
      cudaFree(data_);
      data_ = nullptr;
      capacity_ = 0;
      check(cudaMalloc(reinterpret_cast<void**>(&data_), n * sizeof(T)), "cudaMalloc");
      capacity_ = n;
    }
    size_ = n;
  }
  void upload(const T* host, std::size_t n) {
    resize(n);
    if (n > 0) check(cudaMemcpy(data_, host, n * sizeof(T), cudaMemcpyHostToDevice), "upload");
  }
  void upload(const std::vector<T>& host) { upload(host.data(), host.size()); }
  void download(T* host, std::size_t n) const {
    if (n > 0) check(cudaMemcpy(host, data_, n * sizeof(T), cudaMemcpyDeviceToHost), "download");
  }
  void zero() {
    if (size_ > 0) check(cudaMemset(data_, 0, size_ * sizeof(T)), "cudaMemset");
  }

  T* data() { return data_; }
  const T* data() const { return data_; }
  std::size_t size() const { return size_; }
  std::size_t bytes() const { return capacity_ * sizeof(T); }

 private:
  T* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace sei::cuda
