#include "analysis/Contacts.hpp"

#include <algorithm>
#include <cmath>

namespace sei::analysis {

Eigen::Vector3d nearestImage(const Cell& cell, const Eigen::Vector3d& d) {
  if (cell.volume() <= 0.0) return d;
  Eigen::Vector3d s = cell.toFractional(d);
  for (int k = 0; k < 3; ++k)
    if (cell.periodic(k)) s[k] -= std::round(s[k]);
  return cell.toCartesian(s);
}

std::vector<Neighbor> neighborsOf(const SpeciesFrame& species, int atom,
                                  const std::vector<Eigen::Vector3d>& positions, const Cell& cell) {
  std::vector<Neighbor> out;
  for (const Contact& c : species.contacts) {
    if (c.a != atom && c.b != atom) continue;
    const int other = c.a == atom ? c.b : c.a;
    out.push_back({other, c.kind, nearestImage(cell, positions[other] - positions[atom]).norm()});
  }
  std::sort(out.begin(), out.end(),
            [](const Neighbor& x, const Neighbor& y) { return x.distance < y.distance; });
  return out;
}

}  // namespace sei::analysis
