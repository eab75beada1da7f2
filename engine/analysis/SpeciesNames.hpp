#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sei::analysis {

/// A name and the charge it stands for (e): "PF6-" with -1, "EC" with 0.
struct NamedSpecies {
  std::string name;
  int charge = 0;
};

/// Names of molecular species by identity (the canonical SMILES of the bond graph,
/// MolecularGraph), so that counts read "EC" rather than "C3H4O3" and isomers are told apart
/// (intact EC, ring-opened EC; methyl formate, acetic acid). Entries are given as SMILES, whose
/// formal charges set the charge a name stands for; Hill-formula entries name every graph of
/// that formula without an entry of its own. Fragments without either are named by formula.
///
/// With charges (summed per fragment and rounded to the nearest integer) a species whose charge
/// differs from its entry's is named with its own: EC at -1 reads "EC-" (the EC radical anion),
/// a lone F at 0 "F(0)", CO3 at 0 "CO3(0)" — the entry's name less its charge suffix, then "+",
/// "-", "(n+)", "(n-)" or "(0)".
class SpeciesNames {
 public:
  /// The built-in table (defaultEntries()).
  SpeciesNames();
  /// Adds or replaces an entry. `key` is a Hill formula when it reads as one ("C2H4O2", "CO",
  /// "F6P"), SMILES otherwise ("O=C1OCCO1", "COC=O", "[CH3][OH]" for methanol, since "CO" is a
  /// formula). Throws std::invalid_argument for a key that is neither.
  void add(const std::string& key, const std::string& name);
  /// Whether `name` is one of the table's names (or one with another charge suffix).
  bool isName(const std::string& name) const;
  /// The entry for a graph identity (canonicalIdentity) of formula `formula`: its own, its
  /// formula's, or {formula, 0}.
  NamedSpecies entry(const std::string& identity, const std::string& formula) const;
  /// The name of a species of that identity carrying `charge` e (rounded, see above); nullopt:
  /// charges unknown, the entry's name.
  std::string nameOf(const std::string& identity, const std::string& formula,
                     std::optional<int> charge = std::nullopt) const;
  /// Reads "KEY NAME" lines (KEY: SMILES or Hill formula as in add; '#' starts a comment) and
  /// adds them. Throws InputError naming the file and line.
  void read(const std::string& path);
  /// The built-in (SMILES, name) pairs, in the order the README lists them.
  static const std::vector<std::pair<std::string, std::string>>& defaultEntries();

 private:
  void addSmiles(const std::string& smiles, const std::string& name);

  std::unordered_map<std::string, NamedSpecies> byIdentity_, byFormula_;
};

/// "name" with its charge suffix for `charge` replaced: see SpeciesNames.
std::string withCharge(const NamedSpecies& entry, int charge);
/// The charge suffix: "+", "-", "(2+)", "(2-)", "(0)".
std::string chargeSuffix(int charge);

}  // namespace sei::analysis
