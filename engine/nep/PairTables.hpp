#pragma once

#include <vector>

#include "nep/AngularTerms.hpp"
#include "nep/NepModel.hpp"

namespace sei::nep {

/// A model's constants in the layouts the per-pair and per-atom loops read: shared by the
/// evaluator and the trainer's gradient pass.
struct PairTables {
  explicit PairTables(const NepModel& model);

  int numTypes, dim, nR, nA, kR, kA;
  int numSums;                            ///< angular sums S per channel
  std::vector<double> cRadial, cAngular;  ///< [(ti*T+tj)][n][k]
  std::vector<double> rcRadial;           ///< per type pair [ti*T+tj], Å
  std::vector<double> rcAngular;          ///< per type pair, Å
  AngularFunctions angular;
  std::vector<BlockPolynomial> blocks;  ///< descriptor order (spec §3.6)

  /// Largest radial or angular pair cutoff: the neighbour-list cutoff, Å.
  double maxCutoff() const;
  const double* radialCoefficients(int pair) const { return &cRadial[pair * (nR + 1) * (kR + 1)]; }
  const double* angularCoefficients(int pair) const {
    return &cAngular[pair * (nA + 1) * (kA + 1)];
  }
  /// Index of angular block b, channel c in the descriptor.
  int angularIndex(int b, int c) const { return nR + 1 + b * (nA + 1) + c; }
};

}  // namespace sei::nep
