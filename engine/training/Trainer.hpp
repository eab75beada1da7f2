#pragma once

#include <functional>
#include <string>
#include <vector>

#include "nep/NepModel.hpp"
#include "training/NepInput.hpp"
#include "training/TrainingSet.hpp"

namespace sei::training {

/// A GPUMD training folder, read and checked: nep.in, train.xyz, optional test.xyz and zbl.in.
struct TrainingFolder {
  std::string dir;
  NepInput input;
  std::vector<TrainingStructure> train, test;
  /// The model nep.in describes, trained numbers zero, MN_R/MN_A from the sets. Its scalers are
  /// 1 until computeScalers().
  NepModel shape;
};

/// Reads and checks everything before anything is written; throws InputError naming file,
/// line or structure.
TrainingFolder loadTrainingFolder(const std::string& dir);

/// GPUMD's scalers: the descriptor ranges over the training set for parameters all equal to
/// initial_para (what `nep` evaluates at generation 0), stored into folder.shape.
void computeScalers(TrainingFolder& folder, int threads);

/// `shape` with every trained number equal to `initialPara` and GPUMD's scalers over `set`:
/// the model `nep` evaluates at generation 0 (its descriptors need no training).
NepModel initialModel(const NepModel& shape, double initialPara,
                      const std::vector<TrainingStructure>& set, int threads);

struct TrainOptions {
  std::string dir = ".";
  int threads = 0;  ///< OpenMP threads, 0 = default
  /// Where Adam's batch gradients are computed: "cpu" or a registered accelerator ("cuda";
  /// training/BatchGradientBackend). SNES and prediction always run on the CPU.
  std::string backend = "cpu";
  std::function<bool()> stopRequested;          ///< polled once per generation
  std::function<void(const std::string&)> log;  ///< progress lines (loss rows)
  /// Advice on the settings, shown even without progress lines; unset: to `log`.
  std::function<void(const std::string&)> note;
};

enum class TrainOutcome { Finished, Stopped, Predicted };

/// `sei train`: trains as GPUMD's `nep` does in `dir` (or predicts with `prediction 1`), writing
/// nep.txt, nep.restart (+ nep.restart.sei, our generation counter), loss.out and the parity
/// files. A stop request writes nep.restart and returns Stopped; rerunning resumes there.
TrainOutcome runTraining(const TrainOptions& options);

}  // namespace sei::training
