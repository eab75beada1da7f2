#include "io/AtomicFile.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <random>
#include <system_error>

#include "core/Error.hpp"

namespace sei {
namespace {

// Creates `path.tmp-XXXXXX` exclusively (C11 "x" mode), so two writers never share a temp file.
std::string createTempFile(const std::string& path) {
  std::mt19937_64 rng(
      std::random_device{}() ^
      static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  for (int attempt = 0; attempt < 100; ++attempt) {
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, ".tmp-%06x", static_cast<unsigned>(rng() & 0xffffff));
    const std::string tmp = path + suffix;
    errno = 0;
    if (std::FILE* f = std::fopen(tmp.c_str(), "wx")) {
      std::fclose(f);
      return tmp;
    }
    if (errno != EEXIST)
      throw InputError(
          path, 0,
          "cannot create temporary file " + tmp + ": " + std::generic_category().message(errno));
  }
  throw InputError(path, 0, "cannot create a temporary file beside it");
}

}  // namespace

void writeFileAtomically(const std::string& path, const std::string& content) {
  const std::string tmp = createTempFile(path);
  auto failed = [&](const std::string& what) {
    return InputError(path, 0, what + ": " + std::generic_category().message(errno));
  };
  std::error_code ec;
  try {
    // Data on disk before the rename, and the rename on disk before we return: a power cut
    // leaves the old file or the new one, never an empty one.
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0) throw failed("cannot open temporary file " + tmp);
    std::size_t done = 0;
    while (done < content.size()) {
      const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ::close(fd);
        throw failed("cannot write temporary file " + tmp);
      }
      done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
      ::close(fd);
      throw failed("cannot flush temporary file " + tmp + " to disk");
    }
    if (::close(fd) != 0) throw failed("cannot close temporary file " + tmp);
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw InputError(path, 0, "cannot replace file: " + ec.message());
  } catch (...) {
    std::filesystem::remove(tmp, ec);
    throw;
  }
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  const int dir = ::open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) throw failed("cannot open its folder to flush the rename");
  const int synced = ::fsync(dir);
  ::close(dir);
  if (synced != 0) throw failed("cannot flush its folder to disk");
}

}  // namespace sei
