#pragma once

#include <Eigen/Dense>
#include <vector>

#include "core/Cell.hpp"
#include "neighbor/NeighborSearch.hpp"

namespace sei {

/// Binning of one direction in fractional coordinates.
struct BinAxis {
  bool periodic = true;
  double origin = 0.0;  ///< fractional coordinate of the first bin's lower edge
  double width = 1.0;   ///< fractional extent of all bins
  int bins = 1;
  int reach = 1;  ///< how many bins the search goes each way
};

/// Bins at least `cutoff` (Å) wide across a direction `thickness` Å thick, at most maxBins;
/// for a non-periodic direction over the fractional range [lo, hi] the atoms occupy (periodic:
/// the whole cell). Throws InputError when the cutoff reaches more than 50 periodic images.
BinAxis binAxis(bool periodic, double lo, double hi, double thickness, double cutoff,
                int maxBins = 1 << 20);

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

  /// Throws std::invalid_argument for a non-positive cutoff or non-finite positions, InputError
  /// for cells the cutoff would search in more than 50 images each way and atoms more than 10⁶
  /// cell lengths outside a periodic cell.
  BinGrid(const Cell& cell, const std::vector<Eigen::Vector3d>& positions, double cutoff);
  /// Pointers into this grid; valid while it lives.
  BinGridView view() const;
};

}  // namespace sei
