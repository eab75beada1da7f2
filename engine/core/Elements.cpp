#include "core/Elements.hpp"

#include <array>

namespace sei {
namespace {

struct Element {
  const char* symbol;
  double mass;       ///< amu
  double zblRadius;  ///< Å
};

// Masses: IUPAC standard atomic weights (conventional values; mass number of the longest-lived
// isotope for elements without a stable one). Radii: the covalent radii NEP's typewise ZBL uses.
constexpr std::array<Element, kMaxAtomicNumber> kElements = {{
    {"H", 1.008, 0.426667},
    {"He", 4.002602, 0.613333},
    {"Li", 6.94, 1.6},
    {"Be", 9.0121831, 1.25333},
    {"B", 10.81, 1.02667},
    {"C", 12.011, 1.0},
    {"N", 14.007, 0.946667},
    {"O", 15.999, 0.84},
    {"F", 18.998403163, 0.853333},
    {"Ne", 20.1797, 0.893333},
    {"Na", 22.98976928, 1.86667},
    {"Mg", 24.305, 1.66667},
    {"Al", 26.9815385, 1.50667},
    {"Si", 28.085, 1.38667},
    {"P", 30.973761998, 1.46667},
    {"S", 32.06, 1.36},
    {"Cl", 35.45, 1.32},
    {"Ar", 39.948, 1.28},
    {"K", 39.0983, 2.34667},
    {"Ca", 40.078, 2.05333},
    {"Sc", 44.955908, 1.77333},
    {"Ti", 47.867, 1.62667},
    {"V", 50.9415, 1.61333},
    {"Cr", 51.9961, 1.46667},
    {"Mn", 54.938044, 1.42667},
    {"Fe", 55.845, 1.38667},
    {"Co", 58.933194, 1.33333},
    {"Ni", 58.6934, 1.32},
    {"Cu", 63.546, 1.34667},
    {"Zn", 65.38, 1.45333},
    {"Ga", 69.723, 1.49333},
    {"Ge", 72.630, 1.45333},
    {"As", 74.921595, 1.53333},
    {"Se", 78.971, 1.46667},
    {"Br", 79.904, 1.52},
    {"Kr", 83.798, 1.56},
    {"Rb", 85.4678, 2.52},
    {"Sr", 87.62, 2.22667},
    {"Y", 88.90584, 1.96},
    {"Zr", 91.224, 1.85333},
    {"Nb", 92.90637, 1.76},
    {"Mo", 95.95, 1.65333},
    {"Tc", 98.0, 1.53333},
    {"Ru", 101.07, 1.50667},
    {"Rh", 102.90550, 1.50667},
    {"Pd", 106.42, 1.44},
    {"Ag", 107.8682, 1.53333},
    {"Cd", 112.414, 1.64},
    {"In", 114.818, 1.70667},
    {"Sn", 118.710, 1.68},
    {"Sb", 121.760, 1.68},
    {"Te", 127.60, 1.64},
    {"I", 126.90447, 1.76},
    {"Xe", 131.293, 1.74667},
    {"Cs", 132.90545196, 2.78667},
    {"Ba", 137.327, 2.34667},
    {"La", 138.90547, 2.16},
    {"Ce", 140.116, 1.96},
    {"Pr", 140.90766, 2.10667},
    {"Nd", 144.242, 2.09333},
    {"Pm", 145.0, 2.08},
    {"Sm", 150.36, 2.06667},
    {"Eu", 151.964, 2.01333},
    {"Gd", 157.25, 2.02667},
    {"Tb", 158.92535, 2.01333},
    {"Dy", 162.500, 2.0},
    {"Ho", 164.93033, 1.98667},
    {"Er", 167.259, 1.98667},
    {"Tm", 168.93422, 1.97333},
    {"Yb", 173.045, 2.04},
    {"Lu", 174.9668, 1.94667},
    {"Hf", 178.49, 1.82667},
    {"Ta", 180.94788, 1.74667},
    {"W", 183.84, 1.64},
    {"Re", 186.207, 1.57333},
    {"Os", 190.23, 1.54667},
    {"Ir", 192.217, 1.48},
    {"Pt", 195.084, 1.49333},
    {"Au", 196.966569, 1.50667},
    {"Hg", 200.592, 1.76},
    {"Tl", 204.38, 1.73333},
    {"Pb", 207.2, 1.73333},
    {"Bi", 208.98040, 1.81333},
    {"Po", 209.0, 1.74667},
    {"At", 210.0, 1.84},
    {"Rn", 222.0, 1.89333},
    {"Fr", 223.0, 2.68},
    {"Ra", 226.0, 2.41333},
    {"Ac", 227.0, 2.22667},
    {"Th", 232.0377, 2.10667},
    {"Pa", 231.03588, 2.02667},
    {"U", 238.02891, 2.04},
    {"Np", 237.0, 2.05333},
    {"Pu", 244.0, 2.06667},
}};

// Single-bond covalent radii of B. Cordero et al., "Covalent radii revisited", Dalton Trans. 2008,
// 2832-2838, Table 2 (C: sp3; Mn, Fe, Co: low spin), Å. Bond criteria of the analysis start from
// their sums.
constexpr std::array<double, kMaxAtomicNumber> kCovalentRadii = {{
    0.31, 0.28, 1.28, 0.96, 0.84, 0.76, 0.71, 0.66, 0.57, 0.58, 1.66, 1.41, 1.21, 1.11, 1.07, 1.05,
    1.02, 1.06, 2.03, 1.76, 1.70, 1.60, 1.53, 1.39, 1.39, 1.32, 1.26, 1.24, 1.32, 1.22, 1.22, 1.20,
    1.19, 1.20, 1.20, 1.16, 2.20, 1.95, 1.90, 1.75, 1.64, 1.54, 1.47, 1.46, 1.42, 1.39, 1.45, 1.44,
    1.42, 1.39, 1.39, 1.38, 1.39, 1.40, 2.44, 2.15, 2.07, 2.04, 2.03, 2.01, 1.99, 1.98, 1.98, 1.96,
    1.94, 1.92, 1.92, 1.89, 1.90, 1.87, 1.87, 1.75, 1.70, 1.62, 1.51, 1.44, 1.41, 1.36, 1.36, 1.32,
    1.45, 1.46, 1.48, 1.40, 1.50, 1.50, 2.60, 2.21, 2.15, 2.06, 2.00, 1.96, 1.90, 1.87,
}};

// Allen electronegativities (the mean one-electron energy of the valence shell, in Pauling's
// units): L. C. Allen, J. Am. Chem. Soc. 111, 9003 (1989) for the main groups, J. B. Mann,
// T. L. Meek, L. C. Allen, J. Am. Chem. Soc. 122, 2780 (2000) for the d block; 0 for La–Yb and
// Ac–Pu, which the scale leaves out. Allen rather than Pauling because the Pauling value usually
// tabulated for Pb (2.33, from Pb(IV)) lies above Te's (2.1), against the Te anion of PbTe.
constexpr std::array<double, kMaxAtomicNumber> kAllenElectronegativity = {{
    2.300, 4.160, 0.912, 1.576, 2.051, 2.544, 3.066, 3.610, 4.193, 4.787, 0.869, 1.293,
    1.613, 1.916, 2.253, 2.589, 2.869, 3.242, 0.734, 1.034, 1.19,  1.38,  1.53,  1.65,
    1.75,  1.80,  1.84,  1.88,  1.85,  1.588, 1.756, 1.994, 2.211, 2.424, 2.685, 2.966,
    0.706, 0.963, 1.12,  1.32,  1.41,  1.47,  1.51,  1.54,  1.56,  1.58,  1.87,  1.521,
    1.656, 1.824, 1.984, 2.158, 2.359, 2.582, 0.659, 0.881, 0,     0,     0,     0,
    0,     0,     0,     0,     0,     0,     0,     0,     0,     0,     1.09,  1.16,
    1.34,  1.47,  1.60,  1.65,  1.68,  1.72,  1.92,  1.765, 1.789, 1.854, 2.01,  2.19,
    2.39,  2.60,  0.67,  0.89,  0,     0,     0,     0,     0,     0,
}};

}  // namespace

int atomicNumber(std::string_view symbol) {
  for (int z = 1; z <= kMaxAtomicNumber; ++z) {
    if (symbol == kElements[z - 1].symbol) return z;
  }
  return 0;
}

std::string_view elementSymbol(int z) {
  return (z >= 1 && z <= kMaxAtomicNumber) ? kElements[z - 1].symbol : "";
}

double atomicMass(int z) { return (z >= 1 && z <= kMaxAtomicNumber) ? kElements[z - 1].mass : 0.0; }

double zblCovalentRadius(int z) {
  return (z >= 1 && z <= kMaxAtomicNumber) ? kElements[z - 1].zblRadius : 0.0;
}

double covalentRadius(int z) {
  return (z >= 1 && z <= kMaxAtomicNumber) ? kCovalentRadii[z - 1] : 0.0;
}

double allenElectronegativity(int z) {
  return (z >= 1 && z <= kMaxAtomicNumber) ? kAllenElectronegativity[z - 1] : 0.0;
}

}  // namespace sei
