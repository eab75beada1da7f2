#pragma once

#include <string>
#include <vector>

#include "nep/NepModel.hpp"
#include "training/NepInput.hpp"

namespace sei::training {

/// GPUMD's `fine_tune FOUNDATION.txt FOUNDATION.restart [fine_tune_descriptor]`: SNES starts
/// from a foundation model's state (the μ and σ of its nep.restart) restricted to nep.in's
/// elements, with the foundation's descriptor scalers. GPUMD reads NEP89 through a fixed map of
/// its 89 elements; here each element of nep.in is found in the foundation's own `type` list,
/// which for NEP89 is the same map, and any foundation of nep.in's architecture works.
struct FineTuneStart {
  std::vector<double> mu, sigma;  ///< SNES mean and step sizes, in the trained model's order
  std::vector<double> scalers;    ///< the foundation's descriptor scalers
};

/// Reads the foundation files of nep.in's `fine_tune` (paths relative to the training folder
/// `dir` unless absolute) for the model `shape` that nep.in describes. With
/// fine_tune_descriptor 0 the descriptor coefficients get σ = 0, so SNES keeps them. Throws
/// InputError naming the file for a missing file, an architecture other than nep.in's, an
/// element the foundation lacks, or a restart of another size than the foundation's.
FineTuneStart readFineTuneStart(const NepInput& in, const NepModel& shape, const std::string& dir);

}  // namespace sei::training
