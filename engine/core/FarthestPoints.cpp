#include "core/FarthestPoints.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sei {
namespace {

double distance(const std::vector<double>& a, const std::vector<double>& b) {
  double d2 = 0;
  for (std::size_t d = 0; d < a.size(); ++d) d2 += (a[d] - b[d]) * (a[d] - b[d]);
  return std::sqrt(d2);
}

}  // namespace

std::vector<std::size_t> farthestPointSample(const std::vector<std::vector<double>>& points,
                                             std::size_t count,
                                             const std::vector<std::vector<double>>& reference) {
  const std::size_t n = points.size();
  count = std::min(count, n);
  std::vector<std::size_t> chosen;
  if (count == 0) return chosen;
  std::vector<double> nearest(n, std::numeric_limits<double>::max());
  if (reference.empty()) {
    // The first pick uses the distance to the centroid, later ones to the chosen set.
    std::vector<double> centroid(points[0].size(), 0.0);
    for (const auto& p : points)
      for (std::size_t d = 0; d < centroid.size(); ++d)
        centroid[d] += p[d] / static_cast<double>(n);
    for (std::size_t i = 0; i < n; ++i) nearest[i] = distance(points[i], centroid);
  } else {
    for (std::size_t i = 0; i < n; ++i)
      for (const auto& r : reference) nearest[i] = std::min(nearest[i], distance(points[i], r));
  }
  while (chosen.size() < count) {
    const std::size_t best = static_cast<std::size_t>(
        std::max_element(nearest.begin(), nearest.end()) - nearest.begin());
    chosen.push_back(best);
    if (chosen.size() == 1 && reference.empty())
      std::fill(nearest.begin(), nearest.end(), std::numeric_limits<double>::max());
    for (std::size_t i = 0; i < n; ++i)
      nearest[i] = std::min(nearest[i], distance(points[i], points[best]));
    nearest[best] = -1.0;  // never chosen twice, even among identical points
  }
  return chosen;
}

}  // namespace sei
