#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "training/BatchGradient.hpp"

namespace sei::training {

/// Where a mini-batch's outputs and loss gradient are computed: the CPU (batchLossAndGradient,
/// OpenMP) or an accelerator. Same contract as batchLossAndGradient; one instance serves the
/// batches of a whole training run (it may keep device memory between calls).
class BatchGradientBackend {
 public:
  virtual ~BatchGradientBackend() = default;
  virtual BatchLossGradient compute(std::shared_ptr<const NepModel> model,
                                    const std::vector<BatchStructure>& batch,
                                    const BatchLossFunction& loss, bool bornEffectiveCharges) = 0;
  /// What messages call it: "CPU", "CUDA on NVIDIA H200", ...
  virtual std::string label() const = 0;
};

/// One trainer backend as it registers itself (as md/BackendRegistry's force backends do): the
/// CPU in this layer, an accelerator from its own private target, so that no training file
/// names it.
struct BatchGradientDescriptor {
  std::string name;  ///< what users write: "cpu", "cuda"
  /// Whether it can run on this machine; `why` gets the device's name or the reason there is
  /// none.
  std::function<bool(std::string& why)> available;
  /// Builds it for `threads` CPU threads (0: the OpenMP default); throws std::runtime_error
  /// when the device refuses.
  std::function<std::unique_ptr<BatchGradientBackend>(int threads)> create;
};

/// Adds a backend (from a static initialiser); returns true.
bool registerBatchGradientBackend(BatchGradientDescriptor descriptor);

/// Trainer backends compiled into this build, "cpu" first.
std::vector<std::string> batchGradientBackends();

/// Whether trainer backend `name` is built and can run here; `why` says which device or why not.
bool batchGradientBackendUsable(const std::string& name, std::string& why);

/// The trainer backend `name` ("cpu" or a registered accelerator such as "cuda"). Throws
/// InputError with one line for an unknown name, or an accelerator that is not built or cannot
/// be used here, saying why.
std::unique_ptr<BatchGradientBackend> makeBatchGradientBackend(const std::string& name,
                                                               int threads);

}  // namespace sei::training
