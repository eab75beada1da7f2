#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "core/Structure.hpp"

namespace sei {

/// Which optional per-atom columns writeExtXyz emits (species and pos are always written).
struct ExtXyzColumns {
  bool velocities = false;  ///< "vel:R:3" (GPUMD's name), Å/fs
  bool masses = false;      ///< "mass:R:1", amu
  bool charges = false;     ///< "charge:R:1", e
  bool forces = false;      ///< "forces:R:3", eV/Å
};

/// Reads every frame of an extended XYZ file (GPUMD model.xyz / dump.xyz, ASE). Throws
/// InputError naming file and line on malformed input.
std::vector<Structure> readExtXyzFrames(const std::string& path);
/// Reads the first frame.
Structure readExtXyz(const std::string& path);
/// Reads frames from a stream; sourceName is used in error messages.
std::vector<Structure> readExtXyzFrames(std::istream& in, const std::string& sourceName);

/// Writes one frame to a stream.
void writeExtXyzFrame(std::ostream& out, const Structure& s, const ExtXyzColumns& columns = {});
/// Writes a single-frame file atomically (temporary file + rename): an existing file is either
/// kept intact or replaced whole.
void writeExtXyz(const std::string& path, const Structure& s, const ExtXyzColumns& columns = {});

}  // namespace sei
