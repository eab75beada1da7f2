#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "io/StepClock.hpp"
#include "io/TrajectoryReader.hpp"

namespace sei {

/// A trajectory that a run may still be writing, followed frame by frame: the frames completed
/// since the last poll, any indexed frame read again later (a time clicked on a plot), and a
/// start over when the run is restarted. The studio follows dump.xyz (ExtXyzTail) or movie.nc
/// (NetcdfTail) through this one interface.
class TrajectoryTail {
 public:
  /// An indexed frame's place in the run.
  struct Mark {
    std::int64_t step = 0;  ///< MD step (TrajectoryFrame::step)
    double time = 0.0;      ///< fs
    bool operator==(const Mark& o) const { return step == o.step && time == o.time; }
  };

  virtual ~TrajectoryTail() = default;

  /// Indexes the frames completed since the last call, at most `maxFrames` of them (the others
  /// wait for the next call), and returns them, read, when `parse` (else an empty list). After a
  /// restart (restarted()) the index holds only the new file's frames. A file not written yet
  /// gives none. Throws InputError naming the file (and line) that cannot be read.
  virtual std::vector<TrajectoryFrame> poll(bool parse = true,
                                            std::size_t maxFrames = SIZE_MAX) = 0;
  /// The last poll found the file cut back or replaced and dropped the frames indexed before.
  virtual bool restarted() const = 0;
  virtual std::size_t frameCount() const = 0;
  virtual Mark mark(std::size_t index) const = 0;
  /// Reads indexed frame `index` from the file again.
  virtual TrajectoryFrame read(std::size_t index) const = 0;
  virtual const std::string& path() const = 0;
  /// Numbers frames that do not carry their step by `clock` from now on (extended XYZ without
  /// step=, see stampExtXyzFrame); NetCDF frames carry theirs.
  virtual void setStepClock(StepClock clock) = 0;
};

/// Follows `path` by its name: AMBER NetCDF (isNetcdfTrajectoryName) or extended XYZ.
std::unique_ptr<TrajectoryTail> followTrajectory(const std::string& path);

}  // namespace sei
