#pragma once

#include "core/HostDevice.hpp"

namespace sei::nep {

/// tanh(Σ_d w_d σ_d q_d − b): activation of one hidden neuron with weights w[0..D) on the raw
/// descriptor q (spec §4).
template <class Real, class W>
SEI_HD inline Real hiddenActivation(int D, const W* w, W b, const W* scalers, const Real* q) {
  Real z = -Real(b);
  for (int d = 0; d < D; ++d) z += Real(w[d]) * (Real(scalers[d]) * q[d]);
  return hd::tanhOf(z);
}

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
    const Real a = hiddenActivation(D, w, b0[mu], scalers, q);
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

/// Reverse mode through the network of one atom for the parameter gradient: with the hidden
/// activations a[0..H) of the forward pass and the adjoints uBar = ∂L/∂U_i and qBar = ∂L/∂q̂_i
/// (qBar ignored without w1q), adds ∂L/∂w0, ∂L/∂b0, ∂L/∂w1 (and ∂L/∂w1q) into the g* arrays
/// (layouts as the weights) and *assigns* qAdjoint[d] = ∂L/∂q_d on the raw descriptor.
template <class Real, class W>
SEI_HD inline void backpropagateNetwork(int D, int H, const W* w0, const W* w1, const W* w1q,
                                        const W* scalers, const Real* q, const Real* a, Real uBar,
                                        Real qBar, Real* gw0, Real* gb0, Real* gw1, Real* gw1q,
                                        Real* qAdjoint) {
  for (int d = 0; d < D; ++d) qAdjoint[d] = Real(0);
  for (int mu = 0; mu < H; ++mu) {
    gw1[mu] += a[mu] * uBar;
    Real aBar = Real(w1[mu]) * uBar;
    if (w1q) {
      gw1q[mu] += a[mu] * qBar;
      aBar += Real(w1q[mu]) * qBar;
    }
    const Real zBar = aBar * (Real(1) - a[mu] * a[mu]);
    gb0[mu] -= zBar;  // the bias is subtracted
    const W* w = w0 + mu * D;
    Real* g = gw0 + mu * D;
    for (int d = 0; d < D; ++d) {
      g[d] += zBar * (Real(scalers[d]) * q[d]);
      qAdjoint[d] += zBar * Real(w[d]);
    }
  }
  for (int d = 0; d < D; ++d) qAdjoint[d] *= Real(scalers[d]);
}

}  // namespace sei::nep
