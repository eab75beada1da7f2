#pragma once

#include <functional>
#include <string>
#include <vector>

#include "reactor/ReactorPlan.hpp"
#include "reactor/ReactorReport.hpp"
#include "reactor/ReactorStages.hpp"

namespace sei::reactor {

struct ReactorOptions {
  std::string out;  ///< the loop's folder: plan.json and gen-NNN/
  int threads = 1;
  std::function<void(const std::string&)> log;  ///< one line per stage; may be empty
  std::function<bool()> stop;                   ///< asked between and inside stages
};

enum class ReactorOutcome {
  Passed,       ///< a generation's test passed
  BudgetSpent,  ///< generations or labels used up without a passing test
  Stopped,      ///< stop requested or wall time spent: run again to resume
  Waiting,      ///< a Slurm job array is to be submitted or is running: run again to collect
  /// A selection chose no candidate: the training set would not change. Run again after
  /// loosening the plan's selection (the candidates are kept).
  Stalled,
};

struct ReactorSummary {
  ReactorOutcome outcome = ReactorOutcome::Stopped;
  std::string message;                        ///< one line: why the loop ended
  std::vector<GenerationRecord> generations;  ///< every generation begun, in order
};

/// The folder of generation g in `out`: out/gen-007.
std::string generationFolder(const std::string& out, int generation);

/// What the loop in `out` has done so far: the record of every generation folder gen-000,
/// gen-001, ... up to the first missing one, as of its last finished stage (a generation begun
/// but without a finished stage has an empty record). Empty when `out` holds no generation.
std::vector<GenerationRecord> loopHistory(const std::string& out);

/// Runs generations of sample → select → label → train → test in options.out until a test
/// passes or the budget is spent. A generation without a model yet (no starting model) only
/// trains and tests. Generation g's training set is the starting set and every label of
/// generations ≤ g; its models are tested in generation g and sample in g + 1 (see
/// README "The interface reactor"). Every stage ends with an atomic marker (STAGE.done, the
/// record so far), so a rerun with the same plan skips finished stages and redoes the one a
/// kill cut short. Throws InputError when options.out holds another plan's loop.
ReactorSummary runReactor(const ReactorPlan& plan, const ReactorStages& stages,
                          const ReactorOptions& options);

}  // namespace sei::reactor
