#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace sei::training {

/// The learning rate of GPUMD's gradient trainer `gnep` (src/main_gnep/fitness.cu), one
/// optimiser step per mini-batch. Without restarts: one epoch of linear warm-up from stopLr to
/// startLr, then a cosine from startLr down to stopLr at the last step. With `lr_cos_restart`:
/// warmupEpochs of warm-up, then cosine cycles of restartPeriodEpochs, each periodFactor times
/// longer than the one before, restarting at startLr·decayFactor^cycle (not below stopLr); the
/// cycle running at the end is cut to end with the last step.
struct LearningRateSchedule {
  double startLr = 1e-3;  ///< `start_lr`
  double stopLr = 1e-7;   ///< `stop_lr`
  int epochs = 50;        ///< `epoch`
  int batchesPerEpoch = 1;
  bool cosineRestart = false;    ///< `lr_cos_restart 1 [warmup period factor decay]`
  int warmupEpochs = 1;          ///< used only with restarts (1 without)
  int restartPeriodEpochs = 10;  ///< first cycle's length
  double periodFactor = 2.0;     ///< each cycle this much longer than the previous one
  double decayFactor = 0.8;      ///< each cycle's peak this much lower

  int totalSteps() const { return epochs * batchesPerEpoch; }
  /// The rate of optimiser step `step` (0-based).
  double at(int step) const;
};

/// Adam as `gnep` applies it to the flat parameter vector (src/main_gnep/adam.cu): the gradient
/// is first clipped to the norm min(n̄, 10), n̄ an exponential average (weight 0.1) of the norms
/// seen so far including this one; then m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g² and
/// θ ← θ − lr·(m̂/(√v̂ + ε) + λθ) with the bias-corrected moments m̂ = m/(1−β₁ᵗ),
/// v̂ = v/(1−β₂ᵗ) and the weight decay λ (`weight_decay`, scaled by the learning rate).
class Adam {
 public:
  struct State {
    std::vector<double> m, v;   ///< first and second moments
    long steps = 0;             ///< updates done (t − 1 of the next one)
    double averageNorm = -1.0;  ///< n̄; negative before the first update
  };

  explicit Adam(std::size_t numParameters, double weightDecay = 0.0, bool clipGradients = true);

  /// One update with learning rate lr. The gradient is clipped in place.
  void update(double lr, std::vector<double>& gradient, std::vector<double>& parameters);

  /// The optimiser's memory, for a restart file.
  const State& state() const { return state_; }
  void setState(State state);

  static constexpr double kBeta1 = 0.9, kBeta2 = 0.999, kEpsilon = 1e-8;
  static constexpr double kMaxClipNorm = 10.0;

 private:
  double weightDecay_;
  bool clip_;
  State state_;
};

/// The mini-batches of an epoch as `gnep` forms them: ceil(n/batch) consecutive runs of
/// structures whose sizes differ by at most one, the larger ones first. [begin, end) each.
std::vector<std::pair<std::size_t, std::size_t>> miniBatches(std::size_t numStructures,
                                                             std::size_t batch);

/// `gnep`'s `energy_shift 1`: per-type energies x_t (eV) with Σ_t N_t x_t ≈ E, the
/// regularised minimum-norm solution x_t = N_t·E/(Σ_s N_s² + 0.001) for the atom counts N_t and
/// the total energy E summed over all training structures. typeCounts[s][t] is the number of
/// atoms of type t in structure s, energies[s] its energy (eV).
std::vector<double> energyShift(const std::vector<std::vector<int>>& typeCounts,
                                const std::vector<double>& energies);

}  // namespace sei::training
