#include "analysis/Solvation.hpp"

#include <algorithm>
#include <stdexcept>

namespace sei::analysis {

const char* solvationClassName(SolvationClass c) {
  switch (c) {
    case SolvationClass::Ssip:
      return "SSIP";
    case SolvationClass::Cip:
      return "CIP";
    default:
      return "AGG";
  }
}

double SolvationFrame::fraction(SolvationClass c) const {
  return cations.empty() ? 0.0 : static_cast<double>(counts[static_cast<int>(c)]) / cations.size();
}

SolvationClassifier::SolvationClassifier(SolvationOptions options) : options_(std::move(options)) {
  setShellRadius(options_.shellRadius);
}

void SolvationClassifier::setShellRadius(double r) {
  if (!(r > 0.0)) throw std::invalid_argument("solvation shell radius must be positive");
  options_.shellRadius = r;
}

const SolvationFrame& SolvationClassifier::classify(const Frame& frame,
                                                    const SpeciesFrame& species) {
  if (species.unitOfAtom.size() != frame.size())
    throw std::invalid_argument("SolvationClassifier: species of another frame");
  SolvationFrame& out = current_;
  out = SolvationFrame();
  std::vector<char> isAnion(species.units.size(), 0);
  for (std::size_t u = 0; u < species.units.size(); ++u)
    isAnion[u] = species.units[u].kind == UnitKind::Molecule &&
                 options_.anions.count(species.units[u].name) > 0;

  std::vector<char> cations(frame.size(), 0);
  for (const SpeciesUnit& unit : species.units)
    if (unit.kind == UnitKind::Ion) cations[unit.atoms.front()] = 1;
  const NeighborList list = frame.neighborsOf(cations, options_.shellRadius);
  const double r2 = options_.shellRadius * options_.shellRadius;
  std::vector<std::vector<int>> shells;  // anion units around each cation, sorted, unique
  std::vector<int> cationsAround(species.units.size(), 0);
  for (const SpeciesUnit& unit : species.units) {
    if (unit.kind != UnitKind::Ion) continue;
    const int i = unit.atoms.front();
    std::vector<int> shell;
    for (std::size_t k = list.begin(i); k < list.end(i); ++k) {
      const int u = species.unitOfAtom[list.index[k]];
      if (isAnion[u] && list.displacement[k].squaredNorm() < r2) shell.push_back(u);
    }
    std::sort(shell.begin(), shell.end());
    shell.erase(std::unique(shell.begin(), shell.end()), shell.end());
    for (int u : shell) ++cationsAround[u];
    out.cations.push_back(i);
    shells.push_back(std::move(shell));
  }
  for (const auto& shell : shells) {
    const SolvationClass c = shell.empty() ? SolvationClass::Ssip
                             : shell.size() == 1 && cationsAround[shell[0]] == 1
                                 ? SolvationClass::Cip
                                 : SolvationClass::Agg;
    out.classes.push_back(c);
    out.anionsInShell.push_back(static_cast<int>(shell.size()));
    ++out.counts[static_cast<int>(c)];
  }
  return out;
}

}  // namespace sei::analysis
