#include "analysis/Profile.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "analysis/MetalSurface.hpp"
#include "core/Error.hpp"

namespace sei::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

ProfileAccumulator::ProfileAccumulator(ProfileOptions options) : options_(std::move(options)) {
  if (options_.axis < 0 || options_.axis > 2 || !(options_.binWidth > 0.0) ||
      !(options_.chargeBinWidth > 0.0) || !(options_.chargeMax > options_.chargeMin))
    throw std::invalid_argument("ProfileAccumulator: bad axis, bin width or charge range");
  chargeBins_ = static_cast<int>(
      std::ceil((options_.chargeMax - options_.chargeMin) / options_.chargeBinWidth - 1e-9));
}

const InterfaceSample& ProfileAccumulator::add(const Frame& frame, const SpeciesFrame& species) {
  const Cell& cell = frame.cell();
  const int axis = options_.axis;
  if (!(cell.volume() > 0.0))
    throw InputError("profiles need a cell; the frame of step " + std::to_string(frame.step()) +
                     " has none");
  if (species.unitOfAtom.size() != frame.size())
    throw std::invalid_argument("ProfileAccumulator: species of another frame");
  const double thickness = cell.thickness(axis);
  if (bins_ == 0) bins_ = std::max(1, static_cast<int>(std::round(thickness / options_.binWidth)));
  const double binVolume = cell.volume() / bins_;
  thicknessSum_ += thickness;

  const std::size_t n = frame.size();
  const std::vector<double> height = heightsAlong(frame, axis);  // Å above the a–b face
  const MetalSurface surface = findMetalSurface(species, height, thickness);
  // With metal the profile starts at its lower face: the slab whole, then the gap, even when the
  // slab straddles the periodic boundary.
  std::vector<int> bin(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double h = surface.found ? surface.fromBottom(height[i]) : height[i];
    bin[i] = std::min(bins_ - 1, static_cast<int>(h / thickness * bins_));
  }
  for (std::size_t i = 0; i < n; ++i) {
    auto& e = elementSum_[frame.symbols()[i]];
    if (e.empty()) e.assign(bins_, 0.0);
    e[bin[i]] += 1.0 / binVolume;
    auto& sp = speciesSum_[species.units[species.unitOfAtom[i]].name];
    if (sp.empty()) sp.assign(bins_, 0.0);
    sp[bin[i]] += 1.0 / binVolume;
  }

  InterfaceSample sample;
  sample.step = frame.step();
  sample.time = frame.time();
  double qMin = std::numeric_limits<double>::infinity(), qSum = 0.0, qMetal = 0.0, qOther = 0.0;
  int followed = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const bool metal = species.units[species.unitOfAtom[i]].kind == UnitKind::Metal;
    if (metal) ++sample.metalAtoms;
    if (frame.symbols()[i] != options_.chargeElement) continue;
    ++followed;
    if (!metal) ++sample.otherAtoms;
    if (!frame.hasCharges()) continue;
    const double q = frame.charges()[i];
    qMin = std::min(qMin, q);
    qSum += q;
    (metal ? qMetal : qOther) += q;
  }
  const int metalFollowed = followed - sample.otherAtoms;
  const bool charged = frame.hasCharges() && followed > 0;
  sample.chargeMin = charged ? qMin : kNaN;
  sample.chargeMean = charged ? qSum / followed : kNaN;
  sample.chargeMeanMetal = charged && metalFollowed > 0 ? qMetal / metalFollowed : kNaN;
  sample.chargeMeanOther = charged && sample.otherAtoms > 0 ? qOther / sample.otherAtoms : kNaN;

  if (frame.hasCharges()) {
    if (chargeSum_.empty()) chargeSum_.assign(bins_, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      const double q = frame.charges()[i];
      chargeSum_[bin[i]] += q / binVolume;
      auto& h = chargeCounts_[frame.symbols()[i]];
      if (h.empty()) h.assign(chargeBins_, 0.0);
      const int k =
          static_cast<int>(std::floor((q - options_.chargeMin) / options_.chargeBinWidth));
      h[std::clamp(k, 0, chargeBins_ - 1)] += 1.0;  // outliers land in the end bins
    }
    ++chargeFrames_;
  }
  seiThickness(frame, species, height, surface, sample);
  ++frames_;
  samples_.push_back(sample);
  return samples_.back();
}

void ProfileAccumulator::seiThickness(const Frame& frame, const SpeciesFrame& species,
                                      const std::vector<double>& height,
                                      const MetalSurface& surface, InterfaceSample& sample) const {
  sample.seiTop = sample.seiBottom = kNaN;
  if (!surface.found) return;
  const double gap = surface.gap, length = surface.length;
  // Product atoms in 1 Å layers counted from each surface into the gap.
  const int layers = std::max(1, static_cast<int>(gap));
  std::vector<int> above(layers, 0), below(layers, 0);
  for (std::size_t i = 0; i < frame.size(); ++i) {
    const SpeciesUnit& u = species.units[species.unitOfAtom[i]];
    if (u.kind == UnitKind::Metal || options_.electrolyte.count(u.name)) continue;
    const double d = surface.fromTop(height[i]);
    if (d >= gap) continue;
    if (d < surface.split) {  // products across vacuum never count for the face beyond it
      ++above[std::min(layers - 1, static_cast<int>(d))];
    } else {
      ++below[std::min(layers - 1, static_cast<int>(gap - d))];
    }
  }
  const double layerVolume = frame.cell().volume() / length;  // Å³ per Å of height
  // Outward from the surface, gaps of up to two poor layers are bridged (the metal–SEI distance,
  // spacing between salt planes); the SEI ends at the last rich layer before a wider gap.
  auto extent = [&](const std::vector<int>& counts) {
    int lastRich = -1;
    for (int k = 0; k < layers && k - lastRich <= 3; ++k)
      if (counts[k] / layerVolume >= options_.seiDensity) lastRich = k;
    return static_cast<double>(lastRich + 1);
  };
  sample.seiTop = extent(above);
  sample.seiBottom = extent(below);
}

std::vector<double> ProfileAccumulator::positions() const {
  std::vector<double> z(bins_);
  const double mean = frames_ > 0 ? thicknessSum_ / frames_ : 0.0;
  for (int k = 0; k < bins_; ++k) z[k] = (k + 0.5) * mean / bins_;
  return z;
}

std::map<std::string, std::vector<double>> ProfileAccumulator::averaged(
    const std::map<std::string, std::vector<double>>& sums) const {
  auto out = sums;
  for (auto& [name, values] : out)
    for (double& v : values) v /= static_cast<double>(frames_);
  return out;
}

std::map<std::string, std::vector<double>> ProfileAccumulator::elementDensity() const {
  return averaged(elementSum_);
}

std::map<std::string, std::vector<double>> ProfileAccumulator::speciesDensity() const {
  return averaged(speciesSum_);
}

std::vector<double> ProfileAccumulator::chargeDensity() const {
  std::vector<double> out = chargeSum_;
  for (double& v : out) v /= static_cast<double>(std::max<std::size_t>(1, chargeFrames_));
  return out;
}

std::vector<double> ProfileAccumulator::chargeBinCentres() const {
  std::vector<double> q(chargeBins_);
  for (int k = 0; k < chargeBins_; ++k)
    q[k] = options_.chargeMin + (k + 0.5) * options_.chargeBinWidth;
  return q;
}

std::map<std::string, std::vector<double>> ProfileAccumulator::chargeHistograms() const {
  auto out = chargeCounts_;
  for (auto& [element, h] : out) {
    const double total = std::accumulate(h.begin(), h.end(), 0.0);
    for (double& v : h) v /= total * options_.chargeBinWidth;
  }
  return out;
}

}  // namespace sei::analysis
