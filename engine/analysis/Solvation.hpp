#pragma once

#include <array>
#include <set>
#include <string>
#include <vector>

#include "analysis/Frame.hpp"
#include "analysis/Species.hpp"

namespace sei::analysis {

/// Solvation structure of a dissolved cation by the anions in its first shell.
enum class SolvationClass {
  Ssip,  ///< solvent-separated ion pair: no anion in the shell
  Cip,   ///< contact ion pair: one anion, in no other cation's shell
  Agg,   ///< aggregate: two or more anions, or an anion shared with another cation
};
const char* solvationClassName(SolvationClass c);  ///< "SSIP", "CIP", "AGG"

struct SolvationOptions {
  /// Å: an anion is in a cation's first shell when any of its atoms is this close. The default
  /// is the first minimum of Na–F(PF6-) (firstMinimum on an RDF gives a system's own value).
  double shellRadius = 3.2;
  /// species names that count as anions (F-: a dissolved Na+ F- contact pair is a CIP)
  std::set<std::string> anions = {"PF6-", "F-"};
};

struct SolvationFrame {
  std::vector<int> cations;             ///< atom index of every dissolved cation (SpeciesUnit Ion)
  std::vector<SolvationClass> classes;  ///< per cation
  std::vector<int> anionsInShell;       ///< per cation
  std::array<int, 3> counts{};          ///< cations per class (SSIP, CIP, AGG)
  /// Fraction of the cations in a class; 0 without cations.
  double fraction(SolvationClass c) const;
};

/// Classifies every dissolved cation of a frame (the Ion units of its SpeciesFrame: metal,
/// salt domains and their cations are not "in the liquid") as SSIP, CIP or AGG.
class SolvationClassifier {
 public:
  explicit SolvationClassifier(SolvationOptions options = {});
  const SolvationFrame& classify(const Frame& frame, const SpeciesFrame& species);
  const SolvationFrame& current() const { return current_; }
  double cutoff() const { return options_.shellRadius; }  ///< Å
  void setShellRadius(double r);                          ///< Å, > 0

 private:
  SolvationOptions options_;
  SolvationFrame current_;
};

}  // namespace sei::analysis
