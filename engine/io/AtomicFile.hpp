#pragma once

#include <string>

namespace sei {

/// Writes `content` to `path` through a temporary file in the same folder and a rename, so a
/// reader (or a crash) never sees a half-written file. Throws InputError naming the path.
void writeFileAtomically(const std::string& path, const std::string& content);

}  // namespace sei
