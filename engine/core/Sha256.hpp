#pragma once

#include <string>

namespace sei {

/// SHA-256 of a file's bytes as 64 lowercase hex digits (OpenSSL), so a project can tell whether
/// its model file is still the one it was run with. Throws InputError if the file can't be read.
std::string sha256OfFile(const std::string& path);
/// SHA-256 of a text's bytes, 64 lowercase hex digits (checksums of files we write).
std::string sha256OfText(const std::string& text);

}  // namespace sei
