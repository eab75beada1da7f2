#pragma once

// qNEP's step between the CUDA trainer's dual forward and reverse kernels, on the host: the
// Ewald part stays on the CPU for now (training::dualElectrostatics per structure); the
// networks, descriptors and charges of both passes run on the device. Header-only, so that the
// CPU-side tests run it in builds without CUDA.

#include <algorithm>
#include <vector>

#include "cuda/BatchPairList.hpp"
#include "training/DualElectrostatics.hpp"

namespace sei::cuda {

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
