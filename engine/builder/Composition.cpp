#include "builder/Composition.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/Error.hpp"

namespace sei {
namespace {

constexpr double kAvogadro = 6.02214076e23;    ///< 1/mol
constexpr double kCubicAngstromPerCm3 = 1e24;  ///< Å³ per cm³
constexpr double kCubicAngstromPerLitre = 1e27;

struct DensityEntry {
  const char* name;
  double density;  ///< g/cm³
};

// K. Xu, Chem. Rev. 104, 4303 (2004), Table 1 (25 °C; EC at 40 °C): EC 1.321, PC 1.200,
// DMC 1.063, DME 0.86. Diglyme 0.937 and FEC 1.454 g/cm³ at 25 °C: manufacturers' data sheets
// (Sigma-Aldrich). Water 0.99705 g/cm³ at 25 °C: CRC Handbook of Chemistry and Physics (density
// of water table). Users override them per solvent in the recipe.
constexpr DensityEntry kDensities[] = {{"EC", 1.321},   {"PC", 1.200}, {"DMC", 1.063},
                                       {"DME", 0.86},   {"G2", 0.937}, {"FEC", 1.454},
                                       {"H2O", 0.99705}};

}  // namespace

double tabulatedDensity(const std::string& solvent) {
  for (const auto& e : kDensities)
    if (solvent == e.name) return e.density;
  std::string known;
  for (const auto& e : kDensities) known += std::string(known.empty() ? "" : ", ") + e.name;
  throw InputError("no tabulated density for solvent '" + solvent + "' (known: " + known +
                   "); give its density in g/cm³ in the recipe");
}

Composition computeComposition(const CompositionRequest& r) {
  if (r.solvents.empty()) throw InputError("the electrolyte needs at least one solvent");
  if (!(r.molarity >= 0.0) || r.molarity > 20.0)
    throw InputError("molarity " + std::to_string(r.molarity) + " mol/L is outside 0..20");
  if ((r.volume > 0.0) == (r.solventMolecules > 0))
    throw InputError(
        "give either the liquid volume (thickness) or the number of solvent "
        "molecules, not both and not neither");
  const std::size_t k = r.solvents.size();
  std::vector<double> density(k), share(k);
  for (std::size_t i = 0; i < k; ++i) {
    const SolventShare& s = r.solvents[i];
    if (!(s.fraction > 0.0))
      throw InputError("solvent '" + s.name + "' has fraction " + std::to_string(s.fraction) +
                       ", expected > 0");
    if (!(s.molarMass > 0.0)) throw InputError("solvent '" + s.name + "' has no molar mass");
    density[i] = s.density > 0.0 ? s.density : tabulatedDensity(s.name);
    // Volume fraction; mass fractions become volumes through the pure densities.
    share[i] = r.fractions == FractionKind::Volume ? s.fraction : s.fraction / density[i];
  }
  const double total = std::accumulate(share.begin(), share.end(), 0.0);
  for (double& x : share) x /= total;
  // Molecules per Å³ of each pure solvent.
  std::vector<double> numberDensity(k);
  for (std::size_t i = 0; i < k; ++i)
    numberDensity[i] = density[i] * kAvogadro / r.solvents[i].molarMass / kCubicAngstromPerCm3;

  Composition c;
  c.solventCounts.assign(k, 0);
  c.solventExact.assign(k, 0.0);
  const double rho = r.solutionDensity;
  if (rho < 0.0 || rho > 30.0)
    throw InputError("solution density " + std::to_string(rho) + " g/cm³ is outside 0..30");
  const double saltGramsPerCm3 = r.molarity * r.saltMolarMass / 1000.0;  // c M per cm³
  if (rho > 0.0 && saltGramsPerCm3 >= rho)
    throw InputError("at " + std::to_string(r.molarity) + " mol/L the salt alone weighs " +
                     std::to_string(saltGramsPerCm3) + " g/cm³, more than the solution density " +
                     std::to_string(rho) + " g/cm³");
  // Mass share of each solvent in the solvent mixture (used with a solution density).
  std::vector<double> massShare(k);
  double massTotal = 0.0;
  for (std::size_t i = 0; i < k; ++i) massTotal += massShare[i] = share[i] * density[i];
  for (double& w : massShare) w /= massTotal;
  // Salt formula units in the liquid's volume: known first when the volume is given (with a
  // solution density the solvents take what the salt leaves), last when it follows from them.
  auto countSalt = [&] {
    c.saltExact = r.molarity * (c.volume / kCubicAngstromPerLitre) * kAvogadro;
    c.saltCount = static_cast<int>(std::lround(c.saltExact));
  };
  if (r.volume > 0.0) {
    c.volume = r.volume;
    countSalt();
    if (rho > 0.0) {
      const double solventGrams =
          rho * c.volume / kCubicAngstromPerCm3 - c.saltCount * r.saltMolarMass / kAvogadro;
      for (std::size_t i = 0; i < k; ++i)
        c.solventExact[i] = massShare[i] * solventGrams * kAvogadro / r.solvents[i].molarMass;
    } else {
      for (std::size_t i = 0; i < k; ++i)
        c.solventExact[i] = share[i] * c.volume * numberDensity[i];
    }
    for (std::size_t i = 0; i < k; ++i)
      c.solventCounts[i] = static_cast<int>(std::lround(c.solventExact[i]));
  } else {
    // Molecules per unit volume fraction decide how N splits: n_k ∝ φ_k ρ_k/M_k.
    std::vector<double>& ideal = c.solventExact;
    double weight = 0.0;
    for (std::size_t i = 0; i < k; ++i) weight += share[i] * numberDensity[i];
    int assigned = 0;
    for (std::size_t i = 0; i < k; ++i) {
      ideal[i] = r.solventMolecules * share[i] * numberDensity[i] / weight;
      c.solventCounts[i] = static_cast<int>(std::floor(ideal[i]));
      assigned += c.solventCounts[i];
    }
    std::vector<std::size_t> order(k);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return ideal[a] - std::floor(ideal[a]) > ideal[b] - std::floor(ideal[b]);
    });
    for (std::size_t j = 0; assigned < r.solventMolecules; ++j, ++assigned)
      ++c.solventCounts[order[j % k]];
    if (rho > 0.0) {
      double solventGrams = 0.0;
      for (std::size_t i = 0; i < k; ++i)
        solventGrams += c.solventCounts[i] * r.solvents[i].molarMass / kAvogadro;
      c.volume = solventGrams / (rho - saltGramsPerCm3) * kCubicAngstromPerCm3;
    } else {
      for (std::size_t i = 0; i < k; ++i) c.volume += c.solventCounts[i] / numberDensity[i];
    }
    countSalt();
  }
  for (std::size_t i = 0; i < k; ++i)
    if (c.solventCounts[i] == 0)
      throw InputError("the liquid is too small to hold one molecule of '" + r.solvents[i].name +
                       "' at its fraction; enlarge the liquid region");
  const double litres = c.volume / kCubicAngstromPerLitre;
  if (r.molarity > 0.0 && c.saltCount == 0)
    throw InputError("a liquid of " + std::to_string(c.volume) +
                     " Å³ holds less than half a salt "
                     "unit at " +
                     std::to_string(r.molarity) + " mol/L; enlarge the liquid region");
  c.molarity = c.saltCount / kAvogadro / litres;
  double grams = c.saltCount * r.saltMolarMass;
  for (std::size_t i = 0; i < k; ++i) grams += c.solventCounts[i] * r.solvents[i].molarMass;
  c.density = grams / kAvogadro / (c.volume / kCubicAngstromPerCm3);
  double solventGrams = 0.0, solventCm3 = 0.0;  // per mole of the whole liquid
  for (std::size_t i = 0; i < k; ++i) {
    solventGrams += c.solventCounts[i] * r.solvents[i].molarMass;
    solventCm3 += c.solventCounts[i] * r.solvents[i].molarMass / density[i];
  }
  c.solventDensity = solventGrams / solventCm3;
  return c;
}

}  // namespace sei
