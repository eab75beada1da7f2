#include "run/GpumdRunInput.hpp"

#include <algorithm>
#include <climits>
#include <set>
#include <sstream>

namespace sei {
namespace {

/// The run.in keywords runInputText writes that GPUMD's parser (src/main_gpumd/run.cu) accepts.
const std::set<std::string>& gpumdKeywords() {
  static const std::set<std::string> keywords = {
      "potential",   "kspace",   "velocity",    "minimize",     "time_step", "ensemble",
      "dump_thermo", "dump_xyz", "dump_netcdf", "dump_restart", "run"};
  return keywords;
}

}  // namespace

GpumdRunInput gpumdRunInput(const RunPlan& plan) {
  GpumdRunInput out;
  auto& warn = out.warnings;
  if (plan.kspaceAccuracy > 0) {
    std::ostringstream a;
    a << plan.kspaceAccuracy;
    warn.push_back("kspace accuracy " + a.str() +
                   ": GPUMD has no accuracy setting and chooses its own Ewald/PPPM parameters, "
                   "so its long-range forces differ from ours at this accuracy");
  }
  if (plan.slabFactor > 0)
    warn.push_back(
        "kspace ... slab: GPUMD has no slab correction, so a slab with vacuum feels "
        "the dipoles of its periodic images along c (its forces differ from ours)");
  const bool boxRelax =
      std::any_of(plan.minimizations.begin(), plan.minimizations.end(),
                  [](const MinimizeCommand& m) { return m.cell != CellRelaxation::None; });
  if (boxRelax)
    warn.push_back(
        "minimize ... box xy: GPUMD's minimize keeps the cell, so its structure keeps "
        "the lateral stress ours relaxes (exported as minimize without 'box')");
  const bool wideSeed = plan.velocity && plan.velocity->seed && *plan.velocity->seed > INT_MAX;
  if (wideSeed)
    warn.push_back("velocity seed " + std::to_string(*plan.velocity->seed) +
                   ": GPUMD reads a seed up to " + std::to_string(INT_MAX) +
                   "; the seed is left out, so GPUMD draws other initial velocities");
  for (const RunBlock& b : plan.runs)
    if (!b.dumpNetcdf.empty()) {
      warn.push_back(
          "dump_netcdf: GPUMD writes NetCDF only when built with -DUSE_NETCDF; "
          "without it GPUMD stops at this line");
      break;
    }

  std::istringstream in(runInputText(plan));
  std::string line;
  std::ostringstream text;
  std::set<std::string> commented;
  text << "# GPUMD run.in exported by SEI Studio (sei export gpumd)\n";
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string keyword, method;
    words >> keyword;
    if (keyword == "kspace" && (plan.kspaceAccuracy > 0 || plan.slabFactor > 0)) {
      words >> method;
      text << "kspace " << method << "\n# SEI Studio only: " << line << "\n";
    } else if (keyword == "minimize" && line.find(" box ") != std::string::npos) {
      text << line.substr(0, line.find(" box ")) << "\n# SEI Studio only: " << line << "\n";
    } else if (keyword == "velocity" && wideSeed) {
      text << "velocity " << line.substr(9, line.find(" seed") - 9)
           << "\n# SEI Studio only: " << line << "\n";
    } else if (!keyword.empty() && keyword[0] != '#' && !gpumdKeywords().count(keyword)) {
      text << "# SEI Studio only: " << line << "\n";
      if (commented.insert(keyword).second)
        warn.push_back(line + (keyword == "checkpoint"
                                   ? ": GPUMD writes no checkpoints, so a stopped run cannot "
                                     "resume; restart.xyz (dump_restart) keeps the last state"
                               : keyword == "watchdog"
                                   ? ": GPUMD has no watchdog, so its run goes on however far "
                                     "the model strays (no committee, force, drift, charge or "
                                     "distance checks, no frames written for labelling)"
                                   : ": not a GPUMD command; left as a comment"));
    } else {
      text << line << "\n";
    }
  }
  out.text = text.str();
  return out;
}

}  // namespace sei
