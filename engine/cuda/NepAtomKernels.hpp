#pragma once

// Per-atom bodies of the CUDA backend's NEP kernels. Each CUDA thread runs one of these for one
// atom; the CPU-side tests run the same functions in a host loop over atoms and compare with
// the CPU evaluator. Plain pointers only (device memory on the GPU, host memory in tests).
// Neighbors is any list with a forEachPair<Real>(nb, i, visit) overload: the MD backend's
// NeighborView, or the trainer's fixed PairListView.
//
// Precision: Real (float by default, double with SEI_CUDA_DOUBLE) for the per-pair math and its
// coefficients; double for per-atom sums (descriptors, angular sums, forces, virials) and for the
// per-atom network, whose float rounding alone shifts total energies by more than 1e-6.

#include "core/HostDevice.hpp"
#include "cuda/NeighborAtomKernels.hpp"
#include "cuda/PairListView.hpp"
#include "nep/AngularBlocks.hpp"
#include "nep/NetworkMath.hpp"
#include "nep/RadialBasis.hpp"
#include "nep/ZblMath.hpp"

namespace sei::cuda {

/// Largest n_R, n_A (+1) and K_R, K_A (+1) the kernels' local arrays hold.
constexpr int kMaxChannels = 32;
constexpr int kMaxBasis = 32;

/// A NEP / qNEP model in flat arrays (see NepModelBuffers for the layouts).
template <class Real>
struct NepParams {
  int numTypes, dim, nR, nA, kR, kA, numSums, hidden, lMax, numBlocks;
  int charged;                      ///< 1 for qNEP
  int temperatureDescriptor;        ///< 1: last descriptor is the temperature
  double temperature;               ///< K
  double outputBias;                ///< eV, subtracted
  const Real* cRadial;              ///< [(ti*T+tj)][n][k]
  const Real* cAngular;             ///< [(ti*T+tj)][n][k]
  const Real* rcRadial;             ///< per type pair, Å
  const Real* rcAngular;            ///< per type pair, Å
  const double* w0;                 ///< per type H×D
  const double* b0;                 ///< per type H
  const double* w1;                 ///< per type H
  const double* w1q;                ///< per type H (qNEP) or null
  const double* typeBias;           ///< per type, eV
  const double* scalers;            ///< D
  const nep::AngularTerm* angular;  ///< numSums
  const nep::Monomial* monomials;   ///< all blocks' terms
  const int* blockStart;            ///< numBlocks+1 offsets into monomials
  const nep::ZblPair* zbl;          ///< T×T or null
};

/// Per-atom work arrays, atom-major: atom i's D values start at i*D, its angular sums at
/// i*(n_A+1)*numSums.
struct NepWork {
  double* descriptors;       ///< N×D, q
  double* dEnergy;           ///< N×D, ∂U_i/∂q
  double* dCharge;           ///< N×D, ∂q̂_i/∂q (qNEP)
  double* sums;              ///< N×(n_A+1)×numSums, angular sums S
  double* weights;           ///< N×D, dE + D̄ dQ
  double* sumWeights;        ///< N×(n_A+1)×numSums, Σ_b weight·∂Q_b/∂S
  double* sumChargeWeights;  ///< same with dQ (BEC only)
};

/// Per-atom outputs; energies, forces and virials are added, charges assigned.
struct AtomOutputs {
  double* energy;  ///< N, eV
  double* charge;  ///< N, e (qNEP)
  double* force;   ///< 3N, eV/Å
  double* virial;  ///< 9N row-major, eV
  double* bec;     ///< 9N, e (BEC before the q δ term and √ε∞)
};

/// Descriptors, angular sums, network energy, raw charge and dE, dQ of atom i (spec §3–§5).
template <class Real, class Neighbors>
SEI_HD inline void descriptorAtom(const NepParams<Real>& p, const Neighbors& nb, const int* types,
                                  int i, NepWork& w, AtomOutputs& out) {
  const int D = p.dim, T = p.numTypes, nR = p.nR, nA = p.nA, S = p.numSums;
  const int sumStride = (nA + 1) * S;
  const int ti = types[i];
  double* q = w.descriptors + static_cast<long>(i) * D;
  double* s = w.sums + static_cast<long>(i) * sumStride;
  for (int d = 0; d < D; ++d) q[d] = 0.0;
  for (int k = 0; k < sumStride; ++k) s[k] = 0.0;
  Real phi[kMaxBasis], g[kMaxChannels], y[nep::kMaxAngularSums];
  forEachPair<Real>(nb, i, [&](int j, const Real* d, Real r) {
    const int pair = ti * T + types[j];
    if (r < p.rcRadial[pair]) {
      nep::radialBasis(r, p.rcRadial[pair], p.kR, phi, nullptr);
      nep::contractChannels(p.cRadial + pair * (nR + 1) * (p.kR + 1), nR, p.kR, phi, g);
      for (int c = 0; c <= nR; ++c) q[c] += g[c];
    }
    if (r < p.rcAngular[pair]) {
      nep::radialBasis(r, p.rcAngular[pair], p.kA, phi, nullptr);
      nep::contractChannels(p.cAngular + pair * (nA + 1) * (p.kA + 1), nA, p.kA, phi, g);
      const Real u[3] = {d[0] / r, d[1] / r, d[2] / r};
      nep::evaluateAngular(p.angular, S, p.lMax, u, y, static_cast<Real*>(nullptr));
      for (int c = 0; c <= nA; ++c)
        for (int k = 0; k < S; ++k) s[c * S + k] += double(g[c] * y[k]);
    }
  });
  nep::angularDescriptors(p.monomials, p.blockStart, p.numBlocks, nA, S, s, q + nR + 1);
  if (p.temperatureDescriptor) q[D - 1] = p.temperature;

  const long off = static_cast<long>(ti) * p.hidden;
  double energy = -p.outputBias - p.typeBias[ti], charge = 0.0;
  nep::evaluateNetwork(D, p.hidden, p.w0 + off * D, p.b0 + off, p.w1 + off,
                       p.charged ? p.w1q + off : nullptr, p.scalers, q, energy, charge,
                       w.dEnergy + static_cast<long>(i) * D,
                       p.charged ? w.dCharge + static_cast<long>(i) * D : nullptr);
  out.energy[i] = energy;
  if (p.charged) out.charge[i] = charge;
}

/// Force weights of atom i: dE + D̄_i dQ per descriptor, and their pull-back onto the angular
/// sums (and the same for dQ alone when BEC are wanted). potential: D̄ (eV/e) or null.
template <class Real>
SEI_HD inline void weightsAtom(const NepParams<Real>& p, int i, const double* potential,
                               bool wantBec, NepWork& w) {
  const int D = p.dim, nR = p.nR, nA = p.nA, S = p.numSums;
  const int sumStride = (nA + 1) * S;
  const double* dE = w.dEnergy + static_cast<long>(i) * D;
  const double* dQ = p.charged ? w.dCharge + static_cast<long>(i) * D : nullptr;
  double* weight = w.weights + static_cast<long>(i) * D;
  for (int d = 0; d < D; ++d) weight[d] = dE[d] + (p.charged ? potential[i] * dQ[d] : 0.0);
  const double* s = w.sums + static_cast<long>(i) * sumStride;
  double* fs = w.sumWeights + static_cast<long>(i) * sumStride;
  double* fsCharge = wantBec ? w.sumChargeWeights + static_cast<long>(i) * sumStride : nullptr;
  for (int k = 0; k < sumStride; ++k) {
    fs[k] = 0.0;
    if (wantBec) fsCharge[k] = 0.0;
  }
  for (int b = 0; b < p.numBlocks; ++b) {
    const nep::Monomial* terms = p.monomials + p.blockStart[b];
    const int numTerms = p.blockStart[b + 1] - p.blockStart[b];
    for (int c = 0; c <= nA; ++c) {
      const int d = nR + 1 + b * (nA + 1) + c;
      nep::addBlockGradient(terms, numTerms, s + c * S, weight[d], fs + c * S);
      if (wantBec) nep::addBlockGradient(terms, numTerms, s + c * S, dQ[d], fsCharge + c * S);
    }
  }
}

/// f = −∂(Σ weights·q_a)/∂r_b for the pair a → b at displacement d = r_b − r_a, |d| = r,
/// from a's descriptor weights (radial part) and angular-sum weights (spec §3, §6).
template <class Real>
SEI_HD inline void pairForce(const NepParams<Real>& p, int pair, const Real d[3], Real r,
                             const double* radialWeights, const double* sumWeights, double f[3]) {
  const int nR = p.nR, nA = p.nA, S = p.numSums;
  Real phi[kMaxBasis], dphi[kMaxBasis], g[kMaxChannels], dg[kMaxChannels];
  const Real u[3] = {d[0] / r, d[1] / r, d[2] / r};
  f[0] = f[1] = f[2] = 0.0;
  if (r < p.rcRadial[pair]) {
    nep::radialBasis(r, p.rcRadial[pair], p.kR, phi, dphi);
    nep::contractChannels(p.cRadial + pair * (nR + 1) * (p.kR + 1), nR, p.kR, dphi, dg);
    double fr = 0.0;
    for (int c = 0; c <= nR; ++c) fr += radialWeights[c] * double(dg[c]);
    for (int a = 0; a < 3; ++a) f[a] += fr * double(u[a]);
  }
  if (r < p.rcAngular[pair]) {
    Real y[nep::kMaxAngularSums], grad[3 * nep::kMaxAngularSums];
    nep::radialBasis(r, p.rcAngular[pair], p.kA, phi, dphi);
    const Real* c0 = p.cAngular + pair * (nA + 1) * (p.kA + 1);
    nep::contractChannels(c0, nA, p.kA, phi, g);
    nep::contractChannels(c0, nA, p.kA, dphi, dg);
    nep::evaluateAngular(p.angular, S, p.lMax, u, y, grad);
    // f = Σ_{n,k} F_nk [g_n' Y_k û + g_n ∇Y_k], with ∇Y = (1 − ûû)·∂Y/∂û / r.
    double radial = 0.0, tangential[3] = {0.0, 0.0, 0.0};
    for (int k = 0; k < S; ++k) {
      double amp = 0.0, ampSlope = 0.0;
      for (int c = 0; c <= nA; ++c) {
        amp += sumWeights[c * S + k] * double(g[c]);
        ampSlope += sumWeights[c * S + k] * double(dg[c]);
      }
      radial += ampSlope * double(y[k]);
      for (int a = 0; a < 3; ++a) tangential[a] += amp * double(grad[3 * k + a]);
    }
    const double along = tangential[0] * u[0] + tangential[1] * u[1] + tangential[2] * u[2];
    for (int a = 0; a < 3; ++a)
      f[a] += radial * double(u[a]) + (tangential[a] - along * double(u[a])) / double(r);
  }
}

/// Force, per-atom virial and BEC of atom i by gathering both directions of each of its pairs
/// (no atomics): F_i = Σ_j f_ij − f_ji, W_i = Σ_j d_ij ⊗ f_ji, Z_i = ½ Σ_j d_ij ⊗ (h_ij + h_ji),
/// with f_ab computed from a's weights. The list must be symmetric (full list).
template <class Real, class Neighbors>
SEI_HD inline void forceAtom(const NepParams<Real>& p, const Neighbors& nb, const int* types, int i,
                             bool wantBec, const NepWork& w, AtomOutputs& out) {
  const int D = p.dim, T = p.numTypes;
  const int sumStride = (p.nA + 1) * p.numSums;
  const int ti = types[i];
  double force[3] = {0, 0, 0}, virial[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
  double bec[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
  forEachPair<Real>(nb, i, [&](int j, const Real* d, Real r) {
    const Real back[3] = {-d[0], -d[1], -d[2]};
    const int tj = types[j];
    double fij[3], fji[3];
    pairForce(p, ti * T + tj, d, r, w.weights + static_cast<long>(i) * D,
              w.sumWeights + static_cast<long>(i) * sumStride, fij);
    pairForce(p, tj * T + ti, back, r, w.weights + static_cast<long>(j) * D,
              w.sumWeights + static_cast<long>(j) * sumStride, fji);
    for (int a = 0; a < 3; ++a) {
      force[a] += fij[a] - fji[a];
      for (int b = 0; b < 3; ++b) virial[3 * a + b] += double(d[a]) * fji[b];
    }
    if (wantBec) {
      double hij[3], hji[3];
      pairForce(p, ti * T + tj, d, r, w.dCharge + static_cast<long>(i) * D,
                w.sumChargeWeights + static_cast<long>(i) * sumStride, hij);
      pairForce(p, tj * T + ti, back, r, w.dCharge + static_cast<long>(j) * D,
                w.sumChargeWeights + static_cast<long>(j) * sumStride, hji);
      for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) bec[3 * a + b] += 0.5 * double(d[a]) * (hij[b] + hji[b]);
    }
  });
  for (int a = 0; a < 3; ++a) out.force[3 * i + a] += force[a];
  if (out.virial)
    for (int k = 0; k < 9; ++k) out.virial[9 * i + k] += virial[k];
  if (wantBec)
    for (int k = 0; k < 9; ++k) out.bec[9 * i + k] = bec[k];
}

/// ZBL energy, force and virial of atom i (spec §9); each ordered pair is visited from both
/// sides, so atom i only updates itself. Pairs beyond the angular cutoff are skipped.
template <class Real, class Neighbors>
SEI_HD inline void zblAtom(const NepParams<Real>& p, const Neighbors& nb, const int* types, int i,
                           AtomOutputs& out) {
  const int T = p.numTypes, ti = types[i];
  forEachPair<Real>(nb, i, [&](int j, const Real* d, Real r) {
    const int pair = ti * T + types[j];
    if (r >= p.rcAngular[pair]) return;
    Real v, dv;
    nep::zblPairEnergy(p.zbl[pair], r, v, dv);
    out.energy[i] += 0.5 * double(v);
    const double scale = double(dv) / double(r);
    for (int a = 0; a < 3; ++a) {
      out.force[3 * i + a] += scale * double(d[a]);
      if (out.virial)
        for (int b = 0; b < 3; ++b)
          out.virial[9 * i + 3 * a + b] += -0.5 * scale * double(d[a]) * double(d[b]);
    }
  });
}

}  // namespace sei::cuda
