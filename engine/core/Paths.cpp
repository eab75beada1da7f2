#include "core/Paths.hpp"

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "core/Error.hpp"

namespace sei {

std::string resourceDirectory() {
  if (const char* env = std::getenv("SEI_RESOURCE_DIR"); env && *env) return env;
  return SEI_DEFAULT_RESOURCE_DIR;
}

std::vector<std::string> modelSearchPath() {
  std::vector<std::string> path;
  if (const char* env = std::getenv("SEI_MODEL_PATH"); env && *env) {
    std::istringstream entries(env);
    for (std::string entry; std::getline(entries, entry, ':');)
      if (!entry.empty()) path.push_back(entry);
  }
  path.push_back(std::string(SEI_DEFAULT_SHARED_DIR) + "/models");
  return path;
}

std::string findModel(const std::string& name, const std::string& baseDir,
                      const std::vector<std::string>& firstDirectories) {
  namespace fs = std::filesystem;
  const fs::path given(name);
  const fs::path direct = given.is_absolute() ? given : fs::path(baseDir) / given;
  if (fs::is_regular_file(direct)) return direct.string();
  std::string tried = direct.string();
  std::vector<std::string> directories = firstDirectories;
  for (const std::string& dir : modelSearchPath()) directories.push_back(dir);
  for (const auto& dir : directories) {
    const fs::path candidate = fs::path(dir) / given.filename();
    if (fs::is_regular_file(candidate)) return candidate.string();
    tried += ", " + candidate.string();
  }
  throw InputError("model file '" + name + "' not found (tried " + tried +
                   "); load a model or add its folder to SEI_MODEL_PATH");
}

}  // namespace sei
