#pragma once

#include "core/HostDevice.hpp"

namespace sei::pppm {

/// Assignment order P = 5 (spec §7.5): each atom spreads onto 5×5×5 mesh points.
constexpr int kOrder = 5;

/// W(δ, j) for j = −2..2: the order-5 Hockney–Eastwood charge assignment function at offset δ
/// from the nearest mesh point (δ in mesh spacings, |δ| ≤ ½). The five weights sum to 1.
template <class Real>
SEI_HD inline void assignmentWeights(Real x, Real* w) {
  const Real x2 = x * x, x3 = x2 * x, x4 = x2 * x2;
  w[0] = (Real(1) - Real(8) * x + Real(24) * x2 - Real(32) * x3 + Real(16) * x4) / Real(384);
  w[1] = (Real(19) - Real(44) * x + Real(24) * x2 + Real(16) * x3 - Real(16) * x4) / Real(96);
  w[2] = (Real(115) - Real(120) * x2 + Real(48) * x4) / Real(192);
  w[3] = (Real(19) + Real(44) * x + Real(24) * x2 - Real(16) * x3 - Real(16) * x4) / Real(96);
  w[4] = (Real(1) + Real(8) * x + Real(24) * x2 + Real(32) * x3 + Real(16) * x4) / Real(384);
}

/// Stencil of one atom along one mesh direction: fractional coordinate s, mesh size k. Fills
/// the five weights and returns the first of the five mesh indices, wrapped into [0, k).
/// floor(s·k + ½) instead of gpumd's truncation: the same inside the cell, right outside it.
SEI_HD inline int stencil(double s, int k, double* w) {
  const double x = s * k;
  const double nearest = floor(x + 0.5);
  assignmentWeights(x - nearest, w);
  const double first = nearest - 2.0;
  return static_cast<int>(first - k * floor(first / k));
}

/// Signed frequency of DFT index i ∈ [0, K): the Nyquist index K/2 maps to −K/2 (spec §7.5).
SEI_HD inline int foldFrequency(int i, int k) { return 2 * i >= k ? i - k : i; }

}  // namespace sei::pppm
