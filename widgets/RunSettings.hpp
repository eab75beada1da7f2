#pragma once

#include "project/Project.hpp"

namespace sei::studio {

/// Where a studio run stands (the simulation controller's state, shown by the Run panel).
enum class RunState { Idle, Preparing, Running, Paused, Stopping, Finished, Stopped, Failed };

/// Preparing, running, paused or stopping: a worker thread is busy.
inline bool isActive(RunState s) {
  return s == RunState::Preparing || s == RunState::Running || s == RunState::Paused ||
         s == RunState::Stopping;
}

/// The Run panel's settings before a project sets them: intervals short enough to watch a run
/// from its first steps, a checkpoint only at the end.
ProjectRunSettings studioRunDefaults();

/// What the Run panel edits: the run itself as projects store it and run.in states it (one
/// description, engine/project ProjectRunSettings → RunPlan), and how the studio shows it.
struct RunSettings {
  ProjectRunSettings run = studioRunDefaults();
  int snapshotInterval = 10;  ///< steps between frames sent to the view (the chunk size)
  int threads = 0;            ///< OpenMP threads of the run; 0 = one fewer than the cores
};

/// The Run panel's settings for a project's run (view frames at most every 10 steps).
RunSettings runSettingsOf(const ProjectRunSettings& run);

}  // namespace sei::studio
