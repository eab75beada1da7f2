#pragma once

#include <vector>

#include "analysis/Frame.hpp"
#include "analysis/Species.hpp"

namespace sei::analysis {

/// Heights of every atom along a cell axis: Å above the face spanned by the other two cell
/// vectors, wrapped into the cell (0 ≤ h < thickness).
std::vector<double> heightsAlong(const Frame& frame, int axis);

/// Å: an atom-free layer at least this wide inside the metal-free gap is vacuum (no liquid
/// leaves such a layer across a whole cell; the builder's liquid starts 2.5 Å from the metal).
constexpr double kVacuumWidth = 5.0;

/// The faces of a metal slab across a periodic axis. The metal occupies an arc of the axis; its
/// surfaces bound the widest metal-free gap, which runs from `top` upwards (through the periodic
/// boundary) to the lower face of the next image, the metal's own periodic image.
struct MetalSurface {
  bool found = false;   ///< false without metal atoms
  double top = 0.0;     ///< Å, height of the outermost metal atom of the upper face
  double bottom = 0.0;  ///< Å, height of the outermost metal atom of the lower face
  double gap = 0.0;     ///< Å, width of the metal-free gap
  double length = 0.0;  ///< Å, cell thickness along the axis
  /// Å from the upper face where the gap passes from the upper face's side to the lower face's:
  /// the middle of the widest vacuum layer (kVacuumWidth) in the gap, so that nothing is
  /// measured from a face across vacuum; without vacuum the middle of the gap.
  double split = 0.0;

  /// Å from the upper face up to `height`, wrapped into [0, length).
  double fromTop(double height) const;
  /// Whether a height in the gap lies on the upper face's side of the split.
  bool onUpperSide(double height) const { return fromTop(height) < split; }
  /// Å above the face on whose side a height in the gap lies; 0 for heights inside the metal.
  double aboveNearest(double height) const;
  /// Å above the metal's lower face (the metal whole from 0 to length − gap, then the gap).
  double fromBottom(double height) const;
};

/// The surfaces of the Metal units of `species` (heights from heightsAlong); the atoms of the
/// other units place the split.
MetalSurface findMetalSurface(const SpeciesFrame& species, const std::vector<double>& heights,
                              double length);

}  // namespace sei::analysis
