#include "builder/InterfaceBuilder.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <set>
#include <sstream>

#include "builder/Composition.hpp"
#include "builder/MetalSlab.hpp"
#include "builder/Molecule.hpp"
#include "builder/Packer.hpp"
#include "core/Error.hpp"
#include "neighbor/NeighborList.hpp"

namespace sei {
namespace {

constexpr double kAvogadro = 6.02214076e23;    ///< 1/mol
constexpr double kCubicAngstromPerCm3 = 1e24;  ///< Å³/cm³

std::string fieldError(const std::string& field, const std::string& message) {
  return "recipe " + field + ": " + message;
}

/// Shipped template or SMILES; a SMILES seen before is not generated twice.
class MoleculeResolver {
 public:
  explicit MoleculeResolver(std::string resourceDir) : resourceDir_(std::move(resourceDir)) {}
  Molecule get(const MoleculeSource& source) {
    if (source.smiles.empty()) return shippedMolecule(source.name, resourceDir_);
    for (const auto& [smiles, molecule] : generated_)
      if (smiles == source.smiles) {
        Molecule m = molecule;
        m.name = source.name;
        return m;
      }
    generated_.emplace_back(source.smiles, moleculeFromSmiles(source.smiles, source.name));
    return generated_.back().second;
  }

 private:
  std::string resourceDir_;
  std::vector<std::pair<std::string, Molecule>> generated_;
};

/// Formula units of a salt: ν+ cations and ν− anions with ν+ q+ + ν− q− = 0, smallest integers.
struct SaltUnit {
  Molecule cation, anion;
  int cations = 1, anions = 1;
  double molarMass() const { return cations * cation.mass() + anions * anion.mass(); }
};

SaltUnit resolveSalt(const RecipeSalt& salt, MoleculeResolver& resolver) {
  SaltUnit u{resolver.get(salt.cation), resolver.get(salt.anion)};
  if (u.cation.charge <= 0)
    throw InputError(fieldError("electrolyte.salt.cation", "'" + u.cation.name + "' has charge " +
                                                               std::to_string(u.cation.charge) +
                                                               " e, expected a cation (> 0)"));
  if (u.anion.charge >= 0)
    throw InputError(fieldError("electrolyte.salt.anion", "'" + u.anion.name + "' has charge " +
                                                              std::to_string(u.anion.charge) +
                                                              " e, expected an anion (< 0)"));
  const int g = std::gcd(u.cation.charge, -u.anion.charge);
  u.cations = -u.anion.charge / g;
  u.anions = u.cation.charge / g;
  return u;
}

/// The closest distances of a built structure, measured independently of the packer.
void measureDistances(const BuiltInterface& built, const std::vector<bool>& isIon, double reach,
                      BuildReport& report) {
  const Structure& s = built.structure;
  NeighborList list;
  buildNeighborList(s.cell, s.positions, reach, list);
  double between = reach, toMetal = reach;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const int mi = built.moleculeOf[i];
    for (std::size_t k = list.begin(i); k < list.end(i); ++k) {
      const int mj = built.moleculeOf[list.index[k]];
      const double d = list.displacement[k].norm();
      if (mi >= 0 && mj >= 0 && mi != mj) between = std::min(between, d);
      if ((mi < 0) != (mj < 0)) toMetal = std::min(toMetal, d);
    }
  }
  report.closestIntermolecular = between;
  report.closestToMetal = report.metalAtoms > 0 ? toMetal : 0.0;
  // Ion centres (centroids) from atoms unwrapped around each molecule's first atom, then all
  // pairs: ions are a few per cent of the molecules.
  const int molecules = *std::max_element(built.moleculeOf.begin(), built.moleculeOf.end()) + 1;
  std::vector<Eigen::Vector3d> first(molecules), offset(molecules, Eigen::Vector3d::Zero());
  std::vector<int> atomsIn(molecules, 0);
  auto minimumImage = [&](const Eigen::Vector3d& d) {
    Eigen::Vector3d f = s.cell.toFractional(d);
    f -= f.array().round().matrix();
    return Eigen::Vector3d(s.cell.toCartesian(f));
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const int m = built.moleculeOf[i];
    if (m < 0) continue;
    if (atomsIn[m]++ == 0) first[m] = s.positions[i];
    offset[m] += minimumImage(s.positions[i] - first[m]);
  }
  std::vector<Eigen::Vector3d> ions;
  for (int m = 0; m < molecules; ++m)
    if (isIon[m]) ions.push_back(first[m] + offset[m] / atomsIn[m]);
  double closestIon = 0.0;
  for (std::size_t a = 0; a < ions.size(); ++a)
    for (std::size_t b = a + 1; b < ions.size(); ++b) {
      const double r = minimumImage(ions[b] - ions[a]).norm();
      closestIon = closestIon == 0.0 ? r : std::min(closestIon, r);
    }
  report.closestIonPair = closestIon;
}

}  // namespace

constexpr double kMaxLiquidAtoms = 1e7;

BuiltInterface buildInterface(const Recipe& recipe, const std::string& resourceDir,
                              const BuildControl& control) {
  const auto started = std::chrono::steady_clock::now();
  const RecipeElectrolyte& liquid = recipe.electrolyte;
  const RecipePacking& packing = recipe.packing;
  if (!(packing.tolerance > 0.0 && packing.tolerance <= 5.0))
    throw InputError(fieldError("packing.tolerance",
                                std::to_string(packing.tolerance) + " Å is outside (0, 5]"));
  if (!(packing.metalTolerance > 0.0 && packing.metalTolerance <= 5.0))
    throw InputError(fieldError("packing.metal_tolerance",
                                std::to_string(packing.metalTolerance) + " Å is outside (0, 5]"));
  if (!(packing.ionDistance >= 0.0 && packing.ionDistance <= 20.0))
    throw InputError(fieldError("packing.ion_distance",
                                std::to_string(packing.ionDistance) + " Å is outside [0, 20]"));
  if (packing.maxSweeps < 1) throw InputError(fieldError("packing.max_sweeps", "expected ≥ 1"));
  if (!(recipe.gap >= 0.0 && recipe.gap <= 50.0))
    throw InputError(fieldError("gap", std::to_string(recipe.gap) + " Å is outside [0, 50]"));
  if (!(recipe.vacuum >= 0.0 && recipe.vacuum <= 1000.0))
    throw InputError(
        fieldError("vacuum", std::to_string(recipe.vacuum) + " Å is outside [0, 1000]"));
  if (liquid.additives.size() != liquid.additiveCounts.size())
    throw InputError(fieldError("electrolyte.additives", "each additive needs a count"));

  // The electrode fixes the lateral cell; without one the recipe gives it.
  control.report("slab", 0.0);
  Slab slab;
  Eigen::Vector2d lateral;
  if (recipe.electrode) {
    slab = buildMetalSlab(recipe.electrode->slab);
    lateral = slab.lateral;
    if (recipe.electrode->faces == WettedFaces::Both && recipe.vacuum > 0.0)
      throw InputError(fieldError("vacuum",
                                  "with both faces wetted the liquid fills the space "
                                  "between the slab and its image; set wetted_faces "
                                  "to \"one\" for a vacuum above the liquid"));
    if (recipe.electrode->faces == WettedFaces::One && !(recipe.vacuum > 0.0))
      throw InputError(fieldError("vacuum",
                                  "one wetted face needs a vacuum above the liquid "
                                  "(vacuum > 0 Å), or wetted_faces \"both\""));
  } else {
    lateral = Eigen::Vector2d(liquid.lateralSize[0], liquid.lateralSize[1]);
    if (!(lateral.x() > 0.0 && lateral.y() > 0.0))
      throw InputError(fieldError("electrolyte.lateral_size",
                                  "a liquid without electrode needs its lateral size in Å"));
  }
  control.report("slab", 1.0);

  // Molecules and counts.
  control.report("molecules", 0.0);
  MoleculeResolver resolver(resourceDir);
  CompositionRequest request;
  std::vector<Molecule> species;
  if (liquid.solvents.empty())
    throw InputError(fieldError("electrolyte.solvents", "at least one solvent is needed"));
  for (const RecipeSolvent& s : liquid.solvents) {
    try {
      species.push_back(resolver.get(s.molecule));
    } catch (const InputError& e) {  // name the field: the molecule's own message does not
      throw InputError(fieldError(
          "electrolyte.solvents[" + std::to_string(&s - liquid.solvents.data()) + "]", e.what()));
    }
    if (species.back().charge != 0)
      throw InputError(fieldError("electrolyte.solvents",
                                  "solvent '" + s.molecule.name + "' carries a net charge"));
    request.solvents.push_back({s.molecule.name, s.fraction, s.density, species.back().mass()});
  }
  request.fractions = liquid.fractions;
  request.solutionDensity = liquid.density;
  const double area = lateral.x() * lateral.y();
  if ((liquid.thickness > 0.0) == (liquid.solventMolecules > 0))
    throw InputError(fieldError("electrolyte",
                                "give either thickness (Å, > 0) or solvent_molecules "
                                "(> 0), exactly one of them; found thickness " +
                                    std::to_string(liquid.thickness) + ", solvent_molecules " +
                                    std::to_string(liquid.solventMolecules)));
  request.volume = liquid.thickness > 0.0 ? area * liquid.thickness : 0.0;
  request.solventMolecules = liquid.solventMolecules;
  // The liquid's bound matches the slab's (10⁷ atoms): a liquid holds about 0.1 atoms/Å³ and
  // a solvent molecule at most a few dozen atoms.
  if (request.volume > kMaxLiquidAtoms / 0.1)
    throw InputError(fieldError("electrolyte.thickness",
                                "a liquid of " + std::to_string(request.volume) +
                                    " Å³ would hold more than 10^7 atoms, the most supported"));
  if (request.solventMolecules > kMaxLiquidAtoms / 10)
    throw InputError(fieldError(
        "electrolyte.solvent_molecules",
        std::to_string(request.solventMolecules) + " molecules: at most 10^6 supported"));
  std::optional<SaltUnit> salt;
  if (liquid.salt) {
    salt = resolveSalt(*liquid.salt, resolver);
    request.molarity = liquid.salt->molarity;
    request.saltMolarMass = salt->molarMass();
  } else {
    request.molarity = 0.0;
  }
  const Composition composition = computeComposition(request);
  const double thickness = composition.volume / area;  ///< Å

  BuildReport report;
  std::vector<int> counts = composition.solventCounts;
  for (std::size_t k = 0; k < liquid.solvents.size(); ++k)
    report.species.push_back(
        {species[k].name, species[k].formula(), "solvent", counts[k], composition.solventExact[k]});
  if (salt) {
    species.push_back(salt->cation);
    species.push_back(salt->anion);
    counts.push_back(salt->cations * composition.saltCount);
    counts.push_back(salt->anions * composition.saltCount);
    report.species.push_back({salt->cation.name, salt->cation.formula(), "cation", counts.end()[-2],
                              salt->cations * composition.saltExact});
    report.species.push_back({salt->anion.name, salt->anion.formula(), "anion", counts.back(),
                              salt->anions * composition.saltExact});
  }
  for (std::size_t a = 0; a < liquid.additives.size(); ++a) {
    if (liquid.additiveCounts[a] < 1)
      throw InputError(fieldError("electrolyte.additives",
                                  "additive '" + liquid.additives[a].name + "' needs a count ≥ 1"));
    species.push_back(resolver.get(liquid.additives[a]));
    counts.push_back(liquid.additiveCounts[a]);
    report.species.push_back({species.back().name, species.back().formula(), "additive",
                              counts.back(), static_cast<double>(counts.back())});
  }
  double atoms = 0.0;
  for (std::size_t k = 0; k < species.size(); ++k) atoms += double(species[k].size()) * counts[k];
  if (atoms > kMaxLiquidAtoms)
    throw InputError(fieldError("electrolyte", "the liquid would hold " + std::to_string(atoms) +
                                                   " atoms; at most 10^7 supported"));
  int charge = 0;
  for (std::size_t k = 0; k < species.size(); ++k) charge += species[k].charge * counts[k];
  if (charge != 0)
    throw InputError(fieldError("electrolyte", "the liquid would carry a net charge of " +
                                                   std::to_string(charge) +
                                                   " e; charged additives need counter-ions"));
  control.report("molecules", 1.0);

  // Geometry along z. Atom centres sit about half a contact distance inside a liquid's surface,
  // so the centres of a film of thickness t between walls are confined to t − tolerance (without
  // this a film comes out ~10 % too dense). A bulk liquid is periodic in z and needs no margin.
  const double skin = packing.tolerance / 2;
  PackingRegion region{lateral.x(), lateral.y(), 0.0, 0.0, false};
  double lengthZ = 0.0;
  std::vector<Eigen::Vector3d> fixed;
  if (recipe.electrode) {
    region.zMin = slab.top + recipe.gap;
    region.zMax = region.zMin - skin + thickness - skin;
    if (recipe.electrode->faces == WettedFaces::Both)
      lengthZ = region.zMax + recipe.gap - slab.bottom;
    else
      lengthZ = region.zMax + skin + recipe.vacuum - slab.bottom;
    // The slab and, above the liquid, its periodic image are obstacles.
    for (const auto& r : slab.structure.positions) {
      fixed.push_back(r);
      fixed.push_back(r + Eigen::Vector3d(0.0, 0.0, lengthZ));
    }
  } else if (recipe.vacuum > 0.0) {
    region.zMin = skin;
    region.zMax = thickness - skin;
    lengthZ = thickness + recipe.vacuum;
  } else {
    region.zMax = thickness;
    region.periodicZ = true;
    lengthZ = thickness;
  }
  if (!(region.zMax > region.zMin))
    throw InputError(fieldError(
        "electrolyte.thickness",
        "a liquid of " + std::to_string(thickness) + " Å is thinner than the packing tolerance"));

  PackingSpec spec;
  spec.tolerance = packing.tolerance;
  spec.fixedTolerance = packing.metalTolerance;
  spec.ionDistance = packing.ionDistance;
  spec.seed = recipe.seed;
  spec.maxSweeps = packing.maxSweeps;
  spec.control = &control;
  const PackedAtoms packed = packMolecules(species, counts, region, fixed, spec);

  // Assemble: metal first, then the liquid.
  BuiltInterface built;
  Structure& s = built.structure;
  s.symbols = slab.structure.symbols;
  s.positions = slab.structure.positions;
  built.moleculeOf.assign(s.size(), -1);
  s.symbols.insert(s.symbols.end(), packed.symbols.begin(), packed.symbols.end());
  s.positions.insert(s.positions.end(), packed.positions.begin(), packed.positions.end());
  built.moleculeOf.insert(built.moleculeOf.end(), packed.molecule.begin(), packed.molecule.end());
  Eigen::Matrix3d h = Eigen::Vector3d(lateral.x(), lateral.y(), lengthZ).asDiagonal();
  s.cell = Cell(h, {true, true, true});
  for (auto& r : s.positions) r.z() -= lengthZ * std::floor(r.z() / lengthZ);

  report.metalAtoms = static_cast<int>(slab.structure.size());
  report.liquidAtoms = static_cast<int>(packed.symbols.size());
  for (const auto& sym : s.symbols) ++report.atomsPerElement[sym];
  report.liquidThickness = thickness;
  report.liquidVolume = composition.volume;
  report.molarityRequested = liquid.salt ? liquid.salt->molarity : 0.0;
  report.molarityReached = composition.molarity;
  double grams = 0.0;  // additives included, unlike Composition::density
  for (std::size_t k = 0; k < species.size(); ++k) grams += counts[k] * species[k].mass();
  report.solventDensity = composition.solventDensity;
  report.liquidDensity = grams / kAvogadro / (composition.volume / kCubicAngstromPerCm3);
  report.cellLengths = Eigen::Vector3d(lateral.x(), lateral.y(), lengthZ);
  report.metalTop = recipe.electrode ? slab.top : 0.0;
  report.liquidBottom = region.zMin;
  report.liquidTop = region.zMax;

  std::vector<bool> isIon;
  for (std::size_t k = 0; k < species.size(); ++k)
    isIon.insert(isIon.end(), counts[k], species[k].charge != 0);
  measureDistances(built, isIon, std::max(packing.tolerance, packing.metalTolerance) + 1.0, report);
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  built.report = report;
  return built;
}

std::vector<std::string> recipeElements(const Recipe& recipe, const std::string& resourceDir) {
  MoleculeResolver resolver(resourceDir);
  std::set<std::string> elements;
  const auto add = [&](const MoleculeSource& source) {
    const Molecule m = resolver.get(source);
    elements.insert(m.symbols.begin(), m.symbols.end());
  };
  if (recipe.electrode) elements.insert(recipe.electrode->slab.element);
  const RecipeElectrolyte& liquid = recipe.electrolyte;
  for (const RecipeSolvent& s : liquid.solvents)
    if (s.fraction > 0) add(s.molecule);
  if (liquid.salt) {
    add(liquid.salt->cation);
    add(liquid.salt->anion);
  }
  for (std::size_t a = 0; a < liquid.additives.size(); ++a)
    if (a >= liquid.additiveCounts.size() || liquid.additiveCounts[a] > 0) add(liquid.additives[a]);
  return {elements.begin(), elements.end()};
}

std::string formatBuildReport(const BuildReport& r) {
  std::ostringstream out;
  char line[256];
  out << "species (exact count before rounding):\n";
  for (const auto& s : r.species) {
    std::snprintf(line, sizeof line, "  %-10s %-10s %-8s %8d  (%.2f)\n", s.name.c_str(),
                  s.formula.c_str(), s.role.c_str(), s.count, s.exactCount);
    out << line;
  }
  std::snprintf(line, sizeof line,
                "liquid: %.3f Å thick, %.1f Å³, density %.4f g/cm³ (solvents %.4f g/cm³)\n",
                r.liquidThickness, r.liquidVolume, r.liquidDensity, r.solventDensity);
  out << line;
  if (r.molarityRequested > 0.0) {
    std::snprintf(line, sizeof line, "molarity: %.4f mol/L requested, %.4f mol/L reached\n",
                  r.molarityRequested, r.molarityReached);
    out << line;
  }
  std::snprintf(line, sizeof line, "cell: %.4f x %.4f x %.4f Å, periodic in x, y, z\n",
                r.cellLengths.x(), r.cellLengths.y(), r.cellLengths.z());
  out << line;
  out << "atoms: " << r.metalAtoms + r.liquidAtoms << " (" << r.metalAtoms << " metal, "
      << r.liquidAtoms << " liquid):";
  for (const auto& [element, n] : r.atomsPerElement) out << ' ' << element << ' ' << n;
  out << "\nnet charge: " << r.netCharge << " e\n";
  std::snprintf(line, sizeof line, "closest: %.3f Å between molecules", r.closestIntermolecular);
  out << line;
  if (r.metalAtoms > 0) {
    std::snprintf(line, sizeof line, ", %.3f Å liquid-metal", r.closestToMetal);
    out << line;
  }
  if (r.closestIonPair > 0.0) {
    std::snprintf(line, sizeof line, ", %.3f Å between ion centres", r.closestIonPair);
    out << line;
  }
  std::snprintf(line, sizeof line, "\nbuilt in %.2f s\n", r.seconds);
  out << line;
  return out.str();
}

}  // namespace sei
