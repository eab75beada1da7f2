#include "RecordedFrames.hpp"

#include <cmath>

#include "AtomScene.hpp"
#include "io/TrajectoryTail.hpp"
#include "run/RunInput.hpp"

namespace sei::studio {
namespace {

constexpr int kPollMs = 500;
/// Kinds of requests: a newer poll or read replaces one still waiting; changes of file all run.
constexpr int kSetup = 0;
constexpr int kPoll = 1;
constexpr int kRead = 2;

}  // namespace

/// The file, used on the job's thread only, through its tail: extended XYZ or NetCDF.
struct RecordedFrames::State {
  std::unique_ptr<TrajectoryTail> tail;
  std::string runIn;
  bool clocked = false;  ///< the step clock of runIn is set (or there is none to set)

  /// Indexes what is new: the marks of the frames added, and whether the file was cut back or
  /// replaced (then the marks are all of its frames).
  std::vector<TimelineBar::Mark> poll(bool& restarted);
};

std::vector<TimelineBar::Mark> RecordedFrames::State::poll(bool& restarted) {
  std::vector<TimelineBar::Mark> added;
  restarted = false;
  if (!tail) return added;
  if (!clocked) {
    // run.in may appear after the run began writing: until then frames go by step=.
    const StepClock clock = readStepClock(runIn);
    clocked = !clock.empty();
    if (clocked) tail->setStepClock(clock);
  }
  const std::size_t before = tail->frameCount();
  tail->poll(false);
  restarted = tail->restarted();
  for (std::size_t i = restarted ? 0 : before; i < tail->frameCount(); ++i) {
    const TrajectoryTail::Mark m = tail->mark(i);
    added.push_back({m.step, m.time});
  }
  return added;
}

RecordedFrames::RecordedFrames(QObject* parent) : QObject(parent), state_(new State) {
  timer_.setInterval(kPollMs);
  connect(&timer_, &QTimer::timeout, this, &RecordedFrames::schedulePoll);
  // A file that cannot be read (a movie.nc without model.xyz) fails at every poll: say it once,
  // until another file is opened or the message changes.
  connect(&job_, &BackgroundJob::failed, this, [this](const QString& message) {
    if (message == lastFailure_) return;
    lastFailure_ = message;
    emit failed(message);
  });
}

RecordedFrames::~RecordedFrames() = default;

void RecordedFrames::open(const QString& trajectory, const QString& runIn, bool growing) {
  close();
  lastFailure_.clear();
  path_ = trajectory;
  job_.submit(
      [state = state_, path = trajectory.toStdString(),
       runIn = runIn.toStdString()](BackgroundJob::Task&) {
        state->tail = followTrajectory(path);
        state->runIn = runIn;
        state->clocked = runIn.empty();
        return std::function<void()>();
      },
      BackgroundJob::Policy::Queue, kSetup);
  if (growing) timer_.start();
  schedulePoll();
}

void RecordedFrames::close() {
  timer_.stop();
  ++generation_;
  path_.clear();
  const bool had = !marks_.empty();
  marks_.clear();
  job_.submit(
      [state = state_](BackgroundJob::Task&) {
        state->tail.reset();
        return std::function<void()>();
      },
      BackgroundJob::Policy::Queue, kSetup);
  if (had) emit cleared();
}

int RecordedFrames::nearest(double time) const {
  int best = -1;
  for (std::size_t i = 0; i < marks_.size(); ++i)
    if (best < 0 || std::abs(marks_[i].time - time) < std::abs(marks_[best].time - time))
      best = static_cast<int>(i);
  return best;
}

void RecordedFrames::pollNow() {
  if (!path_.isEmpty()) schedulePoll();
}

void RecordedFrames::schedulePoll() {
  job_.submit(
      [this, state = state_, generation = generation_](BackgroundJob::Task&) {
        bool restarted = false;
        std::vector<TimelineBar::Mark> added = state->poll(restarted);
        return std::function<void()>([this, generation, restarted, added = std::move(added)] {
          if (generation != generation_) return;
          if (restarted && !marks_.empty()) {
            marks_.clear();
            emit cleared();
          }
          if (added.empty()) return;
          const int first = static_cast<int>(marks_.size());
          marks_.insert(marks_.end(), added.begin(), added.end());
          emit framesAdded(first, static_cast<int>(marks_.size()));
        });
      },
      BackgroundJob::Policy::Latest, kPoll);
}

void RecordedFrames::request(int index) {
  job_.submit(
      [this, state = state_, index, generation = generation_](BackgroundJob::Task&) {
        State& s = *state;
        if (!s.tail || index < 0 || static_cast<std::size_t>(index) >= s.tail->frameCount())
          return std::function<void()>();  // the file changed since: a newer request follows
        const TrajectoryFrame f = s.tail->read(static_cast<std::size_t>(index));
        auto frame = render::snapshotOf(f.structure, f.step, f.time);
        return std::function<void()>([this, index, frame, generation] {
          if (generation == generation_) emit frameLoaded(index, frame);
        });
      },
      BackgroundJob::Policy::Latest, kRead);
}

}  // namespace sei::studio
