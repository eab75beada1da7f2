#include "reactor/SamplingStages.hpp"

#include <algorithm>
#include <memory>

#include "dataset/ExtXyzLabels.hpp"
#include "nep/NepModel.hpp"
#include "project/JsonFields.hpp"
#include "reactor/Sampling.hpp"
#include "reactor/Selection.hpp"

namespace sei::reactor {

void addSamplingStages(ReactorStages& stages, const ReactorPlan& plan) {
  // Both objects are read now, so that a bad key is one line before anything is written.
  const SamplingSettings sampling =
      samplingSettingsFromJson(parseJsonText(plan.sampling, plan.path), plan.path + ": sampling");
  const SelectionSettings selection = selectionSettingsFromJson(
      parseJsonText(plan.selection, plan.path), plan.path + ": selection");
  stages.sample = [sampling](const StageContext& ctx) {
    SamplingControl control;
    control.threads = ctx.threads;
    control.log = ctx.log;
    control.stop = ctx.stop;
    const auto model = std::make_shared<const NepModel>(readNepModel(ctx.model));
    std::vector<Structure> frames;
    for (SampledFrame& f : sampleFrames(sampling, model, control))
      frames.push_back(std::move(f.structure));
    return frames;
  };
  stages.select = [selection](const StageContext& ctx, const std::vector<Structure>& candidates,
                              std::size_t limit) {
    // The generation's committee first, then any fixed models the plan names.
    SelectionSettings s = selection;
    s.committee.insert(s.committee.begin(), ctx.committee.begin(), ctx.committee.end());
    s.count = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(s.count), limit));
    const auto model = std::make_shared<const NepModel>(readNepModel(ctx.model));
    const std::vector<FrameScore> scores = selectFrames(
        candidates, model, dataset::readExtXyzLabels(ctx.trainingSet, dataset::EnergyKind::Free),
        s, ctx.threads);
    // In the order farthest-point sampling picked them.
    std::vector<std::size_t> chosen;
    for (std::size_t i = 0; i < scores.size(); ++i)
      if (scores[i].selected) chosen.push_back(i);
    std::sort(chosen.begin(), chosen.end(),
              [&](std::size_t a, std::size_t b) { return scores[a].pick < scores[b].pick; });
    return chosen;
  };
}

}  // namespace sei::reactor
