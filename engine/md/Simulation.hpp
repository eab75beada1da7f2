#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/Backend.hpp"
#include "md/Checkpoint.hpp"
#include "md/Ensemble.hpp"
#include "md/MdState.hpp"
#include "md/Motion.hpp"
#include "md/Random.hpp"
#include "md/Snapshot.hpp"

namespace sei {

class DeviceIntegrator;

/// Where a run stands, for progress displays.
struct Progress {
  std::int64_t step = 0;          ///< steps done in this run() call
  std::int64_t totalSteps = 0;    ///< steps requested in this run() call
  double time = 0.0;              ///< simulated time of the state, fs
  double nsPerDay = 0.0;          ///< simulated ns per wall-clock day so far
  double secondsRemaining = 0.0;  ///< estimate
};

/// Thresholds that stop a run that has exploded before it writes garbage.
struct BlowUpGuard {
  double maxForce = 100.0;      ///< eV/Å
  double minDistance = 0.4;     ///< Å, every step through the backend's neighbour list
  double maxTemperature = 1e5;  ///< K
};

/// The run stopped because the system exploded. what() names step, atoms and values; the
/// simulation keeps the last good state (lastGood()).
class BlowUpError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Drives an ensemble over a Backend: steps in chunks, reports progress through a callback,
/// can be paused or cancelled between chunks from any thread, and publishes immutable
/// snapshots (latest wins) that other threads read without stopping the run. No Qt.
class Simulation {
 public:
  Simulation(std::shared_ptr<Backend> backend, MdState initial, std::unique_ptr<Ensemble> ensemble,
             std::uint64_t seed);

  void setTimeStep(double fs) { timeStep_ = fs; }
  double timeStep() const { return timeStep_; }  ///< fs
  void setEnsemble(std::unique_ptr<Ensemble> ensemble);
  Ensemble& ensemble() { return *ensemble_; }
  void setBlowUpGuard(const BlowUpGuard& guard) { guard_ = guard; }
  /// Linear temperature ramp (GPUMD's T_start → T_end, K) over a block of `blockSteps` steps
  /// of which `stepsDone` are already done (after a restart); applies to the next run() call.
  /// The ensemble's target and the backend's temperature (the descriptor of temperature
  /// models) follow it step by step; forces are recomputed now if the latter changes.
  void setTemperatureRamp(double startK, double endK, std::int64_t blockSteps,
                          std::int64_t stepsDone = 0);

  /// Called after steps (for writers) with the state after the step.
  using StepObserver = std::function<void(const MdState&, const Thermo&)>;
  /// What an observer needs after a step: nothing (it is not called), the thermodynamic
  /// scalars (on a device backend the state's step, time, cell, energy and virial are current,
  /// its per-atom arrays are not), or the whole state.
  enum class StepNeed { None, Thermo, State };
  using StepSchedule = std::function<StepNeed(std::int64_t step)>;
  /// Without a schedule the observer gets the whole state after every step.
  void setStepObserver(StepObserver observer, StepSchedule schedule = {}) {
    observer_ = std::move(observer);
    schedule_ = std::move(schedule);
  }

  /// Runs `steps` steps in chunks of `chunk` steps; between chunks it publishes a snapshot,
  /// calls `progress`, honours pause/cancel, and checks the blow-up guard. Returns the number
  /// of steps done (fewer if cancelled). Throws BlowUpError.
  /// On a backend that is a DeviceIntegrator the whole run stays on its device: the guard is
  /// checked there (forces at the end of each chunk, not every step), and the snapshot of a
  /// chunk is copied asynchronously and published once it arrives (latest wins), so readers
  /// see it a little later; state() is current on return.
  std::int64_t run(std::int64_t steps, std::int64_t chunk = 100,
                   const std::function<void(const Progress&)>& progress = {});

  void requestCancel();
  void setPaused(bool paused);
  /// From a step observer: the current chunk ends after this step (its snapshot is published
  /// and progress called), so that a pause or cancel requested now holds before the next step.
  void endChunk() { endChunk_ = true; }
  bool paused() const { return paused_; }

  /// Latest published snapshot (never null after construction); safe from any thread.
  std::shared_ptr<const Snapshot> snapshot() const;
  const MdState& state() const { return state_; }
  MdState& mutableState() { return state_; }
  /// State at the end of the last chunk that passed the blow-up guard (on a device backend:
  /// whose snapshot had arrived); empty (size 0) when no state has passed it.
  const MdState& lastGood() const { return lastGood_; }
  Random& random() { return random_; }
  Thermo thermo() const;

  /// The state of the run for writeCheckpoint(); `extra` is passed through.
  CheckpointData checkpoint(std::map<std::string, std::string> extra = {}) const;
  /// Continues from a checkpoint: state, ensemble variables and random numbers. The current
  /// ensemble must be of the checkpoint's kind. Throws InputError otherwise.
  void restore(const CheckpointData& data);

  /// Recomputes forces for the current state (after editing it).
  void refreshForces();

 private:
  void publish();
  double rampTemperature(std::int64_t blockStep) const;  ///< K
  void publish(std::shared_ptr<Snapshot> snapshot);
  /// Forces, temperature and the backend's closest pair: every step. Throws BlowUpError.
  void checkStep() const;
  /// checkStep, plus a search for close pairs when the backend reports none.
  void checkBlowUp() const;
  Thermo thermoOf(Motion& motion) const;
  void observe(DeviceIntegrator* device, Motion& motion);
  /// The guard evaluated where the atoms are (largest force, closest pair through the device's
  /// neighbour list, temperature): a few scalars copied back per step. When it trips, the state
  /// is downloaded, the host checks name the atoms, and the last snapshot that arrived becomes
  /// the last good state.
  void checkDevice(DeviceIntegrator& device, Motion& motion);
  void endDeviceChunk(DeviceIntegrator& device, Motion& motion, bool snapshot);
  void collectSnapshot(DeviceIntegrator& device, bool wait);

  std::shared_ptr<Backend> backend_;
  MdState state_;
  MdState lastGood_;
  std::unique_ptr<Ensemble> ensemble_;
  Random random_;
  double timeStep_ = 0.5;  ///< fs
  BlowUpGuard guard_;
  struct Ramp {
    double start, end;  ///< K
    std::int64_t blockSteps, stepsDone;
  };
  std::optional<Ramp> ramp_;
  StepObserver observer_;
  StepSchedule schedule_;
  /// Device runs: the snapshot whose copy is under way, and the last one published.
  std::shared_ptr<Snapshot> pendingSnapshot_;
  std::shared_ptr<const Snapshot> lastGoodSnapshot_;
  std::shared_ptr<const std::vector<std::string>> symbols_;

  bool endChunk_ = false;  ///< the run's thread only
  std::atomic<bool> cancel_{false};
  std::atomic<bool> paused_{false};
  mutable std::mutex snapshotMutex_;
  std::shared_ptr<const Snapshot> snapshot_;
  std::mutex pauseMutex_;
  std::condition_variable pauseChanged_;
};

}  // namespace sei
