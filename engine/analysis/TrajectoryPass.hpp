#pragma once

#include <cstddef>
#include <functional>
#include <limits>
#include <string>

#include "analysis/Pipeline.hpp"
#include "io/TrajectoryReader.hpp"

namespace sei::analysis {

/// Which frames of a trajectory an analysis reads: first (from 0) up to last (exclusive), every
/// stride-th.
struct FrameRange {
  std::size_t first = 0;
  std::size_t last = std::numeric_limits<std::size_t>::max();
  std::size_t stride = 1;
  bool contains(std::size_t i) const { return i >= first && i < last && (i - first) % stride == 0; }
};

/// What one pass over a trajectory saw.
struct TrajectoryPass {
  std::size_t atoms = 0;  ///< atoms of the last frame analysed
  bool charges = false;   ///< every frame analysed carried charges
};

/// Hands out the frames of a trajectory in order (index set), false at the end.
using FrameSource = std::function<bool(TrajectoryFrame&)>;

/// Feeds the frames of `range` from `next` into `pipeline` (`sei analyze` and the Python
/// module's sei.analyze); `added` is called after each frame that went in (progress). Throws
/// InputError naming `sourceName` when the range holds no frame.
TrajectoryPass analyzeTrajectory(const FrameSource& next, const std::string& sourceName,
                                 const FrameRange& range, AnalysisPipeline& pipeline,
                                 const std::function<void(const TrajectoryFrame&)>& added = {});
/// The same for the frames of a trajectory file.
TrajectoryPass analyzeTrajectory(TrajectoryReader& reader, const FrameRange& range,
                                 AnalysisPipeline& pipeline,
                                 const std::function<void(const TrajectoryFrame&)>& added = {});

}  // namespace sei::analysis
