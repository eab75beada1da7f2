#include "core/Paths.hpp"

#include <cstdlib>

namespace sei {

std::string resourceDirectory() {
  if (const char* env = std::getenv("SEI_RESOURCE_DIR"); env && *env) return env;
  return SEI_DEFAULT_RESOURCE_DIR;
}

}  // namespace sei
