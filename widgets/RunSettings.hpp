#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "kspace/Electrostatics.hpp"
#include "md/Ensemble.hpp"

namespace sei::studio {

enum class RunEnsemble { Nve, Langevin, Bussi, NoseHoover, NptScr };

/// Where a studio run stands (the simulation controller's state, shown by the Run panel).
enum class RunState { Idle, Preparing, Running, Paused, Stopping, Finished, Stopped, Failed };

/// Preparing, running, paused or stopping: a worker thread is busy.
inline bool isActive(RunState s) {
  return s == RunState::Preparing || s == RunState::Running || s == RunState::Paused ||
         s == RunState::Stopping;
}

/// Everything the Run panel sets for one run of the studio.
struct RunSettings {
  RunEnsemble ensemble = RunEnsemble::Bussi;
  double temperature = 300.0;     ///< K, initial velocities and start of the ramp
  double temperatureEnd = 300.0;  ///< K, end of the linear ramp (= temperature: no ramp)
  double thermostatTau = 100.0;   ///< fs
  double pressure = 0.0;          ///< GPa (NPT only)
  PressureCoupling coupling = PressureCoupling::Isotropic;
  double barostatTau = 1000.0;  ///< fs
  double timeStep = 0.5;        ///< fs
  std::int64_t steps = 10000;
  KSpaceMethod kspace = KSpaceMethod::Pppm;
  int snapshotInterval = 10;   ///< steps between frames sent to the view (the chunk size)
  int thermoInterval = 10;     ///< steps between thermo.out lines
  int dumpInterval = 100;      ///< steps between dump.xyz frames (the recorded trajectory); 0: none
  int checkpointInterval = 0;  ///< steps between checkpoints; 0 = only when the run ends
  /// The run folder (model.xyz, run.in and every output, as `sei run` writes them).
  std::string runFolder;
  bool resume = false;          ///< continue from runFolder/checkpoint.chk (model.xyz is kept)
  int threads = 0;              ///< OpenMP threads of the run; 0 = one fewer than the cores
  std::string backend = "cpu";  ///< "cpu" or "cuda" (engine/md/BackendFactory)
  std::uint64_t seed = 2024;
};

/// The ensemble's name as the Run panel shows it.
const char* ensembleLabel(RunEnsemble kind);

}  // namespace sei::studio
