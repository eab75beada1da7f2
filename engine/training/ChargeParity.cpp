#include "training/ChargeParity.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include "core/Error.hpp"
#include "training/TrainOutputs.hpp"

namespace sei::training {

ChargeLayout chargeLayout(const NepInput& in, const std::vector<TrainingStructure>& set,
                          bool trainingSet) {
  ChargeLayout layout;
  for (std::size_t k : parityOrder(in, set, trainingSet)) {
    const TrainingStructure& s = set[k];
    layout.types.insert(layout.types.end(), s.types.begin(), s.types.end());
    layout.sizes.push_back(s.size());
    layout.totalCharge.push_back(s.totalCharge);
    layout.structures.push_back(k);
  }
  return layout;
}

ChargeSummary readChargeFile(const std::string& path, const ChargeLayout& layout, int numTypes) {
  std::ifstream file(path);
  if (!file) throw InputError(path, 0, "cannot open the charge file for reading");
  std::vector<double> q;
  int number = 0;
  for (std::string line; std::getline(file, line);) {
    ++number;
    std::istringstream in(line);
    double value = 0.0;
    std::string rest;
    if (!(in >> value)) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      throw InputError(path, number, "expected one predicted charge (e)");
    }
    if (in >> rest) throw InputError(path, number, "expected one predicted charge (e) per line");
    q.push_back(value);
  }
  if (q.size() != layout.types.size())
    throw InputError(path, 0,
                     "has " + std::to_string(q.size()) + " charges, the set has " +
                         std::to_string(layout.types.size()) + " atoms");
  ChargeSummary summary;
  summary.byType.resize(numTypes);
  for (std::size_t i = 0; i < q.size(); ++i) summary.byType[layout.types[i]].push_back(q[i]);
  double sum2 = 0.0;
  std::size_t first = 0;
  summary.meanNeutral.assign(numTypes, 0.0);
  for (std::size_t k = 0; k < layout.sizes.size(); ++k) {
    const double n = static_cast<double>(layout.sizes[k]);
    double net = -layout.totalCharge[k];
    for (std::size_t i = first; i < first + layout.sizes[k]; ++i) net += q[i];
    sum2 += (net / n) * (net / n);
    if (std::abs(net / n) > summary.worstNet) {
      summary.worstNet = std::abs(net / n);
      summary.worstStructure = layout.structures[k];
    }
    for (std::size_t i = first; i < first + layout.sizes[k]; ++i)
      summary.meanNeutral[layout.types[i]] += q[i] - net / n;
    first += layout.sizes[k];
  }
  if (!layout.sizes.empty()) summary.netRmse = std::sqrt(sum2 / layout.sizes.size());
  for (int t = 0; t < numTypes; ++t)
    if (!summary.byType[t].empty()) summary.meanNeutral[t] /= summary.byType[t].size();
  return summary;
}

}  // namespace sei::training
