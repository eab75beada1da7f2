#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/Structure.hpp"
#include "label/LabelFolder.hpp"

namespace sei::reactor {

/// What every stage of a generation is given.
struct StageContext {
  int generation = 0;
  std::string dir;    ///< the generation's folder, OUT/gen-NNN
  std::string model;  ///< nep.txt that samples, selects and is tested; empty: none yet
  std::vector<std::string> committee;  ///< the other models of model's generation
  /// Training set the models were trained on (the previous generation's train.xyz, or the
  /// starting set): selection measures descriptor distances to it.
  std::string trainingSet;
  int threads = 1;
  std::function<void(const std::string&)> log;  ///< progress lines; may be empty
  std::function<bool()> stop;                   ///< true: finish soon, the loop resumes later
};

/// The labels of a generation's selected frames.
struct LabelResult {
  enum class State { Done, Waiting, Stopped };
  /// Waiting: a cluster's job array was written and has not finished; the loop ends and a
  /// rerun collects.
  State state = State::Done;
  std::size_t labelled = 0;                   ///< frames written to the labelled file
  std::vector<label::LabelFailure> failures;  ///< frames without a label, never trained on
  std::string message;                        ///< Waiting: how to submit the job array
};

/// Errors of one trained model (the last row of its loss.out).
struct TrainResult {
  bool stopped = false;
  double energyTrain = 0, forceTrain = 0, virialTrain = 0;  ///< eV/atom, eV/Å, eV/atom
  double energyTest = 0, forceTest = 0, virialTest = 0;     ///< same; 0 without a test set
};

/// The verdict of a generation's test run.
struct TestResult {
  bool stopped = false;
  bool passed = false;
  std::string message;  ///< the watchdog's event or "N steps at T K without an event"
};

/// The five stages of a generation. `sei reactor` fills them with the real work
/// (reactor/GenerationStages.hpp); tests fill them with fakes. Each writes only inside the files
/// and folders it is given; the loop writes the stage's marker once it returns, so a stage cut
/// short (kill, stop) runs again on resume and must cope with what it left behind.
struct ReactorStages {
  /// Candidate frames from hot reactive MD with ctx.model.
  std::function<std::vector<Structure>(const StageContext& ctx)> sample;
  /// Indices into `candidates` worth labelling, at most `limit` of them.
  std::function<std::vector<std::size_t>(
      const StageContext& ctx, const std::vector<Structure>& candidates, std::size_t limit)>
      select;
  /// DFT labels of the frames of `selected` into `labelled` (only frames with a label), using
  /// the work folder `work` (which keeps finished frames across reruns).
  std::function<LabelResult(const StageContext& ctx, const std::string& selected,
                            const std::string& labelled, const std::string& work)>
      label;
  /// Trains the GPUMD training folder `dir` (nep.in, train.xyz, test.xyz) into dir/nep.txt.
  std::function<TrainResult(const StageContext& ctx, const std::string& dir)> train;
  /// MD of the target with ctx.model and ctx.committee in the run folder `dir`.
  std::function<TestResult(const StageContext& ctx, const std::string& dir)> test;
};

}  // namespace sei::reactor
