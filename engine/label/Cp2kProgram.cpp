#include "label/Cp2kProgram.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "core/Error.hpp"

extern char** environ;

namespace sei::label {
namespace {

/// The first executable file `name` in the folders of PATH; empty if none.
std::string onPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string folders = path ? path : "";
  std::size_t begin = 0;
  while (begin <= folders.size()) {
    std::size_t end = folders.find(':', begin);
    if (end == std::string::npos) end = folders.size();
    const std::string folder = end > begin ? folders.substr(begin, end - begin) : ".";
    const std::string candidate = folder + "/" + name;
    struct stat st {};
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0)
      return candidate;
    begin = end + 1;
  }
  return "";
}

}  // namespace

Cp2kProgram findCp2k(int ranks) {
  Cp2kProgram program;
  program.ranks = ranks;
  program.cp2k = onPath("cp2k.psmp");
  if (program.cp2k.empty()) program.cp2k = onPath("cp2k");
  if (program.cp2k.empty())
    throw InputError(
        "CP2K not found: no cp2k.psmp or cp2k on PATH (Debian: apt-get install "
        "cp2k, as scripts/install-deps.sh does; on a cluster: module load cp2k)");
  if (ranks > 1) {
    program.mpirun = onPath("mpirun");
    if (program.mpirun.empty())
      throw InputError("--np " + std::to_string(ranks) +
                       ": mpirun not found on PATH (Debian: apt-get install openmpi-bin; or "
                       "--np 1 to run CP2K without MPI)");
  }
  return program;
}

std::vector<std::string> cp2kCommandLine(const Cp2kProgram& program, const std::string& input,
                                         const std::string& output) {
  std::vector<std::string> line;
  if (program.ranks > 1) line = {program.mpirun, "-np", std::to_string(program.ranks)};
  line.insert(line.end(), {program.cp2k, "-i", input, "-o", output});
  return line;
}

int runInFolder(const std::vector<std::string>& commandLine, const std::string& folder,
                const std::string& logFile, const std::function<bool()>& stop) {
  // Everything the child needs is made before fork: after it only async-signal-safe calls.
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) env.emplace_back(*e);
  if (!std::getenv("OMP_NUM_THREADS")) env.emplace_back("OMP_NUM_THREADS=1");
  if (::geteuid() == 0) {
    env.emplace_back("OMPI_ALLOW_RUN_AS_ROOT=1");
    env.emplace_back("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1");
  }
  std::vector<char*> envp, argv;
  for (std::string& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = commandLine;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string log = folder + "/" + logFile;

  const pid_t child = ::fork();
  if (child < 0) throw OutputError("cannot start " + commandLine[0] + ": " + std::strerror(errno));
  if (child == 0) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // a sei killed hard (SIGKILL) takes CP2K along
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (::chdir(folder.c_str()) != 0 || fd < 0) ::_exit(127);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    ::close(fd);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::setpgid(child, child);  // also here, so a kill below cannot precede the child's own call
  int status = 0;
  auto killedAt = std::chrono::steady_clock::time_point::max();
  for (;;) {
    const pid_t done = ::waitpid(child, &status, WNOHANG);
    if (done == child) break;
    if (done < 0 && errno != EINTR) return 127;
    if (killedAt == std::chrono::steady_clock::time_point::max() && stop && stop()) {
      ::kill(-child, SIGTERM);
      killedAt = std::chrono::steady_clock::now();
    } else if (std::chrono::steady_clock::now() - killedAt > std::chrono::seconds(5)) {
      ::kill(-child, SIGKILL);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

}  // namespace sei::label
