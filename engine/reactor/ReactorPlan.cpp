#include "reactor/ReactorPlan.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <set>

#include "builder/InterfaceBuilder.hpp"
#include "core/Error.hpp"
#include "core/Paths.hpp"
#include "io/ExtXyz.hpp"
#include "nep/NepModel.hpp"
#include "project/JsonFields.hpp"
#include "project/RecipeJson.hpp"
#include "reactor/Sampling.hpp"
#include "training/NepInput.hpp"

namespace sei::reactor {
namespace {

namespace fs = std::filesystem;
constexpr long long kMost = std::numeric_limits<int>::max();

/// A path of the plan, absolute (relative to the plan's folder); InputError naming the field
/// when `mustExist` and there is no such file.
std::string planPath(JsonFields& f, const std::string& key, const fs::path& base, bool required,
                     bool mustExist = true) {
  const std::string given = f.text(key, "");
  if (given.empty()) {
    if (required) f.fail(f.at(key), "a required path is missing", json());
    return "";
  }
  const std::string path = fs::absolute(base / given).lexically_normal().string();
  if (mustExist && !fs::is_regular_file(path))
    f.fail(f.at(key), "no such file (" + path + ")", json(given));
  return path;
}

std::vector<std::string> textList(JsonFields& f, const std::string& key) {
  if (!f.has(key) || f.child(key).is_null()) {
    f.allow(key);
    return {};
  }
  const json& v = f.child(key);
  std::vector<std::string> out;
  if (!v.is_array()) f.fail(f.at(key), "expected an array of strings", v);
  for (const json& item : v) {
    if (!item.is_string()) f.fail(f.at(key), "expected an array of strings", v);
    out.push_back(item.get<std::string>());
  }
  return out;
}

/// The elements of `symbols` missing from `elements`, "Cl, K"; empty when none.
std::string missingElements(const std::vector<std::string>& symbols,
                            const std::vector<std::string>& elements) {
  std::set<std::string> missing;
  for (const std::string& s : symbols)
    if (std::find(elements.begin(), elements.end(), s) == elements.end()) missing.insert(s);
  std::string list;
  for (const std::string& s : missing) list += (list.empty() ? "" : ", ") + s;
  return list;
}

/// InputError naming `field` when a frame of `path` holds an element nep.in lacks.
void checkElements(JsonFields& f, const std::string& field, const std::string& path,
                   const std::vector<std::string>& elements) {
  std::vector<std::string> symbols;
  for (const Structure& s : readExtXyzFrames(path))
    symbols.insert(symbols.end(), s.symbols.begin(), s.symbols.end());
  const std::string missing = missingElements(symbols, elements);
  if (!missing.empty())
    f.fail(field, "element " + missing + " is not in the model's types (nep.in `type`)",
           json(path));
}

/// InputError naming `field` when a build of `recipe` would hold an element nep.in lacks.
void checkRecipeElements(const JsonFields& f, const std::string& field, const Recipe& recipe,
                         const std::vector<std::string>& elements) {
  const std::string missing =
      missingElements(recipeElements(recipe, resourceDirectory()), elements);
  if (missing.empty()) return;
  std::string types;
  for (const std::string& e : elements) types += " " + e;
  const bool one = missing.find(',') == std::string::npos;
  throw InputError(f.source() + ": " + field + ": the recipe holds " +
                   (one ? "element " : "elements ") + missing +
                   (one ? ", which is" : ", which are") +
                   " not in the model's types (nep.in `type`:" + types + ")");
}

void readStart(JsonFields& root, ReactorPlan& p, const fs::path& base) {
  JsonFields f(root.child("start"), "start", root.source());
  p.dataset = planPath(f, "dataset", base, true);
  p.testSet = planPath(f, "test", base, false);
  p.model = planPath(f, "model", base, false);
  if (f.has("reference_energies")) {
    const json& v = f.child("reference_energies");
    if (v.is_string() && v.get<std::string>() == "fit") {
      p.fitReferenceEnergies = true;
    } else if (v.is_object()) {
      for (const auto& item : v.items()) {
        if (!item.value().is_number())
          f.fail(f.at("reference_energies") + "." + item.key(), "expected eV per atom",
                 item.value());
        p.referenceEnergies[item.key()] = item.value().get<double>();
      }
    } else {
      f.fail(f.at("reference_energies"), "expected \"fit\" or {\"Element\": eV, ...}", v);
    }
  }
  f.finish();
}

void readTraining(JsonFields& root, ReactorPlan& p, const fs::path& base) {
  JsonFields f(root.child("training"), "training", root.source());
  const std::string file = planPath(f, "nep_in", base, false);
  const std::vector<std::string> lines = textList(f, "nep_in_lines");
  if (file.empty() == lines.empty())
    f.fail("training", "expected exactly one of nep_in (a file) and nep_in_lines", json());
  std::string source = f.at("nep_in_lines");
  if (!file.empty()) {
    p.nepIn = readTextFile(file, "nep.in");
    source = file;
  }
  for (const std::string& line : lines) p.nepIn += line + "\n";
  try {
    const training::NepInput input = training::parseNepInput(p.nepIn, source);
    if (input.prediction) throw InputError(source + ": `prediction 1` trains nothing");
    p.elements = input.elements;
  } catch (const InputError& e) {
    throw InputError(root.source() + ": training: " + e.what());
  }
  p.committee = static_cast<int>(f.integer("committee", p.committee, 1, 16));
  f.finish();
}

void readLabelling(JsonFields& root, ReactorPlan& p, const fs::path& base) {
  JsonFields f(root.child("labelling"), "labelling", root.source());
  LabellingPlan& l = p.labelling;
  l.templatePath = planPath(f, "template", base, false);
  l.cutoff = f.number("cutoff", 0.0, 0.0, 1e5);
  l.sets = textList(f, "set");
  l.ranks = static_cast<int>(f.integer("ranks", 1, 1, 100000));
  l.slurm = f.choice("batch", "local", {"local", "slurm"}) == "slurm";
  l.time = f.text("time", l.time);
  l.partition = f.text("partition", "");
  l.modules = textList(f, "modules");
  f.finish();
}

void readWatchdog(JsonFields& parent, WatchdogSettings& w) {
  JsonFields f(parent.child("watchdog"), parent.at("watchdog"), parent.source());
  w.interval = f.integer("interval", 10, 1, kMost);
  w.forceStd = f.number("force_std", w.forceStd, 0.0, 1e6);
  w.maxForce = f.number("fmax", w.maxForce, 0.0, 1e6);
  w.drift = f.number("drift", w.drift, 0.0, 1e6);
  w.neutrality = f.number("neutrality", w.neutrality, 0.0, 1e6);
  w.minDistance = f.number("min_distance", w.minDistance, 0.0, 100.0);
  w.covalentFraction = f.number("covalent_fraction", w.covalentFraction, 0.0, 10.0);
  f.finish();
}

void readTest(JsonFields& root, ReactorPlan& p, const fs::path& base) {
  JsonFields f(root.child("test"), "test", root.source());
  TestPlan& t = p.test;
  t.structure = planPath(f, "structure", base, false);
  t.recipe = planPath(f, "recipe", base, false);
  if (t.structure.empty() == t.recipe.empty())
    f.fail("test", "expected exactly one of structure (a file) and recipe (a sei-recipe file)",
           json());
  if (!t.recipe.empty()) {
    Recipe recipe;
    try {
      recipe = readRecipe(t.recipe);
    } catch (const InputError& e) {
      throw InputError(f.source() + ": test.recipe: " + e.what());
    }
    checkRecipeElements(f, "test.recipe", recipe, p.elements);
  }
  t.temperature = f.number("temperature", t.temperature, 1.0, 1e5);
  t.timeStep = f.number("time_step", t.timeStep, 1e-3, 10.0);
  if (f.has("steps") == f.has("time"))
    f.fail("test", "expected exactly one of steps and time (ps)", json());
  t.steps = f.integer("steps", 0, 1, std::numeric_limits<std::int64_t>::max() / 2);
  const double ps = f.number("time", 0.0, 1e-6, 1e6);
  if (ps > 0) t.steps = std::max<std::int64_t>(1, std::llround(ps * 1000.0 / t.timeStep));
  t.seed =
      static_cast<std::uint64_t>(f.integer("seed", 1, 0, std::numeric_limits<long long>::max()));
  readWatchdog(f, t.watchdog);
  f.finish();
  if (!t.structure.empty()) checkElements(f, "test.structure", t.structure, p.elements);
}

void readBudget(JsonFields& root, ReactorPlan& p) {
  JsonFields f(root.child("budget"), "budget", root.source());
  p.budget.generations = static_cast<int>(f.integer("generations", 0, 1, 1000));
  p.budget.labels = f.integer("labels", 0, 0, std::numeric_limits<long long>::max());
  p.budget.wallHours = f.number("wall_hours", 0.0, 0.0, 1e6);
  f.finish();
}

}  // namespace

std::string planIdentity(const std::string& text, const std::string& source) {
  const json plan = parseJsonText(text, source);
  json identity = json::object();
  if (plan.is_object())
    for (const char* key : {"format", "version", "start", "training"})
      if (plan.contains(key)) identity[key] = plan[key];
  return identity.dump();
}

ReactorPlan readReactorPlan(const std::string& path) {
  return parseReactorPlan(readTextFile(path, "reactor plan"), path);
}

ReactorPlan parseReactorPlan(const std::string& text, const std::string& path) {
  ReactorPlan p;
  p.path = fs::absolute(path).lexically_normal().string();
  p.text = text;
  const json root = parseJsonText(p.text, path);
  JsonFields f(root, "", path);
  checkFormatAndVersion(f, root, "sei-reactor-plan", 1, "reactor plan");
  const fs::path base = fs::path(p.path).parent_path();
  readTraining(f, p, base);
  readStart(f, p, base);
  checkElements(f, "start.dataset", p.dataset, p.elements);
  if (!p.referenceEnergies.empty())
    for (const std::string& e : p.elements)
      if (!p.referenceEnergies.count(e))
        f.fail("start.reference_energies", "no energy for element " + e + " of nep.in's `type`",
               json());
  if (!p.testSet.empty()) checkElements(f, "start.test", p.testSet, p.elements);
  if (!p.model.empty()) {
    const std::string missing = missingElements(p.elements, readNepModel(p.model).elements);
    if (!missing.empty())
      f.fail("start.model", "the model lacks element " + missing + " of nep.in's `type`",
             json(p.model));
  }
  for (const char* key : {"sampling", "selection"}) {
    const json& object = f.child(key);
    if (!object.is_object()) f.fail(key, "expected a JSON object", object);
    (std::string(key) == "sampling" ? p.sampling : p.selection) = object.dump();
  }
  const SamplingSettings sampling =
      samplingSettingsFromJson(f.child("sampling"), path + ": sampling");
  for (std::size_t i = 0; i < sampling.recipes.size(); ++i)
    checkRecipeElements(f, "sampling.recipes[" + std::to_string(i) + "]",
                        samplingRecipe(sampling, i), p.elements);
  readLabelling(f, p, base);
  readTest(f, p, base);
  readBudget(f, p);
  f.finish();
  return p;
}

}  // namespace sei::reactor
