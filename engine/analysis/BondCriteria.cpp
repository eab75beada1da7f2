#include "analysis/BondCriteria.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "core/Elements.hpp"
#include "core/Error.hpp"

namespace sei::analysis {

ContactKind BondCriteria::kind(int za, int zb) const {
  const int metalsInPair = static_cast<int>(isMetal(za)) + static_cast<int>(isMetal(zb));
  return metalsInPair == 0   ? ContactKind::Covalent
         : metalsInPair == 1 ? ContactKind::Ionic
                             : ContactKind::Metallic;
}

double BondCriteria::cutoff(int za, int zb) const {
  const auto it = overrides.find({std::min(za, zb), std::max(za, zb)});
  if (it != overrides.end()) return it->second;
  const ContactKind k = kind(za, zb);
  const double factor = k == ContactKind::Covalent ? covalentFactor
                        : k == ContactKind::Ionic  ? ionicFactor
                                                   : metallicFactor;
  return factor * (covalentRadius(za) + covalentRadius(zb));
}

void BondCriteria::applyOverrides(const std::string& text, const std::string& source) {
  std::stringstream items(text);
  for (std::string item; std::getline(items, item, ',');) {
    if (item.empty()) continue;
    const auto dash = item.find('-');
    const auto colon = item.find(':');
    const auto fail = [&] {
      throw InputError(source, 0,
                       "bad bond cutoff '" + item +
                           "', expected A-B:R with element symbols A, B and R in Å > 0, e.g. "
                           "Na-O:2.9");
    };
    if (dash == std::string::npos || colon == std::string::npos || colon < dash) fail();
    const int za = atomicNumber(item.substr(0, dash));
    const int zb = atomicNumber(item.substr(dash + 1, colon - dash - 1));
    const std::string number = item.substr(colon + 1);
    char* end = nullptr;
    const double r = std::strtod(number.c_str(), &end);
    if (za == 0 || zb == 0 || number.empty() || *end != '\0' || !(r > 0.0) || !std::isfinite(r))
      fail();
    overrides[{std::min(za, zb), std::max(za, zb)}] = r;
  }
}

int metalValence(int z) {
  switch (z) {
    case 4:
    case 12:
    case 20:
    case 38:
    case 56:
      return 2;
    default:
      return 1;
  }
}

}  // namespace sei::analysis
