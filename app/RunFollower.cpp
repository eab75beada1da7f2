#include "RunFollower.hpp"

#include <QDir>
#include <QThread>
#include <QTimer>
#include <cmath>
#include <mutex>

#include "AtomScene.hpp"
#include "io/ExtXyzTail.hpp"
#include "run/RunInput.hpp"
#include "io/ThermoTail.hpp"

namespace sei::studio {
namespace {

constexpr int kPollMs = 500;
/// Frames read per poll while the analysis keeps up: bounds memory when a long recorded run is
/// opened, without slowing a followed run that writes a few frames a second.
constexpr std::size_t kFramesPerPoll = 16;

}  // namespace

/// The follower thread's files; `mutex` guards what other threads read (the index size).
struct RunFollower::State {
  /// Reads run.in until it is there (a run about to start writes it after the follow began):
  /// its run blocks number the frames without step= and the thermo lines; without one they go
  /// by their index.
  void updateClock() {
    if (!clock.empty() || !dump) return;
    clock = readStepClock(runIn);
    if (!clock.empty()) dump->setStepClock(clock);
  }

  std::mutex mutex;
  std::unique_ptr<ExtXyzTail> dump;
  std::unique_ptr<ThermoTail> thermo;
  bool deliverFrames = false;
  std::string runIn;
  StepClock clock;  ///< from run.in; empty: unknown (yet)
  std::function<bool()> ready;
  QTimer* timer = nullptr;
};

RunFollower::RunFollower(QObject* parent)
    : QObject(parent), thread_(new QThread(this)), context_(new QObject), state_(new State) {
  qRegisterMetaType<std::vector<std::shared_ptr<const sei::Snapshot>>>();
  qRegisterMetaType<std::vector<sei::studio::ThermoSample>>();
  context_->moveToThread(thread_);
  connect(thread_, &QThread::finished, context_, &QObject::deleteLater);
  thread_->setObjectName("run follower");
  thread_->start();
  QMetaObject::invokeMethod(context_, [this, state = state_] {
    state->timer = new QTimer(context_);
    state->timer->setInterval(kPollMs);
    connect(state->timer, &QTimer::timeout, context_, [this] { poll(); });
  });
}

RunFollower::~RunFollower() {
  thread_->quit();
  thread_->wait();
}

void RunFollower::setReadyForFrames(std::function<bool()> ready) {
  QMetaObject::invokeMethod(context_,
                            [state = state_, ready = std::move(ready)] { state->ready = ready; });
}

void RunFollower::follow(const QString& folder, bool deliverFrames) {
  folder_ = folder;
  const QDir dir(folder);
  const std::string dump = dir.filePath("dump.xyz").toStdString();
  const std::string thermo = dir.filePath("thermo.out").toStdString();
  const std::string runIn = dir.filePath("run.in").toStdString();
  QMetaObject::invokeMethod(context_, [this, dump, thermo, runIn, deliverFrames] {
    State& s = *state_;
    {
      std::lock_guard<std::mutex> lock(s.mutex);
      s.dump = std::make_unique<ExtXyzTail>(dump);
      s.thermo = deliverFrames ? std::make_unique<ThermoTail>(thermo) : nullptr;
      s.deliverFrames = deliverFrames;
      s.runIn = runIn;
      s.clock = StepClock();
    }
    s.timer->start();
    poll();
  });
}

void RunFollower::stop() {
  folder_.clear();
  QMetaObject::invokeMethod(context_, [state = state_] {
    state->timer->stop();
    std::lock_guard<std::mutex> lock(state->mutex);
    state->dump.reset();
    state->thermo.reset();
  });
}

std::size_t RunFollower::framesIndexed() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->dump ? state_->dump->frames().size() : 0;
}

void RunFollower::post(std::function<void()> call) {
  QMetaObject::invokeMethod(this, std::move(call), Qt::QueuedConnection);
}

void RunFollower::poll() {
  State& s = *state_;
  if (!s.dump) return;
  s.updateClock();
  try {
    if (s.thermo) {
      std::vector<ThermoTail::Line> lines = s.thermo->poll();
      const bool restartedThermo = s.thermo->restarted();
      std::vector<ThermoSample> samples;
      samples.reserve(lines.size());
      for (const ThermoTail::Line& l : lines) {
        ThermoSample t;
        t.time = l.time;
        t.step = s.clock.stepAt(l.time).value_or(0);
        t.temperature = l.record.temperature;
        t.potentialEnergy = l.record.potentialEnergy;
        t.pressure = l.record.pressure.trace() / 3.0;
        samples.push_back(t);
      }
      if (restartedThermo) post([this] { emit restarted(); });
      if (!samples.empty())
        post([this, samples = std::move(samples)] { emit thermoRead(samples); });
    }
    if (s.deliverFrames && s.ready && !s.ready()) return;
    std::vector<TrajectoryFrame> read;
    {
      std::lock_guard<std::mutex> lock(s.mutex);
      read = s.dump->poll(s.deliverFrames, s.deliverFrames ? kFramesPerPoll : SIZE_MAX);
    }
    if (s.dump->restarted() && !s.thermo) post([this] { emit restarted(); });
    if (read.empty()) return;
    std::vector<std::shared_ptr<const Snapshot>> frames;
    frames.reserve(read.size());
    for (const TrajectoryFrame& f : read) {
      frames.push_back(render::snapshotOf(f.structure, f.step, f.time));
    }
    post([this, frames = std::move(frames)] { emit framesRead(frames); });
    // More may be waiting (a long recorded run): read on without waiting for the timer.
    if (read.size() == kFramesPerPoll)
      QMetaObject::invokeMethod(
          context_, [this] { poll(); }, Qt::QueuedConnection);
  } catch (const std::exception& e) {
    s.timer->stop();
    post([this, message = QString::fromUtf8(e.what())] { emit failed(message); });
  }
}

void RunFollower::requestFrameAt(double time) {
  QMetaObject::invokeMethod(context_, [this, time] {
    State& s = *state_;
    try {
      std::lock_guard<std::mutex> lock(s.mutex);
      if (!s.dump) throw std::runtime_error("no run folder is open");
      s.updateClock();
      // Frames written since the last poll (only while indexing: delivered frames must be read).
      if (!s.deliverFrames) s.dump->poll(false);
      const std::size_t i = s.dump->nearest(time);
      if (i == s.dump->frames().size())
        throw std::runtime_error(s.dump->path() + " holds no recorded frame yet");
      const TrajectoryFrame f = s.dump->read(i);
      auto frame = render::snapshotOf(f.structure, f.step, f.time);
      post([this, frame] { emit frameLoaded(frame); });
    } catch (const std::exception& e) {
      post([this, message = QString::fromUtf8(e.what())] { emit failed(message); });
    }
  });
}

}  // namespace sei::studio
