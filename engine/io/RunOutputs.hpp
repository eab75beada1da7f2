#pragma once

#include <string>

namespace sei {

/// Whether `folder` holds the outputs of an earlier run (thermo.out, dump.xyz, movie.nc,
/// checkpoint.chk, restart.xyz, lastgood.*).
bool hasRunOutputs(const std::string& folder);

/// Moves the outputs of an earlier run in `folder`, with the run.in and model.xyz that made
/// them, into folder/previous-runs/YYYYMMDD-HHMMSS/, so that a new run in the folder never
/// overwrites results. Returns that folder, or "" when there was nothing to move. Throws
/// InputError naming the file that could not be moved.
std::string archiveRunOutputs(const std::string& folder);

}  // namespace sei
