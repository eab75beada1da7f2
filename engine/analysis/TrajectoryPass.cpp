#include "analysis/TrajectoryPass.hpp"

#include "core/Error.hpp"

namespace sei::analysis {

TrajectoryPass analyzeTrajectory(const FrameSource& next, const std::string& sourceName,
                                 const FrameRange& range, AnalysisPipeline& pipeline,
                                 const std::function<void(const TrajectoryFrame&)>& added) {
  TrajectoryPass pass;
  pass.charges = true;
  TrajectoryFrame frame;
  const std::size_t before = pipeline.frames();
  for (std::size_t read = 0; read < range.last && next(frame); ++read) {
    if (!range.contains(frame.index)) continue;
    pipeline.add(Frame(frame.structure, frame.step, frame.time));
    pass.charges = pass.charges && !frame.structure.charges.empty();
    pass.atoms = frame.structure.size();
    if (added) added(frame);
  }
  if (pipeline.frames() == before)
    throw InputError(sourceName, 0, "no frames in the requested range");
  return pass;
}

TrajectoryPass analyzeTrajectory(TrajectoryReader& reader, const FrameRange& range,
                                 AnalysisPipeline& pipeline,
                                 const std::function<void(const TrajectoryFrame&)>& added) {
  return analyzeTrajectory([&reader](TrajectoryFrame& f) { return reader.next(f); }, reader.path(),
                           range, pipeline, added);
}

}  // namespace sei::analysis
