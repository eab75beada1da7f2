#include "analysis/Selection.hpp"

#include <stdexcept>

#include "core/Elements.hpp"
#include "core/Error.hpp"

namespace sei::analysis {

Selection Selection::parse(const std::string& text, const std::string& source) {
  if (text.empty()) throw InputError(source, 0, "empty atom selection, expected e.g. Na or EC:O");
  Selection s;
  s.text = text;
  const auto colon = text.rfind(':');
  if (colon != std::string::npos) {
    s.species = text.substr(0, colon);
    s.element = atomicNumber(text.substr(colon + 1));
    if (s.element == 0 || s.species.empty()) {
      throw InputError(
          source, 0,
          "bad atom selection '" + text + "', expected SPECIES:ELEMENT such as EC:O or PF6-:F");
    }
  } else if (atomicNumber(text) > 0) {
    s.element = atomicNumber(text);
  } else {
    s.species = text;
  }
  return s;
}

std::vector<char> Selection::mask(const Frame& frame, const SpeciesFrame* speciesFrame) const {
  std::vector<char> in(frame.size(), 0);
  const auto& z = frame.atomicNumbers();
  if (species.empty()) {
    for (std::size_t i = 0; i < frame.size(); ++i) in[i] = z[i] == element;
    return in;
  }
  if (!speciesFrame || speciesFrame->unitOfAtom.size() != frame.size())
    throw std::invalid_argument("selection " + text + " needs the frame's species");
  for (const SpeciesUnit& u : speciesFrame->units) {
    if (u.name != species && u.formula != species) continue;
    for (int a : u.atoms) in[a] = element == 0 || z[a] == element;
  }
  return in;
}

std::pair<Selection, Selection> parseSelectionPair(const std::string& text,
                                                   const SpeciesNames& names,
                                                   const std::string& source) {
  for (std::size_t dash = text.find('-'); dash != std::string::npos;
       dash = text.find('-', dash + 1)) {
    const std::string left = text.substr(0, dash);
    const std::string base = left.substr(0, left.rfind(':'));
    const bool known =
        !base.empty() && (atomicNumber(base) > 0 || names.isName(base) || base.back() == '+' ||
                          base.find("(metal)") != std::string::npos);
    if (known && dash + 1 < text.size())
      return {Selection::parse(left, source), Selection::parse(text.substr(dash + 1), source)};
  }
  throw InputError(source, 0,
                   "bad pair '" + text +
                       "', expected A-B with elements or species names, e.g. Na-O or Na-PF6-:F");
}

}  // namespace sei::analysis
