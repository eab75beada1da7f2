#pragma once

#include <string>
#include <vector>

#include "analysis/Frame.hpp"
#include "analysis/Species.hpp"

namespace sei::analysis {

/// A set of atoms named by text: an element ("Na"), a species by name or Hill formula ("EC",
/// "PF6-", "Na+", "NaF", "Na(metal)": all atoms of those units), or an element within a species
/// ("EC:O", "PF6-:F"). Species selections need the frame's SpeciesFrame.
struct Selection {
  std::string text;     ///< as given
  std::string species;  ///< empty: any
  int element = 0;      ///< atomic number; 0: any

  /// Throws InputError naming `source` for an empty text or an unknown element after ':'.
  static Selection parse(const std::string& text, const std::string& source);
  bool needsSpecies() const { return !species.empty(); }
  /// 1 for each selected atom. Throws std::invalid_argument if species are needed and absent.
  std::vector<char> mask(const Frame& frame, const SpeciesFrame* species) const;
};

/// Splits "A-B" into two selections at the first '-' whose left part is an element symbol or a
/// species name (so "Na-PF6-" is Na and PF6-). Throws InputError naming `source`.
std::pair<Selection, Selection> parseSelectionPair(const std::string& text,
                                                   const SpeciesNames& names,
                                                   const std::string& source);

}  // namespace sei::analysis
