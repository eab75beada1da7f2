#include "core/Paths.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/Error.hpp"

namespace sei {

std::string resourceDirectory() {
  if (const char* env = std::getenv("SEI_RESOURCE_DIR"); env && *env) return env;
  return SEI_DEFAULT_RESOURCE_DIR;
}

std::string userModelFoldersFile() {
  namespace fs = std::filesystem;
  if (const char* dir = std::getenv("SEI_CONFIG_DIR"); dir && *dir)
    return (fs::path(dir) / "model-folders").string();
  fs::path config;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
    config = xdg;
  else if (const char* home = std::getenv("HOME"); home && *home)
    config = fs::path(home) / ".config";
  else
    config = fs::current_path();
  return (config / "sei-studio" / "model-folders").string();
}

std::vector<std::string> userModelFolders() {
  std::vector<std::string> folders;
  std::ifstream in(userModelFoldersFile());
  for (std::string line; std::getline(in, line);) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    const auto last = line.find_last_not_of(" \t\r");
    folders.push_back(line.substr(first, last - first + 1));
  }
  return folders;
}

std::vector<std::string> modelSearchPath() {
  std::vector<std::string> path = userModelFolders();
  if (const char* env = std::getenv("SEI_MODEL_PATH"); env && *env) {
    std::istringstream entries(env);
    for (std::string entry; std::getline(entries, entry, ':');)
      if (!entry.empty()) path.push_back(entry);
  }
  path.push_back(std::string(SEI_DEFAULT_SHARED_DIR) + "/models");
  return path;
}

std::string findModel(const std::string& name, const std::string& baseDir) {
  namespace fs = std::filesystem;
  const fs::path given(name);
  const fs::path direct = given.is_absolute() ? given : fs::path(baseDir) / given;
  if (fs::is_regular_file(direct)) return direct.string();
  std::string tried = direct.string();
  for (const auto& dir : modelSearchPath()) {
    const fs::path candidate = fs::path(dir) / given.filename();
    if (fs::is_regular_file(candidate)) return candidate.string();
    tried += ", " + candidate.string();
  }
  throw InputError("model file '" + name + "' not found (tried " + tried +
                   "); load a model, or add its folder to the studio's Preferences (" +
                   userModelFoldersFile() + ") or to SEI_MODEL_PATH");
}

}  // namespace sei
