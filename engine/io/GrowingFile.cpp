#include "io/GrowingFile.hpp"

#include <sys/stat.h>

#include <fstream>

namespace sei {

std::string GrowingFile::readNewLines() {
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
  std::string text(size - offset_, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  // A line still being written stays for the next call.
  const auto end = text.rfind('\n');
  text.resize(end == std::string::npos ? 0 : end + 1);
  offset_ += text.size();
  return text;
}

}  // namespace sei
