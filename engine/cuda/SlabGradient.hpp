#pragma once

// The host side of the trainer's slab (TrainingAtomKernels.hpp): its layout for a model, and
// the per-type column sums mapped back onto a NepModel-shaped gradient. Header-only, like the
// kernel bodies: the CPU-side tests use it in builds without CUDA.

#include <vector>

#include "cuda/TrainingAtomKernels.hpp"
#include "nep/NepModel.hpp"

namespace sei::cuda {

/// The slab layout of `model` (typeBias only for nep5, whose type biases are trained).
inline SlabLayout slabLayoutOf(const NepModel& model, const NepParams<double>& shape) {
  return slabLayout(shape, model.version == 5);
}

/// Adds the per-type column sums of the slab (sumSlabChunks' output, T×l.size) into
/// `gradient`, a NepModel of the model's shape holding derivatives (nep3's shared network in
/// networks[0], as ParameterGradient::addGradient).
inline void addSlabSums(const std::vector<double>& sums, const SlabLayout& l, NepModel& gradient) {
  const int T = gradient.numTypes(), H = gradient.hidden;
  for (int t = 0; t < T; ++t) {
    const double* row = &sums[static_cast<std::size_t>(t) * l.size];
    NepNetwork& net = gradient.networks[gradient.version == 3 ? 0 : t];
    for (std::size_t k = 0; k < net.w0.size(); ++k) net.w0[k] += row[l.w0 + k];
    for (int mu = 0; mu < H; ++mu) {
      net.b0[mu] += row[l.b0 + mu];
      net.w1[mu] += row[l.w1 + mu];
    }
    for (std::size_t mu = 0; mu < net.w1q.size(); ++mu) net.w1q[mu] += row[l.w1q + mu];
    if (l.typeBias >= 0) net.typeBias += row[l.typeBias];
    gradient.outputBias += row[l.outputBias];
  }
  // Slab row t holds the coefficients of the pairs (t, t2) in t2-major blocks: the pair-major
  // order [(t*T + t2)][n][k] with the rows stacked.
  auto addCoefficients = [&](int nMax, int K, int offset, std::vector<double>& file) {
    const std::size_t block = static_cast<std::size_t>(T) * (nMax + 1) * (K + 1);
    forEachCoefficient(T, nMax, K, [&](std::size_t fileIndex, std::size_t pair) {
      file[fileIndex] += sums[(pair / block) * l.size + offset + pair % block];
    });
  };
  addCoefficients(gradient.nMaxRadial, gradient.basisRadial, l.cRadial,
                  gradient.radialCoefficients);
  addCoefficients(gradient.nMaxAngular, gradient.basisAngular, l.cAngular,
                  gradient.angularCoefficients);
}

}  // namespace sei::cuda
