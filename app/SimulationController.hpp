#pragma once

#include <QObject>
#include <QString>
#include <memory>
#include <mutex>

#include "BackgroundJob.hpp"
#include "RunSettings.hpp"
#include "md/Simulation.hpp"
#include "project/ProjectRun.hpp"

namespace sei::studio {

/// Runs a Simulation on a background job (widgets/BackgroundJob) and turns its progress into
/// signals on the GUI thread. Frames are the job's latest-wins posts: while the GUI has not taken
/// the last one, a newer one replaces it (the older is dropped), so a slow view never slows the
/// run or piles up events.
class SimulationController : public QObject {
  Q_OBJECT
 public:
  using State = RunState;

  explicit SimulationController(QObject* parent = nullptr);
  /// Stops a running simulation (with its checkpoint) and waits for the worker.
  ~SimulationController() override;

  /// Starts the run of `request` in the worker thread: the run folder is prepared there by the
  /// engine's one run-preparation service (project/ProjectRun prepareRun, as `sei run
  /// PROJECT.json` does), then run by executeRunFolder; forces, velocities and the first frame
  /// are computed there too. Frames reach the view every `snapshotInterval` steps; `threads` 0:
  /// one fewer than the cores. Returns false, with the reason in lastError(), if a run is active.
  bool start(RunRequest request, int snapshotInterval, int threads = 0);
  void pause();
  void resume();
  /// Cancels after the current chunk; the worker then writes the checkpoint and finishes.
  void stop();
  /// Blocks until the worker has ended (the window's close path); true if it has.
  bool wait(int milliseconds);

  State state() const { return state_; }
  bool active() const { return isActive(state_); }
  const QString& lastError() const { return lastError_; }
  std::shared_ptr<const Snapshot> latestSnapshot() const { return latest_; }
  const Progress& latestProgress() const { return progress_; }
  long framesDelivered() const { return delivered_; }
  long framesDropped() const { return job_.replacedPosts() - droppedBefore_; }

 signals:
  void stateChanged(sei::studio::RunState state);
  /// In the run's own steps (a continued run from its checkpoint's step) of the project's steps.
  void progressed(const sei::Progress& progress);
  /// What the run does before or between its steps (minimisation progress lines).
  void activity(const QString& line);
  void frameReady(std::shared_ptr<const sei::Snapshot> frame);
  /// The run ended by itself or by stop(); `checkpoint` is the file written ("" if none).
  void finished(bool completed, const QString& checkpoint);
  void failed(const QString& message);
  /// run.in's watchdog fired (`message`: what, where, the threshold) and paused the run; the
  /// offending frames are in `frames`, ready for `sei label`.
  void watchdogFired(const QString& message, const QString& frames);

 private:
  /// The job's work: prepares and runs the folder, posting frames; returns the ending.
  std::function<void()> work(BackgroundJob::Task& task, const RunRequest& request,
                             int snapshotInterval, int threads);
  void deliver(std::shared_ptr<const Snapshot> frame, const Progress& progress);
  void setState(State state);
  void requestPause(bool paused);

  State state_ = State::Idle;
  QString lastError_;
  std::shared_ptr<const Snapshot> latest_;
  Progress progress_;
  long delivered_ = 0;
  long droppedBefore_ = 0;  ///< the job's replaced posts before this run

  // Shared with the worker, guarded by mutex_.
  std::mutex mutex_;
  Simulation* simulation_ = nullptr;
  bool pauseRequested_ = false;
  bool stopRequested_ = false;

  BackgroundJob job_{"simulation"};  ///< last: its destructor stops and waits for the run
};

}  // namespace sei::studio

Q_DECLARE_METATYPE(sei::Progress)
Q_DECLARE_METATYPE(std::shared_ptr<const sei::Snapshot>)
