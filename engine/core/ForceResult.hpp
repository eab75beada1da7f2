#pragma once

#include <Eigen/Dense>
#include <limits>
#include <vector>

namespace sei {

/// The closest pair of atoms in an evaluation's neighbour list, for the MD blow-up guard: found
/// in one pass over the list already built, so the guard can look at every step.
struct ClosestPair {
  bool reported = false;  ///< false: the backend does not look (the guard builds its own list)
  double distance = std::numeric_limits<double>::infinity();  ///< Å; infinite: no pair listed
  int i = -1, j = -1;                                         ///< atoms (0-based), -1: none
};

/// What one force evaluation produces (the Backend output of the architecture). Virials are
/// W^{ab} = Σ r^a F^b (eV, not divided by volume, no kinetic part); row a, column b.
struct ForceResult {
  double energy = 0.0;                               ///< eV, total potential energy
  std::vector<double> perAtomEnergy;                 ///< eV, sums to energy
  std::vector<Eigen::Vector3d> forces;               ///< eV/Å
  Eigen::Matrix3d virial = Eigen::Matrix3d::Zero();  ///< eV
  std::vector<Eigen::Matrix3d> perAtomVirial;        ///< eV (empty unless requested)
  std::vector<double> charges;                       ///< e, neutralised (qNEP only)
  std::vector<Eigen::Matrix3d> bec;  ///< e, Born effective charges (qNEP, if requested)
  ClosestPair closest;               ///< Å, closest pair within the cutoff
};

/// Which optional outputs an evaluation should fill; skipping them saves time in MD.
struct ForceRequest {
  /// Per-atom energies and virials that are each atom's own, for showing them (dumps, the
  /// studio's Atom info, `sei eval`): the CPU evaluator's PPPM interpolates its share from the
  /// mesh (½ q_i φ(r_i), the virial from six more mesh fields). false: GPUMD's uniform split
  /// E_recip/N, W/N of the mesh part (the totals are the same), as the CUDA backend always does.
  bool atomResolved = false;
  bool perAtomVirial = false;
  bool bornEffectiveCharges = false;
};

}  // namespace sei
