#pragma once

#include <string>

namespace sei {

/// Whether `folder` holds the outputs of an earlier run (thermo.out, dump.xyz, movie.nc,
/// checkpoint.chk, restart.xyz, lastgood.*).
bool hasRunOutputs(const std::string& folder);

/// Moves the outputs of an earlier run in `folder`, with the run.in and model.xyz that made
/// them, into folder/previous-runs/YYYYMMDD-HHMMSS/, so that a new run in the folder never
/// overwrites results. Returns that folder, or "" when there was nothing to move. Throws
/// InputError naming the file that could not be moved.
std::string archiveRunOutputs(const std::string& folder);

/// Marks a run folder as in use while it lives: an advisory lock (flock) on FOLDER/.sei-run.lock,
/// a file that names the holder. Released by the destructor, or by the system when the process
/// dies, so a killed run never leaves a stale lock.
class RunFolderLock {
 public:
  /// Throws InputError naming the folder and the holder if another run holds it.
  explicit RunFolderLock(const std::string& folder);
  ~RunFolderLock();
  RunFolderLock(const RunFolderLock&) = delete;
  RunFolderLock& operator=(const RunFolderLock&) = delete;

 private:
  int fd_ = -1;
};

/// Who runs in `folder` now ("sei run, pid 4711 on node17"), or "" when no run holds it.
std::string runFolderHolder(const std::string& folder);

}  // namespace sei
