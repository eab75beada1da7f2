#pragma once

#include <array>
#include <utility>

namespace sei::studio {

/// An axis scale whose limits and tick step are "nice numbers" (Heckbert, "Nice numbers for
/// graph labels", Graphics Gems 1990), with steps of 1, 2, 2.5 or 5 × 10^k: ticks at min,
/// min + step, ..., max, every one a multiple of step.
struct NiceScale {
  double min = 0.0;
  double max = 1.0;
  double step = 0.25;
  int decimals = 2;  ///< digits after the point that show every tick exactly, no more

  int intervals() const;  ///< (max − min) / step, rounded
  int ticks() const { return intervals() + 1; }
  /// Steps below zero (min = −below · step); 0 when the scale starts at or above zero.
  int below() const;
  /// printf format for the tick labels ("%.2f").
  const char* labelFormat() const;
};

/// The nice scale that covers [lo, hi] with the number of intervals nearest `intervals`
/// (among equally near ones, the one spanning least). `floorZero`: the quantity cannot be
/// negative, so the scale starts at 0. A single value (lo == hi) gets a span around it.
/// `wholeSteps`: the quantity counts things (generations, epochs), so every tick is a whole
/// number (steps 1, 2, 5, 10, 20, 25, ...).
NiceScale niceScale(double lo, double hi, int intervals = 4, bool floorZero = false,
                    bool wholeSteps = false);

/// Nice scales for twin (left and right) axes that share their grid lines: the same number of
/// intervals, and zero on the same line when both data ranges span zero or both start at zero.
/// Among the interval counts near `intervals`, the pair that leaves the least of either axis
/// empty.
std::pair<NiceScale, NiceScale> niceTwinScales(std::array<double, 2> lo, std::array<double, 2> hi,
                                               std::array<bool, 2> floorZero, int intervals = 4);

}  // namespace sei::studio
