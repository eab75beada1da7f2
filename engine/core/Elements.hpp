#pragma once

#include <string_view>

namespace sei {

/// Highest atomic number the element table knows (Pu), as in the NEP model format.
constexpr int kMaxAtomicNumber = 94;

/// Atomic number of an element symbol (case-sensitive, "Na"), 0 if unknown.
int atomicNumber(std::string_view symbol);
/// Symbol of atomic number z (1..kMaxAtomicNumber); "" otherwise.
std::string_view elementSymbol(int z);
/// Standard atomic weight of z, amu.
double atomicMass(int z);
/// Covalent radius used by NEP's typewise ZBL cutoff (GPUMD's table), Å.
double zblCovalentRadius(int z);
/// Single-bond covalent radius of Cordero et al. (Dalton Trans. 2008), Å; 0 for unknown z.
double covalentRadius(int z);
/// Allen electronegativity of z (Pauling units, F 4.193, Na 0.869); 0 where the scale has none
/// (the lanthanides and actinides, unknown z).
double allenElectronegativity(int z);

}  // namespace sei
