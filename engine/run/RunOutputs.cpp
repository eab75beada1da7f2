#include "run/RunOutputs.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>

#include "core/Error.hpp"

namespace sei {
namespace fs = std::filesystem;
namespace {

/// What runs of projects and of the studio write (run.in and model.xyz describe them).
constexpr const char* kOutputs[] = {"thermo.out",  "dump.xyz",     "movie.nc",    "checkpoint.chk",
                                    "restart.xyz", "lastgood.xyz", "lastgood.chk"};
constexpr const char* kInputs[] = {"run.in", "model.xyz"};

std::string timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", &local);
  return text;
}

constexpr const char* kLockFile = ".sei-run.lock";

/// The note of the run holding a folder, "another run" when there is none to read.
std::string readHolder(const std::string& note) {
  char text[256] = {};
  const int fd = ::open(note.c_str(), O_RDONLY | O_CLOEXEC);
  const ssize_t n = fd >= 0 ? ::pread(fd, text, sizeof text - 1, 0) : -1;
  if (fd >= 0) ::close(fd);
  std::string holder = n > 0 ? std::string(text, static_cast<std::size_t>(n)) : "another run";
  while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
  return holder;
}

}  // namespace

RunFolderLock::RunFolderLock(const std::string& folder)
    : note_((fs::path(folder) / kLockFile).string()) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    throw InputError(folder +
                     ": no such run folder (expected a folder holding run.in, "
                     "model.xyz and the model file)");
  // The lock is on the folder itself, which a running run cannot lose (a lock file could be
  // deleted under it); the note file only says who holds it.
  fd_ = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd_ < 0) throw InputError(folder + ": cannot open the run folder");
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    fd_ = -1;
    throw InputError(folder + ": a run is already writing into this folder (" + readHolder(note_) +
                     "); wait for it to end or stop it, or follow it in the studio");
  }
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  const std::string holder =
      "sei run, pid " + std::to_string(::getpid()) + " on " + std::string(host) + "\n";
  // A lock whose note could not be written still holds; messages then name "another run".
  const int note = ::open(note_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (note >= 0) {
    const bool noted =
        ::write(note, holder.data(), holder.size()) == static_cast<ssize_t>(holder.size());
    static_cast<void>(noted);
    ::close(note);
  }
}

RunFolderLock::~RunFolderLock() {
  if (fd_ < 0) return;
  ::unlink(note_.c_str());  // while still holding the lock: a failed start leaves nothing
  ::close(fd_);             // closing releases the lock
}

std::string runFolderHolder(const std::string& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return {};
  std::string holder;
  if (::flock(fd, LOCK_SH | LOCK_NB) != 0)
    holder = readHolder((fs::path(folder) / kLockFile).string());
  ::close(fd);  // also releases the shared lock taken to test
  return holder;
}

bool hasRunOutputs(const std::string& folder) {
  for (const char* name : kOutputs)
    if (fs::exists(fs::path(folder) / name)) return true;
  return false;
}

std::string archiveRunOutputs(const std::string& folder) {
  if (!hasRunOutputs(folder)) return {};
  const fs::path base = fs::path(folder) / "previous-runs";
  fs::path target = base / timestamp();
  for (int k = 2; fs::exists(target); ++k) target = base / (timestamp() + "-" + std::to_string(k));
  fs::create_directories(target);
  auto move = [&](const char* name) {
    const fs::path from = fs::path(folder) / name;
    if (!fs::exists(from)) return;
    std::error_code ec;
    fs::rename(from, target / name, ec);
    if (ec)
      throw InputError(from.string() + ": could not be moved to " + target.string() + ": " +
                       ec.message());
  };
  for (const char* name : kOutputs) move(name);
  for (const char* name : kInputs) move(name);
  return target.string();
}

}  // namespace sei
