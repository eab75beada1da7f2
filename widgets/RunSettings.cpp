#include "RunSettings.hpp"

#include <algorithm>

namespace sei::studio {

ProjectRunSettings studioRunDefaults() {
  ProjectRunSettings r;
  r.coupling = PressureCouplingMode::Isotropic;
  r.pressure = 0.0;
  r.thermoInterval = 10;
  r.dumpInterval = 100;
  r.checkpointInterval = 0;
  r.velocitySeed = 2024;
  r.temperatureCoupling = 200.0;  // τ_T = 100 fs at 0.5 fs
  r.pressureCoupling = 2000.0;    // τ_p = 1 ps at 0.5 fs
  return r;
}

RunSettings runSettingsOf(const ProjectRunSettings& run) {
  // Frames for the live view: often enough to watch, never more often than every 10 steps.
  constexpr std::int64_t kViewFrameInterval = 10;
  RunSettings s;
  s.run = run;
  s.snapshotInterval = static_cast<int>(
      run.dumpInterval > 0 ? std::min(run.dumpInterval, kViewFrameInterval) : kViewFrameInterval);
  return s;
}

}  // namespace sei::studio
