#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/Structure.hpp"
#include "io/StepClock.hpp"

namespace sei {

class ExtXyzFrameReader;
class NetcdfTrajectoryReader;

/// One frame of a trajectory on disk.
struct TrajectoryFrame {
  Structure structure;    ///< symbols, positions (Å), cell, charges (e) when the file has them
  std::size_t index = 0;  ///< 0-based position in the file
  std::int64_t step = 0;  ///< MD step (NetCDF `step`, extended XYZ step=; else the index)
  double time = 0.0;      ///< fs (NetCDF time; extended XYZ Time= as GPUMD writes it, or time=)
};

/// The number after `key=` (key matched case-insensitively) among the words of an extended XYZ
/// comment line or of Structure::info; false when absent or not a number.
bool commentValue(const std::string& text, const std::string& key, double& value);
/// Sets an extended XYZ frame's time (Time= or time=, fs, else 0) and step from its structure's
/// comment-line pairs: step= (our dump.xyz writes it), else the step `clock` gives for its time
/// (GPUMD's dump.xyz carries only Time=), else the frame's index.
void stampExtXyzFrame(TrajectoryFrame& frame, const StepClock& clock = {});
/// Whether TrajectoryReader reads `path` as NetCDF (by its extension: .nc, .netcdf).
bool isNetcdfTrajectoryName(const std::string& path);

/// Reads trajectories frame by frame, whatever wrote them: extended XYZ (ours, GPUMD's dump.xyz
/// with or without charges, ASE) and AMBER NetCDF (ours and other programs'). NetCDF files hold
/// no element symbols: they come from a topology file (extended XYZ, first frame, same atom
/// count), by default model.xyz beside the trajectory as in a GPUMD run folder; extended XYZ
/// frames without step= are numbered by `clock` (the run blocks of the run.in that wrote them). The
/// format is chosen by the extension: .nc and .netcdf are NetCDF, anything else extended XYZ.
/// Errors throw InputError naming the file (and line for text files).
class TrajectoryReader {
 public:
  explicit TrajectoryReader(const std::string& path, const std::string& topology = "",
                            StepClock clock = {});
  ~TrajectoryReader();
  TrajectoryReader(const TrajectoryReader&) = delete;
  TrajectoryReader& operator=(const TrajectoryReader&) = delete;

  /// The next frame; false at the end.
  bool next(TrajectoryFrame& frame);
  bool isNetcdf() const { return netcdf_ != nullptr; }
  /// NetCDF only (extended XYZ is read in sequence; io/ExtXyzTail indexes it): the frames of the
  /// trajectory as the file stood when this reader opened it.
  std::size_t frameCount() const { return netcdfFrames_.size(); }
  /// NetCDF only: frame `index` (< frameCount()); with atoms = false only its index, step and
  /// time (no coordinates are read).
  TrajectoryFrame frameAt(std::size_t index, bool atoms = true) const;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::unique_ptr<ExtXyzFrameReader> xyz_;
  std::unique_ptr<NetcdfTrajectoryReader> netcdf_;
  std::vector<std::size_t> netcdfFrames_;  ///< NetCDF records that make up the trajectory
  std::vector<std::string> symbols_;       ///< from the topology (NetCDF)
  std::size_t index_ = 0;
  StepClock clock_;  ///< numbers extended XYZ frames without step=
};

}  // namespace sei
