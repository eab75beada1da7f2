#include "io/TrajectoryTail.hpp"

#include "io/ExtXyzTail.hpp"
#include "io/NetcdfTail.hpp"

namespace sei {

std::unique_ptr<TrajectoryTail> followTrajectory(const std::string& path) {
  if (isNetcdfTrajectoryName(path)) return std::make_unique<NetcdfTail>(path);
  return std::make_unique<ExtXyzTail>(path);
}

}  // namespace sei
