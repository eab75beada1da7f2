#include <cstdio>
#include <filesystem>

#include "Arguments.hpp"
#include "Commands.hpp"
#include "core/Error.hpp"
#include "reactor/GenerationStages.hpp"
#include "reactor/ReactorLoop.hpp"
#include "reactor/SamplingStages.hpp"

namespace sei::cli {
namespace {

const char* const kReactorHelp =
    R"(Usage: sei reactor PLAN.json [--out DIR] [--threads N]

The interface reactor: active learning of a NEP/qNEP model. Each generation samples small cells
hot with the current model (candidates.xyz), selects the frames the model does not know
(selected.xyz), labels them with CP2K (label/, labelled.xyz), trains a committee on the
starting set plus every label so far (train/, train/member-K/: nep.in, train.xyz, nep.txt,
loss.out, parity files and parity-*.svg) and tests the new model with MD of the plan's target
at its temperature under the watchdog (test/). It stops when a test passes or the budget is
spent. Every generation is a folder DIR/gen-NNN with report.md and report.json; every stage
ends with a marker (STAGE.done), so after a kill or Ctrl-C the same command resumes at the first
unfinished stage (labels resume frame by frame). A rerun may change the plan's budget,
sampling, selection, labelling and test for the stages still to run, not its start or training.
Without a starting model, generation 0 only trains and tests. The plan format is described in
the README ("The interface reactor").

Options:
  --out DIR      the loop's folder (default: the plan's name without extension, beside it)
  --threads N    OpenMP threads for sampling, training and the test run (default: all)
  --quiet        no progress lines

Exit status: 0 a test passed, 1 budget spent without a passing test, or a selection that chose
nothing (loosen it and run again), 2 bad input (one line naming the plan field and what was
expected; nothing written), 3 labels wait for the cluster (submit the job array it names, then
run again), 130 stopped (run again to resume).
)";

std::string defaultOut(const std::string& plan) {
  const std::filesystem::path p(plan);
  return (p.parent_path() / p.stem()).string();
}

}  // namespace

int runReactor(const std::vector<std::string>& args) {
  if (printHelpIfAsked(args, kReactorHelp)) return 0;
  const std::set<std::string> valueOptions = {"out", "threads"};
  std::vector<std::string> options;
  const std::vector<std::string> positional = positionalArguments(args, valueOptions, options);
  const Arguments arguments("reactor", options, valueOptions, {"quiet"});
  if (positional.size() != 1)
    throw InputError("expected one plan: sei reactor PLAN.json (see 'sei reactor --help')");

  const reactor::ReactorPlan plan = reactor::readReactorPlan(positional[0]);
  reactor::ReactorStages stages = reactor::generationStages(plan);
  reactor::addSamplingStages(stages, plan);
  reactor::ReactorOptions o;
  o.out = arguments.value("out", defaultOut(positional[0]));
  o.threads = arguments.integer("threads", 0, 0, 4096);
  const std::atomic<bool>& stop = stopOnSignals();
  o.stop = [&stop] { return stop.load(); };
  o.log = progressPrinter(arguments.has("quiet"));
  const reactor::ReactorSummary summary = reactor::runReactor(plan, stages, o);
  std::printf("sei reactor: %s\n", summary.message.c_str());
  switch (summary.outcome) {
    case reactor::ReactorOutcome::Passed:
      return 0;
    case reactor::ReactorOutcome::BudgetSpent:
    case reactor::ReactorOutcome::Stalled:
      return 1;
    case reactor::ReactorOutcome::Waiting:
      return 3;
    case reactor::ReactorOutcome::Stopped:
      break;
  }
  return 130;
}

}  // namespace sei::cli
