#include "io/TrajectoryTail.hpp"

#include <cmath>

#include "io/ExtXyzTail.hpp"
#include "io/NetcdfTail.hpp"

namespace sei {

std::size_t TrajectoryTail::nearest(double time) const {
  const std::size_t count = frameCount();
  std::size_t best = count;
  double bestGap = 0.0;
  for (std::size_t i = 0; i < count; ++i) {
    const double gap = std::abs(mark(i).time - time);
    if (best == count || gap < bestGap) {
      best = i;
      bestGap = gap;
    }
  }
  return best;
}

std::unique_ptr<TrajectoryTail> followTrajectory(const std::string& path) {
  if (isNetcdfTrajectoryName(path)) return std::make_unique<NetcdfTail>(path);
  return std::make_unique<ExtXyzTail>(path);
}

}  // namespace sei
