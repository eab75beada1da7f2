#pragma once

#include <functional>
#include <memory>
#include <string>

#include "md/Simulation.hpp"
#include "md/Watchdog.hpp"
#include "nep/NepModel.hpp"

namespace sei {

/// What a run does when its watchdog fires (RunFolderOptions::watchdogFired).
enum class WatchdogAction {
  Stop,      ///< checkpoint, then WatchdogStop (headless)
  Pause,     ///< Simulation::setPaused(true) before the next step (the studio)
  Continue,  ///< go on as if nothing happened (the event and its frames are written anyway)
};

struct RunFolderOptions {
  std::string folder = ".";      ///< holds run.in, model.xyz and the model file
  bool resume = false;           ///< continue from folder/checkpoint.chk
  int threads = 0;               ///< 0: OpenMP default
  std::string backend = "auto";  ///< "cpu", "cuda" or "auto" (cuda when a device exists)
  /// run.in's potential, parsed already (project/ProjectRun prepareRun hands it on); used when
  /// it is the file run.in names, else the file is read.
  std::shared_ptr<const NepModel> model;
  /// Called once with a line naming the backend in use (or why the CPU was chosen).
  std::function<void(const std::string&)> backendChosen;
  /// Called after every chunk with the index of the run block.
  std::function<void(const Progress&, std::size_t block)> progress;
  /// Lines worth showing the user as a run starts and goes: minimisation progress.
  std::function<void(const std::string&)> log;
  /// Polled after every chunk (and minimisation step): true stops the run after writing a
  /// checkpoint.
  std::function<bool()> stopRequested;
  /// Steps between progress calls; 0: a tenth of the block, at most 100.
  std::int64_t chunk = 0;
  /// Called once the simulation exists, before its first step, and with nullptr when it is
  /// gone: lets a caller pause it, cancel it or take its snapshots from another thread.
  std::function<void(Simulation*)> attach;
  /// Called on the run's thread when run.in's watchdog fires, after the frames are written
  /// (`frames`: the file): the first event that fired and what to do. Unset: Stop. With Pause
  /// the chunk ends at this step (its snapshot and progress are published) and the run waits
  /// until setPaused(false) or requestCancel() on the attached Simulation.
  std::function<WatchdogAction(const WatchdogEvent& event, const std::string& frames)>
      watchdogFired;
};

enum class RunOutcome { Finished, Stopped };

/// Executes a GPUMD-style run folder: parses run.in (all errors before anything runs), reads
/// model.xyz and the potential, relaxes the positions where `minimize` stands, and runs each
/// `run` block with its ensemble, writing thermo.out,
/// dump_xyz/dump_exyz frames, NetCDF trajectories, restart.xyz and checkpoint.chk (every
/// `checkpoint N` steps and at the end of the run, atomically). With resume, it continues from
/// checkpoint.chk and cuts thermo.out and the dump files back to what they held at that
/// checkpoint, so no frame appears twice. With run.in's `watchdog`, every INTERVAL-th step of a
/// block is checked (md/Watchdog); an event writes watchdog/frames.xyz and watchdog/watchdog.log
/// and, unless watchdogFired says otherwise, a checkpoint of that step before WatchdogStop is
/// thrown. Throws InputError for bad input and BlowUpError after writing lastgood.xyz and
/// lastgood.chk.
RunOutcome executeRunFolder(const RunFolderOptions& options);

}  // namespace sei
