#pragma once

#include <map>
#include <string>
#include <vector>

#include "builder/BuildControl.hpp"
#include "builder/Recipe.hpp"
#include "core/Structure.hpp"

namespace sei {

/// How many of one molecule went into the liquid.
struct SpeciesCount {
  std::string name;
  std::string formula;  ///< Hill formula
  std::string role;     ///< "solvent", "cation", "anion" or "additive"
  int count = 0;
  double exactCount = 0.0;  ///< the unrounded count the arithmetic gave (solvents, salt ions)
};

/// What a build produced, for the printed report, report.json and the builder panel.
struct BuildReport {
  std::vector<SpeciesCount> species;
  int metalAtoms = 0;
  int liquidAtoms = 0;
  std::map<std::string, int> atomsPerElement;
  int netCharge = 0;               ///< e (always 0: the builder refuses charged systems)
  double liquidVolume = 0.0;       ///< Å³, lateral area × liquid thickness
  double liquidThickness = 0.0;    ///< Å
  double molarityRequested = 0.0;  ///< mol/L
  double molarityReached = 0.0;    ///< mol/L, integer formula units / (N_A · volume)
  double solventDensity = 0.0;     ///< g/cm³, ideal mixture of the pure solvents
  double liquidDensity = 0.0;      ///< g/cm³, all liquid molecules in the liquid volume
  Eigen::Vector3d cellLengths = Eigen::Vector3d::Zero();  ///< Å, the cell is orthorhombic
  double metalTop = 0.0;               ///< Å, z of the outermost metal layer (0 without metal)
  double liquidBottom = 0.0;           ///< Å, lowest z allowed for liquid atom centres
  double liquidTop = 0.0;              ///< Å, highest z allowed for liquid atom centres
  double closestIntermolecular = 0.0;  ///< Å, measured on the built structure
  double closestToMetal = 0.0;         ///< Å, measured (0 without metal)
  double closestIonPair = 0.0;         ///< Å between ion centres, measured (0 with < 2 ions)
  double seconds = 0.0;                ///< wall-clock time of the build
};

/// The built interface: metal atoms first (sorted by z, y, x), then the liquid's molecules in the
/// order of BuildReport::species. moleculeOf[i] is the molecule index of atom i (−1: metal).
struct BuiltInterface {
  Structure structure;
  std::vector<int> moleculeOf;
  BuildReport report;
};

/// Builds the system a recipe describes (the geometry along z is documented in the README:
/// metal slab, gap, liquid, then gap and the slab's periodic image or vacuum). Molecules come from
/// resourceDir/molecules (shipped templates) or Open Babel (SMILES). Throws InputError naming the
/// recipe field for impossible requests, BuildCancelled when cancelled.
BuiltInterface buildInterface(const Recipe& recipe, const std::string& resourceDir,
                              const BuildControl& control = {});

/// The elements a build of `recipe` holds, sorted, found without building: the electrode's
/// element and those of every molecule (solvents, salt, additives) resolved as buildInterface
/// resolves them. Lets a caller check a recipe against a model's elements before a long build.
/// Throws InputError as buildInterface does for a molecule that cannot be resolved.
std::vector<std::string> recipeElements(const Recipe& recipe, const std::string& resourceDir);

/// The human-readable report `sei build` prints: counts, molarity reached, density, cell, atoms
/// per element, closest distances.
std::string formatBuildReport(const BuildReport& report);

}  // namespace sei
