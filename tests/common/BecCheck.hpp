#pragma once

#include <Eigen/Dense>
#include <memory>
#include <vector>

#include "core/Structure.hpp"
#include "nep/NepModel.hpp"

namespace sei::test {

/// Born effective charges of the given atoms of `s` from central differences of the charges
/// alone (no BEC code of the engine involved), assembled into the per-pair form of spec §10:
/// Z*_k = √ε∞ [q_k 1 + ½ Σ_j r_kj ⊗ h_kj − ½ Σ_i r_ik ⊗ h_ik] with h_ij = ∂q̂_i/∂r_ij.
/// The structure is first repeated until every cell thickness exceeds twice the largest
/// cutoff, so each neighbour appears once and h_ij = ∂q̂_i/∂r_j (j ≠ i). The engine reports
/// neutralised charges q_i = q̂_i − mean(q̂); their differences q_i − q_z are those of the raw
/// charges, so h_ij is measured against an atom z out of the reach of j. step in Å.
std::vector<Eigen::Matrix3d> becFromChargeDifferences(std::shared_ptr<const NepModel> model,
                                                      const Structure& s,
                                                      const std::vector<int>& atoms,
                                                      double step = 1e-4);

/// The first atom of each model type in `s` (the atoms a BEC check looks at).
std::vector<int> firstAtomOfEachType(const NepModel& model, const Structure& s);

}  // namespace sei::test
