#pragma once

// Per-atom bodies of the CUDA trainer's kernels: training/ParameterGradient's forward pass on
// dual numbers and its reverse pass (see that class's comment for the method), one atom per
// thread over all atoms of a batch. The per-pair and per-atom math is engine/nep's templated
// code instantiated on training::Dual, as on the CPU. Instead of one accumulator per thread,
// each atom writes its own ∂U_i/∂θ (on dual numbers) into a row of a "slab", and one thread per
// parameter and chunk of atoms then sums a column (reduceSlabChunk, then sumSlabChunks): no
// atomics, and the same sum order at every run. The CPU-side tests run these bodies in host loops
// against ParameterGradient.
//
// Precision: double throughout (the gradient must match the CPU's to ~1e-10).

#include "cuda/NepAtomKernels.hpp"
#include "cuda/PairListView.hpp"
#include "training/Dual.hpp"

namespace sei::cuda {

using training::Dual;

/// The direction of the dual pass: every pair vector moves by Hᵀr_ij + g_j − g_i, with g and H
/// the loss's force and virial adjoints of the atom's structure.
struct DualDirection {
  const double* forceAdjoint;  ///< 3N, g_i = ∂L/∂F_i, Å/eV; null: none
  const double* strainRate;    ///< 9 per structure, Hᵀ = (∂L/∂W)ᵀ row-major, 1/eV
  const int* structureOf;      ///< N, each atom's structure
};

/// Where the parts of one atom's ∂U_i/∂θ lie in its slab row; typeBias is −1 for models without
/// trained type biases (all but nep5).
struct SlabLayout {
  int w0, b0, w1, w1q, typeBias, outputBias;
  int cRadial;   ///< T blocks of (n_R+1)(K_R+1), by the neighbour's type
  int cAngular;  ///< T blocks of (n_A+1)(K_A+1), by the neighbour's type
  int size;
};

SEI_HD inline SlabLayout slabLayout(const NepParams<double>& p, bool typeBiasTrained) {
  const int D = p.dim, H = p.hidden, T = p.numTypes;
  SlabLayout l;
  l.w0 = 0;
  l.b0 = l.w0 + H * D;
  l.w1 = l.b0 + H;
  l.w1q = l.w1 + H;
  int next = l.w1q + (p.charged ? H : 0);
  l.typeBias = typeBiasTrained ? next++ : -1;
  l.outputBias = next++;
  l.cRadial = next;
  l.cAngular = l.cRadial + T * (p.nR + 1) * (p.kR + 1);
  l.size = l.cAngular + T * (p.nA + 1) * (p.kA + 1);
  return l;
}

/// Per-atom work arrays of the dual passes (atom-major rows, as NepWork).
struct DualWork {
  Dual* descriptors;        ///< N×D, q
  Dual* sums;               ///< N×(n_A+1)×numSums, angular sums S
  Dual* activations;        ///< N×H
  Dual* energy;             ///< N, U_i, eV
  Dual* charge;             ///< N, q̂_i, e (qNEP)
  Dual* chargeAdjoint;      ///< N, ∂E/∂q̂_i and the charge-loss seed (qNEP), eV/e
  Dual* descriptorAdjoint;  ///< N×D, ∂U_i/∂q
  Dual* sumAdjoint;         ///< N×(n_A+1)×numSums, ∂U_i/∂S
  Dual* slab;               ///< N×SlabLayout::size, ∂U_i/∂θ
};

/// Visits atom i's pairs on dual numbers (ParameterGradient::forEachPair): radial(tj, pair, φ)
/// inside the radial cutoff, angular(tj, pair, φ, Y) inside the angular one.
template <class Radial, class Angular>
SEI_HD inline void forEachDualPair(const NepParams<double>& p, const PairListView& nb,
                                   const DualDirection& dir, const int* types, int i,
                                   Radial&& radial, Angular&& angular) {
  const int T = p.numTypes, ti = types[i];
  const double* rate = dir.strainRate + 9 * dir.structureOf[i];
  Dual phi[kMaxBasis], y[nep::kMaxAngularSums];
  for (int slot = 0; slot < nb.count[i]; ++slot) {
    const long e = pairEntry(nb, i, slot);
    const int j = nb.index[e], tj = types[j], pair = ti * T + tj;
    const double* d = nb.displacement + 3 * e;
    const double r0 = sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    if (r0 >= p.rcRadial[pair] && r0 >= p.rcAngular[pair]) continue;
    Dual x[3];
    for (int a = 0; a < 3; ++a) {
      double delta = rate[3 * a] * d[0] + rate[3 * a + 1] * d[1] + rate[3 * a + 2] * d[2];
      if (dir.forceAdjoint) delta += dir.forceAdjoint[3 * j + a] - dir.forceAdjoint[3 * i + a];
      x[a] = Dual(d[a], delta);
    }
    const Dual r = sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
    if (r0 < p.rcRadial[pair]) {
      nep::radialBasis(r, Dual(p.rcRadial[pair]), p.kR, phi, nullptr);
      radial(tj, pair, phi);
    }
    if (r0 < p.rcAngular[pair]) {
      const Dual u[3] = {x[0] / r, x[1] / r, x[2] / r};
      nep::radialBasis(r, Dual(p.rcAngular[pair]), p.kA, phi, nullptr);
      nep::evaluateAngular(p.angular, p.numSums, p.lMax, u, y, static_cast<Dual*>(nullptr));
      angular(tj, pair, phi, y);
    }
  }
}

/// Forward pass of atom i on dual numbers: descriptors, angular sums, hidden activations, U_i
/// and (qNEP) q̂_i (ParameterGradient::forwardAtom).
SEI_HD inline void dualForwardAtom(const NepParams<double>& p, const PairListView& nb,
                                   const DualDirection& dir, const int* types, int i,
                                   const DualWork& w) {
  const int D = p.dim, H = p.hidden, nR = p.nR, nA = p.nA, S = p.numSums;
  Dual* q = w.descriptors + static_cast<long>(i) * D;
  Dual* s = w.sums + static_cast<long>(i) * (nA + 1) * S;
  for (int d = 0; d < D; ++d) q[d] = 0.0;
  for (int k = 0; k < (nA + 1) * S; ++k) s[k] = 0.0;
  Dual g[kMaxChannels];
  forEachDualPair(
      p, nb, dir, types, i,
      [&](int, int pair, const Dual* phi) {
        nep::contractChannels(p.cRadial + pair * (nR + 1) * (p.kR + 1), nR, p.kR, phi, g);
        for (int c = 0; c <= nR; ++c) q[c] += g[c];
      },
      [&](int, int pair, const Dual* phi, const Dual* y) {
        nep::contractChannels(p.cAngular + pair * (nA + 1) * (p.kA + 1), nA, p.kA, phi, g);
        for (int c = 0; c <= nA; ++c)
          for (int k = 0; k < S; ++k) s[c * S + k] += g[c] * y[k];
      });
  nep::angularDescriptors(p.monomials, p.blockStart, p.numBlocks, nA, S, s, q + nR + 1);
  if (p.temperatureDescriptor) q[D - 1] = p.temperature;

  const int ti = types[i];
  const long off = static_cast<long>(ti) * H;
  Dual* a = w.activations + static_cast<long>(i) * H;
  Dual energy = -(p.outputBias + p.typeBias[ti]), charge = 0.0;
  for (int mu = 0; mu < H; ++mu) {
    a[mu] = nep::hiddenActivation(D, p.w0 + (off + mu) * D, p.b0[off + mu], p.scalers, q);
    energy += p.w1[off + mu] * a[mu];
    if (p.charged) charge += p.w1q[off + mu] * a[mu];
  }
  w.energy[i] = energy;
  if (p.charged) w.charge[i] = charge;
}

/// Reverse pass of atom i: ∂U_i/∂θ (plus ∂L/∂q̂_i ∂q̂_i/∂θ through the charge seed, qNEP) on dual
/// numbers into its slab row (ParameterGradient::reverseAtom with energy seed 1).
SEI_HD inline void dualReverseAtom(const NepParams<double>& p, const PairListView& nb,
                                   const DualDirection& dir, const int* types, int i,
                                   const SlabLayout& l, const DualWork& w) {
  const int D = p.dim, H = p.hidden, nR = p.nR, nA = p.nA, S = p.numSums;
  const int ti = types[i];
  const long off = static_cast<long>(ti) * H;
  const Dual* q = w.descriptors + static_cast<long>(i) * D;
  const Dual* s = w.sums + static_cast<long>(i) * (nA + 1) * S;
  Dual* qBar = w.descriptorAdjoint + static_cast<long>(i) * D;
  Dual* sBar = w.sumAdjoint + static_cast<long>(i) * (nA + 1) * S;
  Dual* g = w.slab + static_cast<long>(i) * l.size;
  for (int k = 0; k < l.size; ++k) g[k] = 0.0;

  nep::backpropagateNetwork(D, H, p.w0 + off * D, p.w1 + off, p.charged ? p.w1q + off : nullptr,
                            p.scalers, q, w.activations + static_cast<long>(i) * H, Dual(1.0),
                            p.charged ? w.chargeAdjoint[i] : Dual(0.0), g + l.w0, g + l.b0,
                            g + l.w1, p.charged ? g + l.w1q : nullptr, qBar);
  g[l.outputBias] = -1.0;
  if (l.typeBias >= 0) g[l.typeBias] = -1.0;

  for (int k = 0; k < (nA + 1) * S; ++k) sBar[k] = 0.0;
  for (int b = 0; b < p.numBlocks; ++b) {
    const nep::Monomial* terms = p.monomials + p.blockStart[b];
    const int numTerms = p.blockStart[b + 1] - p.blockStart[b];
    for (int c = 0; c <= nA; ++c)
      nep::addBlockGradient(terms, numTerms, s + c * S, qBar[nR + 1 + b * (nA + 1) + c],
                            sBar + c * S);
  }

  // Q_n = Σ_j Σ_k c_R φ_k and S_n = Σ_j (Σ_k c_A φ_k) Y are linear in the coefficients.
  const int radialSize = (nR + 1) * (p.kR + 1), angularSize = (nA + 1) * (p.kA + 1);
  forEachDualPair(
      p, nb, dir, types, i,
      [&](int tj, int, const Dual* phi) {
        Dual* gc = g + l.cRadial + tj * radialSize;
        for (int c = 0; c <= nR; ++c)
          for (int k = 0; k <= p.kR; ++k) gc[c * (p.kR + 1) + k] += qBar[c] * phi[k];
      },
      [&](int tj, int, const Dual* phi, const Dual* y) {
        Dual* gc = g + l.cAngular + tj * angularSize;
        for (int c = 0; c <= nA; ++c) {
          Dual amplitude = 0.0;
          for (int k = 0; k < S; ++k) amplitude += sBar[c * S + k] * y[k];
          for (int k = 0; k <= p.kA; ++k) gc[c * (p.kA + 1) + k] += amplitude * phi[k];
        }
      });
}

/// Atoms per chunk of the slab reduction.
constexpr int kSlabChunk = 256;

/// Column o of the slab summed over the atoms of chunk c (atoms c·chunk onwards; chunk is
/// kSlabChunk on the device) per type, each row combined as α_i·v + β·d (α_i: ∂L/∂E of the
/// atom's structure; ParameterGradient::addCombined): partial[(c·T + t)·size + o] for every t.
SEI_HD inline void reduceSlabChunk(int o, int c, int chunk, int numAtoms, int numTypes,
                                   const SlabLayout& l, const Dual* slab, const int* types,
                                   const double* alpha, double beta, double* partial) {
  double* out = partial + static_cast<long>(c) * numTypes * l.size;
  for (int t = 0; t < numTypes; ++t) out[t * l.size + o] = 0.0;
  const int last = (c + 1) * chunk < numAtoms ? (c + 1) * chunk : numAtoms;
  for (int i = c * chunk; i < last; ++i) {
    const Dual& x = slab[static_cast<long>(i) * l.size + o];
    out[types[i] * l.size + o] += alpha[i] * x.v + beta * x.d;
  }
}

/// Entry k of the T×size sums: the chunks' partial sums of reduceSlabChunk added in chunk order
/// (the same result at every run).
SEI_HD inline void sumSlabChunks(long k, int numChunks, long typeSums, const double* partial,
                                 double* sums) {
  double s = 0.0;
  for (int c = 0; c < numChunks; ++c) s += partial[c * typeSums + k];
  sums[k] = s;
}

}  // namespace sei::cuda
