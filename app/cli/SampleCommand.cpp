#include <cstdio>
#include <set>
#include <sstream>

#include "Arguments.hpp"
#include "Commands.hpp"
#include "core/Error.hpp"
#include "io/AtomicFile.hpp"
#include "io/ExtXyz.hpp"
#include "nep/NepModel.hpp"
#include "project/JsonFields.hpp"
#include "reactor/Sampling.hpp"

namespace sei::cli {
namespace {

const char* const kSampleHelp =
    R"(Usage: sei sample PLAN.json|SAMPLING.json --model nep.txt --out CANDIDATES.xyz
                  [--seed N] [--threads N] [--quiet]

Reactor sampling (issue 19): every recipe of the "sampling" object of a reactor plan (or of a
file holding that object alone) is built and run hot with the model: a Bussi thermostat ramps
start_temperature -> peak_temperature over ramp_steps and holds the peak for hold_steps, in the
cell as built and compressed and expanded by `strain` (lengths x (1 -/+ strain)); every
frame_interval-th step is kept, every second kept frame with a Gaussian rattle of `rattle` A
per component. A trajectory that blows up ends there and keeps its earlier frames. Frames go to
--out as extended XYZ (config_type=reactor, recipe=, step=, temperature=, origin="...").

  --seed N     replaces the sampling object's seed (MD, rattles, packing)
  --threads N  OpenMP threads of the force evaluation (default 1)

Exit status: 0 success, 2 bad input (one line naming the file and field; nothing written),
130 stopped by a signal (the frames so far are written).
)";

}  // namespace

int runSample(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::fputs(kSampleHelp, stderr);
    return 2;
  }
  if (printHelpIfAsked(args, kSampleHelp)) return 0;
  std::vector<std::string> options;
  const std::vector<std::string> files =
      positionalArguments(args, {"model", "out", "seed", "threads"}, options);
  const Arguments a("sample", options, {"model", "out", "seed", "threads"}, {"quiet"});
  if (files.size() != 1) throw InputError("expected one plan or sampling file (sei sample FILE)");
  const std::string out = a.value("out");
  const json root = parseJsonText(readTextFile(files[0], "sampling file"), files[0]);
  const bool plan = root.is_object() && root.contains("sampling");
  reactor::SamplingSettings settings = reactor::samplingSettingsFromJson(
      plan ? root["sampling"] : root, plan ? files[0] + ": sampling" : files[0]);
  if (a.has("seed"))
    settings.seed = static_cast<std::uint64_t>(a.integer("seed", 1, 0, 2147483647));
  const auto model = std::make_shared<const NepModel>(readNepModel(a.value("model")));
  reactor::SamplingControl control;
  control.threads = a.integer("threads", 1, 1, 4096);
  const std::atomic<bool>& stop = stopOnSignals();
  control.stop = [&stop] { return stop.load(); };
  if (!a.has("quiet"))
    control.log = [](const std::string& line) {
      std::printf("%s\n", line.c_str());
      std::fflush(stdout);
    };
  const std::vector<reactor::SampledFrame> frames = reactor::sampleFrames(settings, model, control);
  std::ostringstream xyz;
  for (const reactor::SampledFrame& f : frames) writeExtXyzFrame(xyz, f.structure);
  writeFileAtomically(out, xyz.str());
  std::printf("%zu candidate frames -> %s\n", frames.size(), out.c_str());
  return stop.load() ? 130 : 0;
}

}  // namespace sei::cli
