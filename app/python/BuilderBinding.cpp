#include <atomic>
#include <optional>

#include "Bindings.hpp"
#include "Interruption.hpp"
#include "builder/InterfaceBuilder.hpp"
#include "core/Error.hpp"
#include "core/Paths.hpp"
#include "project/RecipeJson.hpp"

namespace sei::python {
namespace {

/// `sei build` without the files: the recipe (JSON text, or a file when `isPath`) built into a
/// structure dict plus the build report as JSON. Ctrl-C, or an exception raised by
/// progress(stage, fraction), cancels the build and is raised.
py::dict build(const std::string& recipeText, bool isPath, std::optional<std::uint64_t> seed,
               const std::string& resources, const py::object& progress) {
  const std::string source = isPath ? recipeText : std::string("recipe");
  Recipe recipe = isPath ? readRecipe(recipeText) : parseRecipe(recipeText, source);
  if (seed) recipe.seed = *seed;
  Interruption interruption;
  std::atomic<bool> cancel{false};
  BuildControl control;
  control.cancel = &cancel;
  control.progress = [&](const std::string& stage, double fraction) {
    if (!progress.is_none()) interruption.callPython([&] { progress(stage, fraction); });
    if (interruption.stopRequested()) cancel = true;
  };
  BuiltInterface built;
  {
    py::gil_scoped_release release;
    try {
      built = buildInterface(recipe, resources.empty() ? resourceDirectory() : resources, control);
    } catch (const BuildCancelled&) {
      // the interruption holds the reason
    } catch (const InputError& e) {
      throw InputError(source + ": " + e.what());  // the builder names the field, not the file
    }
  }
  interruption.raiseIfStopped();
  py::dict d = structureToDict(built.structure);
  d["seed"] = recipe.seed;
  d["report"] = buildReportToJson(built.report);
  d["molecule"] = py::array_t<int>(built.moleculeOf.size(), built.moleculeOf.data());
  return d;
}

}  // namespace

void bindBuilder(py::module_& m) {
  m.def("build", &build, py::arg("recipe"), py::arg("is_path"), py::arg("seed") = py::none(),
        py::arg("resources") = "", py::arg("progress") = py::none(),
        "Builds a recipe (JSON text or file) as `sei build` does; returns symbols, positions, "
        "cell (rows), pbc, seed, report (JSON) and the molecule index of every atom.");
}

}  // namespace sei::python
