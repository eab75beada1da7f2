#include "training/ChargeOrientation.hpp"

#include "core/Elements.hpp"

namespace sei::training {

bool orientsCharges(const NepInput& in, const std::vector<TrainingStructure>& train) {
  return in.chargeMode != 0 && in.chargeSign == ChargeSign::Auto && !hasBecLabels(train);
}

double electronegativityAlignment(const NepInput& in, const std::vector<TrainingStructure>& set,
                                  const std::vector<std::size_t>& which,
                                  const std::vector<StructurePrediction>& preds) {
  std::vector<double> chi;
  for (const std::string& e : in.elements) chi.push_back(allenElectronegativity(atomicNumber(e)));
  double sum = 0.0;
  for (std::size_t k = 0; k < which.size(); ++k) {
    const TrainingStructure& s = set[which[k]];
    const std::vector<double>& q = preds[k].rawCharges;
    double chiSum = 0.0;
    int known = 0;
    for (int t : s.types)
      if (chi[t] > 0.0) {
        chiSum += chi[t];
        ++known;
      }
    if (known == 0 || q.size() != s.size()) continue;
    const double mean = chiSum / known;
    for (std::size_t i = 0; i < s.size(); ++i)
      if (chi[s.types[i]] > 0.0) sum += (chi[s.types[i]] - mean) * q[i];
  }
  return sum;
}

}  // namespace sei::training
