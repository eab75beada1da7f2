#include "ProjectSettings.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

namespace sei::studio {
namespace {

constexpr std::pair<std::string_view, RunEnsemble> kEnsembles[] = {
    {"nve", RunEnsemble::Nve},
    {"nvt_lan", RunEnsemble::Langevin},
    {"nvt_bdp", RunEnsemble::Bussi},
    {"nvt_nhc", RunEnsemble::NoseHoover},
    {"npt_scr", RunEnsemble::NptScr}};
constexpr std::pair<PressureCouplingMode, PressureCoupling> kCouplings[] = {
    {PressureCouplingMode::Isotropic, PressureCoupling::Isotropic},
    {PressureCouplingMode::Anisotropic, PressureCoupling::Anisotropic},
    {PressureCouplingMode::Lateral, PressureCoupling::Lateral},
    {PressureCouplingMode::AxialZ, PressureCoupling::AxialZ}};

/// Frames for the live view: often enough to watch, never more often than every 10 steps.
constexpr std::int64_t kViewFrameInterval = 10;

}  // namespace

RunSettings runSettingsOf(const ProjectRunSettings& p) {
  RunSettings s;
  for (const auto& [engine, studio] : kEnsembles)
    if (engine == p.ensemble) s.ensemble = studio;
  for (const auto& [engine, studio] : kCouplings)
    if (engine == p.coupling) s.coupling = studio;
  s.temperature = p.temperature;
  s.temperatureEnd = p.temperatureEnd;
  s.thermostatTau = p.temperatureCoupling * p.timeStep;
  s.pressure = p.pressure;
  s.barostatTau = p.pressureCoupling * p.timeStep;
  s.timeStep = p.timeStep;
  s.steps = p.steps;
  s.kspace = p.kspace;
  s.snapshotInterval = static_cast<int>(
      p.dumpInterval > 0 ? std::min(p.dumpInterval, kViewFrameInterval) : kViewFrameInterval);
  s.thermoInterval = static_cast<int>(p.thermoInterval);
  s.dumpInterval = static_cast<int>(p.dumpInterval);
  s.checkpointInterval = static_cast<int>(p.checkpointInterval);
  s.seed = p.velocitySeed;
  s.backend = p.backend == "cuda" ? "cuda" : "cpu";
  return s;
}

void storeRunSettings(const RunSettings& s, ProjectRunSettings& p) {
  for (const auto& [engine, studio] : kEnsembles)
    if (studio == s.ensemble) p.ensemble = std::string(engine);
  for (const auto& [engine, studio] : kCouplings)
    if (studio == s.coupling) p.coupling = engine;
  p.temperature = s.temperature;
  p.temperatureEnd = s.temperatureEnd;
  p.temperatureCoupling = s.thermostatTau / s.timeStep;
  p.pressure = s.pressure;
  p.pressureCoupling = s.barostatTau / s.timeStep;
  p.timeStep = s.timeStep;
  p.steps = s.steps;
  p.kspace = s.kspace;
  p.thermoInterval = s.thermoInterval;
  p.dumpInterval = s.dumpInterval;
  p.checkpointInterval = s.checkpointInterval;
  p.velocitySeed = s.seed;
  p.backend = s.backend;
}

}  // namespace sei::studio
