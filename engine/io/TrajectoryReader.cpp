#include "io/TrajectoryReader.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "core/Error.hpp"
#include "io/ExtXyz.hpp"
#include "io/NetcdfTrajectory.hpp"

namespace sei {

bool isNetcdfTrajectoryName(const std::string& path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  return ext == ".nc" || ext == ".netcdf" || ext == ".NC";
}

bool commentValue(const std::string& text, const std::string& key, double& value) {
  std::istringstream words(text);
  for (std::string word; words >> word;) {
    const auto eq = word.find('=');
    if (eq != key.size()) continue;
    bool same = true;
    for (std::size_t k = 0; k < eq; ++k) same = same && std::tolower(word[k]) == key[k];
    if (!same) continue;
    const char* begin = word.data() + eq + 1;
    const char* end = word.data() + word.size();
    return std::from_chars(begin, end, value).ptr == end;
  }
  return false;
}

void stampExtXyzFrame(TrajectoryFrame& frame, const StepClock& clock) {
  double value = 0.0;
  const bool timed = commentValue(frame.structure.info, "time", value);
  frame.time = timed ? value : 0.0;
  std::optional<std::int64_t> fromClock;
  if (commentValue(frame.structure.info, "step", value))
    frame.step = static_cast<std::int64_t>(value);
  else if (timed && (fromClock = clock.stepAt(frame.time)))
    frame.step = *fromClock;
  else
    frame.step = static_cast<std::int64_t>(frame.index);
}

TrajectoryReader::TrajectoryReader(const std::string& path, const std::string& topology,
                                   StepClock clock)
    : path_(path), clock_(std::move(clock)) {
  if (!isNetcdfTrajectoryName(path)) {
    xyz_ = std::make_unique<ExtXyzFrameReader>(path);
    return;
  }
  netcdf_ = std::make_unique<NetcdfTrajectoryReader>(path);
  netcdfFrames_ = netcdf_->latestFrames();
  const std::string top = topology.empty()
                              ? (std::filesystem::path(path).parent_path() / "model.xyz").string()
                              : topology;
  std::error_code ec;
  if (!std::filesystem::exists(top, ec)) {
    throw InputError(path, 0,
                     "NetCDF trajectories hold no element symbols and no topology was found at " +
                         top + ", expected --topology FILE (an extended XYZ of the same atoms)");
  }
  symbols_ = readExtXyz(top).symbols;
  if (symbols_.size() != netcdf_->numAtoms()) {
    throw InputError(top, 0,
                     "topology has " + std::to_string(symbols_.size()) + " atoms, expected " +
                         std::to_string(netcdf_->numAtoms()) + " as in " + path);
  }
}

TrajectoryReader::~TrajectoryReader() = default;

bool TrajectoryReader::next(TrajectoryFrame& frame) {
  frame.index = index_;
  if (xyz_) {
    if (!xyz_->next(frame.structure)) return false;
    stampExtXyzFrame(frame, clock_);
    ++index_;
    return true;
  }
  if (index_ >= netcdfFrames_.size()) return false;
  frame = frameAt(index_);
  ++index_;
  return true;
}

TrajectoryFrame TrajectoryReader::frameAt(std::size_t index, bool atoms) const {
  if (!netcdf_ || index >= netcdfFrames_.size())
    throw std::out_of_range(path_ + ": frame " + std::to_string(index) + " of " +
                            std::to_string(netcdfFrames_.size()) + " NetCDF frames");
  TrajectoryFrame frame;
  frame.index = index;
  const std::size_t record = netcdfFrames_[index];
  frame.step = netcdf_->steps()[record];
  if (!atoms) {
    frame.time = netcdf_->time(record);
    return frame;
  }
  NetcdfFrame f = netcdf_->readFrame(record);
  Structure& s = frame.structure;
  s.symbols = symbols_;
  s.positions = std::move(f.positions);
  s.velocities = std::move(f.velocities);
  s.forces = std::move(f.forces);
  s.charges = std::move(f.charges);
  // A cell of zero volume is "no cell" (free boundaries), as the writer stores it.
  s.cell = f.cell.determinant() == 0.0 ? Cell() : Cell(f.cell);
  frame.time = f.time;
  return frame;
}

}  // namespace sei
