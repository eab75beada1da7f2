#include "AtomProperty.hpp"

#include <algorithm>
#include <cmath>

namespace sei::render {

const std::vector<ColorMode>& colorModes() {
  static const std::vector<ColorMode> kModes = {
      ColorMode::Element, ColorMode::Species, ColorMode::Charge,      ColorMode::Energy,
      ColorMode::Force,   ColorMode::Height,  ColorMode::Coordination};
  return kModes;
}

const char* colorModeName(ColorMode mode) {
  switch (mode) {
    case ColorMode::Element:
      return "Element";
    case ColorMode::Charge:
      return "Partial charge";
    case ColorMode::Height:
      return "Height z";
    case ColorMode::Species:
      return "Species";
    case ColorMode::Energy:
      return "Per-atom energy";
    case ColorMode::Force:
      return "Force |F|";
    case ColorMode::Coordination:
      return "Coordination";
  }
  return "";
}

bool isContinuous(ColorMode mode) {
  return mode != ColorMode::Element && mode != ColorMode::Species;
}

const char* colorModeTitle(ColorMode mode) {
  switch (mode) {
    case ColorMode::Element:
      return "element";
    case ColorMode::Charge:
      return "charge (e)";
    case ColorMode::Height:
      return "z (\xC3\x85)";
    case ColorMode::Species:
      return "species";
    case ColorMode::Energy:
      return "energy (eV)";
    case ColorMode::Force:
      return "|F| (eV/\xC3\x85)";
    case ColorMode::Coordination:
      return "coordination";
  }
  return "";
}

ColorMap defaultColorMap(ColorMode mode) {
  return mode == ColorMode::Charge ? ColorMap::CoolWarm : ColorMap::Viridis;
}

std::string colorModeMissing(ColorMode mode, const Snapshot* frame,
                             const analysis::SpeciesFrame* species) {
  if (!frame) return "no structure is shown";
  switch (mode) {
    case ColorMode::Charge:
      return frame->charges.empty()
                 ? "this frame has no partial charges (they come from a qNEP model's run or a "
                   "file with a charge column)"
                 : "";
    case ColorMode::Energy:
      return frame->perAtomEnergy.empty()
                 ? "this frame has no per-atom energies (they come from a run's frames)"
                 : "";
    case ColorMode::Force:
      return frame->forces.empty()
                 ? "this frame has no forces (they come from a run's frames or a file with "
                   "forces)"
                 : "";
    case ColorMode::Coordination:
      return species ? "" : "the analysis has not seen this structure yet";
    default:
      return "";
  }
}

std::vector<double> propertyValues(ColorMode mode, const Snapshot& frame,
                                   const analysis::SpeciesFrame* species) {
  const std::size_t n = frame.positions.size();
  std::vector<double> v;
  switch (mode) {
    case ColorMode::Charge:
      if (frame.charges.size() == n) v = frame.charges;
      break;
    case ColorMode::Energy:
      if (frame.perAtomEnergy.size() == n) v = frame.perAtomEnergy;
      break;
    case ColorMode::Force:
      if (frame.forces.size() == n)
        for (const auto& f : frame.forces) v.push_back(f.norm());
      break;
    case ColorMode::Height:
      for (const auto& r : frame.positions) v.push_back(r.z());
      break;
    case ColorMode::Coordination:
      if (species && species->unitOfAtom.size() == n) {
        v.assign(n, 0.0);
        for (const analysis::Contact& c : species->contacts) {
          v[c.a] += 1.0;
          v[c.b] += 1.0;
        }
      }
      break;
    default:
      break;
  }
  return v;
}

std::array<double, 2> roundedRange(ColorMode mode, const std::vector<double>& values) {
  if (values.empty()) return {0.0, 1.0};
  const auto [lowIt, highIt] = std::minmax_element(values.begin(), values.end());
  double low = *lowIt, high = *highIt;
  constexpr double kSlack = 1e-9;  // a value on a round number stays on it
  if (mode == ColorMode::Charge) {
    const double m = std::max(std::abs(low), std::abs(high));
    const double r = m > 0.0 ? std::ceil(m * 10.0 - kSlack) / 10.0 : 1.0;
    return {-r, r};
  }
  if (mode == ColorMode::Coordination) return {0.0, std::max(1.0, std::ceil(high - kSlack))};
  if (mode == ColorMode::Force) low = 0.0;
  const double spread = high - low;
  const double step =
      spread > 0.0 ? 0.5 * std::pow(10.0, std::floor(std::log10(spread)))
                   : std::pow(10.0, std::floor(std::log10(std::max(std::abs(high), 1e-3))) - 1);
  low = std::floor(low / step + kSlack) * step;
  high = std::ceil(high / step - kSlack) * step;
  if (!(high > low)) high = low + step;
  return {low, high};
}

}  // namespace sei::render
