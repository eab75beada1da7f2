#pragma once

#include <string>

#include "builder/InterfaceBuilder.hpp"
#include "builder/Recipe.hpp"

namespace sei {

/// Reads a recipe file (JSON, "format": "sei-recipe", "version": 1; schema in the README).
/// Unknown keys, wrong types and out-of-range values are errors, so a typo never passes
/// silently: InputError "FILE: FIELD: what was expected, got VALUE" (JSON syntax errors with
/// their line and column).
Recipe readRecipe(const std::string& path);
Recipe parseRecipe(const std::string& text, const std::string& sourceName);

/// The recipe as JSON with every field spelled out (defaults included), 2-space indented;
/// parseRecipe(recipeToJson(r)) == r.
std::string recipeToJson(const Recipe& recipe);

/// The build report as JSON (`sei build --report`): counts, molarity, densities, cell, atoms per
/// element, closest distances; units in the key names.
std::string buildReportToJson(const BuildReport& report);

}  // namespace sei
