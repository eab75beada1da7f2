#include "RecordedFrames.hpp"

#include <cmath>

#include "AtomScene.hpp"
#include "core/Error.hpp"
#include "io/ExtXyzTail.hpp"
#include "run/RunInput.hpp"

namespace sei::studio {
namespace {

constexpr int kPollMs = 500;
/// Kinds of requests: a newer poll or read replaces one still waiting; changes of file all run.
constexpr int kSetup = 0;
constexpr int kPoll = 1;
constexpr int kRead = 2;

}  // namespace

/// The file, used on the job's thread only.
struct RecordedFrames::State {
  std::unique_ptr<ExtXyzTail> tail;
  std::string runIn;
  bool clocked = false;  ///< the step clock of runIn is set (or there is none to set)
};

RecordedFrames::RecordedFrames(QObject* parent) : QObject(parent), state_(new State) {
  timer_.setInterval(kPollMs);
  connect(&timer_, &QTimer::timeout, this, &RecordedFrames::schedulePoll);
  connect(&job_, &BackgroundJob::failed, this, &RecordedFrames::failed);
}

RecordedFrames::~RecordedFrames() = default;

void RecordedFrames::open(const QString& trajectory, const QString& runIn, bool growing) {
  close();
  path_ = trajectory;
  job_.submit(
      [state = state_, path = trajectory.toStdString(),
       runIn = runIn.toStdString()](BackgroundJob::Task&) {
        state->tail = std::make_unique<ExtXyzTail>(path);
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
        State& s = *state;
        if (!s.tail) return std::function<void()>();
        if (!s.clocked) {
          // run.in may appear after the run began writing: until then frames go by step=.
          const StepClock clock = readStepClock(s.runIn);
          s.clocked = !clock.empty();
          if (s.clocked) s.tail->setStepClock(clock);
        }
        const std::size_t before = s.tail->frames().size();
        s.tail->poll(false);
        const bool restarted = s.tail->restarted();
        std::vector<TimelineBar::Mark> added;
        const auto& entries = s.tail->frames();
        for (std::size_t i = restarted ? 0 : before; i < entries.size(); ++i)
          added.push_back({entries[i].step, entries[i].time});
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
        if (!s.tail || index < 0 || static_cast<std::size_t>(index) >= s.tail->frames().size())
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
