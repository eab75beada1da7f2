#include "reactor/ReactorLoop.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "core/Error.hpp"
#include "io/AtomicFile.hpp"
#include "io/ExtXyz.hpp"
#include "project/JsonFields.hpp"
#include "reactor/ReactorTraining.hpp"

namespace sei::reactor {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

void writeFrames(const std::string& path, const std::vector<Structure>& frames) {
  std::ostringstream text;
  for (const Structure& s : frames) writeExtXyzFrame(text, s);
  writeFileAtomically(path, text.str());
}

std::string markerPath(const std::string& dir, const std::string& stage) {
  return dir + "/" + stage + ".done";
}

/// One generation's run through its stages, resuming after the last marker.
class Generation {
 public:
  Generation(const ReactorPlan& plan, const ReactorStages& stages, const ReactorOptions& options,
             StageContext context, GenerationRecord record, Clock::time_point started)
      : plan_(plan),
        stages_(stages),
        options_(options),
        ctx_(std::move(context)),
        record_(std::move(record)),
        started_(started) {}

  const GenerationRecord& record() const { return record_; }

  /// Runs the stages not done yet; false when the loop must end here (`summary` says why).
  bool run(std::size_t labelsLeft, ReactorSummary& summary) {
    const bool sampling = !ctx_.model.empty();
    return step("sample", summary, sampling, [&] { return sample(); }) &&
           step("select", summary, sampling, [&] { return select(labelsLeft, summary); }) &&
           step("label", summary, sampling && record_.selected > 0,
                [&] { return label(summary); }) &&
           step("train", summary, true, [&] { return train(); }) &&
           step("test", summary, true, [&] { return test(); });
  }

 private:
  /// Runs `work` unless its marker exists (`wanted` false: nothing to do, only the marker),
  /// then writes the marker and the report. `work` returns a line for the log, empty when it did
  /// not finish.
  template <typename Work>
  bool step(const std::string& stage, ReactorSummary& summary, bool wanted, Work work) {
    const std::string name = "gen-" + number() + " " + stage;
    if (record_.finished(stage)) {
      say(name + ": done before");
      return true;
    }
    if (plan_.budget.wallHours > 0 &&
        std::chrono::duration<double>(Clock::now() - started_).count() >
            plan_.budget.wallHours * 3600.0) {
      summary.outcome = ReactorOutcome::Stopped;
      summary.message = "wall time budget spent before " + name + "; run again to go on";
      return false;
    }
    const Clock::time_point begin = Clock::now();
    std::string line;
    try {
      line = wanted ? work() : std::string("nothing to do");
    } catch (const InputError& e) {
      // Bad input that shows only when a stage runs (a recipe that cannot be built, a CP2K
      // template keyword): one line that says where, and the stage stays unfinished.
      throw InputError(name + ": " + e.what());
    }
    if (line.empty() || stopRequested()) {
      if (summary.message.empty()) {  // else the stage said why the loop ends (Waiting, Stalled)
        summary.outcome = ReactorOutcome::Stopped;
        summary.message = "stopped in " + name + "; run again to resume";
      }
      return false;
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - begin).count();
    record_.done.push_back(stage);
    record_.seconds.emplace_back(stage, seconds);
    writeFileAtomically(markerPath(ctx_.dir, stage), recordJsonText(record_));
    writeFileAtomically(ctx_.dir + "/report.json", recordJsonText(record_));
    writeFileAtomically(ctx_.dir + "/report.md", recordMarkdown(record_));
    char time[32];
    std::snprintf(time, sizeof time, " (%.1f s)", seconds);
    say(name + ": " + line + time);
    return true;
  }

  std::string sample() {
    std::vector<Structure> frames = stages_.sample(ctx_);
    if (stopRequested()) return "";
    // The frames at which the previous generation's test stopped (the watchdog writes them for
    // labelling) are where the model failed on the target itself: candidates as well.
    std::size_t fired = 0;
    if (ctx_.generation > 0) {
      const std::string path =
          generationFolder(options_.out, ctx_.generation - 1) + "/test/watchdog/frames.xyz";
      if (fs::exists(path))
        for (Structure& s : readExtXyzFrames(path)) {
          frames.push_back(std::move(s));
          ++fired;
        }
    }
    writeFrames(ctx_.dir + "/candidates.xyz", frames);
    record_.candidates = frames.size();
    return std::to_string(frames.size()) + " candidates" +
           (fired ? " (" + std::to_string(fired) + " from the last test's watchdog)" : "");
  }

  std::string select(std::size_t labelsLeft, ReactorSummary& summary) {
    std::vector<Structure> candidates;
    if (record_.candidates > 0) candidates = readExtXyzFrames(ctx_.dir + "/candidates.xyz");
    std::vector<std::size_t> chosen = candidates.empty()
                                          ? std::vector<std::size_t>{}
                                          : stages_.select(ctx_, candidates, labelsLeft);
    if (stopRequested()) return "";
    if (chosen.empty()) {
      // Retraining on the same set would give the same models and the same failed test.
      summary.outcome = ReactorOutcome::Stalled;
      summary.message = "gen-" + number() + " select: none of " +
                        std::to_string(candidates.size()) +
                        " candidates is worth a label under the plan's selection; loosen "
                        "`selection` (or change `sampling`) and run again";
      return "";
    }
    if (chosen.size() > labelsLeft) chosen.resize(labelsLeft);
    std::vector<Structure> selected;
    for (std::size_t i : chosen) {
      if (i >= candidates.size())
        throw InputError("selection returned candidate " + std::to_string(i) + " of " +
                         std::to_string(candidates.size()));
      selected.push_back(candidates[i]);
    }
    writeFrames(ctx_.dir + "/selected.xyz", selected);
    record_.selected = selected.size();
    return std::to_string(selected.size()) + " of " + std::to_string(candidates.size()) +
           " selected";
  }

  std::string label(ReactorSummary& summary) {
    const LabelResult r = stages_.label(ctx_, ctx_.dir + "/selected.xyz",
                                        ctx_.dir + "/labelled.xyz", ctx_.dir + "/label");
    if (r.state == LabelResult::State::Waiting) {
      summary.outcome = ReactorOutcome::Waiting;
      summary.message = r.message;
      return "";
    }
    if (r.state == LabelResult::State::Stopped) return "";
    record_.labelled = r.labelled;
    record_.failures = r.failures;
    std::string line = std::to_string(r.labelled) + " labelled, " +
                       std::to_string(r.failures.size()) + " failed (never trained on)";
    for (std::size_t i = 0; i < r.failures.size() && i < 3; ++i)
      line += (i ? "; " : ": ") + r.failures[i].folder + " " + r.failures[i].reason;
    return line + (r.failures.size() > 3 ? "; ... (report.md)" : "");
  }

  std::string train() {
    const TrainingSetFiles files = writeTrainingFolders(plan_, options_.out, ctx_.generation);
    record_.trainingFrames = files.frames;
    record_.droppedFrames = files.dropped;
    record_.models.clear();
    for (const std::string& dir : files.members) {
      const TrainResult r = stages_.train(ctx_, dir);
      if (r.stopped || stopRequested()) return "";
      record_.models.push_back(r);
    }
    const TrainResult& first = record_.models.front();
    char line[160];
    std::snprintf(line, sizeof line,
                  "%zu models on %zu frames, RMSE E %.4f eV/atom F %.4f eV/A (train)",
                  record_.models.size(), files.frames, first.energyTrain, first.forceTrain);
    return line;
  }

  std::string test() {
    StageContext tested = ctx_;
    tested.model = modelOf(ctx_.dir, 0);
    tested.committee.clear();
    for (int k = 1; k < plan_.committee; ++k) tested.committee.push_back(modelOf(ctx_.dir, k));
    const TestResult r = stages_.test(tested, ctx_.dir + "/test");
    if (r.stopped || stopRequested()) return "";
    record_.test = r;
    return std::string(r.passed ? "passed: " : "failed: ") + r.message;
  }

  bool stopRequested() const { return options_.stop && options_.stop(); }
  void say(const std::string& line) const {
    if (options_.log) options_.log(line);
  }
  std::string number() const {
    char n[16];
    std::snprintf(n, sizeof n, "%03d", ctx_.generation);
    return n;
  }

  const ReactorPlan& plan_;
  const ReactorStages& stages_;
  const ReactorOptions& options_;
  StageContext ctx_;
  GenerationRecord record_;
  Clock::time_point started_;
};

/// The record of the last finished stage of the generation in `dir`, or a fresh one.
GenerationRecord resumedRecord(const std::string& dir, int generation) {
  for (const char* stage : {"test", "train", "label", "select", "sample"})
    if (fs::exists(markerPath(dir, stage)))
      return parseRecordJson(readTextFile(markerPath(dir, stage), "stage marker"),
                             markerPath(dir, stage));
  GenerationRecord fresh;
  fresh.generation = generation;
  return fresh;
}

/// Creates `out` with the plan's text, or checks that it holds this plan (its budget may differ)
/// and keeps the new text.
void claimFolder(const ReactorPlan& plan, const std::string& out) {
  const std::string kept = out + "/plan.json";
  if (fs::exists(kept) &&
      planIdentity(readTextFile(kept, "kept plan"), kept) != planIdentity(plan.text, plan.path))
    throw InputError(out + ": holds the loop of another plan (" + kept + " differs from " +
                     plan.path + " in more than its budget); choose another --out");
  fs::create_directories(out);
  writeFileAtomically(kept, plan.text);
}

}  // namespace

std::string generationFolder(const std::string& out, int generation) {
  char name[32];
  std::snprintf(name, sizeof name, "/gen-%03d", generation);
  return out + name;
}

std::vector<GenerationRecord> loopHistory(const std::string& out) {
  std::vector<GenerationRecord> history;
  for (int g = 0; fs::is_directory(generationFolder(out, g)); ++g)
    history.push_back(resumedRecord(generationFolder(out, g), g));
  return history;
}

namespace {

/// The generations from the first, resuming each after its last marker.
ReactorSummary runGenerations(const ReactorPlan& plan, const ReactorStages& stages,
                              const ReactorOptions& options) {
  const Clock::time_point started = Clock::now();
  ReactorSummary summary;
  std::size_t labelsUsed = 0;
  for (int g = 0; g < plan.budget.generations; ++g) {
    StageContext ctx;
    ctx.generation = g;
    ctx.dir = generationFolder(options.out, g);
    ctx.threads = options.threads;
    ctx.log = options.log;
    ctx.stop = options.stop;
    ctx.model = g == 0 ? plan.model : modelOf(generationFolder(options.out, g - 1), 0);
    ctx.trainingSet =
        g == 0 ? plan.dataset : generationFolder(options.out, g - 1) + "/train/train.xyz";
    if (g > 0)
      for (int k = 1; k < plan.committee; ++k)
        ctx.committee.push_back(modelOf(generationFolder(options.out, g - 1), k));
    fs::create_directories(ctx.dir);
    GenerationRecord record = resumedRecord(ctx.dir, g);
    record.model = ctx.model;
    // A rerun may have lowered the budget below what earlier generations used.
    const auto budget = static_cast<std::size_t>(plan.budget.labels);
    const std::size_t labelsLeft = plan.budget.labels <= 0 ? static_cast<std::size_t>(-1)
                                   : labelsUsed >= budget  ? 0
                                                           : budget - labelsUsed;
    if (!ctx.model.empty() && labelsLeft == 0 && !record.finished("select")) {
      summary.outcome = ReactorOutcome::BudgetSpent;
      summary.message = "label budget of " + std::to_string(plan.budget.labels) +
                        " spent before generation " + std::to_string(g) + "; no test passed";
      return summary;
    }
    Generation generation(plan, stages, options, ctx, record, started);
    const bool finished = generation.run(labelsLeft, summary);
    summary.generations.push_back(generation.record());
    if (!finished) return summary;
    labelsUsed += generation.record().selected;
    if (generation.record().test.passed) {
      summary.outcome = ReactorOutcome::Passed;
      summary.message =
          "generation " + std::to_string(g) + "'s test passed: " + generation.record().test.message;
      return summary;
    }
  }
  summary.outcome = ReactorOutcome::BudgetSpent;
  summary.message =
      "budget of " + std::to_string(plan.budget.generations) + " generations spent; no test passed";
  return summary;
}

/// OUT/reactor.md: how the loop ended and a row per generation, for following the loop at a
/// glance (each generation's report.md has the rest).
std::string loopMarkdown(const ReactorSummary& summary) {
  std::string md = "# Interface reactor\n\n" + summary.message + "\n\n" +
                   "| generation | candidates | selected | labelled | failed labels | training "
                   "frames | F RMSE train (eV/Å) | test |\n|---|---|---|---|---|---|---|---|\n";
  for (const GenerationRecord& r : summary.generations) {
    char rmse[32] = "";
    if (!r.models.empty()) std::snprintf(rmse, sizeof rmse, "%.5f", r.models.front().forceTrain);
    md += "| " + std::to_string(r.generation) + " | " + std::to_string(r.candidates) + " | " +
          std::to_string(r.selected) + " | " + std::to_string(r.labelled) + " | " +
          std::to_string(r.failures.size()) + " | " + std::to_string(r.trainingFrames) + " | " +
          rmse + " | " +
          (r.finished("test") ? (r.test.passed ? "passed" : "failed") : "not run yet") + " |\n";
  }
  return md;
}

}  // namespace

ReactorSummary runReactor(const ReactorPlan& plan, const ReactorStages& stages,
                          const ReactorOptions& given) {
  // Absolute, so that no stage depends on the working folder.
  ReactorOptions options = given;
  options.out = fs::absolute(given.out).lexically_normal().string();
  claimFolder(plan, options.out);
  const ReactorSummary summary = runGenerations(plan, stages, options);
  writeFileAtomically(options.out + "/reactor.md", loopMarkdown(summary));
  return summary;
}

}  // namespace sei::reactor
