#pragma once

#include <string>
#include <vector>

#include "io/GpumdOutput.hpp"
#include "io/GrowingFile.hpp"

namespace sei {

/// Follows a thermo.out that a run may still be writing (ours, or GPUMD's 18- or 12-column
/// formats) and reads its lines back with their simulated times.
class ThermoTail {
 public:
  /// A line of thermo.out.
  struct Line {
    double time = 0.0;  ///< fs since the start of the run
    ThermoRecord record;
  };

  explicit ThermoTail(const std::string& path) : file_(path) {}

  /// Time between lines (fs) for files without the "# dt_output" header of format version 1
  /// (GPUMD before 4.0); each header in the file overrides it for the lines that follow.
  void setLineInterval(double fs) { defaultInterval_ = interval_ = fs; }
  /// The lines appended since the last call; after a restart (restarted()) those of the new
  /// file from its first line. Throws InputError naming file, line and the bad value.
  std::vector<Line> poll();
  bool restarted() const { return file_.restarted(); }

 private:
  GrowingFile file_;
  double defaultInterval_ = 0.0;  ///< fs
  double interval_ = 0.0;         ///< fs, of the block being read
  double time_ = 0.0;             ///< fs, of the last line read
  int line_ = 0;                  ///< lines read, for messages
};

}  // namespace sei
