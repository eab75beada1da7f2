#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace sei {

/// Turns a simulated time into the MD step it was written at, for trajectories whose frames
/// carry only their time (GPUMD's dump.xyz has Time= and no step). Built from the run blocks of
/// a run.in, in order, so that blocks with different time steps are numbered correctly. Blocks
/// with an adaptive time step (GPUMD's maximum distance per step) cannot be numbered from time.
class StepClock {
 public:
  /// Appends a run block of `steps` steps of `timeStep` fs after the blocks added so far.
  void addBlock(std::int64_t steps, double timeStep /*fs*/);
  bool empty() const { return blocks_.empty(); }
  /// The step at `time` (fs since the start of the run.in); times past the last block continue
  /// with its time step. Empty when the clock has no blocks.
  std::optional<std::int64_t> stepAt(double time /*fs*/) const;

 private:
  struct Block {
    double startTime = 0.0;      ///< fs
    std::int64_t startStep = 0;  ///< steps before the block
    std::int64_t steps = 0;      ///< steps in the block
    double timeStep = 0.0;       ///< fs
  };
  std::vector<Block> blocks_;
};

}  // namespace sei
