#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "io/TrajectoryTail.hpp"

namespace sei {

/// Follows an AMBER NetCDF trajectory (movie.nc) that a run may still be appending to. A NetCDF
/// reader sees the file as it stood when it was opened, so the file is opened again whenever its
/// size or time of writing change. Its frames carry their step: no step clock is needed.
class NetcdfTail : public TrajectoryTail {
 public:
  explicit NetcdfTail(std::string path) : path_(std::move(path)) {}

  /// As TrajectoryTail::poll; throws InputError also when there is no model.xyz beside the file
  /// for the element symbols.
  std::vector<TrajectoryFrame> poll(bool parse = true, std::size_t maxFrames = SIZE_MAX) override;
  bool restarted() const override { return restarted_; }
  std::size_t frameCount() const override { return frames_.size(); }
  Mark mark(std::size_t index) const override { return frames_[index]; }
  TrajectoryFrame read(std::size_t index) const override { return reader_->frameAt(index); }
  const std::string& path() const override { return path_; }
  void setStepClock(StepClock) override {}

 private:
  /// Opens the file again if it changed since it was last opened; false if it is not there.
  bool reopenIfChanged();

  std::string path_;
  std::unique_ptr<TrajectoryReader> reader_;
  std::vector<Mark> known_;   ///< every frame of the file as last opened
  std::vector<Mark> frames_;  ///< the first of them, indexed by poll() so far
  std::filesystem::file_time_type written_;
  std::uintmax_t bytes_ = 0;
  bool restarted_ = false;
};

}  // namespace sei
