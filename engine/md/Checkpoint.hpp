#pragma once

#include <map>
#include <string>

#include "md/MdState.hpp"

namespace sei {

/// Everything needed to continue a run exactly: atoms, velocities, cell, step counter, the
/// ensemble's variables, the random-number state, and free key/value entries for the driver
/// (e.g. which run.in block it was in). Forces are not stored; they are recomputed.
struct CheckpointData {
  MdState state;
  std::string ensembleName;
  std::string ensembleState;  ///< Ensemble::saveState text
  std::string randomState;    ///< Random::state text
  std::map<std::string, std::string> extra;
};

/// Text file, doubles with 17 significant digits (exact round trip), written atomically
/// (temporary file + rename) so a crash never leaves a half-written checkpoint.
void writeCheckpoint(const std::string& path, const CheckpointData& data);
/// Throws InputError naming file and line for a missing, truncated or corrupt file.
CheckpointData readCheckpoint(const std::string& path);

}  // namespace sei
