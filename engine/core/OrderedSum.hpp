#pragma once

#include <omp.h>

#include <array>
#include <cstddef>
#include <vector>

namespace sei {

/// Σ over i < n of what body(i, acc) adds into its K-element accumulator, in parallel but with
/// a fixed association: a static partition of i over the threads, and the per-thread partial
/// sums added in thread order. Unlike OpenMP's reduction clause (which combines in arrival
/// order), the result is bit-identical on every run with the same thread count, so MD with the
/// same seed gives the same trajectory.
template <std::size_t K, class Body>
std::array<double, K> orderedParallelSum(std::size_t n, Body body) {
  const int threads = omp_get_max_threads();
  std::vector<std::array<double, K>> partial(threads, std::array<double, K>{});
#pragma omp parallel num_threads(threads)
  {
    std::array<double, K>& acc = partial[omp_get_thread_num()];
#pragma omp for schedule(static)
    for (std::size_t i = 0; i < n; ++i) body(i, acc);
  }
  std::array<double, K> total{};
  for (const auto& p : partial)
    for (std::size_t k = 0; k < K; ++k) total[k] += p[k];
  return total;
}

}  // namespace sei
