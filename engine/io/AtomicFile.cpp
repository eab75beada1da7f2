#include "io/AtomicFile.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>

#include "core/Error.hpp"

namespace sei {

void writeFileAtomically(const std::string& path, const std::string& content) {
  std::random_device rd;
  const std::string tmp = path + ".tmp-" + std::to_string(rd());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError(path, 0, std::string("cannot write: ") + std::strerror(errno));
    out << content;
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      throw InputError(path, 0, "write failed (disk full?)");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    throw InputError(path, 0, "cannot replace file: " + why);
  }
}

}  // namespace sei
