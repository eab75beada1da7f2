#pragma once

#include <Eigen/Dense>
#include <vector>

#include "core/Cell.hpp"
#include "neighbor/NeighborSearch.hpp"

namespace sei {

/// Host-side binning of atoms for neighbour searches (spec §11): bins at least `cutoff` wide in
/// fractional space, searched as far as the cutoff reaches, so cells thinner than the cutoff
/// get all their images. Non-periodic directions are binned over the atoms' extent; a cell of
/// zero volume means free boundaries in all directions.
struct BinGrid {
  Cell cell;  ///< the cell searched (a box around the atoms for free boundaries)
  int bins[3] = {1, 1, 1};
  int reach[3] = {1, 1, 1};
  std::vector<int> binOf;       ///< 3 per atom
  std::vector<int> wraps;       ///< 3 per atom: r = wrapped + h·wraps
  std::vector<int> binStart;    ///< bins+1 offsets
  std::vector<int> binAtoms;    ///< atoms sorted by bin
  std::vector<double> wrapped;  ///< 3 per atom, Å

  /// Throws std::invalid_argument for a non-positive cutoff or non-finite positions.
  BinGrid(const Cell& cell, const std::vector<Eigen::Vector3d>& positions, double cutoff);
  /// Pointers into this grid; valid while it lives.
  BinGridView view() const;
};

}  // namespace sei
