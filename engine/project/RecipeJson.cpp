#include "project/RecipeJson.hpp"

#include <cmath>
#include <limits>

#include "project/JsonFields.hpp"
#include "project/RecipeJsonValue.hpp"

namespace sei {
namespace {

MoleculeSource readSource(const json& v, const std::string& path, const std::string& source) {
  if (v.is_string()) return {v.get<std::string>(), ""};
  JsonFields f(v, path, source);
  MoleculeSource m;
  m.name = f.text("name", "");
  m.smiles = f.text("smiles", "");
  if (m.name.empty()) f.fail(f.at("name"), "expected the molecule's name", v);
  f.finish();
  return m;
}

json writeSource(const MoleculeSource& m) {
  if (m.smiles.empty()) return m.name;
  return {{"name", m.name}, {"smiles", m.smiles}};
}

const std::vector<std::string> kFacets = {"100", "110", "111"};

RecipeElectrode readElectrode(const json& v, const std::string& prefix, const std::string& source) {
  JsonFields f(v, joinPath(prefix, "electrode"), source);
  RecipeElectrode e;
  SlabSpec& s = e.slab;
  s.element = f.text("element", s.element);
  s.latticeConstant = f.number("lattice_constant", s.latticeConstant, 1.0, 20.0);
  const std::string facet = f.choice("facet", "100", kFacets);
  s.facet = facet == "100"   ? SurfaceFacet::F100
            : facet == "110" ? SurfaceFacet::F110
                             : SurfaceFacet::F111;
  if (f.has("repeats") == f.has("lateral_size"))
    f.fail(joinPath(prefix, "electrode"),
           "give either repeats [nx, ny] or lateral_size [Lx, Ly] (Å)", v);
  if (f.has("repeats")) {
    const auto r = f.pair("repeats", 1000);
    if (r[0] != std::floor(r[0]) || r[1] != std::floor(r[1]))
      f.fail(f.at("repeats"), "expected two whole numbers", v["repeats"]);
    s.repeatsA = static_cast<int>(r[0]);
    s.repeatsB = static_cast<int>(r[1]);
  } else {
    const auto l = f.pair("lateral_size", 10000.0);
    s.targetLateralA = l[0];
    s.targetLateralB = l[1];
  }
  s.layers = static_cast<int>(f.integer("layers", s.layers, 1, 1000));
  e.faces = f.choice("wetted_faces", "both", {"one", "both"}) == "one" ? WettedFaces::One
                                                                       : WettedFaces::Both;
  f.finish();
  return e;
}

RecipeElectrolyte readElectrolyte(const json& v, const std::string& prefix,
                                  const std::string& source) {
  const std::string here = joinPath(prefix, "electrolyte");
  JsonFields f(v, here, source);
  RecipeElectrolyte e;
  const json& solvents = f.child("solvents");
  if (!solvents.is_array() || solvents.empty())
    f.fail(here + ".solvents", "expected a list of at least one solvent", solvents);
  for (std::size_t i = 0; i < solvents.size(); ++i) {
    const std::string path = here + ".solvents[" + std::to_string(i) + "]";
    RecipeSolvent s;
    if (solvents[i].is_string()) {
      s.molecule = readSource(solvents[i], path, source);
    } else {
      JsonFields sf(solvents[i], path, source);
      s.molecule.name = sf.text("name", "");
      s.molecule.smiles = sf.text("smiles", "");
      if (s.molecule.name.empty()) sf.fail(sf.at("name"), "expected a name", solvents[i]);
      s.fraction = sf.number("fraction", 1.0, std::numeric_limits<double>::min(), 1e6);
      s.density = sf.number("density", 0.0, 0.0, 30.0);
      sf.finish();
    }
    e.solvents.push_back(s);
  }
  e.fractions = f.choice("fractions", "volume", {"volume", "mass"}) == "mass"
                    ? FractionKind::Mass
                    : FractionKind::Volume;
  if (f.has("salt") && !v["salt"].is_null()) {
    JsonFields sf(f.child("salt"), here + ".salt", source);
    RecipeSalt salt;
    if (sf.has("cation"))
      salt.cation = readSource(sf.child("cation"), here + ".salt.cation", source);
    if (sf.has("anion")) salt.anion = readSource(sf.child("anion"), here + ".salt.anion", source);
    salt.molarity = sf.number("molarity", salt.molarity, 0.0, 20.0);
    sf.finish();
    e.salt = salt;
  } else {
    f.allow("salt");
  }
  if (f.has("additives")) {
    const json& additives = f.child("additives");
    if (!additives.is_array()) f.fail(here + ".additives", "expected a list", additives);
    for (std::size_t i = 0; i < additives.size(); ++i) {
      const std::string path = here + ".additives[" + std::to_string(i) + "]";
      JsonFields af(additives[i], path, source);
      MoleculeSource m;
      m.name = af.text("name", "");
      m.smiles = af.text("smiles", "");
      if (m.name.empty()) af.fail(af.at("name"), "expected a name", additives[i]);
      e.additives.push_back(m);
      e.additiveCounts.push_back(static_cast<int>(af.integer("count", 1, 1, 10000000)));
      af.finish();
    }
  }
  e.density = f.number("density", 0.0, 0.0, 30.0);
  e.thickness = f.number("thickness", 0.0, 0.0, 10000.0);
  e.solventMolecules = static_cast<int>(f.integer("solvent_molecules", 0, 0, 100000000));
  if (f.has("thickness") && !(e.thickness > 0.0))
    f.fail(f.at("thickness"),
           "expected a liquid thickness above 0 Å (or leave it out and give solvent_molecules)",
           f.child("thickness"));
  if ((e.thickness > 0.0) == (e.solventMolecules > 0))
    f.fail(here, "give either thickness (Å) or solvent_molecules, exactly one", v);
  if (f.has("lateral_size")) e.lateralSize = f.pair("lateral_size", 10000.0);
  f.finish();
  return e;
}

}  // namespace

Recipe recipeFromJson(const json& root, const std::string& prefix, const std::string& source,
                      bool topLevel) {
  JsonFields f(root, prefix, source);
  if (topLevel) checkFormatAndVersion(f, root, "sei-recipe", kRecipeVersion, "recipe");
  Recipe r;
  r.seed =
      static_cast<std::uint64_t>(f.integer("seed", 1, 0, std::numeric_limits<long long>::max()));
  if (f.has("electrode") && !root["electrode"].is_null())
    r.electrode = readElectrode(f.child("electrode"), prefix, source);
  else
    f.allow("electrode");
  if (!f.has("electrolyte"))
    f.fail(joinPath(prefix, "electrolyte"), "the recipe needs an electrolyte", root);
  r.electrolyte = readElectrolyte(f.child("electrolyte"), prefix, source);
  r.gap = f.number("gap", r.gap, 0.0, 50.0);
  r.vacuum = f.number("vacuum", r.vacuum, 0.0, 1000.0);
  if (f.has("packing")) {
    JsonFields p(f.child("packing"), joinPath(prefix, "packing"), source);
    RecipePacking& k = r.packing;
    k.tolerance = p.number("tolerance", k.tolerance, 0.5, 5.0);
    k.metalTolerance = p.number("metal_tolerance", k.metalTolerance, 0.5, 5.0);
    k.ionDistance = p.number("ion_distance", k.ionDistance, 0.0, 20.0);
    k.maxSweeps = static_cast<int>(p.integer("max_sweeps", k.maxSweeps, 1, 1000000));
    p.finish();
  }
  f.finish();
  return r;
}

Recipe parseRecipe(const std::string& text, const std::string& sourceName) {
  return recipeFromJson(parseJsonText(text, sourceName), "", sourceName, true);
}

Recipe readRecipe(const std::string& path) {
  return parseRecipe(readTextFile(path, "recipe file"), path);
}

std::string recipeToJson(const Recipe& r) {
  json root = recipeJsonValue(r);
  root["format"] = "sei-recipe";
  root["version"] = kRecipeVersion;
  return root.dump(2) + "\n";
}

json recipeJsonValue(const Recipe& r) {
  json root;
  root["seed"] = r.seed;
  if (r.electrode) {
    const SlabSpec& s = r.electrode->slab;
    json e;
    e["element"] = s.element;
    e["lattice_constant"] = s.latticeConstant;
    e["facet"] = kFacets[static_cast<int>(s.facet)];
    if (s.repeatsA > 0)
      e["repeats"] = {s.repeatsA, s.repeatsB};
    else
      e["lateral_size"] = {s.targetLateralA, s.targetLateralB};
    e["layers"] = s.layers;
    e["wetted_faces"] = r.electrode->faces == WettedFaces::One ? "one" : "both";
    root["electrode"] = e;
  }
  const RecipeElectrolyte& l = r.electrolyte;
  json e;
  e["solvents"] = json::array();
  for (const auto& s : l.solvents) {
    json j{{"name", s.molecule.name}, {"fraction", s.fraction}};
    if (!s.molecule.smiles.empty()) j["smiles"] = s.molecule.smiles;
    if (s.density > 0) j["density"] = s.density;
    e["solvents"].push_back(j);
  }
  e["fractions"] = l.fractions == FractionKind::Mass ? "mass" : "volume";
  if (l.salt)
    e["salt"] = {{"cation", writeSource(l.salt->cation)},
                 {"anion", writeSource(l.salt->anion)},
                 {"molarity", l.salt->molarity}};
  if (!l.additives.empty()) {
    e["additives"] = json::array();
    for (std::size_t i = 0; i < l.additives.size(); ++i) {
      json a{{"name", l.additives[i].name}, {"count", l.additiveCounts[i]}};
      if (!l.additives[i].smiles.empty()) a["smiles"] = l.additives[i].smiles;
      e["additives"].push_back(a);
    }
  }
  if (l.density > 0) e["density"] = l.density;
  if (l.thickness > 0) e["thickness"] = l.thickness;
  if (l.solventMolecules > 0) e["solvent_molecules"] = l.solventMolecules;
  if (!r.electrode) e["lateral_size"] = {l.lateralSize[0], l.lateralSize[1]};
  root["electrolyte"] = e;
  root["gap"] = r.gap;
  root["vacuum"] = r.vacuum;
  root["packing"] = {{"tolerance", r.packing.tolerance},
                     {"metal_tolerance", r.packing.metalTolerance},
                     {"ion_distance", r.packing.ionDistance},
                     {"max_sweeps", r.packing.maxSweeps}};
  return root;
}

std::string buildReportToJson(const BuildReport& r) {
  json root;
  root["format"] = "sei-build-report";
  root["version"] = 1;
  root["species"] = json::array();
  for (const auto& s : r.species)
    root["species"].push_back({{"name", s.name},
                               {"formula", s.formula},
                               {"role", s.role},
                               {"count", s.count},
                               {"exact_count", s.exactCount}});
  root["atoms"] = r.metalAtoms + r.liquidAtoms;
  root["metal_atoms"] = r.metalAtoms;
  root["liquid_atoms"] = r.liquidAtoms;
  root["atoms_per_element"] = r.atomsPerElement;
  root["net_charge_e"] = r.netCharge;
  root["liquid_volume_A3"] = r.liquidVolume;
  root["liquid_thickness_A"] = r.liquidThickness;
  root["molarity_requested_mol_per_L"] = r.molarityRequested;
  root["molarity_reached_mol_per_L"] = r.molarityReached;
  root["solvent_density_g_per_cm3"] = r.solventDensity;
  root["liquid_density_g_per_cm3"] = r.liquidDensity;
  root["cell_A"] = {r.cellLengths.x(), r.cellLengths.y(), r.cellLengths.z()};
  root["metal_top_z_A"] = r.metalTop;
  root["liquid_z_range_A"] = {r.liquidBottom, r.liquidTop};
  root["closest_intermolecular_A"] = r.closestIntermolecular;
  root["closest_liquid_metal_A"] = r.closestToMetal;
  root["closest_ion_centres_A"] = r.closestIonPair;
  root["build_seconds"] = r.seconds;
  return root.dump(2) + "\n";
}

}  // namespace sei
