#include "io/StepClock.hpp"

#include <cmath>

namespace sei {

void StepClock::addBlock(std::int64_t steps, double timeStep) {
  Block block;
  if (!blocks_.empty()) {
    const Block& last = blocks_.back();
    block.startTime = last.startTime + static_cast<double>(last.steps) * last.timeStep;
    block.startStep = last.startStep + last.steps;
  }
  block.steps = steps;
  block.timeStep = timeStep;
  blocks_.push_back(block);
}

std::optional<std::int64_t> StepClock::stepAt(double time) const {
  if (blocks_.empty()) return std::nullopt;
  for (const Block& b : blocks_) {
    const double steps = (time - b.startTime) / b.timeStep;
    // A frame written at a block's last step belongs to it (rounding of time allowed).
    if (steps <= static_cast<double>(b.steps) + 0.5 || &b == &blocks_.back())
      return b.startStep + std::llround(steps);
  }
  return std::nullopt;  // not reached: the last block takes every later time
}

}  // namespace sei
