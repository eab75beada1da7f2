#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "Arguments.hpp"
#include "Commands.hpp"
#include "core/Error.hpp"
#include "core/Supercell.hpp"
#include "formats/StructureFile.hpp"
#include "md/BackendRegistry.hpp"
#include "md/Simulation.hpp"
#include "nep/NepEvaluator.hpp"

namespace sei::cli {
namespace {

const char* const kBenchHelp =
    R"(Usage: sei bench --model A.txt[,B.txt...] --structure model.xyz [options]
       sei bench --train DIR [--threads LIST] [--seconds S]

Measures force-evaluation throughput of the CPU evaluator or the CUDA backend: the structure
is replicated to about
each requested size, evaluated repeatedly (energy, forces, virial, charges; no per-atom virial
or BEC, as in MD), and one line per (model, k-space, size, threads) is printed:
  atom-steps/s   atoms x evaluations per second (higher is better)
  us/atom-step   its inverse, microseconds
  bytes/atom     work memory the evaluator keeps (neighbour list, per-atom arrays, PPPM mesh)
                 per atom, device memory for --backend cuda; the structure and results add
                 about 150 bytes per atom of host memory
With --backend cuda also:
  gpu-bytes/atom device memory taken per atom as the driver reports it (cudaMemGetInfo before
                 the backend exists and after its first evaluation)
  md-atom-steps/s  NVE from 300 K resident on the GPU through the Simulation driver, with a
                 snapshot copied (asynchronously) every 100 steps as the studio takes them;
                 a line below gives the same without snapshots and the snapshot cost in %
Time and memory per atom stay flat as N grows: neighbour search uses cell lists, and qNEP
models use PPPM by default (Ewald's cost grows as N^2 at fixed accuracy).

Options:
  --model LIST       comma-separated model files
  --structure FILE   structure to replicate (any format of sei convert)
  --sizes LIST       target atom counts (default 1000,10000,100000; with --backend cuda
                     1000,10000,100000,1000000)
  --replicate LIST   exact replications instead of --sizes, e.g. 2x2x4,4x4x4
  --backend B        cpu (default) or cuda (the GPU; --threads is then ignored)
  --threads LIST     thread counts (default 1,2)
  --seconds S        minimum timed seconds per measurement (default 2)
  --kspace LIST      pppm (default), ewald, or pppm,ewald: each is measured for qNEP models
  --ewald-max N      largest atom count measured with Ewald (default 100000)
  --train DIR        time the trainer instead on a training folder (nep.in, train.xyz):
                     structure evaluations per second (a SNES generation: population x batch),
                     generation and epoch time and peak memory, per thread count; then the
                     Adam trainer's mini-batch outputs and loss gradient per thread count
                     and, when a CUDA device is usable, on the GPU
  --md               also time MD (velocity Verlet NVE from 300 K through the Simulation
                     driver, as `sei run` does) and print its atom-steps/s; always on for cuda
)";

/// Steps between the snapshots of the CUDA MD measurement (the studio's default interval).
constexpr std::int64_t kSnapshotInterval = 100;

/// 10⁸ atoms: about 60 GB of neighbour lists on the CPU, beyond the largest GPU too.
constexpr long kMaxBenchAtoms = 100000000;

/// Positive integers up to `most`.
std::vector<int> integerList(const std::string& option, const std::string& s, long most) {
  std::vector<int> values;
  for (const auto& item : splitList(s)) {
    char* end = nullptr;
    errno = 0;
    const long v = std::strtol(item.c_str(), &end, 10);
    if (*end != '\0' || v <= 0 || v > most || errno == ERANGE)
      throw InputError("--" + option + " expects integers from 1 to " + std::to_string(most) +
                       ", got '" + item + "'");
    values.push_back(static_cast<int>(v));
  }
  return values;
}

std::string cpuName() {
  std::ifstream info("/proc/cpuinfo");
  for (std::string line; std::getline(info, line);)
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  return "unknown CPU";
}

/// Replication factors whose product times n0 is closest to target.
std::array<int, 3> replicationFor(std::size_t n0, int target) {
  const double factor = std::max(1.0, static_cast<double>(target) / n0);
  const int base = std::max(1, static_cast<int>(std::floor(std::cbrt(factor))));
  std::array<int, 3> best = {base, base, base};
  double bestError = INFINITY;
  for (int a = base; a <= base + 1; ++a)
    for (int b = base; b <= a; ++b)
      for (int c = base; c <= b; ++c) {
        const double err = std::abs(static_cast<double>(a) * b * c * n0 - target);
        if (err < bestError) {
          bestError = err;
          best = {a, b, c};
        }
      }
  return best;
}

MdState thermalState(const Structure& s, const std::vector<int>& types) {
  MdState state = makeMdState(s, types);
  Random rng(1);
  initializeVelocities(state, 300.0, rng);
  return state;
}

/// Atom-steps per second of NVE through the Simulation driver (integration, guard checks and
/// snapshots included), timed over at least minSeconds after one warm-up chunk.
double mdAtomStepsPerSecond(std::shared_ptr<Backend> backend, const Structure& s,
                            const std::vector<int>& types, double minSeconds) {
  Simulation sim(std::move(backend), thermalState(s, types), makeNve(), 1);
  sim.run(2, 2);
  std::int64_t steps = 0;
  const auto start = std::chrono::steady_clock::now();
  double elapsed = 0.0;
  do {
    steps += sim.run(5, 5);
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  } while (elapsed < minSeconds);
  return static_cast<double>(steps) * s.size() / elapsed;
}

/// MD resident on a device, atom-steps/s, with a snapshot every kSnapshotInterval steps and
/// with none (one chunk): each a single run() of the same length, at least minSeconds long.
struct DeviceMdRates {
  std::int64_t steps = 0;
  double withSnapshots = 0.0, withoutSnapshots = 0.0;
};

DeviceMdRates deviceMdRates(std::shared_ptr<Backend> backend, const Structure& s,
                            const std::vector<int>& types, double minSeconds) {
  Simulation sim(std::move(backend), thermalState(s, types), makeNve(), 1);
  const auto timed = [&sim](std::int64_t steps, std::int64_t chunk) {
    const auto start = std::chrono::steady_clock::now();
    sim.run(steps, chunk);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  const double warmUp = timed(kSnapshotInterval, kSnapshotInterval);
  DeviceMdRates r;
  r.steps = kSnapshotInterval *
            std::max<std::int64_t>(2, static_cast<std::int64_t>(std::ceil(minSeconds / warmUp)));
  const double atomSteps = static_cast<double>(r.steps) * s.size();
  r.withSnapshots = atomSteps / timed(r.steps, kSnapshotInterval);
  r.withoutSnapshots = atomSteps / timed(r.steps, r.steps);
  return r;
}

}  // namespace

int runBench(const std::vector<std::string>& args) {
  if (printHelpIfAsked(args, kBenchHelp)) return 0;
  const Arguments arguments("bench", args,
                            {"model", "structure", "sizes", "replicate", "threads", "seconds",
                             "kspace", "backend", "ewald-max", "train"},
                            {"md"});
  if (arguments.has("train"))
    return runTrainBench(arguments.value("train"),
                         integerList("threads", arguments.value("threads", "1,2"), 4096),
                         arguments.number("seconds", 2.0));
  const auto models = splitList(arguments.value("model"));
  const std::string structurePath = arguments.value("structure");
  const std::string backendName = arguments.value("backend", "cpu");
  if (backendName != "cpu" && backendName != "cuda")
    throw InputError("--backend expects 'cpu' or 'cuda', got '" + backendName + "'");
  const bool gpu = backendName == "cuda";
  std::string device;
  if (gpu && !backendUsable("cuda", device))
    throw InputError("backend 'cuda' cannot run: " + device);
  const bool timeMd = arguments.has("md") && !gpu;
  const auto threads =
      gpu ? std::vector<int>{1} : integerList("threads", arguments.value("threads", "1,2"), 4096);
  const double minSeconds = arguments.number("seconds", 2.0);
  std::vector<KSpaceMethod> kspaces;
  for (const auto& item : splitList(arguments.value("kspace", "pppm")))
    kspaces.push_back(parseKSpaceMethod(item));
  const double ewaldMax = arguments.number("ewald-max", 100000);
  const Structure base = readStructureFile(structurePath);
  std::vector<std::array<int, 3>> replications;
  if (arguments.has("replicate")) {
    for (const auto& item : splitList(arguments.value("replicate")))
      replications.push_back(parseReplication(item));
  } else {
    const std::string sizes = gpu ? "1000,10000,100000,1000000" : "1000,10000,100000";
    for (int target : integerList("sizes", arguments.value("sizes", sizes), kMaxBenchAtoms))
      replications.push_back(replicationFor(base.size(), target));
  }

  std::printf("# sei bench on %s, %ld hardware threads\n", cpuName().c_str(),
              sysconf(_SC_NPROCESSORS_ONLN));
  std::printf("# structure %s (%zu atoms)\n", structurePath.c_str(), base.size());
  std::printf("%-28s %6s %8s %7s %6s %12s %14s %12s %10s", "model", "kspace", "atoms", "threads",
              "calls", "s/call", "atom-steps/s", "us/atom-step", "bytes/atom");
  if (gpu) std::printf(" %14s %16s", "gpu-bytes/atom", "md-atom-steps/s");
  std::printf("%s\n", timeMd ? "  md-atom-steps/s" : "");
  bool announced = false;
  for (const auto& modelPath : models) {
    auto model = std::make_shared<const NepModel>(readNepModel(modelPath));
    const std::string name = modelPath.substr(modelPath.find_last_of('/') + 1);
    // k-space matters to charge models only.
    const std::vector<KSpaceMethod> methods =
        model->hasCharges() ? kspaces : std::vector<KSpaceMethod>{kspaces.front()};
    for (const KSpaceMethod kspace : methods) {
      const char* kspaceName = !model->hasCharges()           ? "-"
                               : kspace == KSpaceMethod::Pppm ? "pppm"
                                                              : "ewald";
      for (const auto& n : replications) {
        const Structure s = replicate(base, n);
        if (model->hasCharges() && kspace == KSpaceMethod::Ewald && s.size() > ewaldMax) {
          std::printf(
              "# %s ewald %zu atoms: skipped (above --ewald-max; Ewald's cost grows as "
              "N^2)\n",
              name.c_str(), s.size());
          continue;
        }
        const std::vector<int> types = model->typesOf(s, structurePath);
        for (int t : threads) {
          NepEvaluatorOptions options;
          options.threads = t;
          options.kspace = kspace;
          const std::size_t memoryBefore = gpu ? backendMemoryInUse("cuda") : 0;
          BackendChoice choice = makeBackend(backendName, model, options);
          Backend& evaluator = *choice.backend;
          if (!announced) std::printf("# %s\n", choice.note.c_str());
          announced = true;
          ForceResult result;
          evaluator.compute(types, s.positions, s.cell, {}, result);  // warm-up, allocations
          const double bytesPerAtom = static_cast<double>(evaluator.memoryBytes()) / s.size();
          const double gpuBytesPerAtom =
              gpu ? (static_cast<double>(backendMemoryInUse("cuda")) - memoryBefore) / s.size()
                  : 0.0;
          int calls = 0;
          const auto start = std::chrono::steady_clock::now();
          double elapsed = 0.0;
          do {
            evaluator.compute(types, s.positions, s.cell, {}, result);
            ++calls;
            elapsed =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
          } while (elapsed < minSeconds);
          const double perCall = elapsed / calls;
          std::printf("%-28s %6s %8zu %7d %6d %12.4e %14.4e %12.4f %10.0f", name.c_str(),
                      kspaceName, s.size(), t, calls, perCall, s.size() / perCall,
                      1e6 * perCall / s.size(), bytesPerAtom);
          if (gpu) {
            const DeviceMdRates md = deviceMdRates(choice.backend, s, types, minSeconds);
            std::printf(" %14.0f %16.4e\n", gpuBytesPerAtom, md.withSnapshots);
            std::printf(
                "#   MD %lld steps: %.4e atom-steps/s with a snapshot every %lld steps, "
                "%.4e without: snapshot cost %.2f %%\n",
                static_cast<long long>(md.steps), md.withSnapshots,
                static_cast<long long>(kSnapshotInterval), md.withoutSnapshots,
                100.0 * (1.0 - md.withSnapshots / md.withoutSnapshots));
          } else {
            if (timeMd)
              std::printf("  %14.4e",
                          mdAtomStepsPerSecond(makeBackend(backendName, model, options).backend, s,
                                               types, minSeconds));
            std::printf("\n");
          }
          std::fflush(stdout);
        }
      }
    }
  }
  return 0;
}

}  // namespace sei::cli
