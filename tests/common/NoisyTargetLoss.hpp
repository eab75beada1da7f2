#pragma once

#include <random>
#include <vector>

#include "core/Structure.hpp"
#include "nep/NepModel.hpp"
#include "training/BatchGradient.hpp"

namespace sei::test {

/// A loss for comparing gradient backends (CPU, CUDA kernels on the host, CUDA on a GPU):
/// weighted squared errors of energy, forces, virial and, for qNEP, the raw total charge (GPUMD's
/// charge term) against targets made once, from the first outputs it sees plus Gaussian noise
/// drawn from `seed`, so that every backend is asked for the same gradient.
class NoisyTargetLoss {
 public:
  explicit NoisyTargetLoss(unsigned seed) : rng_(seed) {}
  training::BatchLoss operator()(const std::vector<training::ModelOutputs>& outputs);

 private:
  struct Target {
    double energy = 0.0;                               ///< eV
    std::vector<Eigen::Vector3d> forces;               ///< eV/Å
    Eigen::Matrix3d virial = Eigen::Matrix3d::Zero();  ///< eV
    double charge = 0.0;                               ///< e, raw total charge (qNEP)
  };
  std::mt19937 rng_;
  std::vector<Target> targets_;
};

/// A batch of `count` random structures of `model`'s elements for gradient comparisons: structure
/// k has firstAtoms + k·atomStep atoms in testCell(k odd), from seed + k, total charge
/// k·chargeStep (e) and `temperature` (K).
struct RandomBatch {
  RandomBatch(const NepModel& model, unsigned count, int firstAtoms, int atomStep, unsigned seed,
              double chargeStep, double temperature = 300.0);
  RandomBatch(const RandomBatch&) = delete;  // batch points into structures and types
  RandomBatch& operator=(const RandomBatch&) = delete;

  std::vector<Structure> structures;
  std::vector<std::vector<int>> types;
  std::vector<training::BatchStructure> batch;
};

}  // namespace sei::test
