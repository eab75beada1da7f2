#pragma once

#include <string>

namespace sei {

/// Writes `content` to `path` through a temporary file in the same folder: write, fsync the file,
/// rename, fsync the folder, so a reader, a crash or a power cut never sees a half-written or
/// empty file. Throws InputError naming the path.
void writeFileAtomically(const std::string& path, const std::string& content);

}  // namespace sei
