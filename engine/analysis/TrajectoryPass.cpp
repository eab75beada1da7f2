#include "analysis/TrajectoryPass.hpp"

#include "core/Error.hpp"

namespace sei::analysis {

TrajectoryPass analyzeTrajectory(TrajectoryReader& reader, const FrameRange& range,
                                 AnalysisPipeline& pipeline,
                                 const std::function<void(const TrajectoryFrame&)>& added) {
  TrajectoryPass pass;
  pass.charges = true;
  TrajectoryFrame frame;
  const std::size_t before = pipeline.frames();
  for (std::size_t read = 0; read < range.last && reader.next(frame); ++read) {
    if (!range.contains(frame.index)) continue;
    pipeline.add(Frame(frame.structure, frame.step, frame.time));
    pass.charges = pass.charges && !frame.structure.charges.empty();
    pass.atoms = frame.structure.size();
    if (added) added(frame);
  }
  if (pipeline.frames() == before)
    throw InputError(reader.path(), 0, "no frames in the requested range");
  return pass;
}

}  // namespace sei::analysis
