#pragma once

#include <Eigen/Dense>

namespace sei::cuda {

/// How far (Å) atoms may move, measured in the cell of the list's build, before a Verlet list
/// built with cutoff + skin in cell `built` misses a pair closer than cutoff in cell `now`
/// (same periodic images, cell strained since). A pair left out had |d₀| > cutoff + skin; each
/// atom moved less than δ, so |d̃| > cutoff + skin − 2δ in the built cell, and the strain
/// E = H·H₀⁻¹ − I shortens it at most by the factor 1 − ‖E‖: it stays beyond cutoff while
/// 2δ ≤ skin − (cutoff + skin)‖E‖. The Frobenius norm bounds ‖E‖. Non-positive: rebuild.
inline double strainedMoveLimit(const Eigen::Matrix3d& built, const Eigen::Matrix3d& now,
                                double cutoff, double skin) {
  const double strain = (now * built.inverse() - Eigen::Matrix3d::Identity()).norm();
  return 0.5 * (skin - (cutoff + skin) * strain);
}

}  // namespace sei::cuda
