#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "io/TrajectoryReader.hpp"

namespace sei {

/// Follows an AMBER NetCDF trajectory (movie.nc) that a run may still be appending to, as
/// ExtXyzTail follows dump.xyz: the frames added since the last poll, any indexed frame read
/// again, and a start over when the run is restarted. A NetCDF reader sees the file as it stood
/// when it was opened, so the file is opened again whenever its size or time of writing change.
class NetcdfTail {
 public:
  struct Entry {
    std::int64_t step = 0;  ///< the frame's MD step
    double time = 0.0;      ///< fs
    bool operator==(const Entry& o) const { return step == o.step && time == o.time; }
  };

  explicit NetcdfTail(std::string path) : path_(std::move(path)) {}

  /// Indexes the frames added since the last call, at most `maxFrames` of them (the others wait
  /// for the next call), and returns them, read, when `parse` (else an empty list). After a
  /// restart (restarted()) the index holds only the new file's frames. A file not written yet
  /// gives none. Throws InputError when the file cannot be read (e.g. no model.xyz beside it
  /// for the element symbols).
  std::vector<TrajectoryFrame> poll(bool parse = true, std::size_t maxFrames = SIZE_MAX);
  /// The last poll found the file cut back or replaced and dropped the frames indexed before.
  bool restarted() const { return restarted_; }
  const std::vector<Entry>& frames() const { return frames_; }
  /// Reads indexed frame `index` from the file again.
  TrajectoryFrame read(std::size_t index) const { return reader_->frameAt(index); }
  const std::string& path() const { return path_; }

 private:
  /// Opens the file again if it changed since it was last opened; false if it is not there.
  bool reopenIfChanged();

  std::string path_;
  std::unique_ptr<TrajectoryReader> reader_;
  std::vector<Entry> known_;   ///< every frame of the file as last opened
  std::vector<Entry> frames_;  ///< the first of them, indexed by poll() so far
  std::filesystem::file_time_type written_;
  std::uintmax_t bytes_ = 0;
  bool restarted_ = false;
};

}  // namespace sei
