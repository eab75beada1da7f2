#pragma once

#include "reactor/ReactorPlan.hpp"
#include "reactor/ReactorStages.hpp"

namespace sei::reactor {

/// The label, train and test stages of `plan` doing the real work: sei label (CP2K in the
/// generation's label/ folder, or its Slurm job array and a later collect), sei train in each
/// committee folder, and an MD run folder of the plan's target with run.in's watchdog. sample
/// and select are left empty for the caller (reactor/Sampling.hpp, reactor/Selection.hpp).
/// Throws InputError, one line, when CP2K is missing for local labelling.
ReactorStages generationStages(const ReactorPlan& plan);

/// The labelling stage alone (what generationStages puts in `label`).
LabelResult labelFrames(const LabellingPlan& plan, const StageContext& ctx,
                        const std::string& selected, const std::string& labelled,
                        const std::string& work);
/// Trains the GPUMD folder `dir` with sei train; the errors are loss.out's last row.
TrainResult trainFolder(const StageContext& ctx, const std::string& dir);
/// Runs the test MD of `test` with ctx.model and ctx.committee in the run folder `dir`
/// (model.xyz, run.in and the run's outputs); it fails when the watchdog fires or the run
/// blows up.
TestResult testRun(const TestPlan& test, const StageContext& ctx, const std::string& dir);

}  // namespace sei::reactor
