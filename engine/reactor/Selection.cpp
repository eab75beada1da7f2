#include "reactor/Selection.hpp"

#include <omp.h>

#include <algorithm>
#include <limits>

#include "core/Error.hpp"
#include "core/FarthestPoints.hpp"
#include "md/ForceSpread.hpp"
#include "nep/NepEvaluator.hpp"
#include "project/JsonFields.hpp"

namespace sei::reactor {

SelectionSettings selectionSettingsFromJson(const nlohmann::json& j, const std::string& where) {
  JsonFields f(j, "", where);
  SelectionSettings s;
  if (f.has("committee")) {
    const nlohmann::json& list = f.child("committee");
    if (!list.is_array()) f.fail("committee", "expected a list of model files", list);
    for (const nlohmann::json& item : list) {
      if (!item.is_string() || item.get<std::string>().empty())
        f.fail("committee", "expected model file names", item);
      s.committee.push_back(item.get<std::string>());
    }
  }
  s.forceStdLow = f.number("force_std_low", s.forceStdLow, 0.0, 1e3);
  s.forceStdHigh = f.number("force_std_high", s.forceStdHigh, 0.0, 1e3);
  if (!(s.forceStdHigh > s.forceStdLow))
    f.fail("force_std_high", "expected a number above force_std_low", j["force_std_high"]);
  s.descriptorDistanceLow = f.number("descriptor_distance_low", 0.0, 0.0, 1e6);
  s.count = static_cast<int>(f.integer("count", s.count, 1, 100000000));
  s.referencePoints =
      static_cast<std::size_t>(f.integer("reference_points", s.referencePoints, 1, 100000000));
  f.finish();
  return s;
}

namespace {

/// What one candidate's evaluations give.
struct Evaluated {
  double forceStd = 0, distance = 0;  ///< eV/Å, scaled descriptor units
  std::vector<double> mean;           ///< mean scaled descriptor
  std::string failure;                ///< an evaluation's error, for the message
};

}  // namespace

std::vector<FrameScore> selectFrames(const std::vector<Structure>& candidates,
                                     std::shared_ptr<const NepModel> model,
                                     const std::vector<LabelledStructure>& trainingSet,
                                     const SelectionSettings& s, int threads) {
  std::vector<std::shared_ptr<const NepModel>> committee;
  for (const std::string& path : s.committee)
    committee.push_back(std::make_shared<const NepModel>(readNepModel(path)));
  std::vector<Structure> training;
  for (const LabelledStructure& l : trainingSet) training.push_back(l.structure);
  std::vector<std::vector<double>> trainingMeans;
  const DescriptorReference reference = descriptorReference(
      model, training, s.referencePoints, threads, "the training set", &trainingMeans);

  const int n = static_cast<int>(candidates.size());
  // types[0][k]: candidate k's atoms as types of the model, types[1 + m][k] of committee model m.
  std::vector<std::vector<std::vector<int>>> types(1 + committee.size(),
                                                   std::vector<std::vector<int>>(n));
  for (int k = 0; k < n; ++k) {
    const std::string name = "candidate " + std::to_string(k + 1);
    types[0][k] = model->typesOf(candidates[k], name);
    for (std::size_t m = 0; m < committee.size(); ++m)
      types[1 + m][k] =
          committee[m]->typesOf(candidates[k], name + " (committee model " + s.committee[m] + ")");
  }
  std::vector<Evaluated> evaluated(candidates.size());
  NepEvaluatorOptions options;
  options.threads = 1;
#pragma omp parallel num_threads(threads > 0 ? threads : omp_get_max_threads())
  {
    NepEvaluatorOptions keeping = options;
    keeping.keepDescriptors = true;
    NepEvaluator own(model, keeping);
    std::vector<std::unique_ptr<NepEvaluator>> members;
    for (const auto& m : committee) members.push_back(std::make_unique<NepEvaluator>(m, options));
    ForceResult result;
#pragma omp for schedule(dynamic)
    for (int k = 0; k < n; ++k) {
      const Structure& c = candidates[k];
      Evaluated& e = evaluated[k];
      try {
        own.compute(types[0][k], c.positions, c.cell, ForceRequest(), result);
        const std::vector<double> scaled = scaledDescriptors(own);
        const std::vector<double> distances = reference.distances(types[0][k], scaled);
        e.distance =
            distances.empty() ? 0.0 : *std::max_element(distances.begin(), distances.end());
        e.mean = meanDescriptor(scaled, reference.dimension());
        ForceSpread spread(c.size());
        spread.add(result.forces);
        for (std::size_t m = 0; m < members.size(); ++m) {
          members[m]->compute(types[1 + m][k], c.positions, c.cell, ForceRequest(), result);
          spread.add(result.forces);
        }
        const std::vector<double> deviations = spread.deviations();
        e.forceStd =
            deviations.empty() ? 0.0 : *std::max_element(deviations.begin(), deviations.end());
      } catch (const std::exception& x) {
        e.failure = "candidate " + std::to_string(k + 1) + ": " + x.what();
      }
    }
  }
  for (const Evaluated& e : evaluated)
    if (!e.failure.empty()) throw InputError(e.failure);

  std::vector<FrameScore> scores(candidates.size());
  std::vector<std::size_t> eligible;
  std::vector<std::vector<double>> points;
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    FrameScore& f = scores[k];
    f.forceStd = evaluated[k].forceStd;
    f.descriptorDistance = evaluated[k].distance;
    const bool byDistance = s.descriptorDistanceLow > 0;
    const bool sane = committee.empty() || f.forceStd < s.forceStdHigh;
    const bool unknown = (!committee.empty() && f.forceStd >= s.forceStdLow) ||
                         (byDistance && f.descriptorDistance > s.descriptorDistanceLow) ||
                         (committee.empty() && !byDistance);
    f.eligible = sane && unknown;
    if (f.eligible) {
      eligible.push_back(k);
      points.push_back(evaluated[k].mean);
    }
  }
  const std::vector<std::size_t> picks =
      farthestPointSample(points, static_cast<std::size_t>(s.count), trainingMeans);
  for (std::size_t p = 0; p < picks.size(); ++p) {
    scores[eligible[picks[p]]].selected = true;
    scores[eligible[picks[p]]].pick = static_cast<int>(p);
  }
  return scores;
}

}  // namespace sei::reactor
