#pragma once

#include <string>

namespace sei {

/// The folder of shipped data (molecules/, colour maps, ...): $SEI_RESOURCE_DIR when set, else
/// the project's resources/ folder recorded at build time (CMake cache SEI_RESOURCE_DIR).
std::string resourceDirectory();

}  // namespace sei
