#pragma once

#include <Eigen/Dense>
#include <vector>

#include "training/NepInput.hpp"
#include "training/Prediction.hpp"
#include "training/TrainingSet.hpp"

namespace sei::training {

/// GPUMD's RMSE terms (dataset.cu get_rmse_*), each indexed by type t = 0..T−1 (structures that
/// contain type t) and t = T (all structures): energy in eV/atom, force in eV/Å, virial in
/// eV/atom, charge (total charge per atom) in e, BEC in e.
struct RmseTerms {
  std::vector<double> energy, force, virial, charge, bec;
  double energyShift = 0.0;  ///< eV/atom, weighted mean of (E − E_ref) removed from the energy
};

/// Which variant GPUMD computes: the fitness applies the weights (structure weight², type
/// weight², force_delta, λ_shear²) and removes the energy shift; loss.out's train RMSEs are
/// unweighted with the shift removed, its test RMSEs unweighted without a shift.
struct RmseOptions {
  bool useWeight = true;
  bool removeEnergyShift = true;
};

/// The RMSE terms of predictions preds[k] for structures set[which[k]].
RmseTerms rmseTerms(const NepInput& input, const std::vector<TrainingStructure>& set,
                    const std::vector<std::size_t>& which,
                    const std::vector<StructurePrediction>& preds, const RmseOptions& options);

/// The data part of GPUMD's fitness for type t: λ_e·E + λ_f·F + λ_v·V + λ_q·Q + λ_z·Z.
double dataLoss(const NepInput& input, const RmseTerms& terms, int t);

/// Derivatives of dataLoss(input, rmseTerms(..., {weighted, removeEnergyShift}), T) with respect
/// to one structure's predictions: the adjoints a gradient code contracts with ∂prediction/∂θ.
struct StructureAdjoint {
  double energy = 0.0;                               ///< ∂L/∂E_total, 1/eV·(loss unit)
  std::vector<Eigen::Vector3d> forces;               ///< ∂L/∂F_i
  Eigen::Matrix3d virial = Eigen::Matrix3d::Zero();  ///< ∂L/∂W^{ab} of the total virial
  std::vector<double> rawCharges;                    ///< ∂L/∂q̂_i (qNEP)
  std::vector<double> bec;  ///< ∂L/∂Z_i^{ab}, 9 per atom (qNEP with BEC labels)
};
std::vector<StructureAdjoint> lossAdjoints(const NepInput& input,
                                           const std::vector<TrainingStructure>& set,
                                           const std::vector<std::size_t>& which,
                                           const std::vector<StructurePrediction>& preds,
                                           bool removeEnergyShift = true);

/// Whether the structures set[which[k]] all hold the same fraction of each type. Removing a
/// batch's energy shift (GPUMD's fitness) drops a constant energy per atom: within one
/// composition only the batch's mean error, across several also how their energies differ.
bool oneComposition(const std::vector<TrainingStructure>& set,
                    const std::vector<std::size_t>& which, int numTypes);

/// GPUMD's regularisation of a parameter vector for type t (snes.cu regularize_NEP4):
/// λ1·Σ|θ|/n and λ2·sqrt(Σθ²/n) over the parameters of type t (n = P/T), or for t = T over every
/// parameter but the global biases (n = P). `typeOf` comes from parameterTypes.
struct Regularization {
  double l1 = 0.0, l2 = 0.0;
};
Regularization regularization(const std::vector<double>& theta, const std::vector<int>& typeOf,
                              int t, int numTypes, double lambda1, double lambda2);

/// The type each trained parameter belongs to (snes.cu find_type_of_variable): a network's
/// numbers to its type, the global numbers (√ε∞, b_out) to T, a descriptor coefficient
/// c[n][k][t1][t2] to its central type t1.
std::vector<int> parameterTypes(const NepModel& model);

/// λ1, λ2 after nep.in: -1 (automatic) becomes sqrt(P·1e-6/T) as in GPUMD.
double automaticLambda(double lambda, std::size_t numParameters, int numTypes);

}  // namespace sei::training
