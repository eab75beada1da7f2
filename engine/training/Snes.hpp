#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nep/NepModel.hpp"
#include "training/NepInput.hpp"

namespace sei::training {

/// GPUMD's separable natural evolution strategy (snes.cu; Schaul, Glasmachers, Schmidhuber
/// 2011) on the trained numbers of a NEP model: a Gaussian search distribution N(μ, σ²) per
/// parameter, utilities by rank, σ learning rate η_σ = (3 + ln n)/(5√n)/2 with n = P/T, and
/// per-type ranking (a parameter is updated from the ranking of its own type's fitness).
/// Random numbers are counter-based (seed, generation, index), so a run resumed at generation g
/// draws what the uninterrupted run drew.
class Snes {
 public:
  /// μ uniform in [−1, 1], σ = σ0; qNEP charge weights start at 0 and √ε∞ at 2 (GPUMD).
  Snes(const NepInput& input, const NepModel& shape);

  std::size_t numParameters() const { return mu_.size(); }
  int populationSize() const { return population_; }
  const std::vector<double>& mu() const { return mu_; }
  /// Where a gradient optimiser starts: the mean, with the qNEP charge weights of the first
  /// individual of the first generation (N(0, σ0²) around their mean 0). At zero charge weights
  /// no gradient reaches them: the electrostatic energy is quadratic in the charges, so the
  /// energy, force and virial terms are flat there, and SNES leaves 0 only by sampling.
  std::vector<double> gradientStart() const;
  /// The charge weights of `theta` replaced by those of gradientStart().
  void drawChargeWeights(std::vector<double>& theta) const;
  const std::vector<double>& sigma() const { return sigma_; }
  const std::vector<int>& parameterTypes() const { return typeOf_; }
  double etaSigma() const { return etaSigma_; }
  const std::vector<double>& utilities() const { return utility_; }

  /// Individuals of `generation`: row p of `population` (population × P) is μ + σ·s_p, the
  /// standard normal draws s kept for update().
  void sample(std::uint64_t generation, std::vector<double>& population);

  /// One SNES step from fitness[t·population + p] (lower is better; t = 0..T, T = all types) of
  /// the individuals last sampled. Returns, per t, the individuals sorted best first.
  std::vector<std::vector<int>> update(const std::vector<double>& fitness);

  /// Reads GPUMD's nep.restart (one "μ σ" line per parameter); `flipCharge` negates the charge
  /// output weights (charge_mode m 1). Throws InputError on a size mismatch or bad number.
  void readRestart(const std::string& path, const NepModel& shape, bool flipCharge);
  /// Starts from `mu` and `sigma` (fine_tune); throws std::invalid_argument for another size.
  void start(std::vector<double> mu, std::vector<double> sigma);
  /// nep.restart text: "%15.7e %15.7e" per parameter where exact, the shortest exact form else.
  std::string restartText() const;

 private:
  int population_;
  int numTypes_;
  std::uint64_t seed_;
  double etaSigma_;
  std::vector<double> mu_, sigma_, utility_, draws_;
  std::vector<int> typeOf_;
  std::vector<std::size_t> chargePositions_;  ///< qNEP: chargeWeightPositions(); else empty
};

/// The two columns of a GPUMD nep.restart, one "μ σ" line per parameter.
struct RestartColumns {
  std::vector<double> mu, sigma;
};
/// Throws InputError naming the file and line for a missing file or a malformed line.
RestartColumns readRestartColumns(const std::string& path);

/// Positions of the charge output weights w1q of every type in the trained vector (qNEP).
std::vector<std::size_t> chargeWeightPositions(const NepModel& shape);
/// Negates the charge output weights in `values` (a parameter vector or an optimiser moment laid
/// out like one): `charge_mode m 1`, GPUMD's flip_charge. Energies and forces are even in the
/// charges, so without BEC labels only the start fixes their sign; this turns a run over.
void flipChargeWeights(const NepModel& shape, std::vector<double>& values);

}  // namespace sei::training
