#pragma once

// Recipes as JSON values, for files that embed one (projects). Internal to engine/io.

#include <string>

#include "builder/Recipe.hpp"
#include "project/JsonFields.hpp"

namespace sei {

/// Reads a recipe object; field names in errors start with `prefix` ("recipe." in a project).
/// A top-level recipe file also carries "format" and "version".
Recipe recipeFromJson(const json& object, const std::string& prefix, const std::string& source,
                      bool topLevel);
/// The recipe object without "format" and "version".
json recipeJsonValue(const Recipe& recipe);

}  // namespace sei
