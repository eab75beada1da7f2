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

/// Marks a run folder as in use while it lives: an advisory lock (flock) on an open descriptor
/// of the folder itself, and a note FOLDER/.sei-run.lock naming the holder (removed again by the
/// destructor). Released by the destructor, or by the system when the process dies, so a killed
/// run never leaves a stale lock, and deleting the note does not unlock the folder.
class RunFolderLock {
 public:
  /// Throws InputError naming the folder if it does not exist, or the folder and the holder if
  /// another run holds it.
  explicit RunFolderLock(const std::string& folder);
  ~RunFolderLock();
  RunFolderLock(const RunFolderLock&) = delete;
  RunFolderLock& operator=(const RunFolderLock&) = delete;

 private:
  std::string note_;  ///< path of the holder's note
  int fd_ = -1;       ///< the folder, locked
};

/// Who runs in `folder` now ("sei run, pid 4711 on node17"), or "" when no run holds it.
std::string runFolderHolder(const std::string& folder);

}  // namespace sei
