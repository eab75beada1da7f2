#include "analysis/Rdf.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/Error.hpp"

namespace sei::analysis {

RdfAccumulator::RdfAccumulator(std::vector<std::pair<Selection, Selection>> pairs, double rMax,
                               double binWidth, std::size_t window)
    : pairs_(std::move(pairs)), rMax_(rMax), binWidth_(binWidth), windowSize_(window) {
  if (!(rMax > 0.0) || !(binWidth > 0.0) || binWidth > rMax)
    throw std::invalid_argument("RdfAccumulator: need 0 < binWidth <= rMax");
  bins_ = static_cast<int>(std::ceil(rMax / binWidth - 1e-9));
  rMax_ = bins_ * binWidth_;
  total_ = emptySample();
}

bool RdfAccumulator::needsSpecies() const {
  for (const auto& [a, b] : pairs_)
    if (a.needsSpecies() || b.needsSpecies()) return true;
  return false;
}

RdfAccumulator::Sample RdfAccumulator::emptySample() const {
  Sample s;
  s.counts.assign(pairs_.size(), std::vector<double>(bins_, 0.0));
  s.ideal.assign(pairs_.size(), 0.0);
  s.centres.assign(pairs_.size(), 0.0);
  return s;
}

void RdfAccumulator::merge(Sample& into, const Sample& s, double sign) {
  for (std::size_t p = 0; p < s.counts.size(); ++p) {
    for (std::size_t k = 0; k < s.counts[p].size(); ++k) into.counts[p][k] += sign * s.counts[p][k];
    into.ideal[p] += sign * s.ideal[p];
    into.centres[p] += sign * s.centres[p];
  }
}

void RdfAccumulator::reset() {
  window_.clear();
  total_ = emptySample();
  frames_ = 0;
}

void RdfAccumulator::add(const Frame& frame, const SpeciesFrame* species) {
  Sample sample = emptySample();
  std::vector<std::vector<char>> inA, inB;
  std::vector<char> centres(frame.size(), 0);
  for (const auto& [a, b] : pairs_) {
    inA.push_back(a.mask(frame, species));
    inB.push_back(b.mask(frame, species));
    for (std::size_t i = 0; i < frame.size(); ++i) centres[i] |= inA.back()[i];
  }
  const NeighborList list = frame.neighborsOf(centres, rMax_);
  const double volume = frame.cell().volume();
  const double rMaxSquared = rMax_ * rMax_;
  for (std::size_t p = 0; p < pairs_.size(); ++p) {
    const double nB = static_cast<double>(std::count(inB[p].begin(), inB[p].end(), 1));
    double nA = 0.0, others = 0.0;
    std::vector<double>& counts = sample.counts[p];
    for (std::size_t i = 0; i < frame.size(); ++i) {
      if (!inA[p][i]) continue;
      nA += 1.0;
      others += nB - inB[p][i];
      for (std::size_t k = list.begin(i); k < list.end(i); ++k) {
        if (!inB[p][list.index[k]]) continue;
        const double d2 = list.displacement[k].squaredNorm();
        if (d2 >= rMaxSquared) continue;
        const int bin = static_cast<int>(std::sqrt(d2) / binWidth_);
        if (bin < bins_) counts[bin] += 1.0;
      }
    }
    sample.centres[p] = nA;
    sample.ideal[p] = volume > 0.0 ? others / volume : std::numeric_limits<double>::quiet_NaN();
  }
  merge(total_, sample, 1.0);
  ++frames_;
  if (windowSize_ > 0) {
    window_.push_back(std::move(sample));
    if (window_.size() > windowSize_) {
      merge(total_, window_.front(), -1.0);
      window_.pop_front();
      --frames_;
    }
  }
}

RdfCurve RdfAccumulator::curve(std::size_t p) const {
  RdfCurve c;
  c.label = pairs_.at(p).first.text + "-" + pairs_[p].second.text;
  const double fourThirdsPi = 4.0 / 3.0 * std::acos(-1.0);
  double running = 0.0;
  for (int k = 0; k < bins_; ++k) {
    const double lo = k * binWidth_, hi = lo + binWidth_;
    const double shell = fourThirdsPi * (hi * hi * hi - lo * lo * lo);
    const double count = total_.counts[p][k];
    running += count;
    c.r.push_back(lo + 0.5 * binWidth_);
    c.g.push_back(total_.ideal[p] > 0.0 ? count / (total_.ideal[p] * shell)
                                        : std::numeric_limits<double>::quiet_NaN());
    c.cn.push_back(total_.centres[p] > 0.0 ? running / total_.centres[p] : 0.0);
  }
  return c;
}

void RdfAccumulator::requirePairs(const std::string& source) const {
  for (std::size_t p = 0; p < pairs_.size(); ++p) {
    const auto& [a, b] = pairs_[p];
    if (total_.centres[p] > 0.0 && total_.ideal[p] > 0.0) continue;
    const std::string& missing = total_.centres[p] > 0.0 ? b.text : a.text;
    throw InputError(source, 0,
                     "pair '" + a.text + "-" + b.text + "': no atom of the trajectory matches '" +
                         missing +
                         "' (expected an element it holds or a species name such as EC or PF6-)");
  }
}

double firstMinimum(const RdfCurve& curve) {
  const std::size_t n = curve.g.size();
  if (n < 5) return 0.0;
  std::vector<double> smooth(n, 0.0);
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t lo = k < 2 ? 0 : k - 2, hi = std::min(n - 1, k + 2);
    for (std::size_t m = lo; m <= hi; ++m) smooth[k] += std::isfinite(curve.g[m]) ? curve.g[m] : 0;
    smooth[k] /= static_cast<double>(hi - lo + 1);
  }
  std::size_t peak = n;
  for (std::size_t k = 1; k + 1 < n && peak == n; ++k)
    if (smooth[k] > 1.0 && smooth[k] >= smooth[k - 1] && smooth[k] > smooth[k + 1]) peak = k;
  if (peak == n) peak = std::max_element(smooth.begin(), smooth.end()) - smooth.begin();
  for (std::size_t k = peak + 1; k + 1 < n; ++k)
    if (smooth[k] <= smooth[k - 1] && smooth[k] < smooth[k + 1]) return curve.r[k];
  return 0.0;
}

}  // namespace sei::analysis
