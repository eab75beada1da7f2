#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "io/GrowingFile.hpp"
#include "io/TrajectoryReader.hpp"

namespace sei {

/// Follows an extended XYZ trajectory (dump.xyz) that a run may still be writing: picks up the
/// frames completed since the last poll, remembers where each one starts so that any of them can
/// be read again later (a time clicked on a plot), and starts over when the run is restarted.
class ExtXyzTail {
 public:
  /// Where a frame lies in the file and what it is.
  struct Entry {
    std::uint64_t offset = 0;  ///< bytes from the start of the file
    std::uint64_t bytes = 0;
    std::int64_t step = 0;  ///< as TrajectoryFrame::step
    double time = 0.0;      ///< fs, Time= (GPUMD) or time=; 0 when absent
  };

  explicit ExtXyzTail(const std::string& path) : file_(path) {}

  /// Indexes the frames completed since the last call, at most `maxFrames` of them (the others
  /// wait for the next call), and returns them, parsed, when `parse` (else an empty list). After a
  /// restart (restarted()) the index holds only the new file's frames. Throws InputError naming
  /// the file and line of a malformed frame.
  std::vector<TrajectoryFrame> poll(bool parse = true, std::size_t maxFrames = SIZE_MAX);
  /// The last poll found the file cut back or replaced and dropped the frames indexed before.
  bool restarted() const { return restarted_; }
  const std::vector<Entry>& frames() const { return frames_; }
  /// Reads indexed frame `index` from the file again.
  TrajectoryFrame read(std::size_t index) const;
  /// The indexed frame closest in time to `time` (fs); frames_.size() when none is indexed.
  std::size_t nearest(double time) const;
  const std::string& path() const { return file_.path(); }
  /// Numbers frames without step= by `clock` from now on (see stampExtXyzFrame).
  void setStepClock(StepClock clock) { clock_ = std::move(clock); }

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
