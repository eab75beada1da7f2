#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "io/GrowingFile.hpp"
#include "io/TrajectoryTail.hpp"

namespace sei {

/// Follows an extended XYZ trajectory (dump.xyz) that a run may still be writing, remembering
/// where each frame starts so that any of them can be read again.
class ExtXyzTail : public TrajectoryTail {
 public:
  /// Where a frame lies in the file and what it is.
  struct Entry {
    std::uint64_t offset = 0;  ///< bytes from the start of the file
    std::uint64_t bytes = 0;
    std::int64_t step = 0;  ///< as TrajectoryFrame::step
    double time = 0.0;      ///< fs, Time= (GPUMD) or time=; 0 when absent
  };

  explicit ExtXyzTail(const std::string& path) : file_(path) {}

  /// As TrajectoryTail::poll; the InputError of a malformed frame names its line.
  std::vector<TrajectoryFrame> poll(bool parse = true, std::size_t maxFrames = SIZE_MAX) override;
  bool restarted() const override { return restarted_; }
  std::size_t frameCount() const override { return frames_.size(); }
  Mark mark(std::size_t index) const override { return {frames_[index].step, frames_[index].time}; }
  const std::vector<Entry>& frames() const { return frames_; }
  TrajectoryFrame read(std::size_t index) const override;
  const std::string& path() const override { return file_.path(); }
  void setStepClock(StepClock clock) override { clock_ = std::move(clock); }

 private:
  /// Indexes (and parses into `out` when `parse`) up to `maxFrames` complete frames of pending_.
  std::size_t takeFrames(bool parse, std::size_t maxFrames, std::vector<TrajectoryFrame>& out);
  TrajectoryFrame parse(const std::string& text, std::size_t index, std::uint64_t line) const;

  GrowingFile file_;
  std::string pending_;  ///< the lines of a frame not yet complete
  std::uint64_t pendingOffset_ = 0;
  std::uint64_t pendingLine_ = 1;  ///< 1-based line of pending_'s first line in the file
  std::vector<Entry> frames_;
  bool restarted_ = false;
  StepClock clock_;  ///< empty: frames without step= are numbered by their index
};

}  // namespace sei
