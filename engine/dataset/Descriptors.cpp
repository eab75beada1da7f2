#include "dataset/Descriptors.hpp"

#include <algorithm>

#include "core/Error.hpp"
#include "training/ModelFromInput.hpp"
#include "training/NepInput.hpp"
#include "training/Prediction.hpp"
#include "training/Trainer.hpp"

namespace sei::dataset {
namespace {

std::vector<training::TrainingStructure> asTrainingSet(const std::vector<LabelledStructure>& set,
                                                       const std::vector<std::string>& elements,
                                                       const std::string& modelName) {
  std::vector<training::TrainingStructure> out(set.size());
  for (std::size_t k = 0; k < set.size(); ++k) {
    out[k].name = set[k].source;
    out[k].structure = set[k].structure;
    for (std::size_t i = 0; i < set[k].structure.size(); ++i) {
      const std::string& e = set[k].structure.symbols[i];
      const auto it = std::find(elements.begin(), elements.end(), e);
      if (it == elements.end())
        throw InputError(set[k].source + ": element " + e + " is not a type of " + modelName);
      out[k].types.push_back(static_cast<int>(it - elements.begin()));
    }
    if (!out[k].structure.cell.fullyPeriodic())
      throw InputError(set[k].source + ": descriptors need a cell periodic in x, y and z");
  }
  return out;
}

}  // namespace

std::vector<std::vector<double>> structureDescriptors(const NepModel& model,
                                                      const std::vector<LabelledStructure>& set,
                                                      int threads) {
  return training::SetEvaluator(threads).meanDescriptors(
      model, asTrainingSet(set, model.elements, model.path.empty() ? "the model" : model.path));
}

NepModel descriptorModelFromNepIn(const std::string& nepInPath,
                                  const std::vector<LabelledStructure>& set, int threads) {
  const training::NepInput input = training::readNepInput(nepInPath);
  const NepModel shape = training::modelFromInput(input, {});
  return training::initialModel(shape, input.initialPara,
                                asTrainingSet(set, input.elements, nepInPath), threads);
}

}  // namespace sei::dataset
