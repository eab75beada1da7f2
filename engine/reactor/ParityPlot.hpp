#pragma once

#include <string>
#include <vector>

namespace sei::reactor {

/// A parity plot as SVG: predicted against reference, one dot per value, the diagonal, axis
/// ranges and the RMSE in the title. `predicted` and `reference` have the same length.
std::string paritySvg(const std::string& title, const std::string& unit,
                      const std::vector<double>& predicted, const std::vector<double>& reference);

/// parity-energy.svg, parity-force.svg and parity-virial.svg in `dir` from GPUMD's
/// energy_train.out, force_train.out and virial_train.out there (predictions, then as many
/// references, per line; GPUMD's −1e6 of a missing virial is left out).
void writeParityPlots(const std::string& dir);

}  // namespace sei::reactor
