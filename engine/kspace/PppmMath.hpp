#pragma once

#include "core/HostDevice.hpp"

namespace sei::pppm {

/// Assignment orders P: GPUMD's fixed order (spec §7.5) and the range an accuracy may choose
/// from (LAMMPS' 2..7; the Deserno–Holm error estimate is tabulated for these).
constexpr int kGpumdOrder = 5;
constexpr int kMinOrder = 2;
constexpr int kMaxOrder = 7;

/// The P weights of the order-P Hockney–Eastwood charge assignment function (the cardinal
/// B-spline of P unit boxes) on the P mesh points first, …, first + P − 1 of stencil(): w[j] =
/// M_P(x − first − j) for an atom at mesh coordinate x, where frac ∈ [0, 1) is x − first −
/// (P − 1)/2 + ½ for odd P (offset from the nearest point + ½) and x − ⌊x⌋ for even P. The
/// weights sum to 1. Built by the B-spline recursion N_{n+1}(t) = [t N_n(t) + (n + 1 − t)
/// N_n(t − 1)]/n on the values N_n(frac + i), i < n.
SEI_HD inline void assignmentWeights(int order, double frac, double* w) {
  double b[kMaxOrder];  // b[i] = N_n(frac + i)
  b[0] = 1.0;
  for (int n = 1; n < order; ++n) {
    b[n] = (1.0 - frac) * b[n - 1] / n;  // t = frac + n: only the N_n(t − 1) term
    for (int i = n - 1; i > 0; --i) b[i] = ((frac + i) * b[i] + (n + 1 - frac - i) * b[i - 1]) / n;
    b[0] = frac * b[0] / n;
  }
  for (int j = 0; j < order; ++j) w[j] = b[order - 1 - j];
}

/// Stencil of one atom along one mesh direction: fractional coordinate s, mesh size k, order P.
/// Fills the P weights and returns the first of the P mesh indices, wrapped into [0, k). For
/// odd P the stencil is centred on the nearest mesh point, floor(s·k + ½) instead of gpumd's
/// truncation (the same inside the cell, right outside it); for even P on the cell ⌊s·k⌋.
SEI_HD inline int stencil(double s, int k, int order, double* w) {
  const double x = s * k;
  const double anchor = order % 2 ? floor(x + 0.5) : floor(x);
  const double first = anchor - (order - 1) / 2;
  assignmentWeights(order, order % 2 ? x - anchor + 0.5 : x - anchor, w);
  return static_cast<int>(first - k * floor(first / k));
}

/// Signed frequency of DFT index i ∈ [0, K): the Nyquist index K/2 maps to −K/2 (spec §7.5).
SEI_HD inline int foldFrequency(int i, int k) { return 2 * i >= k ? i - k : i; }

/// The alias sum Σ_m sinc^{2P}(π(ν/K + m)) of the order-P assignment function as a polynomial
/// in t = sin²(πν/K): c[0] + c[1] t + … + c[P−1] t^{P−1} (for P = 5: 1 − 5/3 t + 7/9 t² −
/// 17/189 t³ + 2/2835 t⁴).
struct AliasPolynomial {
  int order = kGpumdOrder;
  double c[kMaxOrder] = {};
};

/// The polynomial for order P (host only). With z = πν/K, Σ_m 1/(z + πm)^{2P} = D^{2P−2}
/// csc²z / (2P−1)!, and D^n csc²z is a polynomial p_n(y) in y = cot z (D y = −(1 + y²),
/// csc²z = 1 + y²), even for even n; with y² = (1 − t)/t, t^P p(y) is a polynomial in t.
inline AliasPolynomial aliasPolynomial(int order) {
  constexpr int kTerms = 2 * kMaxOrder + 1;
  double p[kTerms] = {1.0, 0.0, 1.0};  // coefficients of y^j: csc²z = 1 + y²
  double factorial = 1.0;              // (2P − 1)!
  for (int n = 0; n < 2 * order - 2; ++n) {
    double next[kTerms] = {};
    for (int j = 1; j < kTerms; ++j) {  // −(1 + y²) d/dy
      next[j - 1] -= j * p[j];
      if (j + 1 < kTerms) next[j + 1] -= j * p[j];
    }
    for (int j = 0; j < kTerms; ++j) p[j] = next[j];
  }
  for (int n = 2; n < 2 * order; ++n) factorial *= n;
  // t^P Σ_j p_{2j} ((1 − t)/t)^j = Σ_j p_{2j} (1 − t)^j t^{P−j}.
  double t[kMaxOrder + 2] = {};
  for (int j = 0; j <= order; ++j) {
    double binomial = 1.0;  // C(j, i)
    for (int i = 0; i <= j; ++i) {
      const int power = order - j + i;
      if (power <= order) t[power] += p[2 * j] * binomial * (i % 2 ? -1.0 : 1.0);
      binomial = binomial * (j - i) / (i + 1);
    }
  }
  AliasPolynomial a;
  a.order = order;
  for (int i = 0; i < order; ++i) a.c[i] = t[i] / factorial;  // t[order] vanishes
  return a;
}

/// sinc(πν/K)^{2P} / S(t)², t = sin²(πν/K): one direction's factor of the influence function,
/// with the closed-form alias sum S of the order-P assignment function.
SEI_HD inline double aliasFactor(const AliasPolynomial& a, int nu, int k) {
  if (nu == 0) return 1.0;
  const double x = hd::kPi * nu / k;
  const double sinc = sin(x) / x;
  const double t = sin(x) * sin(x);
  double sum = 0.0, power = 1.0;
  for (int i = a.order - 1; i >= 0; --i) sum = sum * t + a.c[i];
  for (int i = 0; i < a.order; ++i) power *= sinc * sinc;
  return power / (sum * sum);
}

/// What the influence function needs of the cell and splitting, fixed per (mesh, cell, α).
struct InfluenceGeometry {
  int mesh[3];
  double b[9];       ///< reciprocal vectors as columns, row-major: b[3a + d] = (b_d)_a, Å⁻¹
  double prefactor;  ///< 2π/V (full k space), Å⁻³
  double inverse4Alpha2;  ///< 1/(4α²), Å²
  AliasPolynomial alias;  ///< of the assignment order
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
