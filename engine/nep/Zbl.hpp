#pragma once

#include <vector>

#include "nep/NepModel.hpp"
#include "nep/ZblMath.hpp"

namespace sei::nep {

/// Screened nuclear repulsion of NEP *_zbl models (spec §9), per pair of types.
class Zbl {
 public:
  explicit Zbl(const NepModel& model);
  /// Pair energy V(r) (eV) and dV/dr (eV/Å) for central type ti and neighbour type tj.
  void evaluate(int ti, int tj, double r, double& v, double& dv) const {
    zblPairEnergy(pairs_[ti * numTypes_ + tj], r, v, dv);
  }
  /// Parameters of every ordered type pair, [ti*T + tj].
  const std::vector<ZblPair>& pairs() const { return pairs_; }

 private:
  int numTypes_;
  std::vector<ZblPair> pairs_;
};

}  // namespace sei::nep
