#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "reactor/ReactorStages.hpp"

namespace sei::reactor {

/// What a generation did, stage by stage: its report and, after every stage, its completion
/// marker (the record so far), from which a rerun resumes.
struct GenerationRecord {
  int generation = 0;
  std::string model;              ///< the model it sampled with (empty: none, sampling skipped)
  std::vector<std::string> done;  ///< stages finished, in order ("sample", ... "test")
  std::vector<std::pair<std::string, double>> seconds;  ///< stage → wall time, s
  std::size_t candidates = 0, selected = 0, labelled = 0;
  std::vector<label::LabelFailure> failures;  ///< frames left out of every training set
  std::size_t trainingFrames = 0;             ///< frames of train.xyz
  std::size_t droppedFrames = 0;              ///< frames of labelled files without energy or forces
  std::vector<TrainResult> models;            ///< the committee, member 0 first (train/nep.txt)
  TestResult test;

  bool finished(const std::string& stage) const;
};

/// The record as JSON text (report.json and the stage markers).
std::string recordJsonText(const GenerationRecord& record);
/// Reads recordJsonText back; InputError naming `source` if it is no record.
GenerationRecord parseRecordJson(const std::string& text, const std::string& source);
/// A short Markdown report for people: counts, errors per model, the test's verdict, timings.
std::string recordMarkdown(const GenerationRecord& record);

}  // namespace sei::reactor
