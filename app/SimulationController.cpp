#include "SimulationController.hpp"

#include <omp.h>

#include <QThread>
#include <algorithm>
#include <filesystem>

#include "run/RunDriver.hpp"

namespace sei::studio {

SimulationController::SimulationController(QObject* parent) : QObject(parent) {
  qRegisterMetaType<sei::Progress>();
  qRegisterMetaType<std::shared_ptr<const sei::Snapshot>>();
}

SimulationController::~SimulationController() { stop(); }

bool SimulationController::start(RunRequest request, int snapshotInterval, int threads) {
  if (active() || job_.busy()) {
    lastError_ = tr("a run is already active");
    return false;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    pauseRequested_ = stopRequested_ = false;
  }
  progress_ = Progress{};
  progress_.totalSteps = totalSteps(request.project.run);
  delivered_ = 0;
  droppedBefore_ = job_.replacedPosts();
  lastError_.clear();
  setState(State::Preparing);
  job_.submit(
      [this, request = std::move(request), snapshotInterval, threads](BackgroundJob::Task& task) {
        return work(task, request, snapshotInterval, threads);
      },
      BackgroundJob::Policy::Queue);
  return true;
}

void SimulationController::pause() { requestPause(true); }

void SimulationController::resume() { requestPause(false); }

void SimulationController::requestPause(bool paused) {
  if (!active() || state_ == State::Stopping) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    pauseRequested_ = paused;
    if (simulation_) simulation_->setPaused(paused);
  }
  if (state_ == (paused ? State::Running : State::Paused))
    setState(paused ? State::Paused : State::Running);
}

void SimulationController::stop() {
  if (!active()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopRequested_ = true;
    if (simulation_) simulation_->requestCancel();
  }
  setState(State::Stopping);
}

bool SimulationController::wait(int milliseconds) { return job_.waitForWorker(milliseconds); }

void SimulationController::setState(State state) {
  if (state_ == state) return;
  state_ = state;
  emit stateChanged(state);
}

std::function<void()> SimulationController::work(BackgroundJob::Task& task,
                                                 const RunRequest& request, int snapshotInterval,
                                                 int threads) {
  // The GUI keeps a core: OpenMP's thread count is per calling thread, so this limits only the
  // worker's parallel regions (the evaluator's ThreadScope restores it after each call).
  if (threads <= 0) threads = std::max(1, QThread::idealThreadCount() - 1);
  omp_set_num_threads(threads);
  try {
    // The studio runs exactly what `sei run PROJECT.json` would run (one preparation service),
    // so its outputs (thermo.out, dump.xyz, checkpoint.chk) are those of a headless run and
    // `sei run --resume` continues it.
    const PreparedRun prepared = prepareRun(request);
    RunFolderOptions options;
    options.folder = prepared.folder;
    options.model = prepared.model;
    options.resume = request.resume;
    options.threads = threads;
    options.backend = request.project.backend;
    options.chunk = std::max(1, snapshotInterval);
    options.stopRequested = [&task] { return task.cancelled(); };
    Simulation* current = nullptr;  // worker thread only
    // Progress in the run's own steps, as its files count them: a continued run goes on from its
    // checkpoint's step towards the project's steps, not from 0.
    auto post = [this, &task, total = totalSteps(request.project.run)](
                    std::shared_ptr<const Snapshot> frame, Progress p) {
      p.step = frame->step;
      p.totalSteps = total;
      task.post(1, [this, frame, p] { deliver(frame, p); });
    };
    options.attach = [&](Simulation* simulation) {
      current = simulation;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        simulation_ = simulation;
        if (!simulation) return;
        simulation->setPaused(pauseRequested_);
        if (stopRequested_) simulation->requestCancel();
      }
      task.post(0, [this] {
        // pauseRequested_ is written on this (the GUI) thread only.
        if (state_ == State::Preparing) setState(pauseRequested_ ? State::Paused : State::Running);
      });
      Progress first;
      first.totalSteps = totalSteps(request.project.run);
      post(simulation->snapshot(), first);
    };
    options.progress = [&](const Progress& p, std::size_t) { post(current->snapshot(), p); };
    options.log = [this, &task](const std::string& line) {
      task.post(2, [this, text = QString::fromStdString(line)] { emit activity(text); });
    };
    // The studio pauses where the watchdog fired (the frames are written for labelling); the
    // user looks at the frame, then resumes or stops.
    options.watchdogFired = [&](const WatchdogEvent& event, const std::string& frames) {
      const QString text = QString::fromStdString(event.message(*current->snapshot()->symbols));
      task.post(3, [this, text, file = QString::fromStdString(frames)] {
        requestPause(true);
        emit watchdogFired(text, file);
      });
      return WatchdogAction::Pause;
    };
    const bool completed = executeRunFolder(options) == RunOutcome::Finished;
    const std::filesystem::path chk = std::filesystem::path(prepared.folder) / "checkpoint.chk";
    const QString written =
        std::filesystem::exists(chk) ? QString::fromStdString(chk.string()) : QString();
    return [this, completed, written] {
      setState(completed ? State::Finished : State::Stopped);
      emit finished(completed, written);
    };
  } catch (const std::exception& e) {
    return [this, message = QString::fromUtf8(e.what())] {
      lastError_ = message;
      setState(State::Failed);
      emit failed(message);
    };
  }
}

void SimulationController::deliver(std::shared_ptr<const Snapshot> frame,
                                   const Progress& progress) {
  latest_ = std::move(frame);
  progress_ = progress;
  ++delivered_;
  emit progressed(progress);
  emit frameReady(latest_);
}

}  // namespace sei::studio
