#pragma once

#include <Eigen/Dense>
#include <string>

#include "core/Structure.hpp"

namespace sei {

/// Low-index facets of a body-centred-cubic metal, named by the Miller indices of the surface.
enum class SurfaceFacet { F100, F110, F111 };

/// What slab to build. Laterally give either the repeat counts or the target sizes, not both.
struct SlabSpec {
  std::string element = "Na";
  double latticeConstant = 4.29;  ///< Å, conventional bcc cube edge (Na near room temperature)
  SurfaceFacet facet = SurfaceFacet::F100;
  int repeatsA = 0;  ///< repeats of the rectangular surface cell along x; 0: use targetLateralA
  int repeatsB = 0;  ///< repeats of the rectangular surface cell along y; 0: use targetLateralB
  double targetLateralA = 0.0;  ///< Å; the smallest repeat count reaching at least this along x
  double targetLateralB = 0.0;  ///< Å; the smallest repeat count reaching at least this along y
  int layers = 6;               ///< atomic layers along the surface normal (z)
};

/// A built slab. The cell is diag(Lx, Ly, Lz), periodic in all three directions, with
/// Lz = layers · layerSpacing: layer l sits at z = (l + ½) · layerSpacing, so the gap across the
/// z boundary is one ordinary layer spacing. The slab is therefore a piece of bulk crystal in z
/// (exactly bulk when layers is a multiple of stackingPeriod(facet)) until the caller inserts
/// liquid or vacuum between `top` and `bottom` + Lz.
struct Slab {
  Structure structure;                ///< atoms sorted by z, then y, then x
  double layerSpacing = 0.0;          ///< Å, distance between neighbouring atomic layers
  double bottom = 0.0;                ///< Å, z of the lowest layer (layerSpacing / 2)
  double top = 0.0;                   ///< Å, z of the highest layer
  Eigen::Vector2d lateral{0.0, 0.0};  ///< Å, Lx and Ly of the cell
};

/// Layers after which the stacking along the facet normal repeats: 2 for (100) and (110)
/// (ABAB), 3 for (111) (ABC).
int stackingPeriod(SurfaceFacet facet);
/// Atoms per layer in one rectangular surface cell: 1 for (100), 2 for (110) and (111).
int atomsPerLayer(SurfaceFacet facet);
/// Å, edges of the rectangular surface cell for cube edge a: (a, a), (a, a√2), (a√2, a√6).
Eigen::Vector2d surfaceCell(SurfaceFacet facet, double latticeConstant);

/// Builds the slab. Throws InputError for impossible requests (unknown element, lattice constant
/// outside (0, 20] Å, layers < 1, repeats and target size both given, lateral size ≤ 0, more
/// than 10^7 atoms).
Slab buildMetalSlab(const SlabSpec& spec);

}  // namespace sei
