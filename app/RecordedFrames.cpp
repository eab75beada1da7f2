#include "RecordedFrames.hpp"

#include <cmath>
#include <filesystem>

#include "AtomScene.hpp"
#include "core/Error.hpp"
#include "io/ExtXyzTail.hpp"
#include "io/TrajectoryReader.hpp"
#include "run/RunInput.hpp"

namespace sei::studio {
namespace {

constexpr int kPollMs = 500;
/// Kinds of requests: a newer poll or read replaces one still waiting; changes of file all run.
constexpr int kSetup = 0;
constexpr int kPoll = 1;
constexpr int kRead = 2;

}  // namespace

/// The file, used on the job's thread only: an extended XYZ file through its tail, a NetCDF one
/// through a reader opened again whenever the file changes (the reader sees the frames the file
/// held when it was opened).
struct RecordedFrames::State {
  std::unique_ptr<ExtXyzTail> tail;
  std::string path;
  std::unique_ptr<TrajectoryReader> netcdf;
  std::vector<std::int64_t> netcdfSteps;  ///< of the frames indexed so far
  std::filesystem::file_time_type netcdfWritten;
  std::uintmax_t netcdfBytes = 0;
  std::string runIn;
  bool clocked = false;  ///< the step clock of runIn is set (or there is none to set)

  /// Indexes the frames of the NetCDF file new since the last call: their marks, and whether the
  /// file was cut back or replaced (then the marks are all of its frames).
  std::vector<TimelineBar::Mark> pollNetcdf(bool& restarted);
};

std::vector<TimelineBar::Mark> RecordedFrames::State::pollNetcdf(bool& restarted) {
  restarted = false;
  std::error_code ec;
  const auto written = std::filesystem::last_write_time(path, ec);
  const auto bytes = ec ? 0 : std::filesystem::file_size(path, ec);
  if (ec) return {};  // not written yet (a run that just started)
  if (netcdf && written == netcdfWritten && bytes == netcdfBytes) return {};
  auto reader = std::make_unique<TrajectoryReader>(path);
  const std::size_t count = reader->frameCount();
  std::vector<std::int64_t> steps(count);
  std::vector<TimelineBar::Mark> added;
  for (std::size_t i = 0; i < count; ++i) steps[i] = reader->frameAt(i, false).step;
  // A run that started over (or resumed from an earlier checkpoint) changed the frames known.
  restarted = count < netcdfSteps.size() ||
              !std::equal(netcdfSteps.begin(), netcdfSteps.end(), steps.begin());
  for (std::size_t i = restarted ? 0 : netcdfSteps.size(); i < count; ++i)
    added.push_back({steps[i], reader->frameAt(i, false).time});
  netcdf = std::move(reader);
  netcdfSteps = std::move(steps);
  netcdfWritten = written;
  netcdfBytes = bytes;
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
        state->path = path;
        state->netcdf.reset();
        state->netcdfSteps.clear();
        if (!isNetcdfTrajectoryName(path)) state->tail = std::make_unique<ExtXyzTail>(path);
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
        state->netcdf.reset();
        state->path.clear();
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
        bool restarted = false;
        std::vector<TimelineBar::Mark> added;
        if (!s.tail && !s.path.empty()) {
          added = s.pollNetcdf(restarted);
        } else if (s.tail) {
          if (!s.clocked) {
            // run.in may appear after the run began writing: until then frames go by step=.
            const StepClock clock = readStepClock(s.runIn);
            s.clocked = !clock.empty();
            if (s.clocked) s.tail->setStepClock(clock);
          }
          const std::size_t before = s.tail->frames().size();
          s.tail->poll(false);
          restarted = s.tail->restarted();
          const auto& entries = s.tail->frames();
          for (std::size_t i = restarted ? 0 : before; i < entries.size(); ++i)
            added.push_back({entries[i].step, entries[i].time});
        }
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
        const std::size_t count = s.tail     ? s.tail->frames().size()
                                  : s.netcdf ? s.netcdf->frameCount()
                                             : 0;
        if (index < 0 || static_cast<std::size_t>(index) >= count)
          return std::function<void()>();  // the file changed since: a newer request follows
        const auto at = static_cast<std::size_t>(index);
        const TrajectoryFrame f = s.tail ? s.tail->read(at) : s.netcdf->frameAt(at);
        auto frame = render::snapshotOf(f.structure, f.step, f.time);
        return std::function<void()>([this, index, frame, generation] {
          if (generation == generation_) emit frameLoaded(index, frame);
        });
      },
      BackgroundJob::Policy::Latest, kRead);
}

}  // namespace sei::studio
