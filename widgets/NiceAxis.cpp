#include "NiceAxis.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>

namespace sei::studio {

int NiceScale::intervals() const { return int(std::lround((max - min) / step)); }

int NiceScale::below() const { return min < 0.0 ? int(std::lround(-min / step)) : 0; }

const char* NiceScale::labelFormat() const {
  static const char* formats[] = {"%.0f", "%.1f", "%.2f", "%.3f", "%.4f", "%.5f",
                                  "%.6f", "%.7f", "%.8f", "%.9f", "%.10f"};
  return formats[std::clamp(decimals, 0, 10)];
}

namespace {

/// Scale with step `mantissa` × 10^`exponent` covering [lo, hi].
NiceScale cover(double lo, double hi, double mantissa, int exponent) {
  NiceScale s;
  s.step = mantissa * std::pow(10.0, exponent);
  // A relative tolerance keeps data lying on a tick (0.6 = 3 × 0.2) from adding an interval.
  const double eps = 1e-9;
  s.min = std::floor(lo / s.step + eps) * s.step;
  s.max = std::ceil(hi / s.step - eps) * s.step;
  if (s.max <= s.min) s.max = s.min + s.step;
  // 2.5 × 10^k needs one digit more than 10^k (0.25); whole steps need none.
  s.decimals = std::max(0, -exponent + (mantissa == 2.5 ? 1 : 0));
  if (std::abs(s.min) < 1e-12 * s.step) s.min = 0.0;  // no "-0.00"
  return s;
}

}  // namespace

namespace {

/// Clamps a quantity that cannot be negative at 0 and widens a single value to a span; false
/// when there is nothing to scale.
bool prepare(double& lo, double& hi, bool floorZero) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || lo > hi) return false;
  if (floorZero) lo = 0.0, hi = std::max(hi, 0.0);
  if (hi == lo) {
    const double half = lo == 0.0 ? 0.5 : 0.05 * std::abs(lo);
    hi += half;
    if (!floorZero) lo -= half;
  }
  return true;
}

constexpr double kMantissas[] = {1.0, 2.0, 2.5, 5.0};

/// The finest nice scale of exactly n intervals covering [lo, hi], with `below` intervals under
/// zero (−1: wherever the data puts the minimum).
std::optional<NiceScale> withIntervals(double lo, double hi, int n, int below) {
  const int k0 = int(std::floor(std::log10((hi - lo) / n)));
  const double tolerance = 1e-9 * (hi - lo);
  for (int k = k0 - 1; k <= k0 + 3; ++k)
    for (double m : kMantissas) {
      NiceScale s = cover(lo, hi, m, k);
      if (below >= 0) s.min = -below * s.step;
      s.max = s.min + n * s.step;
      if (s.min <= lo + tolerance && s.max >= hi - tolerance) return s;
    }
  return std::nullopt;
}

}  // namespace

NiceScale niceScale(double lo, double hi, int intervals, bool floorZero, bool wholeSteps) {
  if (!prepare(lo, hi, floorZero)) return {};
  // Candidates around the raw step (span / intervals); Heckbert rounds it to a nice number,
  // here the nice step giving the interval count nearest the target wins.
  const int k0 = int(std::floor(std::log10((hi - lo) / intervals)));
  NiceScale best;
  int bestMiss = std::numeric_limits<int>::max();
  for (int k = k0 - 1; k <= std::max(k0 + 1, 0); ++k)
    for (double m : kMantissas) {
      if (wholeSteps && (k < 0 || (k == 0 && m == 2.5))) continue;
      const NiceScale s = cover(lo, hi, m, k);
      const int miss = std::abs(s.intervals() - intervals);
      if (miss < bestMiss || (miss == bestMiss && s.max - s.min < best.max - best.min)) {
        best = s;
        bestMiss = miss;
      }
    }
  return best;
}

std::pair<NiceScale, NiceScale> niceTwinScales(std::array<double, 2> lo, std::array<double, 2> hi,
                                               std::array<bool, 2> floorZero, int intervals) {
  for (int i = 0; i < 2; ++i)
    if (!prepare(lo[i], hi[i], floorZero[i]))
      return {niceScale(lo[0], hi[0], intervals, floorZero[0]),
              niceScale(lo[1], hi[1], intervals, floorZero[1])};
  const bool span = lo[0] < 0.0 && hi[0] > 0.0 && lo[1] < 0.0 && hi[1] > 0.0;
  const bool fromZero = lo[0] == 0.0 && lo[1] == 0.0;
  // Every interval count near the target, every split at zero when zero is shared: the pair
  // whose emptier axis is filled most by its data wins (then the count nearest the target).
  std::pair<NiceScale, NiceScale> best;
  double bestFill = -1.0;
  int bestMiss = 0;
  for (int n = std::max(2, intervals - 1); n <= intervals + 2; ++n) {
    const int first = span ? 1 : fromZero ? 0 : -1, last = span ? n - 1 : first;
    for (int below = first; below <= last; ++below) {
      const auto a = withIntervals(lo[0], hi[0], n, below);
      const auto b = withIntervals(lo[1], hi[1], n, below);
      if (!a || !b) continue;
      const double fill =
          std::min((hi[0] - lo[0]) / (a->max - a->min), (hi[1] - lo[1]) / (b->max - b->min));
      const int miss = std::abs(n - intervals);
      if (fill > bestFill + 1e-9 || (std::abs(fill - bestFill) <= 1e-9 && miss < bestMiss)) {
        best = {*a, *b};
        bestFill = fill;
        bestMiss = miss;
      }
    }
  }
  return best;
}

}  // namespace sei::studio
