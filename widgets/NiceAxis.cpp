#include "NiceAxis.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

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

NiceScale niceScale(double lo, double hi, int intervals, bool floorZero) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || lo > hi) return {};
  if (floorZero) lo = 0.0, hi = std::max(hi, 0.0);
  if (hi == lo) {
    const double half = lo == 0.0 ? 0.5 : 0.05 * std::abs(lo);
    hi += half;
    if (!floorZero) lo -= half;
  }
  // Candidates around the raw step (span / intervals); Heckbert rounds it to a nice number,
  // here the nice step giving the interval count nearest the target wins.
  const int k0 = int(std::floor(std::log10((hi - lo) / intervals)));
  NiceScale best;
  int bestMiss = std::numeric_limits<int>::max();
  for (int k = k0 - 1; k <= k0 + 1; ++k)
    for (double m : {1.0, 2.0, 2.5, 5.0}) {
      const NiceScale s = cover(lo, hi, m, k);
      const int miss = std::abs(s.intervals() - intervals);
      if (miss < bestMiss || (miss == bestMiss && s.max - s.min < best.max - best.min)) {
        best = s;
        bestMiss = miss;
      }
    }
  return best;
}

void alignScales(NiceScale& left, NiceScale& right) {
  const bool zeroAligned =
      (left.below() > 0 && right.below() > 0 && left.max > 0.0 && right.max > 0.0) ||
      (left.min == 0.0 && right.min == 0.0);
  if (zeroAligned) {
    const int below = std::max(left.below(), right.below());
    const int above = std::max(left.intervals() - left.below(), right.intervals() - right.below());
    for (NiceScale* s : {&left, &right}) {
      s->min = -below * s->step;
      if (below == 0) s->min = 0.0;
      s->max = above * s->step;
    }
    return;
  }
  // Otherwise equal counts only, extending the scale with fewer intervals at the top.
  const int n = std::max(left.intervals(), right.intervals());
  for (NiceScale* s : {&left, &right}) s->max = s->min + n * s->step;
}

}  // namespace sei::studio
