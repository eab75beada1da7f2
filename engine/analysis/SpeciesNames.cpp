#include "analysis/SpeciesNames.hpp"

#include <fstream>
#include <sstream>

#include "core/Error.hpp"

namespace sei::analysis {

const std::vector<std::pair<std::string, std::string>>& SpeciesNames::defaultEntries() {
  static const std::vector<std::pair<std::string, std::string>> entries = {
      // Solvents and salt anions of sodium electrolytes (resources/molecules).
      {"C3H4O3", "EC"},
      {"C4H6O3", "PC"},
      {"C3H6O3", "DMC"},
      {"C4H10O2", "DME"},
      {"C6H14O3", "G2"},
      {"C3H3FO3", "FEC"},
      {"F6P", "PF6-"},
      // Decomposition products.
      {"F5P", "PF5"},
      {"F3OP", "POF3"},
      {"FH", "HF"},
      {"H2O", "H2O"},
      {"H2", "H2"},
      {"CO", "CO"},
      {"CO2", "CO2"},
      {"CH4", "CH4"},
      {"CH3", "CH3"},
      {"C2H4", "C2H4"},
      {"C2H6", "C2H6"},
      {"C2H4O2", "ethylene-glycolate"},
      {"CH3O", "methoxide"},
      {"C3H7O2", "CH3OCH2CH2O"},
      {"CO3", "CO3(2-)"},
      {"F", "F-"},
  };
  return entries;
}

SpeciesNames::SpeciesNames() {
  for (const auto& [formula, name] : defaultEntries()) add(formula, name);
}

void SpeciesNames::add(const std::string& formula, const std::string& name) {
  names_[formula] = name;
}

const std::string& SpeciesNames::nameOf(const std::string& formula) const {
  const auto it = names_.find(formula);
  return it == names_.end() ? formula : it->second;
}

bool SpeciesNames::isName(const std::string& name) const {
  for (const auto& entry : names_)
    if (entry.second == name) return true;
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
    std::string formula, name, extra;
    if (!(words >> formula)) continue;
    if (!(words >> name) || (words >> extra)) {
      throw InputError(
          path, lineNo,
          "expected 'FORMULA NAME' (Hill formula and a name without spaces), found '" + line + "'");
    }
    add(formula, name);
  }
}

}  // namespace sei::analysis
