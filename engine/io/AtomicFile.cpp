#include "io/AtomicFile.hpp"

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
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
  std::error_code ec;
  try {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (!out) throw InputError(path, 0, "cannot write temporary file " + tmp + " (disk full?)");
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw InputError(path, 0, "cannot replace file: " + ec.message());
  } catch (...) {
    std::filesystem::remove(tmp, ec);
    throw;
  }
}

}  // namespace sei
