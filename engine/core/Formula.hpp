#pragma once

#include <map>
#include <string>

namespace sei {

/// Hill formula of an element count: C, then H, then the rest alphabetically; without carbon all
/// alphabetically ("C3H4O3", "F6P", "Na"). Counts of 1 are not written; zero counts are skipped.
std::string hillFormula(const std::map<std::string, int>& counts);

}  // namespace sei
