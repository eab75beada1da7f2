#include "io/GrowingFile.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>

namespace sei {

std::string GrowingFile::readNewLines(std::uint64_t maxBytes) {
  restarted_ = false;
  struct stat info {};
  if (::stat(path_.c_str(), &info) != 0) {
    // Gone (moved to previous-runs/ before a new run): the next file is another run.
    restarted_ = offset_ > 0;
    offset_ = inode_ = 0;
    return {};
  }
  const auto size = static_cast<std::uint64_t>(info.st_size);
  const auto inode = static_cast<std::uint64_t>(info.st_ino);
  if ((inode_ != 0 && inode != inode_) || size < offset_) {
    restarted_ = offset_ > 0;
    offset_ = 0;
  }
  inode_ = inode;
  if (size == offset_) return {};
  std::ifstream in(path_, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(offset_));
  const std::uint64_t available = size - offset_;
  std::uint64_t want = std::min(available, std::max<std::uint64_t>(maxBytes, 1));
  std::string text;
  // A read that ends inside a line reads on to its end; a line still being written stays for the
  // next call.
  for (;;) {
    const std::size_t at = text.size();
    text.resize(at + want);
    in.read(text.data() + at, static_cast<std::streamsize>(want));
    text.resize(at + static_cast<std::size_t>(in.gcount()));
    if (text.find('\n', at) != std::string::npos || text.size() >= available || !in) break;
    want = std::min<std::uint64_t>(available - text.size(), 1 << 20);
  }
  const auto end = text.rfind('\n');
  text.resize(end == std::string::npos ? 0 : end + 1);
  offset_ += text.size();
  return text;
}

}  // namespace sei
