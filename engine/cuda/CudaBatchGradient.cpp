#include "cuda/CudaBatchGradient.hpp"

#include <stdexcept>

#include "cuda/BatchElectrostatics.hpp"
#include "cuda/BatchPairList.hpp"
#include "cuda/CudaBackend.hpp"
#include "cuda/DeviceArray.hpp"
#include "cuda/DeviceModel.hpp"
#include "cuda/SlabGradient.hpp"
#include "cuda/TrainingKernels.hpp"
#include "nep/PairTables.hpp"
#include "training/ParameterVector.hpp"

namespace sei::cuda {

using training::BatchLoss;
using training::BatchLossGradient;
using training::BatchStructure;

/// A batch's atoms and pair list on the device.
struct CudaBatchGradient::DeviceBatch {
  BatchPairList host;
  DeviceArray<int> types, structureOf, count, index;
  DeviceArray<double> displacement;

  DeviceBatch(const std::vector<BatchStructure>& batch, double cutoff) : host(batch, cutoff) {
    types.upload(host.types);
    structureOf.upload(host.structureOf);
    count.upload(host.count);
    index.upload(host.index);
    displacement.upload(host.displacement);
  }
  PairListView view() const {
    return {host.numAtoms(), host.maxNeighbors, count.data(), index.data(), displacement.data()};
  }
};

/// Work arrays, grown on demand and kept between batches.
struct CudaBatchGradient::Work {
  DeviceArray<double> descriptors, dEnergy, dCharge, sums, weights, sumWeights;
  DeviceArray<double> energy, rawCharge, potential, force, virial;
  DeviceArray<Dual> q, s, a, dualEnergy, charge, chargeAdjoint, qBar, sBar, slab;
  DeviceArray<double> forceAdjoint, strainRate, alpha, partialSums, columnSums;
};

namespace {

/// FNV-1a over the bytes of a batch's structures and the cutoff: which pair list it needs.
std::uint64_t batchKey(const std::vector<BatchStructure>& batch, double cutoff) {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](const void* data, std::size_t bytes) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t k = 0; k < bytes; ++k) h = (h ^ p[k]) * 1099511628211ull;
  };
  mix(&cutoff, sizeof cutoff);
  for (const BatchStructure& s : batch) {
    const std::size_t n = s.positions->size();
    mix(&n, sizeof n);
    mix(s.types->data(), n * sizeof(int));
    mix(s.positions->data(), n * sizeof(Eigen::Vector3d));
    mix(s.cell->matrix().data(), 9 * sizeof(double));
  }
  return h;
}

}  // namespace

CudaBatchGradient::CudaBatchGradient(std::string device)
    : device_(std::move(device)),
      model_(std::make_unique<DeviceModel<double>>()),
      work_(std::make_unique<Work>()) {}

CudaBatchGradient::~CudaBatchGradient() = default;

CudaBatchGradient::DeviceBatch& CudaBatchGradient::deviceBatch(
    const std::vector<BatchStructure>& batch, double cutoff) {
  std::unique_ptr<DeviceBatch>& b = batches_[batchKey(batch, cutoff)];
  if (!b) b = std::make_unique<DeviceBatch>(batch, cutoff);
  return *b;
}

void CudaBatchGradient::predictOnDevice(const NepModel& m, const NepParams<double>& p,
                                        const std::vector<BatchStructure>& batch,
                                        const DeviceBatch& b,
                                        std::vector<training::ModelOutputs>& outputs) {
  const PairListView nb = b.view();
  const long n = nb.numAtoms;
  const long D = p.dim, sumStride = (p.nA + 1) * p.numSums;
  const bool charged = p.charged;
  Work& w = *work_;
  w.descriptors.resize(n * D);
  w.dEnergy.resize(n * D);
  w.dCharge.resize(charged ? n * D : 0);
  w.sums.resize(n * sumStride);
  w.weights.resize(n * D);
  w.sumWeights.resize(n * sumStride);
  w.energy.resize(n);
  w.rawCharge.resize(charged ? n : 0);
  w.force.resize(3 * n);
  w.virial.resize(9 * n);
  w.force.zero();
  w.virial.zero();
  const NepWork work{w.descriptors.data(),
                     w.dEnergy.data(),
                     charged ? w.dCharge.data() : nullptr,
                     w.sums.data(),
                     w.weights.data(),
                     w.sumWeights.data(),
                     nullptr};
  const AtomOutputs atoms{w.energy.data(), charged ? w.rawCharge.data() : nullptr, w.force.data(),
                          w.virial.data(), nullptr};
  launchTrainDescriptors(p, nb, b.types.data(), work, atoms);
  // qNEP: charges, Coulomb terms and the force weights' D̄ on the host (BatchElectrostatics).
  BatchCoulomb coulomb;
  std::vector<double> rawCharges(charged ? n : 0);
  if (charged) {
    w.rawCharge.download(rawCharges.data(), n);
    coulomb = batchCoulomb(m, batch, b.host, rawCharges);
    w.potential.upload(coulomb.potential);
  }
  launchTrainForces(p, nb, b.types.data(), charged ? w.potential.data() : nullptr, work, atoms);
  std::vector<double> energy(n), force(3 * n), virial(9 * n);
  w.energy.download(energy.data(), n);
  w.force.download(force.data(), 3 * n);
  w.virial.download(virial.data(), 9 * n);
  for (std::size_t s = 0; s < batch.size(); ++s) {
    training::ModelOutputs& o = outputs[s];
    for (int i = b.host.firstAtom[s]; i < b.host.firstAtom[s + 1]; ++i) {
      o.energy += energy[i];
      o.forces.emplace_back(force[3 * i], force[3 * i + 1], force[3 * i + 2]);
      o.virial += Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>>(&virial[9 * i]);
      if (!charged) continue;
      o.forces.back() += coulomb.forces[i];
      o.rawCharges.push_back(rawCharges[i]);
      o.charges.push_back(coulomb.charges[i]);
    }
    if (!charged) continue;
    o.energy += coulomb.energy[s];
    o.virial += coulomb.virial[s];
  }
}

BatchLossGradient CudaBatchGradient::compute(std::shared_ptr<const NepModel> model,
                                             const std::vector<BatchStructure>& batch,
                                             const training::BatchLossFunction& loss,
                                             bool bornEffectiveCharges) {
  const NepModel& m = *model;
  if (bornEffectiveCharges)
    throw std::runtime_error(
        "the CUDA trainer has no Born-effective-charge terms yet; use --backend cpu");
  const bool charged = m.hasCharges();
  if (batch.empty()) throw std::invalid_argument("an empty batch");
  for (const BatchStructure& s : batch)
    if (s.temperature != batch[0].temperature)
      throw std::invalid_argument("the CUDA trainer needs one temperature per batch");
  model_->upload(NepModelBuffers<double>(m), batch[0].temperature);
  const NepParams<double>& p = model_->params;
  DeviceBatch& b = deviceBatch(batch, nep::PairTables(m).maxCutoff());
  const PairListView nb = b.view();
  const long n = nb.numAtoms;
  const int S = static_cast<int>(batch.size());
  const long D = p.dim, sumStride = (p.nA + 1) * p.numSums;
  Work& w = *work_;

  BatchLossGradient out;
  out.outputs.resize(S);
  predictOnDevice(m, p, batch, b, out.outputs);

  const BatchLoss l = loss(out.outputs);
  if (static_cast<int>(l.adjoints.size()) != S)
    throw std::invalid_argument("the batch loss gave adjoints for a different structure count");
  out.loss = l.value;

  // The direction of the dual pass and ∂L/∂E per atom.
  std::vector<double> alpha(n), forceAdjoint(3 * n, 0.0), strainRate(9 * S);
  bool anyForce = false;
  for (int s = 0; s < S; ++s) {
    const training::OutputAdjoints& a = l.adjoints[s];
    const int first = b.host.firstAtom[s], count = b.host.firstAtom[s + 1] - first;
    if (!a.forces.empty() && static_cast<int>(a.forces.size()) != count)
      throw std::invalid_argument("loss adjoints do not match the structure's atom count");
    for (int i = 0; i < count; ++i) {
      alpha[first + i] = a.energy;
      if (a.forces.empty()) continue;
      anyForce = true;
      for (int c = 0; c < 3; ++c) forceAdjoint[3 * (first + i) + c] = a.forces[i][c];
    }
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 3; ++c) strainRate[9 * s + 3 * r + c] = a.virial(c, r);
  }
  w.alpha.upload(alpha);
  w.forceAdjoint.upload(forceAdjoint);
  w.strainRate.upload(strainRate);
  const DualDirection direction{anyForce ? w.forceAdjoint.data() : nullptr, w.strainRate.data(),
                                b.structureOf.data()};

  const SlabLayout layout = slabLayoutOf(m, p);
  w.q.resize(n * D);
  w.s.resize(n * sumStride);
  w.a.resize(n * p.hidden);
  w.dualEnergy.resize(n);
  w.qBar.resize(n * D);
  w.sBar.resize(n * sumStride);
  w.slab.resize(n * layout.size);
  const std::size_t typeSums = static_cast<std::size_t>(p.numTypes) * layout.size;
  w.partialSums.resize(slabChunks(static_cast<int>(n)) * typeSums);
  w.columnSums.resize(typeSums);
  w.charge.resize(charged ? n : 0);
  w.chargeAdjoint.resize(charged ? n : 0);
  const DualWork dualWork{w.q.data(),
                          w.s.data(),
                          w.a.data(),
                          w.dualEnergy.data(),
                          charged ? w.charge.data() : nullptr,
                          charged ? w.chargeAdjoint.data() : nullptr,
                          w.qBar.data(),
                          w.sBar.data(),
                          w.slab.data()};
  launchDualForward(p, nb, direction, b.types.data(), dualWork);
  if (charged) {
    // ∂E/∂q̂_i through the Ewald sums, on the host (batchChargeAdjoints).
    std::vector<Dual> rawCharges(n);
    w.charge.download(rawCharges.data(), n);
    w.chargeAdjoint.upload(batchChargeAdjoints(m, batch, b.host, l.adjoints, rawCharges));
  }
  launchDualReverse(p, nb, direction, b.types.data(), layout, dualWork);
  // dL/dθ = Σ_s a_s ∂E_s/∂θ − ∂/∂t ∂E_s/∂θ (ParameterGradient's class comment).
  launchSlabReduce(static_cast<int>(n), p.numTypes, layout, w.slab.data(), b.types.data(),
                   w.alpha.data(), -1.0, w.partialSums.data(), w.columnSums.data());
  std::vector<double> sums(w.columnSums.size());
  w.columnSums.download(sums.data(), sums.size());
  NepModel gradient = training::zeroParametersLike(m);
  addSlabSums(sums, layout, gradient);
  out.gradient = training::flattenParameters(gradient);
  return out;
}

namespace {

[[maybe_unused]] const bool registered = training::registerBatchGradientBackend(
    {"cuda",
     [](std::string& why) {
       const DeviceStatus status = probeDevice();
       why = status.description;
       return status.available;
     },
     [](int) -> std::unique_ptr<training::BatchGradientBackend> {
       return std::make_unique<CudaBatchGradient>(probeDevice().description);
     }});

}  // namespace
}  // namespace sei::cuda
