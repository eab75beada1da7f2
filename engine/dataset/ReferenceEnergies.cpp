#include "dataset/ReferenceEnergies.hpp"

#include <cmath>

#include "core/Elements.hpp"
#include "core/Error.hpp"
#include "dataset/TextLines.hpp"

namespace sei::dataset {

ReferenceEnergies fitReferenceEnergies(const std::vector<LabelledStructure>& set) {
  std::map<std::string, int> column;
  for (const LabelledStructure& l : set)
    for (const std::string& e : l.structure.symbols) column.emplace(e, 0);
  int c = 0;
  for (auto& [element, index] : column) index = c++;
  const Eigen::Index rows = static_cast<Eigen::Index>(set.size());
  Eigen::MatrixXd counts = Eigen::MatrixXd::Zero(rows, c);
  Eigen::VectorXd energy(rows);
  for (Eigen::Index s = 0; s < rows; ++s) {
    const LabelledStructure& l = set[static_cast<std::size_t>(s)];
    if (!l.hasEnergy) throw InputError(l.source + ": has no energy to fit reference energies to");
    for (const std::string& e : l.structure.symbols) counts(s, column[e]) += 1.0;
    energy[s] = l.energy;
  }
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(counts);
  if (qr.rank() < c) {
    std::string names;
    for (const auto& [element, index] : column) names += (names.empty() ? "" : ", ") + element;
    throw InputError("the compositions of the " + std::to_string(rows) +
                     " structures determine only " + std::to_string(qr.rank()) + " of the " +
                     std::to_string(c) + " reference energies (" + names +
                     "): add structures of other compositions or give "
                     "--reference-energies FILE");
  }
  const Eigen::VectorXd mu = qr.solve(energy);
  ReferenceEnergies ref;
  for (const auto& [element, index] : column) ref.perElement[element] = mu[index];
  double sum = 0.0;
  for (Eigen::Index s = 0; s < rows; ++s) {
    const double n = counts.row(s).sum();
    const double r = (energy[s] - counts.row(s).dot(mu)) / n;
    sum += r * r;
  }
  ref.residualRms = std::sqrt(sum / static_cast<double>(rows));
  return ref;
}

ReferenceEnergies readReferenceEnergies(const std::string& path) {
  const TextLines text = TextLines::read(path);
  ReferenceEnergies ref;
  for (std::size_t k = 0; k < text.size(); ++k) {
    const auto w = splitWords(std::string_view(text[k]).substr(0, text[k].find('#')));
    if (w.empty()) continue;
    if (w.size() != 2 || atomicNumber(w[0]) == 0)
      throw InputError(path, static_cast<int>(k + 1),
                       "expected 'Element energy_eV' (e.g. 'Na -5.19185')");
    const std::string element(w[0]);
    if (ref.perElement.count(element))
      throw InputError(path, static_cast<int>(k + 1), element + " appears twice");
    ref.perElement[element] = numberAt(text, k, w[1], "reference energy of " + element);
  }
  if (ref.perElement.empty()) throw InputError(path, 0, "has no 'Element energy_eV' lines");
  return ref;
}

void subtractReferenceEnergies(std::vector<LabelledStructure>& set, const ReferenceEnergies& ref,
                               const std::string& refSource) {
  for (LabelledStructure& l : set) {
    if (!l.hasEnergy) continue;
    for (const std::string& e : l.structure.symbols) {
      const auto it = ref.perElement.find(e);
      if (it == ref.perElement.end())
        throw InputError(l.source + ": element " + e + " has no reference energy in " + refSource);
      l.energy -= it->second;
    }
  }
}

}  // namespace sei::dataset
