#pragma once

#include <vector>

#include "analysis/Frame.hpp"
#include "analysis/Species.hpp"

namespace sei::analysis {

/// Heights of every atom along a cell axis: Å above the face spanned by the other two cell
/// vectors, wrapped into the cell (0 ≤ h < thickness).
std::vector<double> heightsAlong(const Frame& frame, int axis);

/// The faces of a metal slab across a periodic axis. The metal occupies an arc of the axis; its
/// surfaces bound the widest metal-free gap, which runs from `top` upwards (through the periodic
/// boundary) to the lower face of the next image.
struct MetalSurface {
  bool found = false;   ///< false without metal atoms
  double top = 0.0;     ///< Å, height of the outermost metal atom of the upper face
  double gap = 0.0;     ///< Å, width of the metal-free gap
  double length = 0.0;  ///< Å, cell thickness along the axis

  /// Å from the upper face up to `height`, wrapped into [0, length).
  double fromTop(double height) const;
  /// Å above the nearer face for a height in the gap; 0 for heights inside the metal.
  double aboveNearest(double height) const;
};

/// The surfaces of the Metal units of `species` (heights from heightsAlong).
MetalSurface findMetalSurface(const SpeciesFrame& species, const std::vector<double>& heights,
                              double length);

}  // namespace sei::analysis
