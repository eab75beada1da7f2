#include "analysis/SpeciesNames.hpp"

#include <cctype>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "analysis/MolecularGraph.hpp"
#include "core/Elements.hpp"
#include "core/Error.hpp"
#include "core/Formula.hpp"

namespace sei::analysis {
namespace {

/// Whether `key` is a Hill formula: element symbols with counts > 1, written as hillFormula
/// writes that composition.
bool isHillFormula(const std::string& key) {
  std::map<std::string, int> counts;
  std::size_t i = 0;
  while (i < key.size()) {
    if (!std::isupper(static_cast<unsigned char>(key[i]))) return false;
    std::string symbol(1, key[i++]);
    if (i < key.size() && std::islower(static_cast<unsigned char>(key[i]))) symbol += key[i++];
    if (atomicNumber(symbol) == 0) return false;
    int count = 0;
    while (i < key.size() && std::isdigit(static_cast<unsigned char>(key[i])))
      count = 10 * count + (key[i++] - '0');
    counts[symbol] += count == 0 ? 1 : count;
  }
  return !counts.empty() && hillFormula(counts) == key;
}

/// The entry's name without the suffix of its own charge ("PF6-" → "PF6"), if it carries it.
std::string baseName(const NamedSpecies& entry) {
  const std::string suffix = chargeSuffix(entry.charge);
  const std::string& n = entry.name;
  if (entry.charge != 0 && n.size() > suffix.size() &&
      n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0)
    return n.substr(0, n.size() - suffix.size());
  return n;
}

}  // namespace

std::string chargeSuffix(int charge) {
  if (charge == 0) return "(0)";
  if (charge == 1) return "+";
  if (charge == -1) return "-";
  return "(" + std::to_string(std::abs(charge)) + (charge > 0 ? "+)" : "-)");
}

std::string withCharge(const NamedSpecies& entry, int charge) {
  return charge == entry.charge ? entry.name : baseName(entry) + chargeSuffix(charge);
}

const std::vector<std::pair<std::string, std::string>>& SpeciesNames::defaultEntries() {
  static const std::vector<std::pair<std::string, std::string>> entries = {
      // Solvents and salt anions of sodium electrolytes (resources/molecules).
      {"O=C1OCCO1", "EC"},
      {"CC1COC(=O)O1", "PC"},
      {"COC(=O)OC", "DMC"},
      {"COCCOC", "DME"},
      {"COCCOCCOC", "G2"},
      {"O=C1OCC(F)O1", "FEC"},
      {"F[P-](F)(F)(F)(F)F", "PF6-"},
      // Reduction intermediates and products of EC: the ring-opened radical anion (CH2–O
      // broken), ethylene glycolate, carbonate, and their C2H4O2 / CH3O / C3H4O3 isomers.
      {"[CH2]COC(=O)[O-]", "EC(open)-"},
      {"[O-]CC[O-]", "ethylene-glycolate(2-)"},
      {"[O-]C([O-])=O", "CO3(2-)"},
      {"[O-]C(=O)C([O-])=O", "C2O4(2-)"},
      {"COC=O", "methyl-formate"},
      {"CC(=O)O", "acetic-acid"},
      {"OCC=O", "glycolaldehyde"},
      {"C[O-]", "methoxide"},
      {"[CH2]O", "hydroxymethyl"},
      {"[CH3][OH]", "methanol"},
      {"COCC[O-]", "CH3OCH2CH2O-"},
      {"[O-]C=O", "formate"},
      // Gases and inorganic products.
      {"FP(F)(F)(F)F", "PF5"},
      {"O=P(F)(F)F", "POF3"},
      {"F", "HF"},
      {"O", "H2O"},
      {"[OH-]", "OH-"},
      {"[H][H]", "H2"},
      {"[C-]#[O+]", "CO"},
      {"O=C=O", "CO2"},
      {"C", "CH4"},
      {"[CH3]", "CH3"},
      {"C=C", "C2H4"},
      {"CC", "C2H6"},
      {"[F-]", "F-"},
      {"[O-2]", "O(2-)"},
  };
  return entries;
}

SpeciesNames::SpeciesNames() {
  // "F", "O" and "C" read as formulas too; the built-in table means them as SMILES.
  for (const auto& [smiles, name] : defaultEntries()) addSmiles(smiles, name);
}

void SpeciesNames::add(const std::string& key, const std::string& name) {
  if (isHillFormula(key)) {
    byFormula_[key] = {name, 0};
  } else {
    addSmiles(key, name);
  }
}

void SpeciesNames::addSmiles(const std::string& smiles, const std::string& name) {
  const MolecularGraph graph = parseSmiles(smiles);
  byIdentity_[canonicalIdentity(graph)] = {name, graph.charge};
}

NamedSpecies SpeciesNames::entry(const std::string& identity, const std::string& formula) const {
  auto it = byIdentity_.find(identity);
  if (it != byIdentity_.end()) return it->second;
  it = byFormula_.find(formula);
  if (it != byFormula_.end()) return it->second;
  return {formula, 0};
}

std::string SpeciesNames::nameOf(const std::string& identity, const std::string& formula,
                                 std::optional<int> charge) const {
  const NamedSpecies e = entry(identity, formula);
  return charge ? withCharge(e, *charge) : e.name;
}

bool SpeciesNames::isName(const std::string& name) const {
  for (const auto* table : {&byIdentity_, &byFormula_})
    for (const auto& [key, e] : *table) {
      if (e.name == name) return true;
      const std::string base = baseName(e);
      if (name.size() > base.size() && name.compare(0, base.size(), base) == 0) {
        const std::string rest = name.substr(base.size());
        for (int q = -4; q <= 4; ++q)
          if (rest == chargeSuffix(q)) return true;
      }
    }
  return false;
}

void SpeciesNames::read(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path, 0, "cannot open species names file");
  int lineNo = 0;
  for (std::string line; std::getline(in, line);) {
    ++lineNo;
    line = line.substr(0, line.find('#'));
    std::istringstream words(line);
    std::string key, name, extra;
    if (!(words >> key)) continue;
    if (!(words >> name) || (words >> extra)) {
      throw InputError(path, lineNo,
                       "expected 'KEY NAME' (SMILES or Hill formula, and a name without spaces), "
                       "found '" +
                           line + "'");
    }
    try {
      add(key, name);
    } catch (const std::invalid_argument& e) {
      throw InputError(path, lineNo,
                       std::string(e.what()) + " (expected SMILES or a Hill formula)");
    }
  }
}

}  // namespace sei::analysis
