#include "analysis/Transport.hpp"

#include <stdexcept>

#include "analysis/MetalSurface.hpp"

namespace sei::analysis {

TransportAccumulator::TransportAccumulator(int axis) : axis_(axis) {
  if (axis < 0 || axis > 2) throw std::invalid_argument("TransportAccumulator: bad axis");
}

const TransportSample& TransportAccumulator::add(const Frame& frame, const SpeciesFrame& species) {
  if (species.unitOfAtom.size() != frame.size())
    throw std::invalid_argument("TransportAccumulator: species of another frame");
  TransportSample sample;
  sample.step = frame.step();
  sample.time = frame.time();
  if (!(frame.cell().volume() > 0.0)) {  // no cell, no surface normal: nothing to measure
    samples_.push_back(std::move(sample));
    return samples_.back();
  }
  const std::vector<double> heights = heightsAlong(frame, axis_);
  const MetalSurface surface = findMetalSurface(species, heights, frame.cell().thickness(axis_));
  if (surface.found) {
    std::map<std::string, std::pair<double, int>> sums;  // Σ unit heights (Å), units
    for (const SpeciesUnit& unit : species.units) {
      if (unit.kind == UnitKind::Metal) continue;
      double h = 0.0;
      for (int a : unit.atoms) h += surface.aboveNearest(heights[a]);
      auto& s = sums[speciesLabel(unit)];
      s.first += h / static_cast<double>(unit.atoms.size());
      ++s.second;
    }
    for (const auto& [label, s] : sums) sample.meanHeight[label] = s.first / s.second;
  }
  samples_.push_back(std::move(sample));
  return samples_.back();
}

}  // namespace sei::analysis
