#pragma once

#include "core/HostDevice.hpp"

namespace sei::nep {

constexpr int kMaxLMax = 8;
/// Number of angular sums S(l,m,·) for l = 1..L (spec §3.4): (L+1)² − 1.
constexpr int numAngularSums(int lMax) { return (lMax + 1) * (lMax + 1) - 1; }
constexpr int kMaxAngularSums = numAngularSums(kMaxLMax);

/// One product of angular sums, coefficient · Π S[factors[0..degree)].
struct Monomial {
  double coefficient;
  int degree;
  int factors[4];  ///< flat S indices (spec §3.4), unused ones -1
};

/// Y_k(û) = Z_{l,m}(û_z) · Re/Im((û_x + iû_y)^m) for one flat S index k.
struct AngularTerm {
  int m;
  int sine;                   ///< 1: imaginary part
  int polyDegree;             ///< l − m
  double poly[kMaxLMax + 1];  ///< Z_{l,m} coefficients, ascending powers
};

/// Fills y[0..count) with Y_k(û) and, if grad != nullptr, grad[3k..3k+3) = ∂Y_k/∂û with the
/// components of û taken as independent variables. lMax ≤ kMaxLMax.
template <class Real>
SEI_HD inline void evaluateAngular(const AngularTerm* terms, int count, int lMax, const Real u[3],
                                   Real* y, Real* grad) {
  // Powers of w = ux + i uy and of uz, shared by all (l, m).
  Real wRe[kMaxLMax + 1], wIm[kMaxLMax + 1], zp[kMaxLMax + 1];
  wRe[0] = 1;
  wIm[0] = 0;
  zp[0] = 1;
  for (int m = 1; m <= lMax; ++m) {
    wRe[m] = wRe[m - 1] * u[0] - wIm[m - 1] * u[1];
    wIm[m] = wRe[m - 1] * u[1] + wIm[m - 1] * u[0];
    zp[m] = zp[m - 1] * u[2];
  }
  for (int k = 0; k < count; ++k) {
    const AngularTerm& t = terms[k];
    Real z = 0, dz = 0;
    for (int p = 0; p <= t.polyDegree; ++p) {
      z += Real(t.poly[p]) * zp[p];
      if (p > 0) dz += Real(p) * Real(t.poly[p]) * zp[p - 1];
    }
    const Real phase = t.sine ? wIm[t.m] : wRe[t.m];
    y[k] = z * phase;
    if (!grad) continue;
    // ∂w^m/∂ux = m w^(m−1), ∂w^m/∂uy = i m w^(m−1).
    Real dx = 0, dy = 0;
    if (t.m > 0) {
      const Real dRe = Real(t.m) * wRe[t.m - 1], dIm = Real(t.m) * wIm[t.m - 1];
      dx = t.sine ? dIm : dRe;
      dy = t.sine ? dRe : -dIm;
    }
    grad[3 * k] = z * dx;
    grad[3 * k + 1] = z * dy;
    grad[3 * k + 2] = dz * phase;
  }
}

/// Σ_terms coefficient · Π S[factors]: one descriptor block of one channel.
template <class Real>
SEI_HD inline Real blockValue(const Monomial* terms, int count, const Real* s) {
  Real v = 0;
  for (int i = 0; i < count; ++i) {
    const Monomial& t = terms[i];
    Real p = Real(t.coefficient);
    for (int f = 0; f < t.degree; ++f) p *= s[t.factors[f]];
    v += p;
  }
  return v;
}

/// Adds weight · ∂blockValue/∂S[k] to grad[k] for every k.
template <class Real>
SEI_HD inline void addBlockGradient(const Monomial* terms, int count, const Real* s, Real weight,
                                    Real* grad) {
  for (int i = 0; i < count; ++i) {
    const Monomial& t = terms[i];
    for (int f = 0; f < t.degree; ++f) {
      Real p = weight * Real(t.coefficient);
      for (int g = 0; g < t.degree; ++g)
        if (g != f) p *= s[t.factors[g]];
      grad[t.factors[f]] += p;
    }
  }
}

}  // namespace sei::nep
