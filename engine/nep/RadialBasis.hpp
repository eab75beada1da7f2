#pragma once

#include <cmath>

namespace sei::nep {

/// Cutoff function and shifted Chebyshev basis φ_k(r), k = 0..K, with derivatives (spec §3.1).
/// phi and dphi need K+1 entries; dphi may be null. Caller guarantees 0 < r < rc.
inline void radialBasis(double r, double rc, int K, double* phi, double* dphi) {
  const double a = M_PI * r / rc;
  const double fc = 0.5 * (1.0 + std::cos(a));
  const double dfc = -0.5 * M_PI / rc * std::sin(a);
  const double t = r / rc - 1.0;
  const double x = 2.0 * t * t - 1.0;
  const double dxdr = 4.0 * t / rc;
  phi[0] = fc;
  if (dphi) dphi[0] = dfc;
  // T_k and dT_k/dx by the recursions T_{k+1} = 2xT_k − T_{k−1}, T'_{k+1} = 2T_k + 2xT'_k −
  // T'_{k−1}.
  double tPrev = 1.0, tCur = x, dPrev = 0.0, dCur = 1.0;
  for (int k = 1; k <= K; ++k) {
    phi[k] = 0.5 * (tCur + 1.0) * fc;
    if (dphi) dphi[k] = 0.5 * dCur * dxdr * fc + 0.5 * (tCur + 1.0) * dfc;
    const double tNext = 2.0 * x * tCur - tPrev;
    const double dNext = 2.0 * tCur + 2.0 * x * dCur - dPrev;
    tPrev = tCur;
    tCur = tNext;
    dPrev = dCur;
    dCur = dNext;
  }
}

}  // namespace sei::nep
