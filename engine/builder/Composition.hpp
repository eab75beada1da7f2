#pragma once

#include <string>
#include <vector>

namespace sei {

/// Density of a pure solvent at 25 °C (EC: 40 °C, it is solid below 36 °C), g/cm³, from the
/// table in Composition.cpp (sources cited there). Throws InputError for an unknown name.
double tabulatedDensity(const std::string& solvent);

enum class FractionKind { Volume, Mass };

struct SolventShare {
  std::string name;
  double fraction = 1.0;   ///< volume or mass fraction (normalised over the list)
  double density = 0.0;    ///< g/cm³; 0: tabulatedDensity(name)
  double molarMass = 0.0;  ///< g/mol
};

/// What the liquid should contain. Exactly one of `volume` (> 0) and `solventMolecules` (> 0).
struct CompositionRequest {
  std::vector<SolventShare> solvents;
  FractionKind fractions = FractionKind::Volume;
  double molarity = 1.0;       ///< mol of salt per L of electrolyte
  double saltMolarMass = 0.0;  ///< g/mol (NaPF6: 151.95)
  /// g/cm³ of the whole solution (solvents + salt) when known from experiment; 0: ideal mixing
  /// of the pure solvents with the salt's volume neglected.
  double solutionDensity = 0.0;
  double volume = 0.0;       ///< Å³ of the liquid region
  int solventMolecules = 0;  ///< total solvent molecules instead of a volume
};

/// Molecule counts for the liquid (see computeComposition).
struct Composition {
  std::vector<int> solventCounts;    ///< per SolventShare
  std::vector<double> solventExact;  ///< the unrounded counts (volume given), or N's split
  int saltCount = 0;                 ///< formula units (one cation + one anion each)
  double saltExact = 0.0;            ///< c V N_A before rounding
  double volume = 0.0;               ///< Å³
  double molarity = 0.0;             ///< mol/L actually reached with the integer salt count
  double density = 0.0;              ///< g/cm³ of solvents + salt in that volume
  double solventDensity = 0.0;       ///< g/cm³, ideal mixture of the pure solvents counted
};

/// Ideal mixing by volume: solvent k fills φ_k·V at its pure density, so
/// n_k = round(φ_k V ρ_k N_A / M_k) (mass fractions w_k become φ_k ∝ w_k/ρ_k); the salt's own
/// volume is neglected, as in the usual "x mol per litre of solution" recipe, and
/// n_salt = round(c V N_A). With a measured solution density ρ the salt's mass is taken out
/// instead: the solvents share the mass ρV − n_salt M_salt/N_A in proportion to w_k
/// (w_k ∝ φ_k ρ_k for volume fractions), n_k = round(w_k (ρV − n_salt M_salt/N_A) N_A / M_k).
/// Given a solvent-molecule count instead of V, the counts are split by the fractions (rounded,
/// largest remainders get the spare molecules) and V is their ideal volume, or with ρ the
/// volume whose mass with c V N_A salt units is ρV. Throws InputError for impossible requests (no
/// solvent, fractions ≤ 0, a volume too small to hold one salt unit at a non-zero molarity, a
/// salt heavier than the solution, ...).
Composition computeComposition(const CompositionRequest& request);

}  // namespace sei
