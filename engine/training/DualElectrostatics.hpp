#pragma once

#include <Eigen/Dense>
#include <vector>

#include "core/Cell.hpp"
#include "neighbor/NeighborList.hpp"
#include "nep/NepModel.hpp"
#include "training/Dual.hpp"

namespace sei::training {

/// qNEP's electrostatics of one structure on dual numbers, for the parameter gradient
/// (ParameterGradient's class comment): the raw charges q̂_i shifted to `totalCharge` (spec §5,
/// GPUMD's trainer), Ewald's reciprocal sum (spec §7.4) and, in charge mode 1, the real-space
/// and self terms (§7.3) over `neighbors` (the full list of the radial cutoff or beyond), all
/// along the motion in which every pair vector moves by g_j − g_i + Hᵀr_ij (g: forceAdjoint,
/// empty for none; Hᵀ: strainRate) and the cell by Hᵀh. Returns the Coulomb energy (eV) and
/// sets chargeAdjoint[i] = ∂E/∂q̂_i = D̄_i (eV/e) with the charge loss's seed −t·∂L/∂q̂_i
/// (rawChargeAdjoint, 1/e). Used by ParameterGradient and, between its kernels, by the CUDA
/// trainer.
Dual dualElectrostatics(const NepModel& model, const Cell& cell,
                        const std::vector<Eigen::Vector3d>& positions,
                        const NeighborList& neighbors,
                        const std::vector<Eigen::Vector3d>& forceAdjoint,
                        const Eigen::Matrix3d& strainRate, const std::vector<Dual>& rawCharges,
                        double totalCharge, const std::vector<double>& rawChargeAdjoint,
                        std::vector<Dual>& chargeAdjoint);

}  // namespace sei::training
