#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>

namespace sei::analysis {

/// How two atoms in contact are counted.
enum class ContactKind {
  Covalent,  ///< two non-metals: a bond of the molecular graph
  Ionic,     ///< a metal and a non-metal: coordination, salt lattice
  Metallic,  ///< two metals
};

/// Distance criteria for contacts between element pairs. The default cutoff of a pair is a factor
/// times the sum of the two covalent radii (Cordero et al. 2008, core/Elements): 1.2 for covalent
/// and metallic pairs (C–H 1.28 Å, C–C 1.82 Å, C–O 1.70 Å, P–F 1.97 Å, Na–Na 3.98 Å: bcc Na's
/// first shell at 3.72 Å in, its second at 4.29 Å out), 1.35 for ionic pairs (Na–F 3.01 Å,
/// Na–O 3.13 Å, Na–H 2.66 Å: the rock-salt and antifluorite first shells at 2.3–2.45 Å in, their
/// second shells beyond 3.9 Å out). H–H is set to 1.0 Å, since 1.2 × 0.62 Å would cut H2's own
/// 0.74 Å bond while geminal H···H (1.75 Å) stays out. Every pair can be overridden.
struct BondCriteria {
  double covalentFactor = 1.2;  ///< times the covalent radius sum, non-metal pairs
  double ionicFactor = 1.35;    ///< times the covalent radius sum, metal–non-metal pairs
  double metallicFactor = 1.2;  ///< times the covalent radius sum, metal–metal pairs
  /// Å, explicit cutoffs keyed by (smaller Z, larger Z); they win over the factors.
  std::map<std::pair<int, int>, double> overrides = {{{1, 1}, 1.0}};
  /// Atomic numbers of the electropositive metals (alkali and alkaline earth), which form ions,
  /// salts and metal rather than covalent bonds.
  std::set<int> metals = {3, 4, 11, 12, 19, 20, 37, 38, 55, 56};

  bool isMetal(int z) const { return metals.count(z) > 0; }
  ContactKind kind(int za, int zb) const;
  double cutoff(int za, int zb) const;  ///< Å
  /// Applies "A-B:R,C-D:R" (element symbols, R in Å), e.g. "Na-O:2.9,C-H:1.3". Throws
  /// InputError naming `source` and the bad item.
  void applyOverrides(const std::string& text, const std::string& source);
};

/// Charge of a metal's ion, e: +1 for the alkali metals, +2 for the alkaline earths.
int metalValence(int z);

}  // namespace sei::analysis
