#pragma once

// qNEP's host steps of the CUDA trainer: the Ewald part stays on the CPU for now, between the
// descriptor and force kernels of the outputs (batchCoulomb, NepEvaluator's electrostatics) and
// between the dual forward and reverse kernels of the gradient (batchChargeAdjoints,
// training::dualElectrostatics); descriptors, networks and charges run on the device.
// Header-only, so that the CPU-side tests run it in builds without CUDA.

#include <algorithm>
#include <vector>

#include "cuda/BatchPairList.hpp"
#include "kspace/Electrostatics.hpp"
#include "nep/NepEvaluator.hpp"
#include "training/DualElectrostatics.hpp"

namespace sei::cuda {

/// The Coulomb part of a qNEP batch's outputs from the network's raw charges.
struct BatchCoulomb {
  std::vector<double> charges;          ///< N, e, raw charges shifted to each total charge
  std::vector<double> potential;        ///< N, D̄_i = ∂E/∂q̂_i, eV/e (force weights)
  std::vector<Eigen::Vector3d> forces;  ///< N, eV/Å, charges held fixed
  std::vector<double> energy;           ///< per structure, eV
  std::vector<Eigen::Matrix3d> virial;  ///< per structure, eV
};

/// NepEvaluator::computeElectrostatics of every structure (its shift to the total charge, Ewald
/// at the evaluator's default resolution as in the trainer, mode 1's real-space part over the
/// structure's list, the mean-D rule); OpenMP over structures.
inline BatchCoulomb batchCoulomb(const NepModel& model,
                                 const std::vector<training::BatchStructure>& batch,
                                 const BatchPairList& list, const std::vector<double>& rawCharges) {
  const int numStructures = static_cast<int>(batch.size());
  BatchCoulomb out;
  out.charges.resize(list.numAtoms());
  out.potential.resize(list.numAtoms());
  out.forces.resize(list.numAtoms());
  out.energy.resize(numStructures);
  out.virial.resize(numStructures);
  const double rc = model.radialCutoff[0];
  const double alpha = hd::kPi / rc;
#pragma omp parallel
  {
    const NepEvaluatorOptions defaults;
    const std::unique_ptr<KSpaceSolver> kspace = makeKSpaceSolver(
        KSpaceMethod::Ewald, defaults.kspaceAccuracy, defaults.slabFactor, list.cutoff);
    ElectrostaticTerms terms;
#pragma omp for schedule(dynamic)
    for (int s = 0; s < numStructures; ++s) {
      const int first = list.firstAtom[s], n = list.firstAtom[s + 1] - first;
      double mean = 0.0;
      for (int i = first; i < first + n; ++i) mean += rawCharges[i];
      mean /= n;
      const double shift = mean - batch[s].totalCharge / n;
      const std::vector<double> q(rawCharges.begin() + first, rawCharges.begin() + first + n);
      std::vector<double> shifted(n);
      for (int i = 0; i < n; ++i) shifted[i] = q[i] - shift;
      terms.reset(n, false);
      kspace->compute(*batch[s].cell, *batch[s].positions, shifted, alpha, terms);
      if (model.chargeMode == 1) addRealSpaceCoulomb(list.lists[s], shifted, alpha, rc, terms);
      double meanPotential = 0.0;
      for (double d : terms.potential) meanPotential += d;
      meanPotential /= n;
      for (int i = 0; i < n; ++i) {
        out.charges[first + i] = shifted[i];
        out.potential[first + i] = terms.potential[i] - meanPotential;
        out.forces[first + i] = terms.forces[i];
      }
      double energy = 0.0;
      for (double e : terms.perAtomEnergy) energy += e;
      out.energy[s] = energy;
      out.virial[s] = terms.virial;
    }
  }
  return out;
}

/// ∂E/∂q̂_i with the charge loss's seed (eV/e, dual) of every atom of the batch from the raw
/// charges of the dual forward pass, along the direction of the loss's force and virial
/// adjoints; OpenMP over structures.
inline std::vector<training::Dual> batchChargeAdjoints(
    const NepModel& model, const std::vector<training::BatchStructure>& batch,
    const BatchPairList& list, const std::vector<training::OutputAdjoints>& adjoints,
    const std::vector<training::Dual>& rawCharges) {
  std::vector<training::Dual> out(list.numAtoms());
  const int numStructures = static_cast<int>(batch.size());
#pragma omp parallel for schedule(dynamic)
  for (int s = 0; s < numStructures; ++s) {
    const int first = list.firstAtom[s], n = list.firstAtom[s + 1] - first;
    const std::vector<training::Dual> q(rawCharges.begin() + first, rawCharges.begin() + first + n);
    std::vector<double> rawAdjoint = adjoints[s].rawCharges;
    if (rawAdjoint.empty()) rawAdjoint.assign(n, 0.0);
    std::vector<training::Dual> adjoint;
    training::dualElectrostatics(model, *batch[s].cell, *batch[s].positions, list.lists[s],
                                 adjoints[s].forces, adjoints[s].virial.transpose(), q,
                                 batch[s].totalCharge, rawAdjoint, adjoint);
    std::copy(adjoint.begin(), adjoint.end(), out.begin() + first);
  }
  return out;
}

}  // namespace sei::cuda
