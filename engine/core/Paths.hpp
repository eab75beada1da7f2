#pragma once

#include <string>
#include <vector>

namespace sei {

/// The folder of shipped data (molecules/, colour maps, ...): $SEI_RESOURCE_DIR when set, else
/// the project's resources/ folder recorded at build time (CMake cache SEI_RESOURCE_DIR).
std::string resourceDirectory();

/// The user's list of model folders, one per line (the studio's Preferences write it, `sei`
/// reads it, so a studio run and a headless run of a project find the same model):
/// $SEI_CONFIG_DIR/model-folders, else $XDG_CONFIG_HOME/sei-studio/model-folders, else
/// ~/.config/sei-studio/model-folders.
std::string userModelFoldersFile();
/// The folders listed there (blank lines skipped); none if the file does not exist.
std::vector<std::string> userModelFolders();

/// Folders searched for model files named without a folder: the user's model folders, then the
/// entries of $SEI_MODEL_PATH (separated by ':'), then `models/` of the shared data beside the
/// checkout (CMake cache SEI_SHARED_DIR), where the demo's model lives. Model files of other
/// projects are found there, never copied into this one.
std::vector<std::string> modelSearchPath();

/// The model file `name` refers to: the path itself if it exists (relative paths against
/// `baseDir`), else the first match of its file name on modelSearchPath(). The one model lookup
/// of `sei run`, projects and the studio. Throws InputError listing the places tried.
std::string findModel(const std::string& name, const std::string& baseDir);

}  // namespace sei
