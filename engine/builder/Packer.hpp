#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "builder/BuildControl.hpp"
#include "builder/Molecule.hpp"

namespace sei {

/// The liquid region: periodic in x and y with the given lengths (Å), atoms kept between
/// zMin and zMax (Å) by walls, or periodic in z with period zMax − zMin (a bulk liquid); the
/// x–y cell is rectangular.
struct PackingRegion {
  double lengthX = 0.0, lengthY = 0.0;  ///< Å
  double zMin = 0.0, zMax = 0.0;        ///< Å
  bool periodicZ = false;
};

struct PackingSpec {
  double tolerance = 2.0;       ///< Å, minimum distance between atoms of different molecules
  double fixedTolerance = 2.0;  ///< Å, minimum distance to fixed atoms (the metal)
  /// Å, minimum distance between the centres (centroids) of two charged molecules; 0: none
  double ionDistance = 0.0;
  std::uint64_t seed = 1;
  int maxSweeps = 2000;  ///< optimisation sweeps before giving up
  /// Sweeps without a new lowest number of close contacts after which the packer gives up early
  /// (the request is then almost certainly impossible).
  int patience = 400;
  const BuildControl* control = nullptr;  ///< progress ("packing") and cancellation
};

/// Places counts[k] rigid copies of species[k] (random orientations) in the region so that no
/// two atoms of different molecules are closer than the tolerance, none is closer than
/// fixedTolerance to a fixed atom, no two ions' centres are closer than ionDistance, and all
/// atoms lie within [zMin, zMax]. Like Packmol: molecules start on a jittered grid and an overlap
/// penalty Σ (t² − d²)² is driven to zero by Monte Carlo moves of the molecules in conflict
/// (small steps and rotations, occasional reinsertion; moves that do not raise the penalty are
/// accepted so molecules drift across flat stretches), with spatial hashes so each move costs
/// O(atoms of the molecule) and each sweep visits only molecules in conflict. Returns symbols and
/// positions (molecules in species order). Throws InputError if the request cannot be met (the
/// message says how far from it the best arrangement remained and what to change), and
/// BuildCancelled when the control's cancel flag is raised.
struct PackedAtoms {
  std::vector<std::string> symbols;
  std::vector<Eigen::Vector3d> positions;  ///< Å
  std::vector<int> molecule;               ///< molecule index of each atom
};
PackedAtoms packMolecules(const std::vector<Molecule>& species, const std::vector<int>& counts,
                          const PackingRegion& region, const std::vector<Eigen::Vector3d>& fixed,
                          const PackingSpec& spec);

}  // namespace sei
