#pragma once

#include "core/HostDevice.hpp"

namespace sei::nep {

/// Cutoff function and shifted Chebyshev basis φ_k(r), k = 0..K, with derivatives (spec §3.1).
/// phi and dphi need K+1 entries; dphi may be null. Caller guarantees 0 < r < rc. Shared by the
/// CPU evaluator (Real = double), the CUDA kernels (float or double) and the trainer (dual).
template <class Real>
SEI_HD inline void radialBasis(Real r, Real rc, int K, Real* phi,
                               typename hd::NonDeduced<Real>::Type* dphi) {
  const Real a = Real(hd::kPi) * r / rc;
  const Real fc = Real(0.5) * (Real(1) + hd::cosOf(a));
  const Real dfc = Real(-0.5) * Real(hd::kPi) / rc * hd::sinOf(a);
  const Real t = r / rc - Real(1);
  const Real x = Real(2) * t * t - Real(1);
  const Real dxdr = Real(4) * t / rc;
  phi[0] = fc;
  if (dphi) dphi[0] = dfc;
  // T_k and dT_k/dx by the recursions T_{k+1} = 2xT_k − T_{k−1}, T'_{k+1} = 2T_k + 2xT'_k −
  // T'_{k−1}.
  Real tPrev = 1, tCur = x, dPrev = 0, dCur = 1;
  for (int k = 1; k <= K; ++k) {
    phi[k] = Real(0.5) * (tCur + Real(1)) * fc;
    if (dphi) dphi[k] = Real(0.5) * dCur * dxdr * fc + Real(0.5) * (tCur + Real(1)) * dfc;
    const Real tNext = Real(2) * x * tCur - tPrev;
    const Real dNext = Real(2) * tCur + Real(2) * x * dCur - dPrev;
    tPrev = tCur;
    tCur = tNext;
    dPrev = dCur;
    dCur = dNext;
  }
}

/// g_n = Σ_k c[n(K+1)+k] φ_k for n = 0..nMax: the radial functions of the channels.
template <class Real, class Coefficient>
SEI_HD inline void contractChannels(const Coefficient* c, int nMax, int K, const Real* phi,
                                    Real* g) {
  for (int n = 0; n <= nMax; ++n) {
    Real s = 0;
    for (int k = 0; k <= K; ++k) s += Real(c[n * (K + 1) + k]) * phi[k];
    g[n] = s;
  }
}

}  // namespace sei::nep
