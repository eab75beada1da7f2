#pragma once

#include <array>
#include <string>
#include <vector>

#include "core/Structure.hpp"

namespace sei {

/// Per-type-pair parameters of flexible ZBL (`zbl 0 0`, spec §9.2).
struct ZblPairParameters {
  double rInner = 0.0;        ///< Å
  double rOuter = 0.0;        ///< Å
  std::array<double, 4> a{};  ///< amplitudes of the screening function
  std::array<double, 4> b{};  ///< exponents of the screening function
};

/// One type's neural network (spec §4). For nep3 models all types share one network.
struct NepNetwork {
  std::vector<double> w0;   ///< H×D, neuron-major: w0[mu*D + d]
  std::vector<double> b0;   ///< H hidden biases (subtracted)
  std::vector<double> w1;   ///< H energy output weights
  std::vector<double> w1q;  ///< H charge output weights (qNEP only)
  double typeBias = 0.0;    ///< nep5 per-type output bias β_t (subtracted), eV
};

/// Which higher-order angular blocks are present (spec §2.1 item 6), in descriptor order.
enum class AngularBlock { Q222, Q1111, Q112, Q123, Q233, Q134 };
constexpr int kNumHigherBlocks = 6;

/// A NEP / qNEP model as read from a GPUMD `nep.txt` file (spec §1–§2). Immutable after reading.
struct NepModel {
  std::string path;                    ///< file it came from, for messages
  std::string token;                   ///< first token, e.g. "nep4_zbl_charge1"
  int version = 4;                     ///< 3, 4 or 5
  int chargeMode = 0;                  ///< 0: no charges, 1: real + reciprocal, 2: reciprocal only
  bool temperatureDescriptor = false;  ///< *_temperature: last descriptor = temperature (K)

  std::vector<std::string> elements;  ///< type t -> element symbol
  std::vector<int> atomicNumbers;     ///< type t -> Z

  bool zbl = false;
  bool flexibleZbl = false;                 ///< `zbl 0 0`: per-pair parameters below
  double zblInner = 0.0;                    ///< Å
  double zblOuter = 0.0;                    ///< Å
  double zblTypewiseFactor = 0.0;           ///< 0 if absent (universal ZBL only)
  std::vector<ZblPairParameters> zblPairs;  ///< unordered type pairs, spec §2.3 item 7

  std::vector<double> radialCutoff;   ///< per type, Å (all equal without typewise cutoffs)
  std::vector<double> angularCutoff;  ///< per type, Å
  bool typewiseCutoff = false;
  int maxNeighborsRadial = 0;   ///< MN_R, informative only
  int maxNeighborsAngular = 0;  ///< MN_A, informative only

  int nMaxRadial = 0;                                 ///< n_R (channels 0..n_R)
  int nMaxAngular = 0;                                ///< n_A
  int basisRadial = 0;                                ///< K_R (basis functions 0..K_R)
  int basisAngular = 0;                               ///< K_A
  int lMax = 0;                                       ///< L of the 3-body part
  std::array<bool, kNumHigherBlocks> higherBlocks{};  ///< in AngularBlock order
  int hidden = 0;                                     ///< H

  std::vector<NepNetwork> networks;         ///< one per type (nep3: the shared one, replicated)
  double sqrtEpsilonInf = 1.0;              ///< √ε∞, scales Born effective charges (qNEP)
  double outputBias = 0.0;                  ///< b_out (subtracted), eV
  std::vector<double> radialCoefficients;   ///< c_R[((n(K_R+1)+k)T+t1)T+t2]
  std::vector<double> angularCoefficients;  ///< c_A, same layout
  std::vector<double> scalers;              ///< σ_d, D values

  int numTypes() const { return static_cast<int>(elements.size()); }
  int numAngularBlocks() const;  ///< B of spec §2.2
  int dimension() const;         ///< D of spec §2.2
  bool hasCharges() const { return chargeMode != 0; }
  double maxRadialCutoff() const;
  double maxAngularCutoff() const;
  /// Cutoffs for a pair of types: the mean of the two typewise values (spec §2.1 item 3), Å.
  double pairRadialCutoff(int t1, int t2) const {
    return 0.5 * (radialCutoff[t1] + radialCutoff[t2]);
  }
  double pairAngularCutoff(int t1, int t2) const {
    return 0.5 * (angularCutoff[t1] + angularCutoff[t2]);
  }

  /// Types of the atoms of a structure, mapped by element symbol. Throws InputError naming
  /// the symbol, the first atom that has it and the model's elements if the model lacks it.
  std::vector<int> typesOf(const Structure& s, const std::string& structureName) const;
};

/// Calls visit(fileIndex, pairIndex) for every radial or angular coefficient: its index in
/// file order c[((n(K+1)+k)T+t1)T+t2] and in the pair-major order [(t1*T+t2)][n][k] that the
/// pair loops read.
template <class Visit>
void forEachCoefficient(int T, int nMax, int K, Visit&& visit) {
  for (int n = 0; n <= nMax; ++n)
    for (int k = 0; k <= K; ++k)
      for (int t1 = 0; t1 < T; ++t1)
        for (int t2 = 0; t2 < T; ++t2)
          visit(((n * (K + 1) + k) * T + t1) * T + t2,
                ((t1 * T + t2) * (nMax + 1) + n) * (K + 1) + k);
}

/// Repacks radial or angular coefficients from file order into pair-major order.
std::vector<double> pairMajorCoefficients(const std::vector<double>& c, int T, int nMax, int K);

/// Reads and validates a nep.txt file. Throws InputError "file:line: what, expected ..." for
/// malformed or unsupported files.
NepModel readNepModel(const std::string& path);

}  // namespace sei
