#include <charconv>
#include <sstream>

#include "core/Error.hpp"
#include "md/EnsembleRegistry.hpp"
#include "run/RunInput.hpp"

namespace sei {
namespace {

/// The shortest text that reads back as the same double, so the run does what the plan says
/// (0.05, not 0.050000000000000003); fixed notation, as GPUMD's inputs are written.
std::string exact(double x) {
  char text[400];  // the longest fixed form of a double
  const auto end = std::to_chars(text, text + sizeof text, x, std::chars_format::fixed).ptr;
  return std::string(text, end);
}

/// ` box xy [tilt] STRESS_TOL` of a minimisation with a relaxed cell, else nothing.
std::string minimizeBoxArguments(const MinimizeCommand& m) {
  if (m.cell == CellRelaxation::None) return {};
  return std::string(" box xy") + (m.cell == CellRelaxation::LateralTilt ? " tilt " : " ") +
         exact(m.stressTolerance);
}

std::string quantityWords(const DumpQuantities& q) {
  std::string out;
  const std::pair<bool, const char*> words[] = {{q.mass, "mass"},
                                                {q.charge, "charge"},
                                                {q.bec, "bec"},
                                                {q.velocity, "velocity"},
                                                {q.force, "force"},
                                                {q.potential, "potential"},
                                                {q.unwrappedPosition, "unwrapped_position"},
                                                {q.virial, "virial"}};
  for (const auto& [set, word] : words)
    if (set) out += std::string(" ") + word;
  return out;
}

/// A watchdog threshold, `off` for a check switched off.
std::string threshold(double x) { return x > 0 ? exact(x) : "off"; }

void writeWatchdog(std::ostream& out, const WatchdogSettings& w) {
  out << "watchdog " << w.interval;
  if (!w.committee.empty()) {
    out << " committee";
    for (const std::string& file : w.committee) out << " " << file;
  }
  out << " force_std " << threshold(w.forceStd) << " fmax " << threshold(w.maxForce) << " drift "
      << threshold(w.drift) << " neutrality " << threshold(w.neutrality) << " min_distance "
      << threshold(w.minDistance) << " covalent_fraction " << threshold(w.covalentFraction);
  if (w.extrapolation > 0)
    out << " extrapolation " << w.extrapolationReference << " " << threshold(w.extrapolation);
  out << " history " << w.history << "\n";
}

void writeEnsemble(std::ostream& out, const EnsembleSettings& e) {
  const EnsembleDescriptor* d = findEnsemble(e.keyword);
  if (!d) throw InputError("unknown ensemble '" + e.keyword + "'; expected " + ensembleKeywords());
  out << "ensemble " << e.keyword;
  if (d->form != EnsembleForm::Plain)
    out << " " << exact(e.temperatureStart) << " " << exact(e.temperatureEnd) << " "
        << exact(e.temperatureCoupling);
  if (d->form == EnsembleForm::ThermostatBarostat) {
    const Barostat& b = e.barostat;
    const int n = b.coupling == BarostatCoupling::Isotropic    ? 1
                  : b.coupling == BarostatCoupling::Orthogonal ? 3
                                                               : 6;
    for (int k = 0; k < n; ++k) out << " " << exact(b.pressure[k]);
    for (int k = 0; k < n; ++k) out << " " << exact(b.modulus[k]);
    out << " " << exact(b.pressureCoupling);
  }
  out << "\n";
}

}  // namespace

std::string runInputText(const RunPlan& plan) {
  return "potential " + plan.potential + "\n" + runCommandsText(plan);
}

std::string runCommandsText(const RunPlan& plan) {
  std::ostringstream in;
  in << "kspace " << (plan.kspace == KSpaceMethod::Ewald ? "ewald" : "pppm");
  if (plan.kspaceAccuracy > 0) in << " " << exact(plan.kspaceAccuracy);
  if (plan.slabFactor > 0) in << " slab " << exact(plan.slabFactor);
  in << "\n";
  if (plan.velocity) {
    in << "velocity " << exact(plan.velocity->temperature);
    if (plan.velocity->seed) in << " seed " << *plan.velocity->seed;
    in << "\n";
  }
  if (plan.watchdog.interval > 0) writeWatchdog(in, plan.watchdog);
  const RunBlock* previous = nullptr;
  for (std::size_t k = 0; k < plan.runs.size(); ++k) {
    const RunBlock& b = plan.runs[k];
    for (const MinimizeCommand& m : plan.minimizations)
      if (m.beforeRun == k)
        in << "minimize " << (m.fire ? "fire " : "sd ") << exact(m.forceTolerance) << " "
           << m.maxSteps << minimizeBoxArguments(m) << "\n";
    // The time step carries on, but its maximum distance holds for one block only.
    if (b.timeStepSet && (!previous || b.timeStep != previous->timeStep ||
                          b.maxDistancePerStep > 0 || previous->maxDistancePerStep > 0)) {
      in << "time_step " << exact(b.timeStep);
      if (b.maxDistancePerStep > 0) in << " " << exact(b.maxDistancePerStep);
      in << "\n";
    }
    if (b.checkpoint != (previous ? previous->checkpoint : 0))
      in << "checkpoint " << b.checkpoint << "\n";
    writeEnsemble(in, b.ensemble);
    if (b.dumpThermo > 0) in << "dump_thermo " << b.dumpThermo << "\n";
    for (const DumpXyz& d : b.dumpXyz)
      in << "dump_xyz " << d.interval << " " << d.file
         << (d.precision == DumpPrecision::Double ? " precision double" : "")
         << quantityWords(d.quantities) << "\n";
    for (const DumpNetcdf& d : b.dumpNetcdf)
      in << "dump_netcdf " << d.interval << " " << d.file << quantityWords(d.quantities) << "\n";
    if (b.dumpRestart > 0) in << "dump_restart " << b.dumpRestart << "\n";
    in << "run " << b.steps << "\n";
    previous = &b;
  }
  return in.str();
}

}  // namespace sei
