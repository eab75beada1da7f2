#pragma once

#include "core/HostDevice.hpp"

namespace sei::nep {

/// The one-hidden-layer tanh network of one atom (spec §4) on raw descriptors q[0..D):
/// adds Σ_μ w1_μ a_μ to energy (and Σ_μ w1q_μ a_μ to charge if w1q is non-null) and *assigns*
/// dE[d] = ∂energy/∂q_d (and dQ[d] likewise). Input scaling x = σ·q and the subtracted hidden
/// biases are applied here. W is the storage type of the weights.
template <class Real, class W>
SEI_HD inline void evaluateNetwork(int D, int H, const W* w0, const W* b0, const W* w1,
                                   const W* w1q, const W* scalers, const Real* q, Real& energy,
                                   Real& charge, Real* dE, Real* dQ) {
  for (int d = 0; d < D; ++d) {
    dE[d] = 0;
    if (w1q) dQ[d] = 0;
  }
  for (int mu = 0; mu < H; ++mu) {
    const W* w = w0 + mu * D;
    Real z = -Real(b0[mu]);
    for (int d = 0; d < D; ++d) z += Real(w[d]) * (Real(scalers[d]) * q[d]);
    const Real a = hd::tanhOf(z);
    const Real slope = Real(1) - a * a;
    energy += Real(w1[mu]) * a;
    const Real se = Real(w1[mu]) * slope;
    for (int d = 0; d < D; ++d) dE[d] += se * Real(w[d]);
    if (w1q) {
      charge += Real(w1q[mu]) * a;
      const Real sq = Real(w1q[mu]) * slope;
      for (int d = 0; d < D; ++d) dQ[d] += sq * Real(w[d]);
    }
  }
  for (int d = 0; d < D; ++d) {
    dE[d] *= Real(scalers[d]);
    if (w1q) dQ[d] *= Real(scalers[d]);
  }
}

}  // namespace sei::nep
