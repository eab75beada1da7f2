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

/// sinc(πν/K)^10 / Σ(t)², t = sin²(πν/K): one direction's factor of the influence function,
/// with the closed-form alias sum of the order-5 assignment function.
SEI_HD inline double aliasFactor(int nu, int k) {
  if (nu == 0) return 1.0;
  const double x = hd::kPi * nu / k;
  const double sinc = sin(x) / x;
  const double t = sin(x) * sin(x);
  const double sum = 1.0 - 5.0 / 3.0 * t + 7.0 / 9.0 * t * t - 17.0 / 189.0 * t * t * t +
                     2.0 / 2835.0 * t * t * t * t;
  const double s2 = sinc * sinc, s4 = s2 * s2;
  return s4 * s4 * s2 / (sum * sum);
}

/// What the influence function needs of the cell and splitting, fixed per (mesh, cell, α).
struct InfluenceGeometry {
  int mesh[3];
  double b[9];       ///< reciprocal vectors as columns, row-major: b[3a + d] = (b_d)_a, Å⁻¹
  double prefactor;  ///< 2π/V (full k space), Å⁻³
  double inverse4Alpha2;  ///< 1/(4α²), Å²
};

/// The influence function at half-spectrum point (c0, i1, i2) whose alias factor (product of
/// the three directions') is `alias`: gEven = ½[G(ν) + G(−ν)] (Å⁻¹), kgOdd = ½[k(ν)G(ν) −
/// k(−ν)G(−ν)] (Å⁻², 3), wShape = ½Σ_± G·[δ − 2kk(1/k² + 1/4α²)] (Å⁻¹, xx yy zz xy xz yz).
/// |k|² is not even at a Nyquist index of a triclinic cell (−ν folds back onto ν in that
/// direction only), hence both signs explicitly.
SEI_HD inline void influenceAt(const InfluenceGeometry& g, int c0, int i1, int i2, double alias,
                               double* gEven, double* kgOdd, double* wShape) {
  const int plus[3] = {c0, i1, i2};
  double gs[2], k[2][3], kk[2];
  for (int sign = 0; sign < 2; ++sign) {
    double kv[3] = {0.0, 0.0, 0.0};
    for (int d = 0; d < 3; ++d) {
      const int idx = sign == 0 ? plus[d] : (g.mesh[d] - plus[d]) % g.mesh[d];
      const int nu = foldFrequency(idx, g.mesh[d]);
      for (int a = 0; a < 3; ++a) kv[a] += nu * g.b[3 * a + d];
    }
    kk[sign] = kv[0] * kv[0] + kv[1] * kv[1] + kv[2] * kv[2];
    for (int a = 0; a < 3; ++a) k[sign][a] = kv[a];
    gs[sign] =
        kk[sign] > 0.0 ? g.prefactor * exp(-kk[sign] * g.inverse4Alpha2) / kk[sign] * alias : 0.0;
  }
  *gEven = 0.5 * (gs[0] + gs[1]);
  for (int a = 0; a < 3; ++a) kgOdd[a] = 0.5 * (gs[0] * k[0][a] - gs[1] * k[1][a]);
  double w[6] = {0, 0, 0, 0, 0, 0};
  for (int sign = 0; sign < 2; ++sign) {
    if (kk[sign] == 0.0) continue;
    const double* kv = k[sign];
    const double c = 2.0 * (1.0 / kk[sign] + g.inverse4Alpha2);
    const double half = 0.5 * gs[sign];
    w[0] += half * (1.0 - c * kv[0] * kv[0]);
    w[1] += half * (1.0 - c * kv[1] * kv[1]);
    w[2] += half * (1.0 - c * kv[2] * kv[2]);
    w[3] -= half * c * kv[0] * kv[1];
    w[4] -= half * c * kv[0] * kv[2];
    w[5] -= half * c * kv[1] * kv[2];
  }
  for (int c = 0; c < 6; ++c) wShape[c] = w[c];
}

}  // namespace sei::pppm
