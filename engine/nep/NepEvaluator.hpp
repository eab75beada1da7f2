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
#include "nep/PairTables.hpp"
#include "nep/Zbl.hpp"

namespace sei {

struct NepEvaluatorOptions {
  int threads = 0;  ///< OpenMP threads; 0 = the OpenMP default
  KSpaceMethod kspace = KSpaceMethod::Ewald;
  /// Relative RMS force accuracy of the k-space sum (KSpaceResolution); 0: GPUMD's rules.
  double kspaceAccuracy = 0.0;
  /// > 1: slab geometry with vacuum along z, the k-space sum over c stretched by this factor
  /// plus the Yeh–Berkowitz/Ballenegger correction (SlabSolver); 0: fully periodic.
  double slabFactor = 0.0;
  double temperature = 300.0;    ///< K, descriptor input of *_temperature models only
  bool keepDescriptors = false;  ///< keep the raw descriptors of each call (the trainer's scalers)
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
  /// Raw (unscaled) descriptors q_id of the last compute, N×D atom-major; empty unless
  /// options.keepDescriptors.
  const std::vector<double>& descriptors() const { return descriptors_; }
  /// Mean of the network's charges q̂ before neutralisation in the last compute (qNEP), e: the
  /// trainer's charge loss compares Σq̂ with a structure's total charge, as GPUMD's nep does.
  double meanRawCharge() const { return meanRawCharge_; }

  /// Energy, forces, virial and the requested extras for atoms of the given model types.
  /// Throws std::invalid_argument for inconsistent input (sizes, types, a qNEP model on a cell
  /// that is not periodic in all directions).
  void compute(const std::vector<int>& types, const std::vector<Eigen::Vector3d>& positions,
               const Cell& cell, const ForceRequest& request, ForceResult& result) override;

  /// Total charge (e) the raw qNEP charges are shifted to in later calls: 0 (neutral) in MD;
  /// GPUMD's trainer shifts to each training structure's charge (spec §5).
  void setTotalCharge(double charge) { totalCharge_ = charge; }
  /// q̂_i − q_i (e) of the last qNEP call: the raw network charges are result.charges + this.
  double chargeShift() const { return chargeShift_; }

 private:
  void computeDescriptors(const std::vector<int>& types, ForceResult& result);
  void computeElectrostatics(const std::vector<Eigen::Vector3d>& positions, const Cell& cell,
                             const ForceRequest& request, ForceResult& result);
  void computeForces(const std::vector<int>& types, const ForceRequest& request,
                     ForceResult& result);
  void addZbl(const std::vector<int>& types, bool perAtomVirial, ForceResult& result);

  std::shared_ptr<const NepModel> model_;
  NepEvaluatorOptions options_;
  std::unique_ptr<KSpaceSolver> kspace_;
  std::unique_ptr<nep::Zbl> zbl_;
  nep::PairTables tables_;  ///< model constants in the layouts the loops want

  // Per-evaluation work arrays.
  NeighborList neighbors_;
  std::vector<double> dEnergy_;      ///< N×D, ∂U_i/∂Q_d
  std::vector<double> dCharge_;      ///< N×D, ∂q̂_i/∂Q_d (qNEP)
  std::vector<double> sums_;         ///< N×(n_A+1)×numSums_, angular sums S
  std::vector<double> potential_;    ///< D̄_i = D_i − mean(D), eV/e
  std::vector<double> descriptors_;  ///< N×D raw descriptors (options_.keepDescriptors)
  double totalCharge_ = 0.0;         ///< e
  double chargeShift_ = 0.0;         ///< e
  double meanRawCharge_ = 0.0;       ///< e
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
