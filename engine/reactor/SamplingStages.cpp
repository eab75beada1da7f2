#include "reactor/SamplingStages.hpp"

#include "core/Error.hpp"

namespace sei::reactor {

// Reactor sampling and selection (issue 19 item 3, reactor/Sampling.hpp and
// reactor/Selection.hpp) are not in this build yet: only a plan that never samples (no starting
// model, one generation) can run.
void addSamplingStages(ReactorStages&, const ReactorPlan& plan) {
  if (!plan.model.empty() || plan.budget.generations > 1)
    throw InputError(plan.path +
                     ": sampling: reactor sampling (issue 19 item 3) is not in this build yet; "
                     "only a plan without start.model and with budget.generations 1 runs");
}

}  // namespace sei::reactor
