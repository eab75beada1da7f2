#include "SimulationController.hpp"

#include <omp.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <QThread>
#include <algorithm>
#include <filesystem>

#include "run/RunDriver.hpp"

namespace sei::studio {
namespace {

constexpr int kWorkerNice = 10;

}  // namespace

SimulationController::SimulationController(QObject* parent) : QObject(parent) {
  qRegisterMetaType<sei::Progress>();
  qRegisterMetaType<std::shared_ptr<const sei::Snapshot>>();
}

SimulationController::~SimulationController() {
  if (thread_) {
    stop();
    thread_->wait();
  }
}

bool SimulationController::start(RunRequest request, int snapshotInterval, int threads) {
  if (active() || (thread_ && thread_->isRunning())) {
    lastError_ = tr("a run is already active");
    return false;
  }
  delete thread_;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    pauseRequested_ = stopRequested_ = false;
    pendingFrame_.reset();
    deliveryPosted_ = false;
  }
  progress_ = Progress{};
  progress_.totalSteps = request.project.run.steps;
  delivered_ = 0;
  dropped_ = 0;
  lastError_.clear();
  thread_ = QThread::create([this, request = std::move(request), snapshotInterval, threads] {
    work(request, snapshotInterval, threads);
  });
  thread_->setObjectName("simulation");
  setState(State::Preparing);
  thread_->start();
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

bool SimulationController::wait(int milliseconds) {
  return !thread_ || thread_->wait(QDeadlineTimer(milliseconds));
}

void SimulationController::setState(State state) {
  if (state_ == state) return;
  state_ = state;
  emit stateChanged(state);
}

void SimulationController::work(const RunRequest& request, int snapshotInterval, int threads) {
  // The GUI keeps a core: OpenMP's thread count is per calling thread, so this limits only the
  // worker's parallel regions (the evaluator's ThreadScope restores it after each call).
  if (threads <= 0) threads = std::max(1, QThread::idealThreadCount() - 1);
  omp_set_num_threads(threads);
  // Lower the worker's (and its OpenMP team's) scheduling priority so the GUI thread gets a core
  // first whenever it has work: on Linux nice values are per thread and inherited by new threads.
  setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), kWorkerNice);
  try {
    // The studio runs exactly what `sei run PROJECT.json` would run (one preparation service),
    // so its outputs (thermo.out, dump.xyz, checkpoint.chk) are those of a headless run and
    // `sei run --resume` continues it.
    const PreparedRun prepared = prepareRun(request);
    const std::filesystem::path folder(prepared.folder);
    RunFolderOptions options;
    options.folder = prepared.folder;
    options.model = prepared.model;
    options.resume = request.resume;
    options.threads = threads;
    options.backend = request.project.run.backend;
    options.chunk = std::max(1, snapshotInterval);
    Simulation* current = nullptr;  // worker thread only
    options.attach = [&](Simulation* simulation) {
      current = simulation;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        simulation_ = simulation;
        if (!simulation) return;
        simulation->setPaused(pauseRequested_);
        if (stopRequested_) simulation->requestCancel();
      }
      QMetaObject::invokeMethod(this, [this] {
        // pauseRequested_ is written on this (the GUI) thread only.
        if (state_ == State::Preparing) setState(pauseRequested_ ? State::Paused : State::Running);
      });
      Progress first;
      first.totalSteps = request.project.run.steps;
      post(simulation->snapshot(), first);
    };
    options.progress = [&](const Progress& p, std::size_t) { post(current->snapshot(), p); };
    const bool completed = executeRunFolder(options) == RunOutcome::Finished;
    const std::filesystem::path chk = folder / "checkpoint.chk";
    const QString written =
        std::filesystem::exists(chk) ? QString::fromStdString(chk.string()) : QString();
    QMetaObject::invokeMethod(this, [this, completed, written] {
      deliver();
      setState(completed ? State::Finished : State::Stopped);
      emit finished(completed, written);
    });
  } catch (const std::exception& e) {
    const QString message = QString::fromUtf8(e.what());
    QMetaObject::invokeMethod(this, [this, message] {
      deliver();
      lastError_ = message;
      setState(State::Failed);
      emit failed(message);
    });
  }
}

void SimulationController::post(std::shared_ptr<const Snapshot> frame, const Progress& progress) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (pendingFrame_ && frame && pendingFrame_ != frame) ++dropped_;
  pendingFrame_ = std::move(frame);
  pendingProgress_ = progress;
  if (deliveryPosted_) return;
  deliveryPosted_ = true;
  QMetaObject::invokeMethod(this, &SimulationController::deliver, Qt::QueuedConnection);
}

void SimulationController::deliver() {
  std::shared_ptr<const Snapshot> frame;
  Progress progress;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    deliveryPosted_ = false;
    frame = std::move(pendingFrame_);
    pendingFrame_.reset();
    progress = pendingProgress_;
  }
  if (!frame) return;
  latest_ = frame;
  progress_ = progress;
  ++delivered_;
  emit progressed(progress);
  emit frameReady(frame);
}

}  // namespace sei::studio
