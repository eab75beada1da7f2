#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "reactor/ReactorPlan.hpp"

namespace sei::reactor {

/// The training folders of a generation.
struct TrainingSetFiles {
  std::vector<std::string> members;  ///< GEN/train, GEN/train/member-1, ...: one per model
  std::size_t frames = 0;            ///< frames of their train.xyz
  std::size_t dropped = 0;           ///< labelled frames without energy or forces, left out
};

/// Writes the committee's GPUMD training folders of generation `generation` in `out`: nep.in
/// (the plan's, `seed` = nep.in's seed + member), train.xyz (the starting set and the labelled
/// frames of generations 0 … generation, each frame with energy and forces; any other is
/// dropped and counted, so a broken label never reaches training) and the plan's test.xyz;
/// with the plan's reference energies subtracted from both.
TrainingSetFiles writeTrainingFolders(const ReactorPlan& plan, const std::string& out,
                                      int generation);

/// nep.txt of committee member `member` of the generation in `generationDir`.
std::string modelOf(const std::string& generationDir, int member);

}  // namespace sei::reactor
