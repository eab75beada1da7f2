#pragma once

#include <functional>
#include <string>
#include <vector>

namespace sei::label {

/// How CP2K is started: `cp2k -i IN -o OUT`, or `mpirun -np N cp2k -i IN -o OUT`.
struct Cp2kProgram {
  std::string cp2k;    ///< path of cp2k.psmp (preferred) or cp2k
  std::string mpirun;  ///< path of mpirun; empty for one rank
  int ranks = 1;       ///< MPI ranks, ≥ 1
};

/// Finds cp2k.psmp, else cp2k, on PATH, and mpirun when ranks > 1. Throws InputError with one
/// line naming what is missing and how to install it.
Cp2kProgram findCp2k(int ranks);

/// The command line that runs `input` and writes `output` (file names in the run folder).
std::vector<std::string> cp2kCommandLine(const Cp2kProgram& program, const std::string& input,
                                         const std::string& output);

/// Runs the command line in `folder` with its standard output and error in `logFile` (in that
/// folder), in a process group of its own, with OMP_NUM_THREADS=1 unless set (one thread per
/// rank: ranks × threads must not exceed the cores) and, as root, Open MPI's permission to run
/// as root; it gets SIGTERM if sei dies. `stop` is asked every 0.2 s; when true the group gets
/// SIGTERM (SIGKILL 5 s later). Returns the exit status, or 128 + the signal that ended it. Throws
/// OutputError if the process cannot be started.
int runInFolder(const std::vector<std::string>& commandLine, const std::string& folder,
                const std::string& logFile, const std::function<bool()>& stop);

}  // namespace sei::label
