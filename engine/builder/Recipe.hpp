#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "builder/Composition.hpp"
#include "builder/MetalSlab.hpp"

namespace sei {

/// A molecule of the recipe: a shipped template by name ("EC", "PF6", ...) or, when `smiles` is
/// set, a molecule generated from SMILES and called `name`.
struct MoleculeSource {
  std::string name;
  std::string smiles;  ///< empty: shipped template `name`
};

/// One solvent of the electrolyte.
struct RecipeSolvent {
  MoleculeSource molecule;
  double fraction = 1.0;  ///< volume or mass fraction (normalised over the solvents)
  double density = 0.0;   ///< g/cm³ of the pure solvent; 0: tabulatedDensity(name)
};

/// The salt: formula units of cations and anions in the ratio that makes them neutral
/// (NaPF6: one Na+ and one PF6-).
struct RecipeSalt {
  MoleculeSource cation{"Na", ""};
  MoleculeSource anion{"PF6", ""};
  double molarity = 1.0;  ///< mol of formula units per L of electrolyte
};

/// Which faces of the electrode the liquid touches. Both: the cell is periodic in z with the
/// liquid between the slab's top and the bottom of its periodic image; one: liquid above the slab
/// and vacuum above the liquid.
enum class WettedFaces { One, Both };

struct RecipeElectrode {
  SlabSpec slab;  ///< element, lattice constant, facet, repeats or target lateral size, layers
  WettedFaces faces = WettedFaces::Both;
};

struct RecipeElectrolyte {
  std::vector<RecipeSolvent> solvents;
  FractionKind fractions = FractionKind::Volume;
  std::optional<RecipeSalt> salt;         ///< none: neat solvent
  std::vector<MoleculeSource> additives;  ///< extra molecules, `additiveCounts` copies each
  std::vector<int> additiveCounts;
  /// g/cm³ of the whole solution when measured; 0: ideal mixing of the solvents' tabulated
  /// densities with the salt's volume neglected (see computeComposition).
  double density = 0.0;
  double thickness = 0.0;    ///< Å of liquid along z; or
  int solventMolecules = 0;  ///< total solvent molecules (exactly one of the two is > 0)
  /// Å × Å lateral cell of a liquid without electrode (ignored when there is one).
  std::array<double, 2> lateralSize{0.0, 0.0};
};

struct RecipePacking {
  double tolerance = 2.0;       ///< Å, minimum distance between atoms of different molecules
  double metalTolerance = 2.0;  ///< Å, minimum distance between liquid and metal atoms
  double ionDistance = 4.0;     ///< Å, minimum distance between the centres of any two ions
  int maxSweeps = 2000;         ///< optimisation sweeps before the packer gives up
};

/// Everything `sei build` and the studio's builder panel need to build an interface, exactly and
/// reproducibly. Stored as JSON (io/RecipeJson, schema "sei-recipe" version kRecipeVersion).
struct Recipe {
  std::optional<RecipeElectrode> electrode;  ///< none: bulk liquid (or liquid film in vacuum)
  RecipeElectrolyte electrolyte;
  double gap = 2.5;     ///< Å, from the outermost metal layer to the nearest liquid atom centres
  double vacuum = 0.0;  ///< Å of empty space above the liquid's surface (wetted faces: one)
  RecipePacking packing;
  std::uint64_t seed = 1;
};

constexpr int kRecipeVersion = 1;

}  // namespace sei
