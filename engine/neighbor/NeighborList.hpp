#pragma once

#include <Eigen/Dense>
#include <vector>

#include "core/Cell.hpp"
#include "core/ForceResult.hpp"

namespace sei {

/// Full neighbour list (each pair appears from both sides) within a cutoff, with every periodic
/// image inside the cutoff listed once; an atom can be its own neighbour in small cells.
/// Stored as compressed rows: neighbours of i are entries [offsets[i], offsets[i+1]).
struct NeighborList {
  std::vector<std::size_t> offsets;
  std::vector<int> index;                     ///< neighbour atom j
  std::vector<Eigen::Vector3d> displacement;  ///< r_j (image) − r_i, Å

  std::size_t numAtoms() const { return offsets.empty() ? 0 : offsets.size() - 1; }
  std::size_t begin(std::size_t i) const { return offsets[i]; }
  std::size_t end(std::size_t i) const { return offsets[i + 1]; }
};

/// Builds the list with cell lists in O(N) for any cell shape and size (spec §11): bins at
/// least `cutoff` wide in fractional space, searched as far as the cutoff reaches, so cells
/// thinner than the cutoff get all their images. Non-periodic directions are binned over the
/// atoms' extent. A cell of zero volume means free boundaries in all directions. Uses the
/// OpenMP threads of the caller's parallel settings. With `centres`, only the atoms it marks
/// (non-zero entries, one per atom) get their neighbours listed, among all atoms; the other rows
/// stay empty (analyses of a few atoms in a large system).
void buildNeighborList(const Cell& cell, const std::vector<Eigen::Vector3d>& positions,
                       double cutoff, NeighborList& list,
                       const std::vector<char>* centres = nullptr);

/// The closest pair the list holds (one pass over its displacements, no new search).
ClosestPair closestPair(const NeighborList& list);

}  // namespace sei
