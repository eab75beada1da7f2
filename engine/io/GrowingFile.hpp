#pragma once

#include <cstdint>
#include <string>

namespace sei {

/// A text file that another process may still be appending to (a running simulation's
/// thermo.out or dump.xyz). Hands out what was appended since the last call, whole lines only,
/// and notices when the file was cut back or replaced (a resumed or restarted run), so that a
/// reader can start over instead of mixing two runs.
class GrowingFile {
 public:
  explicit GrowingFile(std::string path) : path_(std::move(path)) {}

  /// The complete lines ('\n' included) appended since the last call, about `maxBytes` at most
  /// (more only to complete a line); "" when nothing new (or the file does not exist yet). If the
  /// file is shorter than what was read or is another file now, reading starts again at its
  /// beginning and restarted() is true until the next call.
  std::string readNewLines(std::uint64_t maxBytes = UINT64_MAX);
  bool restarted() const { return restarted_; }
  /// Byte offset, in the file, of the first byte not yet handed out.
  std::uint64_t offset() const { return offset_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::uint64_t offset_ = 0;
  std::uint64_t inode_ = 0;
  bool restarted_ = false;
};

}  // namespace sei
