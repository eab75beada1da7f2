#pragma once

#include "reactor/ReactorPlan.hpp"
#include "reactor/ReactorStages.hpp"

namespace sei::reactor {

/// Puts the plan's sampling and selection into `stages.sample` and `stages.select`. Throws
/// InputError, one line naming the plan's field, before anything runs.
void addSamplingStages(ReactorStages& stages, const ReactorPlan& plan);

}  // namespace sei::reactor
