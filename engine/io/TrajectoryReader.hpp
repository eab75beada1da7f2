#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/Structure.hpp"

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
/// comment-line pairs: step=, else time / timeStep when both are known (GPUMD's dump.xyz carries
/// only Time=), else the frame's index.
void stampExtXyzFrame(TrajectoryFrame& frame, double timeStep /*fs*/ = 0.0);

/// Reads trajectories frame by frame, whatever wrote them: extended XYZ (ours, GPUMD's dump.xyz
/// with or without charges, ASE) and AMBER NetCDF (ours and other programs'). NetCDF files hold
/// no element symbols: they come from a topology file (extended XYZ, first frame, same atom
/// count), by default model.xyz beside the trajectory as in a GPUMD run folder; extended XYZ
/// frames without step= are numbered by the time step of a run.in beside it. The format is
/// chosen by the extension: .nc and .netcdf are NetCDF, anything else extended XYZ. Errors
/// throw InputError naming the file (and line for text files).
class TrajectoryReader {
 public:
  explicit TrajectoryReader(const std::string& path, const std::string& topology = "");
  ~TrajectoryReader();
  TrajectoryReader(const TrajectoryReader&) = delete;
  TrajectoryReader& operator=(const TrajectoryReader&) = delete;

  /// The next frame; false at the end.
  bool next(TrajectoryFrame& frame);
  bool isNetcdf() const { return netcdf_ != nullptr; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::unique_ptr<ExtXyzFrameReader> xyz_;
  std::unique_ptr<NetcdfTrajectoryReader> netcdf_;
  std::vector<std::size_t> netcdfFrames_;  ///< NetCDF records that make up the trajectory
  std::vector<std::string> symbols_;       ///< from the topology (NetCDF)
  std::size_t index_ = 0;
  double timeStep_ = 0.0;  ///< fs, from run.in beside an extended XYZ trajectory; 0: none
};

}  // namespace sei
