#include "analysis/MetalSurface.hpp"

#include <algorithm>
#include <cmath>

namespace sei::analysis {

std::vector<double> heightsAlong(const Frame& frame, int axis) {
  const Cell& cell = frame.cell();
  const double thickness = cell.thickness(axis);
  std::vector<double> h(frame.size());
  for (std::size_t i = 0; i < frame.size(); ++i) {
    double s = cell.inverse().row(axis).dot(frame.positions()[i]);
    h[i] = (s - std::floor(s)) * thickness;
  }
  return h;
}

double MetalSurface::fromTop(double height) const {
  return std::fmod(height - top + 2.0 * length, length);
}

double MetalSurface::aboveNearest(double height) const {
  const double d = fromTop(height);
  return d >= gap ? 0.0 : d < split ? d : gap - d;
}

double MetalSurface::fromBottom(double height) const {
  const double d = height - bottom;  // both in [0, length)
  return d < 0.0 ? d + length : d;
}

MetalSurface findMetalSurface(const SpeciesFrame& species, const std::vector<double>& heights,
                              double length) {
  MetalSurface s;
  s.length = length;
  std::vector<double> metal;
  for (std::size_t i = 0; i < heights.size(); ++i)
    if (species.units[species.unitOfAtom[i]].kind == UnitKind::Metal) metal.push_back(heights[i]);
  if (metal.empty()) return s;
  std::sort(metal.begin(), metal.end());
  s.found = true;
  s.gap = metal.front() + length - metal.back();
  s.top = metal.back();
  s.bottom = metal.front();
  for (std::size_t k = 1; k < metal.size(); ++k)
    if (metal[k] - metal[k - 1] > s.gap) {
      s.gap = metal[k] - metal[k - 1];
      s.top = metal[k - 1];
      s.bottom = metal[k];
    }
  // The widest atom-free layer of the gap, faces included as its ends.
  std::vector<double> inGap = {0.0, s.gap};
  for (std::size_t i = 0; i < heights.size(); ++i) {
    const double d = s.fromTop(heights[i]);
    if (d < s.gap) inGap.push_back(d);
  }
  std::sort(inGap.begin(), inGap.end());
  double widest = 0.0;
  s.split = 0.5 * s.gap;
  for (std::size_t k = 1; k < inGap.size(); ++k)
    if (inGap[k] - inGap[k - 1] > std::max(widest, kVacuumWidth - 1e-12)) {
      widest = inGap[k] - inGap[k - 1];
      s.split = 0.5 * (inGap[k] + inGap[k - 1]);
    }
  return s;
}

}  // namespace sei::analysis
