#pragma once

#include <Eigen/Dense>
#include <array>
#include <memory>
#include <vector>

#include "nep/NepModel.hpp"
#include "training/TrainingSet.hpp"

namespace sei::training {

/// What a model predicts for one training structure, in the units of its labels.
struct StructurePrediction {
  double energy = 0.0;                                    ///< eV per atom
  std::vector<Eigen::Vector3d> forces;                    ///< eV/Å
  Eigen::Matrix3d virialTotal = Eigen::Matrix3d::Zero();  ///< W^{ab} = Σ r^a F^b, eV
  std::array<double, 6> virial{};  ///< per atom, eV, GPUMD's order xx yy zz xy yz zx
  std::vector<double> rawCharges;  ///< q̂ before neutralisation, e (qNEP)
  std::vector<double> bec;         ///< 9 per atom row-major, e (qNEP, if labelled)
};

/// Evaluates models on training structures with the engine's NepEvaluator (no second copy of
/// the NEP math), OpenMP over (model, structure) pairs, one single-threaded evaluator per thread.
class SetEvaluator {
 public:
  explicit SetEvaluator(int threads = 0) : threads_(threads) {}

  /// out[m][k]: model m on structure set[which[k]].
  void predict(const std::vector<std::shared_ptr<const NepModel>>& models,
               const std::vector<TrainingStructure>& set, const std::vector<std::size_t>& which,
               std::vector<std::vector<StructurePrediction>>& out) const;

  /// One model on the structures `which`.
  std::vector<StructurePrediction> predict(std::shared_ptr<const NepModel> model,
                                           const std::vector<TrainingStructure>& set,
                                           const std::vector<std::size_t>& which) const;

  /// GPUMD's descriptor scalers: 1/(max − min) of each raw descriptor component over every atom
  /// of `set` (nep.cu find_max_min), for `model`'s descriptor coefficients. A component that
  /// never varies gets 1.
  std::vector<double> descriptorScalers(const NepModel& model,
                                        const std::vector<TrainingStructure>& set) const;

  /// Per structure, the mean over its atoms of the scaled descriptor (`model`'s scalers times
  /// the raw descriptor): one D-vector per structure of `set`.
  std::vector<std::vector<double>> meanDescriptors(const NepModel& model,
                                                   const std::vector<TrainingStructure>& set) const;

  /// GPUMD's descriptor.out of `prediction 1` with `output_descriptor` 1 (one line per
  /// structure: mean scaled descriptor) or 2 (one line per atom), "%g " per number.
  std::string descriptorText(const NepModel& model, const std::vector<TrainingStructure>& set,
                             int mode) const;

  int threads() const { return threads_; }

 private:
  /// Calls visit(thread, k, q) with the raw descriptors q (N×D) of every structure k, in
  /// parallel over structures.
  template <class Visit>
  void forEachDescriptors(const NepModel& model, const std::vector<TrainingStructure>& set,
                          Visit&& visit) const;

  int threads_;  ///< 0: the OpenMP default
};

/// Energy (eV), forces and virial W (eV) of a structure in the units of the labels (per atom);
/// charges and BEC left empty.
StructurePrediction predictionFromTotals(double energy, const std::vector<Eigen::Vector3d>& forces,
                                         const Eigen::Matrix3d& virial);

/// Indices 0..n-1.
std::vector<std::size_t> allIndices(std::size_t n);

}  // namespace sei::training
