#include "builder/MetalSlab.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "core/Elements.hpp"
#include "core/Error.hpp"

namespace sei {

namespace {

constexpr double kMaxLatticeConstant = 20.0;  ///< Å; no element has a bcc cube edge near this
constexpr double kMaxAtoms = 1e7;
/// Fractional tolerance for deciding whether a rotated lattice point lies on a cell face: the
/// rotation leaves rounding of ~1e-16, and distinct lattice points differ by ≥ 1/6 of a cell.
constexpr double kFractionTol = 1e-9;

std::string number(double v) {
  std::ostringstream s;
  s.precision(12);
  s << v;
  return s.str();
}

const char* facetName(SurfaceFacet facet) {
  switch (facet) {
    case SurfaceFacet::F100:
      return "bcc(100)";
    case SurfaceFacet::F110:
      return "bcc(110)";
    case SurfaceFacet::F111:
      return "bcc(111)";
  }
  return "bcc(?)";
}

/// Rows are the slab's x, y, z axes written in the cubic frame (right-handed, z the facet
/// normal), so rotation() * r takes a cubic-frame position into the slab frame.
///   (100): x = [100],        y = [010],          z = [001]
///   (110): x = [001],        y = [1-10]/√2,      z = [110]/√2
///   (111): x = [1-10]/√2,    y = [11-2]/√6,      z = [111]/√3
/// The x and y edges of the surface cell are the shortest lattice vectors along those axes:
/// a[100] and a[010]; a[001] and a[1-10] (length a√2); a[1-10] (a√2) and a[11-2] (a√6).
Eigen::Matrix3d rotation(SurfaceFacet facet) {
  Eigen::Matrix3d r;
  switch (facet) {
    case SurfaceFacet::F100:
      r.setIdentity();
      break;
    case SurfaceFacet::F110:
      r.row(0) = Eigen::Vector3d(0, 0, 1);
      r.row(1) = Eigen::Vector3d(1, -1, 0) / std::sqrt(2.0);
      r.row(2) = Eigen::Vector3d(1, 1, 0) / std::sqrt(2.0);
      break;
    case SurfaceFacet::F111:
      r.row(0) = Eigen::Vector3d(1, -1, 0) / std::sqrt(2.0);
      r.row(1) = Eigen::Vector3d(1, 1, -2) / std::sqrt(6.0);
      r.row(2) = Eigen::Vector3d(1, 1, 1) / std::sqrt(3.0);
      break;
  }
  return r;
}

/// Å; the interplanar distance d_hkl of bcc: a/2 for (100) (the body centres form the middle
/// layer), a/√2 for (110), a/(2√3) for (111).
double layerSpacingOf(SurfaceFacet facet, double a) {
  switch (facet) {
    case SurfaceFacet::F100:
      return a / 2.0;
    case SurfaceFacet::F110:
      return a / std::sqrt(2.0);
    case SurfaceFacet::F111:
      return a / (2.0 * std::sqrt(3.0));
  }
  return 0.0;
}

/// In-plane positions (Å) of the atoms of one surface cell, per layer of one stacking period,
/// found by rotating the conventional lattice (a·n and a·(n + ½,½,½)) and keeping the points in
/// [0, Lx) × [0, Ly) × [0, period · d). Deriving the motif rather than typing it in means the
/// three facets share one construction that the counts below check.
std::vector<std::vector<Eigen::Vector2d>> surfaceMotif(SurfaceFacet facet, double a) {
  const Eigen::Matrix3d rot = rotation(facet);
  const Eigen::Vector2d edge = surfaceCell(facet, a);
  const double d = layerSpacingOf(facet, a);
  const int period = stackingPeriod(facet);
  std::vector<std::vector<Eigen::Vector2d>> motif(period);
  // The kept box reaches at most a(√2 + √6 + √3/2) ≈ 4.7a from the origin in the cubic frame.
  constexpr int kRange = 6;
  const Eigen::Vector3d centre(0.5, 0.5, 0.5);
  for (int i = -kRange; i <= kRange; ++i) {
    for (int j = -kRange; j <= kRange; ++j) {
      for (int k = -kRange; k <= kRange; ++k) {
        for (int basis = 0; basis < 2; ++basis) {
          const Eigen::Vector3d cubic =
              a * (Eigen::Vector3d(i, j, k) + (basis ? centre : Eigen::Vector3d::Zero()));
          const Eigen::Vector3d q = rot * cubic;
          double u = q.x() / edge.x(), v = q.y() / edge.y();
          const double w = q.z() / d;
          if (u < -kFractionTol || u >= 1.0 - kFractionTol || v < -kFractionTol ||
              v >= 1.0 - kFractionTol || w < -kFractionTol || w >= period - kFractionTol) {
            continue;
          }
          const long layer = std::lround(w);
          if (std::abs(w - static_cast<double>(layer)) > kFractionTol) {
            throw std::logic_error(std::string("buildMetalSlab: ") + facetName(facet) +
                                   " lattice point between layers");
          }
          // Points on the lower faces come out as -1e-17 and the like; put them on the face.
          u = std::max(u, 0.0);
          v = std::max(v, 0.0);
          motif[layer].emplace_back(u * edge.x(), v * edge.y());
        }
      }
    }
  }
  for (const auto& layer : motif) {
    if (static_cast<int>(layer.size()) != atomsPerLayer(facet)) {
      throw std::logic_error(std::string("buildMetalSlab: ") + facetName(facet) +
                             " surface cell holds " + std::to_string(layer.size()) +
                             " atoms in a layer, expected " + std::to_string(atomsPerLayer(facet)));
    }
  }
  return motif;
}

/// Repeat count along one lateral direction from either the count or the target size.
double repeatCount(int repeats, double target, double edge, char axis) {
  const std::string a(1, axis);
  if (repeats < 0) {
    throw InputError("metal slab: repeats" + a + " = " + std::to_string(repeats) +
                     ", expected ≥ 1 (or 0 to use targetLateral" + a + ")");
  }
  if (repeats > 0 && target != 0.0) {
    throw InputError("metal slab: both repeats" + a + " = " + std::to_string(repeats) +
                     " and targetLateral" + a + " = " + number(target) +
                     " Å given, expected only one of them");
  }
  if (repeats > 0) return repeats;
  if (!(target > 0.0) || !std::isfinite(target)) {
    throw InputError("metal slab: lateral size targetLateral" + a + " = " + number(target) +
                     " Å, expected > 0 (or repeats" + a + " ≥ 1)");
  }
  // The tolerance keeps a target of exactly n cells (up to rounding in the caller's arithmetic)
  // at n rather than n + 1.
  return std::max(1.0, std::ceil(target / edge - 1e-9));
}

}  // namespace

int stackingPeriod(SurfaceFacet facet) { return facet == SurfaceFacet::F111 ? 3 : 2; }

int atomsPerLayer(SurfaceFacet facet) { return facet == SurfaceFacet::F100 ? 1 : 2; }

Eigen::Vector2d surfaceCell(SurfaceFacet facet, double a) {
  switch (facet) {
    case SurfaceFacet::F100:
      return {a, a};
    case SurfaceFacet::F110:
      return {a, a * std::sqrt(2.0)};
    case SurfaceFacet::F111:
      return {a * std::sqrt(2.0), a * std::sqrt(6.0)};
  }
  return {0.0, 0.0};
}

Slab buildMetalSlab(const SlabSpec& spec) {
  if (atomicNumber(spec.element) == 0) {
    throw InputError("metal slab: unknown element '" + spec.element +
                     "', expected a symbol such as Na");
  }
  const double a = spec.latticeConstant;
  if (!(a > 0.0) || !(a <= kMaxLatticeConstant)) {
    throw InputError("metal slab: lattice constant " + number(a) + " Å, expected 0 < a ≤ " +
                     number(kMaxLatticeConstant) + " Å");
  }
  if (spec.layers < 1) {
    throw InputError("metal slab: layers = " + std::to_string(spec.layers) + ", expected ≥ 1");
  }
  const Eigen::Vector2d edge = surfaceCell(spec.facet, a);
  const double nA = repeatCount(spec.repeatsA, spec.targetLateralA, edge.x(), 'A');
  const double nB = repeatCount(spec.repeatsB, spec.targetLateralB, edge.y(), 'B');
  const double atoms = nA * nB * spec.layers * atomsPerLayer(spec.facet);
  if (atoms > kMaxAtoms) {
    throw InputError("metal slab: " + number(atoms) + " atoms requested, expected at most " +
                     number(kMaxAtoms));
  }
  const int repA = static_cast<int>(nA), repB = static_cast<int>(nB);

  Slab slab;
  slab.layerSpacing = layerSpacingOf(spec.facet, a);
  slab.lateral = Eigen::Vector2d(repA * edge.x(), repB * edge.y());
  slab.bottom = 0.5 * slab.layerSpacing;
  slab.top = (spec.layers - 0.5) * slab.layerSpacing;

  const auto motif = surfaceMotif(spec.facet, a);
  const int period = stackingPeriod(spec.facet);
  Structure& s = slab.structure;
  s.positions.reserve(static_cast<std::size_t>(atoms));
  std::vector<Eigen::Vector3d> layer;
  for (int l = 0; l < spec.layers; ++l) {
    const double z = (l + 0.5) * slab.layerSpacing;
    layer.clear();
    for (const Eigen::Vector2d& p : motif[l % period]) {
      for (int jb = 0; jb < repB; ++jb) {
        for (int ia = 0; ia < repA; ++ia) {
          layer.emplace_back(p.x() + ia * edge.x(), p.y() + jb * edge.y(), z);
        }
      }
    }
    // Within a layer distinct rows differ in y by at least half a cell edge, so the tolerance
    // only absorbs rounding.
    std::sort(layer.begin(), layer.end(), [](const Eigen::Vector3d& p, const Eigen::Vector3d& q) {
      if (std::abs(p.y() - q.y()) > 1e-6) return p.y() < q.y();
      return p.x() < q.x();
    });
    s.positions.insert(s.positions.end(), layer.begin(), layer.end());
  }
  s.symbols.assign(s.positions.size(), spec.element);
  Eigen::Matrix3d h = Eigen::Matrix3d::Zero();
  h.diagonal() << slab.lateral.x(), slab.lateral.y(), spec.layers * slab.layerSpacing;
  s.cell = Cell(h, {true, true, true});
  return slab;
}

}  // namespace sei
