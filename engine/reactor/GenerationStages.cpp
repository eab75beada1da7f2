#include "reactor/GenerationStages.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "builder/InterfaceBuilder.hpp"
#include "core/Error.hpp"
#include "core/Paths.hpp"
#include "io/AtomicFile.hpp"
#include "io/ExtXyz.hpp"
#include "label/Cp2kProgram.hpp"
#include "label/Labelling.hpp"
#include "md/Simulation.hpp"
#include "project/RecipeJson.hpp"
#include "reactor/ParityPlot.hpp"
#include "run/RunDriver.hpp"
#include "run/RunInput.hpp"
#include "training/NepInput.hpp"
#include "training/TrainOutputs.hpp"
#include "training/Trainer.hpp"

namespace sei::reactor {
namespace {

namespace fs = std::filesystem;

label::LabelOptions labelOptions(const LabellingPlan& plan, const StageContext& ctx,
                                 const std::string& selected, const std::string& labelled,
                                 const std::string& work) {
  label::LabelOptions o;
  o.structures = selected;
  o.out = labelled;
  o.workDir = work;
  o.templatePath =
      plan.templatePath.empty() ? resourceDirectory() + "/cp2k/label.inp" : plan.templatePath;
  if (plan.cutoff > 0) {
    std::ostringstream cutoff;
    cutoff << "MGRID/CUTOFF=" << plan.cutoff;
    o.settings.push_back(label::parseCp2kSetting(cutoff.str()));
  }
  for (const std::string& s : plan.sets) o.settings.push_back(label::parseCp2kSetting(s));
  o.ranks = plan.ranks;
  o.log = ctx.log;  // a line per frame: labels take minutes each
  o.stop = ctx.stop;
  return o;
}

/// The cluster form: the job array while frames remain, their labels once none does.
LabelResult labelOnSlurm(const LabellingPlan& plan, const label::LabelOptions& o) {
  SlurmScript job;
  job.jobName = "sei-reactor-label";
  job.time = plan.time;
  job.partition = plan.partition;
  job.tasksPerNode = plan.ranks;
  job.gpus = 0;
  for (const std::string& m : plan.modules) job.setup.push_back("module load " + m);
  LabelResult r;
  if (const std::size_t tasks = label::writeLabelJobArray(o, job); tasks > 0) {
    r.state = LabelResult::State::Waiting;
    r.message = "labels wait for the cluster: cd " + o.workDir + " && sbatch label.slurm (" +
                std::to_string(tasks) + " frames); when it has finished, run sei reactor again";
    return r;
  }
  const label::LabelCollection c = label::collectLabels(o.workDir);
  if (!c.labelled.empty()) label::writeLabelledXyz(o.out, c.labelled);
  r.labelled = c.labelled.size();
  r.failures = c.failures;
  return r;
}

double lastColumn(const std::vector<double>& row, std::size_t i) {
  return i < row.size() ? row[i] : 0.0;
}

}  // namespace

LabelResult labelFrames(const LabellingPlan& plan, const StageContext& ctx,
                        const std::string& selected, const std::string& labelled,
                        const std::string& work) {
  const label::LabelOptions o = labelOptions(plan, ctx, selected, labelled, work);
  // A label file of an earlier attempt must not outlive a rerun that labels nothing.
  fs::remove(labelled);
  if (plan.slurm) return labelOnSlurm(plan, o);
  const label::LabelSummary s = label::runLabelling(o);
  LabelResult r;
  if (s.stopped) {
    r.state = LabelResult::State::Stopped;
    return r;
  }
  r.labelled = s.labelled;
  r.failures = s.failures;
  return r;
}

TrainResult trainFolder(const StageContext& ctx, const std::string& dir) {
  training::TrainOptions o;
  o.dir = dir;
  o.threads = ctx.threads;
  o.stopRequested = ctx.stop;
  TrainResult r;
  if (training::runTraining(o) == training::TrainOutcome::Stopped) {
    r.stopped = true;
    return r;
  }
  std::ifstream loss(dir + "/loss.out");
  std::string line, last;
  while (std::getline(loss, line))
    if (!line.empty()) last = line;
  const std::vector<double> row = training::parseLossRow(last);
  // loss.out: generation, total, L1, L2, then E F V (and for qNEP charge, BEC) for train, test.
  const bool charged = training::readNepInput(dir + "/nep.in").chargeMode > 0;
  const std::size_t test = charged ? 9 : 7;
  r.energyTrain = lastColumn(row, 4);
  r.forceTrain = lastColumn(row, 5);
  r.virialTrain = lastColumn(row, 6);
  r.energyTest = lastColumn(row, test);
  r.forceTest = lastColumn(row, test + 1);
  r.virialTest = lastColumn(row, test + 2);
  writeParityPlots(dir);
  return r;
}

TestResult testRun(const TestPlan& test, const StageContext& ctx, const std::string& dir) {
  fs::create_directories(dir);
  writeExtXyz(dir + "/model.xyz",
              test.recipe.empty()
                  ? readExtXyz(test.structure)
                  : buildInterface(readRecipe(test.recipe), resourceDirectory()).structure);
  RunPlan plan;
  plan.potential = fs::absolute(ctx.model).string();
  plan.velocity = VelocityInit{0, test.temperature, test.seed};
  plan.watchdog = test.watchdog;
  for (const std::string& m : ctx.committee)
    plan.watchdog.committee.push_back(fs::absolute(m).string());
  RunBlock block;
  block.steps = test.steps;
  block.timeStep = test.timeStep;
  block.timeStepSet = true;
  block.ensemble.keyword = "nvt_bdp";
  block.ensemble.temperatureStart = block.ensemble.temperatureEnd = test.temperature;
  block.ensemble.temperatureCoupling = 100;
  block.dumpThermo = std::max<std::int64_t>(1, test.steps / 100);
  plan.runs.push_back(block);
  writeFileAtomically(dir + "/run.in", runInputText(plan));

  RunFolderOptions o;
  o.folder = dir;
  o.threads = ctx.threads;
  o.backend = "auto";
  o.stopRequested = ctx.stop;
  TestResult r;
  char line[160];
  try {
    if (executeRunFolder(o) == RunOutcome::Stopped) {
      r.stopped = true;
      return r;
    }
    std::snprintf(line, sizeof line, "%lld steps (%.3g ps) at %g K without a watchdog event",
                  static_cast<long long>(test.steps), test.steps * test.timeStep / 1000.0,
                  test.temperature);
    r.passed = true;
    r.message = line;
  } catch (const WatchdogStop& e) {
    r.message = std::string(e.what());
  } catch (const BlowUpError& e) {
    r.message = std::string("the run blew up: ") + e.what();
  }
  return r;
}

ReactorStages generationStages(const ReactorPlan& plan) {
  if (!plan.labelling.slurm) label::findCp2k(plan.labelling.ranks);
  ReactorStages stages;
  const LabellingPlan labelling = plan.labelling;
  stages.label = [labelling](const StageContext& ctx, const std::string& selected,
                             const std::string& labelled, const std::string& work) {
    return labelFrames(labelling, ctx, selected, labelled, work);
  };
  stages.train = trainFolder;
  const TestPlan test = plan.test;
  stages.test = [test](const StageContext& ctx, const std::string& dir) {
    return testRun(test, ctx, dir);
  };
  return stages;
}

}  // namespace sei::reactor
