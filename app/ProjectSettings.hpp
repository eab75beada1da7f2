#pragma once

#include "RunSettings.hpp"
#include "project/Project.hpp"

namespace sei::studio {

/// The Run panel's settings for a project's run block (coupling times: time steps → fs).
RunSettings runSettingsOf(const ProjectRunSettings& run);
/// Writes the Run panel's settings into a project's run block, keeping what the panel does not
/// edit (NetCDF interval, the barostat's modulus).
void storeRunSettings(const RunSettings& settings, ProjectRunSettings& run);

}  // namespace sei::studio
