#pragma once

#include <string>
#include <vector>

#include "dataset/LabelledStructure.hpp"
#include "nep/NepModel.hpp"

namespace sei::dataset {

/// Per structure, the mean scaled NEP descriptor of its atoms under `model` (the engine's
/// evaluator, through the trainer's SetEvaluator). InputError naming the structure when one of
/// its elements is not among the model's types.
std::vector<std::vector<double>> structureDescriptors(const NepModel& model,
                                                      const std::vector<LabelledStructure>& set,
                                                      int threads);

/// The descriptor of an untrained model with the hyper-parameters of a GPUMD nep.in (type,
/// cutoff, n_max, basis_size, l_max, ...): every coefficient initial_para and GPUMD's scalers
/// over `set`, as `nep` has them at generation 0.
NepModel descriptorModelFromNepIn(const std::string& nepInPath,
                                  const std::vector<LabelledStructure>& set, int threads);

}  // namespace sei::dataset
