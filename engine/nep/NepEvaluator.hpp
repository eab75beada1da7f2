#pragma once

#include <Eigen/Dense>
#include <memory>
#include <vector>

#include "core/Backend.hpp"
#include "core/Cell.hpp"
#include "core/ForceResult.hpp"
#include "kspace/Electrostatics.hpp"
#include "neighbor/NeighborList.hpp"
#include "nep/AngularTerms.hpp"
#include "nep/NepModel.hpp"
#include "nep/Zbl.hpp"

namespace sei {

struct NepEvaluatorOptions {
  int threads = 0;  ///< OpenMP threads; 0 = the OpenMP default
  KSpaceMethod kspace = KSpaceMethod::Ewald;
  /// Relative RMS force accuracy of the k-space sum (KSpaceResolution); 0: GPUMD's rules.
  double kspaceAccuracy = 0.0;
  double temperature = 300.0;  ///< K, descriptor input of *_temperature models only
};

/// CPU reference evaluator of NEP and qNEP models in double precision (spec §3–§11).
/// One instance keeps its work arrays between calls; it is not thread-safe itself (it uses
/// OpenMP inside).
class NepEvaluator : public Backend {
 public:
  explicit NepEvaluator(std::shared_ptr<const NepModel> model, NepEvaluatorOptions options = {});

  const NepModel& model() const { return *model_; }
  const NepEvaluatorOptions& options() const { return options_; }
  /// Bytes of work memory kept between calls (neighbour list, per-atom arrays, k-space mesh).
  std::size_t memoryBytes() const override;
  bool setTemperature(double kelvin) override;
  std::string electrostaticsSummary() const override;

  /// Energy, forces, virial and the requested extras for atoms of the given model types.
  /// Throws std::invalid_argument for inconsistent input (sizes, types, a qNEP model on a cell
  /// that is not periodic in all directions).
  void compute(const std::vector<int>& types, const std::vector<Eigen::Vector3d>& positions,
               const Cell& cell, const ForceRequest& request, ForceResult& result) override;

 private:
  void computeDescriptors(const std::vector<int>& types, ForceResult& result);
  void computeElectrostatics(const std::vector<Eigen::Vector3d>& positions, const Cell& cell,
                             bool perAtomVirial, ForceResult& result);
  void computeForces(const std::vector<int>& types, const ForceRequest& request,
                     ForceResult& result);
  void addZbl(const std::vector<int>& types, bool perAtomVirial, ForceResult& result);

  std::shared_ptr<const NepModel> model_;
  NepEvaluatorOptions options_;
  std::unique_ptr<KSpaceSolver> kspace_;
  std::unique_ptr<nep::Zbl> zbl_;
  nep::AngularFunctions angular_;
  std::vector<nep::BlockPolynomial> blocks_;

  // Model constants in the layouts the loops want.
  int numTypes_, dim_, nR_, nA_, kR_, kA_, numSums_;
  std::vector<double> cRadial_;               ///< [(ti*T+tj)][n][k]
  std::vector<double> cAngular_;              ///< [(ti*T+tj)][n][k]
  std::vector<double> rcRadial_, rcAngular_;  ///< per type pair, Å

  // Per-evaluation work arrays.
  NeighborList neighbors_;
  std::vector<double> dEnergy_;    ///< N×D, ∂U_i/∂Q_d
  std::vector<double> dCharge_;    ///< N×D, ∂q̂_i/∂Q_d (qNEP)
  std::vector<double> sums_;       ///< N×(n_A+1)×numSums_, angular sums S
  std::vector<double> potential_;  ///< D̄_i = D_i − mean(D), eV/e
  ElectrostaticTerms coulomb_;
  struct ThreadAccumulator {
    std::vector<Eigen::Vector3d> force;
    std::vector<Eigen::Matrix3d> virial;
    std::vector<Eigen::Matrix3d> bec;
    Eigen::Matrix3d totalVirial;
  };
  std::vector<ThreadAccumulator> accumulators_;
};

}  // namespace sei
