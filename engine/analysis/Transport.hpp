#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "analysis/Frame.hpp"
#include "analysis/Species.hpp"

namespace sei::analysis {

/// Mean height of each species above the metal surface in one frame.
struct TransportSample {
  std::int64_t step = 0;
  double time = 0.0;  ///< fs
  /// Å, per species label (speciesLabel): the mean over its units of the unit's mean atom height
  /// above the nearer metal face; empty without metal or cell
  std::map<std::string, double> meanHeight;
};

/// Species transport (the species-transport diagrams of SEI studies): how far from the metal
/// each species sits, frame by frame. Heights are taken across `axis` (the surface normal, as in
/// ProfileOptions) from the metal faces (MetalSurface); metal units are not followed.
class TransportAccumulator {
 public:
  explicit TransportAccumulator(int axis = 2);
  /// A frame without a cell or without metal gives an empty sample.
  const TransportSample& add(const Frame& frame, const SpeciesFrame& species);
  const std::vector<TransportSample>& samples() const { return samples_; }
  int axis() const { return axis_; }

 private:
  int axis_;
  std::vector<TransportSample> samples_;
};

}  // namespace sei::analysis
