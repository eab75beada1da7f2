#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "build/Molecule.hpp"

namespace sei {

/// The liquid region: periodic in x and y with the given lengths (Å), atoms kept between
/// zMin and zMax (Å); the x–y cell is rectangular.
struct PackingRegion {
  double lengthX = 0.0, lengthY = 0.0;  ///< Å
  double zMin = 0.0, zMax = 0.0;        ///< Å
};

struct PackingSpec {
  double tolerance = 2.0;       ///< Å, minimum distance between atoms of different molecules
  double fixedTolerance = 2.0;  ///< Å, minimum distance to fixed atoms (the metal)
  std::uint64_t seed = 1;
  int maxSweeps = 400;  ///< optimisation sweeps before giving up
};

/// Places counts[k] rigid copies of species[k] (random orientations) in the region so that no
/// two atoms of different molecules are closer than the tolerance, none is closer than
/// fixedTolerance to a fixed atom, and all lie within [zMin, zMax]. Like Packmol: molecules
/// start on a jittered grid and an overlap penalty Σ (t² − d²)² is driven to zero by
/// Monte Carlo moves (small steps, occasional reinsertion), with a spatial hash so each move
/// costs O(atoms of the molecule). Returns symbols and positions (molecules in species order).
/// Throws InputError if the request cannot be met (the message says how far from it the best
/// arrangement remained and what to change).
struct PackedAtoms {
  std::vector<std::string> symbols;
  std::vector<Eigen::Vector3d> positions;  ///< Å
  std::vector<int> molecule;               ///< molecule index of each atom
};
PackedAtoms packMolecules(const std::vector<Molecule>& species, const std::vector<int>& counts,
                          const PackingRegion& region, const std::vector<Eigen::Vector3d>& fixed,
                          const PackingSpec& spec);

}  // namespace sei
