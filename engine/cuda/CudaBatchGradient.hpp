#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "cuda/DeviceModel.hpp"
#include "training/BatchGradientBackend.hpp"

namespace sei::cuda {

/// The trainer's batch outputs and loss gradient on the GPU (issue 15): one thread per atom over
/// all atoms of a batch, in double. The outputs come from the MD backend's per-atom bodies
/// (NepAtomKernels) on the batch's pair list, the gradient from ParameterGradient's forward
/// pass on dual numbers and its reverse pass (TrainingAtomKernels), summed per parameter over
/// the atoms without atomics. Each batch's pair list is built on the host once and kept on the
/// device (training structures do not move), keyed by the batch's contents; device memory is
/// kept between batches. qNEP: descriptors, networks and charges run on the device, the Ewald
/// sums on the host for now (BatchElectrostatics, between the kernels of the outputs and
/// between the dual passes). Born-effective-charge terms are refused (use the CPU).
class CudaBatchGradient : public training::BatchGradientBackend {
 public:
  explicit CudaBatchGradient(std::string device);
  ~CudaBatchGradient() override;

  training::BatchLossGradient compute(std::shared_ptr<const NepModel> model,
                                      const std::vector<training::BatchStructure>& batch,
                                      const training::BatchLossFunction& loss,
                                      bool bornEffectiveCharges) override;
  std::string label() const override { return "CUDA on " + device_; }

 private:
  struct DeviceBatch;
  struct Work;
  DeviceBatch& deviceBatch(const std::vector<training::BatchStructure>& batch, double cutoff);
  /// Energies, forces, virials (and qNEP charges) of every structure of a batch.
  void predictOnDevice(const NepModel& m, const NepParams<double>& p,
                       const std::vector<training::BatchStructure>& batch, const DeviceBatch& b,
                       std::vector<training::ModelOutputs>& outputs);

  std::string device_;
  std::map<std::uint64_t, std::unique_ptr<DeviceBatch>> batches_;
  std::unique_ptr<DeviceModel<double>> model_;  ///< re-uploaded at every batch
  std::unique_ptr<Work> work_;
};

}  // namespace sei::cuda
