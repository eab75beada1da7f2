#pragma once

#include <Eigen/Dense>
#include <vector>

#include "analysis/Species.hpp"
#include "core/Cell.hpp"

namespace sei::analysis {

/// The separation d (Å) moved to its nearest periodic image by rounding its fractional
/// coordinates along the periodic directions: the minimum image for separations shorter than
/// half the cell's thickness in orthogonal and moderately tilted cells (bonds and contacts). A
/// cell of zero volume (free boundaries) leaves d as it is.
Eigen::Vector3d nearestImage(const Cell& cell, const Eigen::Vector3d& d);

/// An atom in contact with another one.
struct Neighbor {
  int atom = 0;
  ContactKind kind = ContactKind::Covalent;
  double distance = 0.0;  ///< Å, nearest image
};

/// The atoms in contact with `atom` in the species' contact graph, at their distances in
/// `positions` (the analysed frame or a later one of the same system), nearest first.
std::vector<Neighbor> neighborsOf(const SpeciesFrame& species, int atom,
                                  const std::vector<Eigen::Vector3d>& positions, const Cell& cell);

}  // namespace sei::analysis
