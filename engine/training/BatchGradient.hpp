#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "training/ParameterGradient.hpp"

namespace sei::training {

/// One structure of a mini-batch, by reference (the caller keeps it alive).
struct BatchStructure {
  const std::vector<int>* types;                  ///< model types per atom
  const std::vector<Eigen::Vector3d>* positions;  ///< Å
  const Cell* cell;
  double totalCharge = 0.0;    ///< e (qNEP)
  double temperature = 300.0;  ///< K (*_temperature models)
};

/// A loss over a whole batch: its value and its adjoints for every structure, from the outputs
/// of all of them (GPUMD's RMSE terms couple the structures of a batch).
struct BatchLoss {
  double value = 0.0;
  std::vector<OutputAdjoints> adjoints;  ///< one per structure, in batch order
};
using BatchLossFunction = std::function<BatchLoss(const std::vector<ModelOutputs>&)>;

/// The loss of a batch and its gradient.
struct BatchLossGradient {
  double loss = 0.0;
  std::vector<double> gradient;       ///< dL/dθ in flattenParameters (nep.txt) order
  std::vector<ModelOutputs> outputs;  ///< per structure, in batch order
};

/// Predicts every structure, evaluates the loss on all outputs, and sums the structures'
/// gradients (training/ParameterGradient). OpenMP over structures with one single-threaded
/// ParameterGradient per thread (threads ≤ 0: the OpenMP default); each structure's gradient
/// is kept apart and the sum taken in batch order, so the result is the same for any thread
/// count. bornEffectiveCharges puts the BEC
/// in the outputs (qNEP, for a loss with a BEC term).
BatchLossGradient batchLossAndGradient(std::shared_ptr<const NepModel> model,
                                       const std::vector<BatchStructure>& batch,
                                       const BatchLossFunction& loss, int threads = 0,
                                       NepEvaluatorOptions options = {},
                                       bool bornEffectiveCharges = false);

}  // namespace sei::training
