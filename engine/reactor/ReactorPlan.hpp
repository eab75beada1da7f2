#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "md/WatchdogSettings.hpp"

namespace sei::reactor {

/// How the selected frames get their DFT labels: sei label's settings (label/Labelling.hpp).
struct LabellingPlan {
  std::string templatePath;          ///< CP2K input template; empty: resources/cp2k/label.inp
  double cutoff = 0.0;               ///< Ry, MGRID/CUTOFF; 0: the template's
  std::vector<std::string> sets;     ///< --set PATH=VALUE, applied after the cutoff
  int ranks = 1;                     ///< MPI ranks per CP2K run
  bool slurm = false;                ///< write a job array and wait instead of running CP2K
  std::string time = "24:00:00";     ///< Slurm time limit per frame
  std::string partition;             ///< Slurm partition; empty: the cluster's
  std::vector<std::string> modules;  ///< `module load` lines before CP2K
};

/// The test of a generation: MD of a target structure with the generation's model at a
/// temperature for a number of steps, with the watchdog (committee = the generation's other
/// models) checking it. It passes when the run ends without the watchdog firing.
struct TestPlan {
  std::string structure;      ///< extended XYZ of the target interface; or
  std::string recipe;         ///< a sei-recipe file that builds it (sei build), once per test
  double temperature = 300;   ///< K, Bussi thermostat (nvt_bdp) and initial velocities
  double timeStep = 1.0;      ///< fs
  std::int64_t steps = 1000;  ///< MD steps (the plan may give `time` in ps instead)
  std::uint64_t seed = 1;     ///< velocities
  WatchdogSettings watchdog;  ///< interval and thresholds (`watchdog` of run.in)
};

/// When the loop stops without a passing test.
struct Budget {
  int generations = 5;      ///< generations at most (gen-000 counts)
  std::int64_t labels = 0;  ///< CP2K labels attempted at most, over all generations; 0: no limit
  double wallHours = 0.0;   ///< h, per invocation (a rerun resumes); 0: no limit
};

/// `sei reactor PLAN.json`, read and checked (format "sei-reactor-plan", version 1; README
/// "The interface reactor"). Paths are absolute (relative ones are taken from the plan's
/// folder).
struct ReactorPlan {
  std::string path;     ///< the plan file
  std::string text;     ///< its text, kept in OUT/plan.json so that a rerun can check it
  std::string dataset;  ///< starting training set (GPUMD train.xyz)
  std::string testSet;  ///< optional test.xyz of every generation's training; empty: none
  std::string model;    ///< optional starting nep.txt; empty: generation 0 trains first
  /// eV per atom of each element, subtracted from every training energy (starting set and
  /// labels, which must be DFT totals of the same settings); empty: energies as they are.
  std::map<std::string, double> referenceEnergies;
  bool fitReferenceEnergies = false;  ///< fit them to the starting set instead (sei dataset)
  std::string nepIn;  ///< nep.in text of every training (a `seed` line is set per member)
  std::vector<std::string> elements;  ///< nep.in's `type` list
  int committee = 2;                  ///< models trained per generation (seeds differ)
  std::string sampling;               ///< JSON text of the `sampling` object (reactor/Sampling.hpp)
  std::string selection;  ///< JSON text of the `selection` object (reactor/Selection.hpp)
  LabellingPlan labelling;
  TestPlan test;
  Budget budget;
};

/// What a loop's folder must agree on: the plan's `start` and `training` (what every
/// generation's training set and models are made of), in canonical JSON. A rerun may change the
/// rest (budget, sampling, selection, labelling, test) for the stages it has still to run.
/// InputError naming `source` for text that is no JSON.
std::string planIdentity(const std::string& text, const std::string& source);

/// Reads and checks a plan: every problem is an InputError of one line naming the plan and the
/// field ("plan.json: test.temperature: expected a number in [1, 1e+05], got -3"), including
/// files that do not exist, a nep.in that does not parse, and elements of the starting set,
/// the starting model or the test structure that nep.in's `type` lacks. Writes nothing.
ReactorPlan readReactorPlan(const std::string& path);
/// readReactorPlan of `text` as if it were the file `path` (relative paths are taken from its
/// folder), so that a plan can be checked before it is written (the studio's Reactor panel).
ReactorPlan parseReactorPlan(const std::string& text, const std::string& path);

}  // namespace sei::reactor
