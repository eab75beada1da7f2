#include <atomic>
#include <chrono>
#include <cstdio>
#include <set>

#include "Arguments.hpp"
#include "Commands.hpp"
#include "core/Error.hpp"
#include "core/Paths.hpp"
#include "project/Project.hpp"
#include "project/ProjectRun.hpp"
#include "run/RunDriver.hpp"

namespace sei::cli {
namespace {

const char* const kRunHelp =
    R"(Usage: sei run [--dir DIR] [--resume] [--backend cpu|cuda|auto] [--threads N] [--quiet]

Runs molecular dynamics as GPUMD does, from a folder holding run.in, model.xyz and the model
file named by run.in's `potential` line. Supported run.in commands: potential, velocity,
time_step, ensemble (nve, nvt_lan, nvt_bdp, nvt_nhc, npt_scr, in GPUMD's argument order;
coupling times in time steps), kspace ewald|pppm [ACCURACY] [slab [FACTOR]] (slab: vacuum
along z, dipole correction), minimize sd|fire FORCE_TOL MAX_STEPS [box xy [tilt] [STRESS_TOL]]
(SEI Studio's box: the lateral cell relaxed too), dump_thermo, dump_xyz / dump_exyz,
dump_netcdf, dump_restart, run (several blocks in sequence), `checkpoint N` (SEI Studio:
write checkpoint.chk every N steps) and `watchdog INTERVAL [committee FILE ...] [force_std X]
[fmax X] [drift X] [neutrality X] [min_distance X] [covalent_fraction X] [history N]` (SEI
Studio: stop when the model strays; see the README). The whole run.in is checked before anything
runs.

Output in DIR: thermo.out and dump files in GPUMD's formats, NetCDF trajectories (AMBER
convention), restart.xyz, checkpoint.chk.

Given a studio project file instead, it runs the project headless: the model is looked up
(relative to the project, then on $SEI_MODEL_PATH and ../shared/models) and checked against the
SHA-256 the project recorded; the structure is built from the project's recipe (or read from its
structure file) into OUTPUTS/model.xyz, run.in is written from the run settings, and the run
goes into the project's outputs folder, which the studio opens and follows live.

Options:
  --dir DIR       run folder (default: the current folder)
  --resume        continue from DIR/checkpoint.chk (after a crash, a kill or a stop); output
                  files are cut back to the checkpoint, so nothing appears twice
  --backend B     force backend: cpu, cuda (NVIDIA GPU), or auto (default: cuda when a
                  usable GPU exists, else cpu); inputs and outputs are the same for both
  --threads N     CPU threads (default: all)
  --quiet         no progress lines

Ctrl-C (SIGINT) or SIGTERM stops after the current chunk and writes a checkpoint (while a
project's structure is still being built, it cancels the build and runs nothing).
Exit status: 0 finished, 2 bad input, 3 the system blew up (lastgood.xyz and lastgood.chk are
written), 4 stopped by the watchdog (the frames in DIR/watchdog/frames.xyz, ready for `sei
label`, the events in DIR/watchdog/watchdog.log, a checkpoint of that step), 130 stopped by a
signal (resume with --resume).
)";

}  // namespace

int runRun(const std::vector<std::string>& args) {
  if (printHelpIfAsked(args, kRunHelp)) return 0;
  const std::set<std::string> valueOptions = {"dir", "threads", "backend"};
  std::vector<std::string> optionArgs;
  const auto positional = positionalArguments(args, valueOptions, optionArgs);
  if (positional.size() > 1)
    throw InputError("unexpected argument '" + positional[1] + "' (one project per run)");
  const Arguments arguments("run", optionArgs, valueOptions, {"resume", "quiet"});
  RunFolderOptions options;
  options.folder = arguments.value("dir", ".");
  options.resume = arguments.has("resume");
  options.threads = arguments.integer("threads", 0, 0, 4096);
  options.backend = arguments.value("backend", "auto");
  const std::atomic<bool>& stopSignal = stopOnSignals();
  if (!positional.empty()) {
    if (arguments.has("dir")) throw InputError("give either a project or --dir, not both");
    const Project project = readProject(positional[0]);
    BuildControl control;  // building a large interface can take a minute: Ctrl-C cancels it
    control.cancel = &stopSignal;
    try {
      const PreparedRun prepared =
          prepareProjectRun(positional[0], project, options.resume, resourceDirectory(), control);
      options.folder = prepared.folder;
      options.model = prepared.model;
      if (!prepared.archived.empty())
        std::printf("sei run: the earlier run's outputs were moved to %s\n",
                    prepared.archived.c_str());
    } catch (const BuildCancelled&) {
      std::fputs("sei run: interrupted while building the structure, nothing run\n", stderr);
      return 130;
    }
    options.backend = arguments.value("backend", project.backend);
  }
  const bool quiet = arguments.has("quiet");
  options.backendChosen = [quiet](const std::string& note) {
    if (!quiet) std::printf("sei run: %s\n", note.c_str());
  };
  options.log = [quiet](const std::string& line) {
    if (quiet) return;
    std::printf("sei run: %s\n", line.c_str());
    std::fflush(stdout);
  };
  options.stopRequested = [&stopSignal] { return stopSignal.load(); };
  auto lastPrint = std::chrono::steady_clock::now() - std::chrono::hours(1);
  options.progress = [&](const Progress& p, std::size_t block) {
    const auto now = std::chrono::steady_clock::now();
    if (quiet || (now - lastPrint < std::chrono::seconds(1) && p.step < p.totalSteps)) return;
    lastPrint = now;
    std::printf("run %zu: %lld/%lld steps, t = %.3f ps, %.3f ns/day, %.0f s left\n", block + 1,
                static_cast<long long>(p.step), static_cast<long long>(p.totalSteps), p.time * 1e-3,
                p.nsPerDay, p.secondsRemaining);
    std::fflush(stdout);
  };
  try {
    if (executeRunFolder(options) == RunOutcome::Stopped) {
      std::fprintf(stderr,
                   "sei run: stopped; checkpoint written, continue with 'sei run --resume'\n");
      return 130;
    }
  } catch (const BlowUpError& e) {
    std::fprintf(stderr, "sei run: the system blew up: %s\n", e.what());
    return 3;
  } catch (const WatchdogStop& e) {
    std::fprintf(stderr, "sei run: stopped by the watchdog: %s\n", e.what());
    return 4;
  }
  return 0;
}

}  // namespace sei::cli
