#pragma once

// Per-atom and per-k bodies of the CUDA electrostatics kernels (spec §7): real-space erfc sum,
// Ewald and PPPM. k-space work is done in double: phases k·r of atoms far from the origin lose
// too many digits in float.

#include "cuda/NeighborAtomKernels.hpp"
#include "kspace/CoulombMath.hpp"
#include "kspace/PppmMath.hpp"

namespace sei::cuda {

/// Per-atom electrostatic outputs; all added to, potential too (D_i, eV/e).
struct CoulombOutputs {
  double* energy;     ///< N, eV
  double* force;      ///< 3N, eV/Å
  double* virial;     ///< 9N, eV
  double* potential;  ///< N, eV/e
};

/// Real-space erfc sum and self term of atom i for charge mode 1 (spec §7.3), over its pairs
/// closer than `cutoff`; each ordered pair is visited from both sides.
template <class Real>
SEI_HD inline void realSpaceCoulombAtom(const NeighborView& nb, const double* charges, double alpha,
                                        double cutoff, int i, CoulombOutputs& out) {
  const double qi = charges[i];
  double phi = 0.0, f[3] = {0, 0, 0}, w[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
  forEachPair<Real>(nb, i, [&](int j, const Real* d, Real r) {
    if (double(r) >= cutoff) return;
    Real erfcOverR, gammaUnit;
    realSpaceCoulombPair(r, Real(alpha), erfcOverR, gammaUnit);
    const double qj = charges[j];
    phi += qj * double(erfcOverR);
    const double gamma = kCoulomb * qi * qj * double(gammaUnit);
    for (int a = 0; a < 3; ++a) {
      f[a] -= gamma * double(d[a]);
      for (int b = 0; b < 3; ++b) w[3 * a + b] += 0.5 * gamma * double(d[a]) * double(d[b]);
    }
  });
  const double selfFactor = alpha / sqrt(hd::kPi);
  out.potential[i] += kCoulomb * (phi - 2.0 * selfFactor * qi);
  out.energy[i] += 0.5 * kCoulomb * qi * phi - kCoulomb * selfFactor * qi * qi;
  for (int a = 0; a < 3; ++a) out.force[3 * i + a] += f[a];
  for (int k = 0; k < 9; ++k) out.virial[9 * i + k] += w[k];
}

/// One k-vector of the Ewald sum: k (Å⁻¹) and its weight G (Å), as 4 doubles.
struct EwaldK {
  double k[3];
  double weight;
};

/// Atom j's term of S(k) = Σ_j q_j e^{ik·r_j} = c + i s... stored as (Σ q cos, Σ q sin).
SEI_HD inline void ewaldStructureTerm(const EwaldK& kv, const double* position,
                                      const double* charges, int j, double& c, double& s) {
  const double phase =
      kv.k[0] * position[3 * j] + kv.k[1] * position[3 * j + 1] + kv.k[2] * position[3 * j + 2];
  c = charges[j] * cos(phase);
  s = charges[j] * sin(phase);
}

/// Reciprocal Ewald terms of atom j (spec §7.4) from all k-vectors and their structure factors
/// (2 doubles per k: Σ q cos, Σ q sin). Assigns the potential's k-space part, adds the rest.
SEI_HD inline void ewaldAtom(const EwaldK* kvs, const double* structure, int numK, double alpha,
                             const double* position, const double* charges, int j,
                             CoulombOutputs& out) {
  const double ke = kCoulomb, inv4a2 = 1.0 / (4 * alpha * alpha), qj = charges[j];
  double pot = 0.0, f[3] = {0, 0, 0}, w[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
  for (int kk = 0; kk < numK; ++kk) {
    const EwaldK& kv = kvs[kk];
    const double phase =
        kv.k[0] * position[3 * j] + kv.k[1] * position[3 * j + 1] + kv.k[2] * position[3 * j + 2];
    const double cj = cos(phase), sj = sin(phase);
    const double c = structure[2 * kk], s = structure[2 * kk + 1];
    // With S = Σ q e^{−ik·r} = c − i s: Re[S e^{ik·r_j}] and Im[S e^{ik·r_j}].
    const double re = c * cj + s * sj, im = c * sj - s * cj;
    const double g = kv.weight;
    pot += 2.0 * ke * g * re;
    const double k2 = kv.k[0] * kv.k[0] + kv.k[1] * kv.k[1] + kv.k[2] * kv.k[2];
    const double shapeScale = 2.0 * (1.0 / k2 + inv4a2);
    for (int a = 0; a < 3; ++a) {
      f[a] += 2.0 * ke * g * qj * im * kv.k[a];
      for (int b = 0; b < 3; ++b)
        w[3 * a + b] += ke * g * qj * re * ((a == b ? 1.0 : 0.0) - shapeScale * kv.k[a] * kv.k[b]);
    }
  }
  out.potential[j] = pot;
  out.energy[j] += 0.5 * qj * pot;
  for (int a = 0; a < 3; ++a) out.force[3 * j + a] += f[a];
  for (int k = 0; k < 9; ++k) out.virial[9 * j + k] += w[k];
}

/// A PPPM mesh K₀×K₁×K₂ (m₀ fastest), the assignment order P and the cell's inverse,
/// row-major (Å⁻¹).
struct PppmMeshView {
  int k[3];
  int order;
  double hInv[9];
};

/// Stencil of atom i: first mesh index per direction (3 ints) and 3×P weights.
SEI_HD inline void pppmStencilAtom(const PppmMeshView& m, const double* position, int i, int* base,
                                   double* weights) {
  for (int d = 0; d < 3; ++d) {
    const double s = m.hInv[3 * d] * position[3 * i] + m.hInv[3 * d + 1] * position[3 * i + 1] +
                     m.hInv[3 * d + 2] * position[3 * i + 2];
    base[3 * i + d] = pppm::stencil(s, m.k[d], m.order, weights + 3 * m.order * i + m.order * d);
  }
}

/// Calls visit(meshIndex, weight) for the P×P×P points of atom i's stencil.
template <class Visitor>
SEI_HD inline void forEachStencilPoint(const PppmMeshView& m, const int* base,
                                       const double* weights, int i, Visitor&& visit) {
  const int p = m.order;
  const double* wt = weights + 3 * p * i;
  const int* b = base + 3 * i;
  for (int j2 = 0; j2 < p; ++j2) {
    int m2 = b[2] + j2;
    if (m2 >= m.k[2]) m2 -= m.k[2];
    for (int j1 = 0; j1 < p; ++j1) {
      int m1 = b[1] + j1;
      if (m1 >= m.k[1]) m1 -= m.k[1];
      const double w12 = wt[2 * p + j2] * wt[p + j1];
      const long row = static_cast<long>(m.k[0]) * (m1 + static_cast<long>(m.k[1]) * m2);
      for (int j0 = 0; j0 < p; ++j0) {
        int m0 = b[0] + j0;
        if (m0 >= m.k[0]) m0 -= m.k[0];
        visit(row + m0, w12 * wt[j0]);
      }
    }
  }
}

/// Spectrum of the four back-transformed fields at half-spectrum point p (spec §7.5): field 0
/// is ½[G(ν)+G(−ν)]·Ŝ, fields 1–3 are −i·½[k^aG(ν) − k^aG(−ν)]·Ŝ. Complex values as (re, im).
SEI_HD inline void pppmFieldSpectrum(const double* gEven, const double* kgOdd, const double* rhoHat,
                                     long p, int field, double* out) {
  const double re = rhoHat[2 * p], im = rhoHat[2 * p + 1];
  if (field == 0) {
    out[0] = gEven[p] * re;
    out[1] = gEven[p] * im;
  } else {
    const double kg = kgOdd[3 * p + field - 1];
    out[0] = kg * im;
    out[1] = -kg * re;
  }
}

/// Energy and virial (xx yy zz xy xz yz) contributions of half-spectrum point p, before k_e:
/// points with 0 < ν₀ < K₀/2 stand for ±ν.
SEI_HD inline void pppmSpectrumSums(const double* gEven, const double* wShape, const double* rhoHat,
                                    long p, int k0, double acc[7]) {
  const int h0 = k0 / 2 + 1;
  const int c0 = static_cast<int>(p % h0);
  const double multiplicity = (c0 == 0 || 2 * c0 == k0) ? 1.0 : 2.0;
  const double s2 =
      multiplicity * (rhoHat[2 * p] * rhoHat[2 * p] + rhoHat[2 * p + 1] * rhoHat[2 * p + 1]);
  acc[0] += s2 * gEven[p];
  for (int c = 0; c < 6; ++c) acc[1 + c] += s2 * wShape[6 * p + c];
}

/// Potential and force of atom i from the four real fields (φ, ε_x, ε_y, ε_z), and its uniform
/// share of the reciprocal energy and virial (gpumd's default split). sums: energy and the six
/// virial components, already multiplied by k_e.
SEI_HD inline void pppmGatherAtom(const PppmMeshView& m, const int* base, const double* weights,
                                  const double* fields, const double* charges, const double* sums,
                                  int numAtoms, int i, CoulombOutputs& out) {
  const long size = static_cast<long>(m.k[0]) * m.k[1] * m.k[2];
  double acc[4] = {0, 0, 0, 0};
  forEachStencilPoint(m, base, weights, i, [&](long point, double w) {
    for (int f = 0; f < 4; ++f) acc[f] += w * fields[f * size + point];
  });
  const double ke = kCoulomb;
  out.potential[i] = 2.0 * ke * acc[0];
  for (int a = 0; a < 3; ++a) out.force[3 * i + a] += 2.0 * ke * charges[i] * acc[1 + a];
  const double share = 1.0 / numAtoms;
  out.energy[i] += sums[0] * share;
  // Row-major 3×3 from xx yy zz xy xz yz.
  const int component[9] = {1, 4, 5, 4, 2, 6, 5, 6, 3};
  for (int k = 0; k < 9; ++k) out.virial[9 * i + k] += sums[component[k]] * share;
}

}  // namespace sei::cuda
