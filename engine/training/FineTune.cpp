#include "training/FineTune.hpp"

#include <algorithm>
#include <filesystem>

#include "core/Error.hpp"
#include "training/ModelFromInput.hpp"
#include "training/ParameterVector.hpp"
#include "training/Snes.hpp"

namespace sei::training {
namespace {

std::string inFolder(const std::string& path, const std::string& dir) {
  return std::filesystem::path(path).is_absolute() ? path : dir + "/" + path;
}

/// Coefficients c[((n(K+1)+k)T+t1)T+t2] of the types `map` picks out of a model of Tf types.
std::vector<double> pairCoefficients(const std::vector<double>& c, int nMax, int K, int Tf,
                                     const std::vector<int>& map) {
  const int T = static_cast<int>(map.size());
  std::vector<double> out(static_cast<std::size_t>((nMax + 1) * (K + 1) * T * T));
  for (int nk = 0; nk < (nMax + 1) * (K + 1); ++nk)
    for (int t1 = 0; t1 < T; ++t1)
      for (int t2 = 0; t2 < T; ++t2)
        out[(nk * T + t1) * T + t2] = c[(nk * Tf + map[t1]) * Tf + map[t2]];
  return out;
}

/// nep.in as it would read for the foundation's elements, so that checkModelMatchesInput
/// compares the architecture alone; typewise cutoffs of nep.in's elements must equal the
/// foundation's.
NepInput inputOverElements(const NepInput& in, const NepModel& foundation,
                           const std::vector<int>& map) {
  NepInput all = in;
  all.elements = foundation.elements;
  all.typeWeight.assign(foundation.numTypes(), 1.0);
  all.radialCutoff.assign(foundation.numTypes(), in.radialCutoff.front());
  all.angularCutoff.assign(foundation.numTypes(), in.angularCutoff.front());
  if (in.typewiseCutoff) {
    all.radialCutoff = foundation.radialCutoff;
    all.angularCutoff = foundation.angularCutoff;
    for (std::size_t t = 0; t < map.size(); ++t) {
      all.radialCutoff[map[t]] = in.radialCutoff[t];
      all.angularCutoff[map[t]] = in.angularCutoff[t];
    }
  }
  return all;
}

std::vector<int> elementMap(const NepModel& source, const NepModel& shape) {
  std::vector<int> map;
  for (const std::string& e : shape.elements) {
    const auto it = std::find(source.elements.begin(), source.elements.end(), e);
    if (it == source.elements.end()) {
      std::string list;
      for (const std::string& s : source.elements) list += " " + s;
      throw InputError(source.path, 0,
                       "has no element " + e + " of nep.in's type (its elements:" + list + ")");
    }
    map.push_back(static_cast<int>(it - source.elements.begin()));
  }
  return map;
}

/// `shape` (a model of `source`'s architecture over some of its elements, type t being
/// `source`'s map[t]) with the numbers of `source`: each element's network, the global numbers,
/// and the descriptor coefficients of each pair of those elements.
NepModel restrictToElements(const NepModel& source, const NepModel& shape,
                            const std::vector<int>& map) {
  NepModel out = shape;
  for (std::size_t t = 0; t < map.size(); ++t) out.networks[t] = source.networks[map[t]];
  out.sqrtEpsilonInf = source.sqrtEpsilonInf;
  out.outputBias = source.outputBias;
  out.radialCoefficients = pairCoefficients(source.radialCoefficients, source.nMaxRadial,
                                            source.basisRadial, source.numTypes(), map);
  out.angularCoefficients = pairCoefficients(source.angularCoefficients, source.nMaxAngular,
                                             source.basisAngular, source.numTypes(), map);
  return out;
}

}  // namespace

FineTuneStart readFineTuneStart(const NepInput& in, const NepModel& shape, const std::string& dir) {
  const std::string modelPath = inFolder(in.fineTuneModel, dir);
  const std::string restartPath = inFolder(in.fineTuneRestart, dir);
  if (!std::filesystem::exists(modelPath))
    throw InputError(modelPath, 0, "the foundation model of fine_tune is missing");
  const NepModel foundation = readNepModel(modelPath);
  const std::vector<int> map = elementMap(foundation, shape);
  checkModelMatchesInput(foundation, inputOverElements(in, foundation, map));
  const RestartColumns columns = readRestartColumns(restartPath);
  if (columns.mu.size() != numTrainedParameters(foundation))
    throw InputError(restartPath, 0,
                     "has " + std::to_string(columns.mu.size()) + " parameters, the foundation " +
                         modelPath + " has " + std::to_string(numTrainedParameters(foundation)));
  auto restricted = [&](const std::vector<double>& values) {
    NepModel m = foundation;
    unflattenParameters(values, m);
    return flattenParameters(restrictToElements(m, shape, map));
  };
  FineTuneStart start{restricted(columns.mu), restricted(columns.sigma), foundation.scalers};
  if (!in.fineTuneDescriptor) {
    // The coefficients close nep.txt's order: σ = 0 keeps each at its μ in every sample.
    const std::size_t c = shape.radialCoefficients.size() + shape.angularCoefficients.size();
    std::fill(start.sigma.end() - static_cast<std::ptrdiff_t>(c), start.sigma.end(), 0.0);
  }
  return start;
}

}  // namespace sei::training
