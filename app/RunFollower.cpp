#include "RunFollower.hpp"

#include <QDir>
#include <filesystem>
#include <mutex>

#include "AtomScene.hpp"
#include "io/ThermoTail.hpp"
#include "io/TrajectoryTail.hpp"
#include "run/RunInput.hpp"

namespace sei::studio {
namespace {

constexpr int kPollMs = 500;
/// Kinds of the follower's requests: a newer poll replaces one still waiting; the
/// changes of folder all run, in order.
constexpr int kSetup = 0;
constexpr int kPoll = 1;
/// Frames read per poll while the analysis keeps up: bounds memory when a long recorded run is
/// opened, without slowing a followed run that writes a few frames a second.
constexpr std::size_t kFramesPerPoll = 16;

}  // namespace

/// The follower's files, used on its job thread; `mutex` guards what other threads read (the
/// index size).
struct RunFollower::State {
  /// The run's frames, when they are to be delivered (the studio's own run has them already,
  /// and the timeline indexes its file): dump.xyz once it is there, else movie.nc when the run
  /// records only NetCDF (run.in writes no dump.xyz, or there is no run.in).
  void chooseTrajectory() {
    std::error_code ec;
    if (trajectory || !deliverFrames) return;
    if (std::filesystem::exists(dumpPath, ec))
      trajectory = followTrajectory(dumpPath);
    else if (std::filesystem::exists(netcdfPath, ec) && !runInDumpsXyz())
      trajectory = followTrajectory(netcdfPath);
    if (trajectory && !clock.empty()) trajectory->setStepClock(clock);
  }
  /// Whether run.in writes dump.xyz (`dump_exyz`, or `dump_xyz` to dump.xyz): then it may still
  /// be to come.
  bool runInDumpsXyz() const {
    try {
      for (const RunBlock& block : parseRunInput(runIn).runs)
        for (const DumpXyz& dump : block.dumpXyz)
          if (dump.file == "dump.xyz") return true;
    } catch (const std::exception&) {
      // No run.in, or not ours to read (a GPUMD input): movie.nc is what there is.
    }
    return false;
  }

  /// Reads run.in until it is there (a run about to start writes it after the follow began):
  /// its run blocks number the frames without step= and the thermo lines; without one they go
  /// by their index.
  void updateClock() {
    if (!clock.empty()) return;
    clock = readStepClock(runIn);
    if (!clock.empty() && trajectory) trajectory->setStepClock(clock);
  }

  std::mutex mutex;
  bool following = false;
  std::string dumpPath, netcdfPath;
  std::unique_ptr<TrajectoryTail> trajectory;
  std::unique_ptr<ThermoTail> thermo;
  bool deliverFrames = false;
  std::string runIn;
  StepClock clock;  ///< from run.in; empty: unknown (yet)
  std::function<bool()> ready;
};

RunFollower::RunFollower(QObject* parent) : QObject(parent), state_(new State) {
  qRegisterMetaType<std::vector<std::shared_ptr<const sei::Snapshot>>>();
  qRegisterMetaType<std::vector<sei::studio::ThermoSample>>();
  timer_.setInterval(kPollMs);
  connect(&timer_, &QTimer::timeout, this, &RunFollower::schedulePoll);
  connect(&job_, &BackgroundJob::failed, this, &RunFollower::failed);
}

RunFollower::~RunFollower() = default;

void RunFollower::setReadyForFrames(std::function<bool()> ready) {
  job_.submit(
      [state = state_, ready = std::move(ready)](BackgroundJob::Task&) {
        state->ready = ready;
        return std::function<void()>();
      },
      BackgroundJob::Policy::Queue, kSetup);
}

void RunFollower::follow(const QString& folder, bool deliverFrames) {
  folder_ = folder;
  ++generation_;
  const QDir dir(folder);
  const std::string dump = dir.filePath("dump.xyz").toStdString();
  const std::string netcdf = dir.filePath("movie.nc").toStdString();
  const std::string thermo = dir.filePath("thermo.out").toStdString();
  const std::string runIn = dir.filePath("run.in").toStdString();
  job_.submit(
      [state = state_, dump, netcdf, thermo, runIn, deliverFrames](BackgroundJob::Task&) {
        std::lock_guard<std::mutex> lock(state->mutex);
        state->following = true;
        state->dumpPath = dump;
        state->netcdfPath = netcdf;
        state->trajectory.reset();
        state->thermo = std::make_unique<ThermoTail>(thermo);
        state->deliverFrames = deliverFrames;
        state->runIn = runIn;
        state->clock = StepClock();
        return std::function<void()>();
      },
      BackgroundJob::Policy::Queue, kSetup);
  timer_.start();
  schedulePoll();
}

void RunFollower::stop() {
  folder_.clear();
  ++generation_;
  timer_.stop();
  job_.submit(
      [state = state_](BackgroundJob::Task&) {
        std::lock_guard<std::mutex> lock(state->mutex);
        state->following = false;
        state->trajectory.reset();
        state->thermo.reset();
        return std::function<void()>();
      },
      BackgroundJob::Policy::Queue, kSetup);
}

std::size_t RunFollower::framesIndexed() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->trajectory ? state_->trajectory->frameCount() : 0;
}

std::uint64_t RunFollower::pollNow() {
  if (folder_.isEmpty()) return 0;
  schedulePoll();
  return polls_;
}

void RunFollower::schedulePoll() {
  job_.submit([this, generation = generation_,
               number = ++polls_](BackgroundJob::Task&) { return poll(generation, number); },
              BackgroundJob::Policy::Latest, kPoll);
}

std::function<void()> RunFollower::poll(std::uint64_t generation, std::uint64_t number) {
  State& s = *state_;
  if (!s.following) return {};
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    s.chooseTrajectory();
  }
  s.updateClock();
  std::vector<ThermoSample> samples;
  bool restarted = false;
  try {
    if (s.thermo) {
      std::vector<ThermoTail::Line> lines = s.thermo->poll();
      // thermo.out tells when the run started over; the trajectory's tail starts its own index
      // over by itself.
      restarted = s.thermo->restarted();
      samples.reserve(lines.size());
      for (const ThermoTail::Line& l : lines)
        samples.push_back({s.clock.stepAt(l.time).value_or(0), l.time, l.record});
    }
    std::vector<std::shared_ptr<const Snapshot>> frames;
    bool more = false;
    if (s.trajectory && (!s.ready || s.ready())) {
      std::vector<TrajectoryFrame> read;
      {
        std::lock_guard<std::mutex> lock(s.mutex);
        read = s.trajectory->poll(true, kFramesPerPoll);
      }
      frames.reserve(read.size());
      for (const TrajectoryFrame& f : read)
        frames.push_back(render::snapshotOf(f.structure, f.step, f.time));
      // More may be waiting (a long recorded run): read on without waiting for the timer.
      more = read.size() == kFramesPerPoll;
    }
    return [this, generation, number, restarted, samples = std::move(samples),
            frames = std::move(frames), more] {
      if (generation != generation_) return;
      if (restarted) emit this->restarted();
      if (!samples.empty()) emit thermoRead(samples);
      if (!frames.empty()) emit framesRead(frames);
      if (more)
        schedulePoll();
      else
        emit caughtUp(number);
    };
  } catch (const std::exception& e) {
    return [this, generation, number, restarted, samples = std::move(samples),
            message = QString::fromUtf8(e.what())] {
      if (generation != generation_) return;
      if (restarted) emit this->restarted();
      if (!samples.empty()) emit thermoRead(samples);
      timer_.stop();
      emit failed(message);
      emit caughtUp(number);
    };
  }
}

}  // namespace sei::studio
