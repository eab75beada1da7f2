#include <cstdio>
#include <set>

#include "Arguments.hpp"
#include "Commands.hpp"
#include "builder/InterfaceBuilder.hpp"
#include "core/Error.hpp"
#include "core/Paths.hpp"
#include "io/AtomicFile.hpp"
#include "io/ExtXyz.hpp"
#include "project/RecipeJson.hpp"

namespace sei::cli {
namespace {

const char* const kBuildHelp =
    R"(Usage: sei build RECIPE.json --out model.xyz [--report report.json] [options]

Builds the system a recipe describes (a bcc metal slab, e.g. Na(100), in contact with a liquid
electrolyte of solvents + salt at a chosen molarity, or a bulk liquid), writes it as extended XYZ
(Lattice, pbc, species, pos) and prints the build report: molecule counts (with the unrounded
counts the arithmetic gave), molarity reached, densities, cell, atoms per element, and the
closest distances measured on the result. The recipe format is described in the README
("Recipes"); `sei build --example` prints a complete recipe to start from.

Options:
  --out FILE          extended XYZ output (written atomically)
  --report FILE       the report as JSON as well (written atomically)
  --seed N            override the recipe's random seed
  --resources DIR     folder with molecules/ (default: $SEI_RESOURCE_DIR, else the build's)
  --print-recipe      print the recipe with every default spelled out, then build
  --example           print an example recipe (Na(100) | 1 M NaPF6 in EC) and exit
  --help              this text

Exit status: 0 success, 2 bad recipe or impossible request (one line on stderr naming the field
or file and what was expected), 130 interrupted.
)";

const char* const kExampleRecipe = R"({
  "format": "sei-recipe",
  "version": 1,
  "seed": 1,
  "electrode": {"element": "Na", "lattice_constant": 4.29, "facet": "100",
                "repeats": [6, 6], "layers": 6, "wetted_faces": "both"},
  "electrolyte": {
    "solvents": [{"name": "EC", "fraction": 1.0}],
    "fractions": "volume",
    "salt": {"cation": "Na", "anion": "PF6", "molarity": 1.0},
    "thickness": 30.0
  },
  "gap": 2.5,
  "vacuum": 0.0,
  "packing": {"tolerance": 2.0, "metal_tolerance": 2.0, "ion_distance": 4.0}
}
)";

}  // namespace

int runBuild(const std::vector<std::string>& args) {
  if (printHelpIfAsked(args, kBuildHelp)) return 0;
  const std::set<std::string> valueOptions = {"out", "report", "seed", "resources"};
  std::vector<std::string> options;
  const std::vector<std::string> positional = positionalArguments(args, valueOptions, options);
  if (positional.size() > 1)
    throw InputError("unexpected argument '" + positional[1] + "' (one recipe file per build)");
  const std::string recipePath = positional.empty() ? std::string() : positional[0];
  const Arguments arguments("build", options, valueOptions, {"print-recipe", "example"});
  if (arguments.has("example")) {
    std::fputs(kExampleRecipe, stdout);
    return 0;
  }
  if (recipePath.empty()) throw InputError("expected a recipe file (sei build RECIPE.json ...)");
  const std::string outPath = arguments.value("out");
  Recipe recipe = readRecipe(recipePath);
  if (arguments.has("seed"))
    recipe.seed = static_cast<std::uint64_t>(arguments.integer("seed", 1, 0, 2147483647));
  if (arguments.has("print-recipe")) std::fputs(recipeToJson(recipe).c_str(), stdout);

  BuildControl control;
  control.cancel = &stopOnSignals();
  BuiltInterface built;
  try {
    built = buildInterface(recipe, arguments.value("resources", resourceDirectory()), control);
  } catch (const BuildCancelled&) {
    std::fputs("sei build: interrupted, nothing written\n", stderr);
    return 130;
  } catch (const InputError& e) {
    throw InputError(recipePath + ": " + e.what());  // the builder names the field, not the file
  }
  built.structure.info = "recipe=\"" + recipePath + "\" seed=" + std::to_string(recipe.seed);
  writeExtXyz(outPath, built.structure);
  if (arguments.has("report"))
    writeFileAtomically(arguments.value("report"), buildReportToJson(built.report));
  std::fputs(formatBuildReport(built.report).c_str(), stdout);
  std::printf("-> %s\n", outPath.c_str());
  return 0;
}

}  // namespace sei::cli
