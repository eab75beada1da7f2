#include "dataset/DatasetStats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>

#include "core/Error.hpp"
#include "md/Random.hpp"

namespace sei::dataset {

DatasetStats datasetStats(const std::vector<LabelledStructure>& set, double sigmas) {
  DatasetStats st;
  st.structures = set.size();
  st.energyPerAtomMin = st.forceMin = std::numeric_limits<double>::max();
  st.energyPerAtomMax = st.forceMax = std::numeric_limits<double>::lowest();
  double energySum = 0, forceSquares = 0;
  std::size_t components = 0;
  std::vector<std::size_t> withForces;
  st.maxForce.assign(set.size(), 0.0);
  for (std::size_t k = 0; k < set.size(); ++k) {
    const LabelledStructure& l = set[k];
    const Structure& s = l.structure;
    st.atoms += s.size();
    std::set<std::string> present(s.symbols.begin(), s.symbols.end());
    for (const std::string& e : s.symbols) ++st.atomsPerElement[e];
    for (const std::string& e : present) ++st.structuresWithElement[e];
    if (l.hasVirial) ++st.withVirial;
    if (l.hasEnergy && s.size() > 0) {
      ++st.withEnergy;
      const double e = l.energy / static_cast<double>(s.size());
      st.energyPerAtomMin = std::min(st.energyPerAtomMin, e);
      st.energyPerAtomMax = std::max(st.energyPerAtomMax, e);
      energySum += e;
    } else {
      st.missingEnergy.push_back(k);
    }
    if (!l.hasForces()) {
      st.missingForces.push_back(k);
      continue;
    }
    ++st.withForces;
    withForces.push_back(k);
    for (const Eigen::Vector3d& f : s.forces) {
      st.forceMin = std::min(st.forceMin, f.minCoeff());
      st.forceMax = std::max(st.forceMax, f.maxCoeff());
      forceSquares += f.squaredNorm();
      components += 3;
      st.maxForce[k] = std::max(st.maxForce[k], f.norm());
    }
  }
  if (st.withEnergy > 0)
    st.energyPerAtomMean = energySum / static_cast<double>(st.withEnergy);
  else
    st.energyPerAtomMin = st.energyPerAtomMax = 0;
  if (components > 0)
    st.forceRms = std::sqrt(forceSquares / static_cast<double>(components));
  else
    st.forceMin = st.forceMax = 0;
  if (!withForces.empty()) {
    double sum = 0, squares = 0;
    for (std::size_t k : withForces) sum += st.maxForce[k];
    st.maxForceMean = sum / static_cast<double>(withForces.size());
    for (std::size_t k : withForces) squares += std::pow(st.maxForce[k] - st.maxForceMean, 2);
    st.maxForceSigma = std::sqrt(squares / static_cast<double>(withForces.size()));
    st.outlierThreshold = st.maxForceMean + sigmas * st.maxForceSigma;
    for (std::size_t k : withForces)
      if (st.maxForce[k] > st.outlierThreshold) st.outliers.push_back(k);
  }
  return st;
}

std::vector<std::size_t> testIndices(std::size_t n, double fraction, unsigned long long seed) {
  if (n < 2)
    throw InputError("a split needs at least 2 structures, the set has " + std::to_string(n));
  if (!(fraction > 0.0 && fraction < 1.0))
    throw InputError("--test-fraction must lie in (0, 1), got " + std::to_string(fraction));
  const std::size_t testCount = std::clamp<std::size_t>(
      static_cast<std::size_t>(std::llround(fraction * static_cast<double>(n))), 1, n - 1);
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  // std::shuffle's algorithm differs between standard libraries; this one is fixed.
  Random random(seed);
  for (std::size_t i = n - 1; i > 0; --i) std::swap(order[i], order[random.bits() % (i + 1)]);
  order.resize(testCount);
  std::sort(order.begin(), order.end());
  return order;
}

}  // namespace sei::dataset
