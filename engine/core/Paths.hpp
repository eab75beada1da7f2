#pragma once

#include <string>
#include <vector>

namespace sei {

/// The folder of shipped data (molecules/, colour maps, ...): $SEI_RESOURCE_DIR when set, else
/// the project's resources/ folder recorded at build time (CMake cache SEI_RESOURCE_DIR).
std::string resourceDirectory();

/// Folders searched for model files named without a folder: the entries of $SEI_MODEL_PATH
/// (separated by ':'), then `models/` of the shared data beside the checkout (CMake cache
/// SEI_SHARED_DIR), where the demo's model lives. Model files of other projects are found
/// there, never copied into this one.
std::vector<std::string> modelSearchPath();

/// The model file `name` refers to: the path itself if it exists (relative paths against
/// `baseDir`), else the first match of its file name in `firstDirectories` (the studio's
/// preferences) and then on modelSearchPath(). The one model lookup of `sei run`, projects and
/// the studio. Throws InputError listing the places tried.
std::string findModel(const std::string& name, const std::string& baseDir,
                      const std::vector<std::string>& firstDirectories = {});

}  // namespace sei
