#include "NewReactorPlan.hpp"

#include <QDir>
#include <QFileInfo>
#include <algorithm>

#include "builder/InterfaceBuilder.hpp"
#include "core/Paths.hpp"
#include "io/ExtXyz.hpp"
#include "project/RecipeJsonValue.hpp"

namespace sei::studio {

std::vector<std::string> defaultNepInLines(const std::vector<Structure>& frames,
                                           const std::vector<std::string>& sampled) {
  std::vector<std::string> elements;
  const auto add = [&elements](const std::string& e) {
    if (std::find(elements.begin(), elements.end(), e) == elements.end()) elements.push_back(e);
  };
  bool periodic = !frames.empty();
  for (const Structure& s : frames) {
    periodic = periodic && s.cell.fullyPeriodic();
    for (const std::string& e : s.symbols) add(e);
  }
  for (const std::string& e : sampled) add(e);
  std::string type = "type " + std::to_string(elements.size());
  for (const std::string& e : elements) type += " " + e;
  std::vector<std::string> lines = {type};
  if (periodic) {
    lines.push_back("charge_mode 2");
    // The loop's test run stops where raw charges are 0.02 e/atom off neutral (the watchdog's
    // default). On the NaF labels lambda_q 0.1 (GPUMD's) left the training set itself 0.020
    // e/atom off neutral RMS, lambda_q 1 left 0.0034 for 3–4 meV/atom of energy error (README).
    lines.push_back("lambda_q 1");
  }
  for (const char* line :
       {"cutoff 6 4", "n_max 4 4", "basis_size 8 8", "l_max 4 2 1", "neuron 30", "optimizer adam"})
    lines.push_back(line);
  return lines;
}

nlohmann::json newReactorPlan(const QString& planPath, const QString& dataset,
                              const QString& testStructure, const nlohmann::json& recipe) {
  const QDir base = QFileInfo(planPath).absoluteDir();
  auto relative = [&base](const QString& path) {
    return base.relativeFilePath(path).toStdString();
  };
  using nlohmann::json;
  return {{"format", "sei-reactor-plan"},
          {"version", 1},
          {"start", {{"dataset", relative(dataset)}}},
          {"training",
           {{"nep_in_lines",
             defaultNepInLines(readExtXyzFrames(dataset.toStdString()),
                               recipeElements(recipeFromJson(recipe, "recipe", "the Builder",
                                                             recipe.contains("format")),
                                              resourceDirectory()))},
            {"committee", 2}}},
          {"sampling", {{"recipes", json::array({recipe})}}},
          {"selection", {{"count", 10}}},
          {"labelling", {{"batch", "local"}}},
          {"test",
           {{"structure", relative(testStructure)},
            {"temperature", 300},
            {"time", 10},
            {"watchdog", {{"interval", 10}, {"force_std", 0.3}, {"fmax", 20}}}}},
          {"budget", {{"generations", 5}}}};
}

}  // namespace sei::studio
