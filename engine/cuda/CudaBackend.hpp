#pragma once

#include <memory>
#include <string>

#include "core/Backend.hpp"
#include "md/DeviceIntegrator.hpp"
#include "nep/NepEvaluator.hpp"
#include "nep/NepModel.hpp"

namespace sei::cuda {

/// Whether a usable CUDA device is present, and which (or why not: no device, a driver older
/// than the runtime, a GPU older than sm_80).
struct DeviceStatus {
  bool available = false;
  std::string description;
};
DeviceStatus probeDevice();

/// NEP / qNEP forces on the GPU (spec §3–§11): Verlet neighbour list with a skin built from
/// cell lists (small cells get their images), descriptors and network, charges with
/// neutrality and mean-D, real-space Coulomb, Ewald or PPPM (cuFFT), ZBL, BEC, per-atom energy
/// and virial. Same inputs and outputs as NepEvaluator. Through compute() positions and results
/// cross the bus at every call; through advanceNve() (used by Simulation for NVE chunks)
/// positions, velocities and forces stay on the device for the whole chunk. The neighbour list,
/// model and work arrays always stay there.
class CudaBackend : public Backend, public DeviceIntegrator {
 public:
  /// Throws std::runtime_error if the model exceeds the kernels' limits (n_max, basis size)
  /// or no device can be used.
  CudaBackend(std::shared_ptr<const NepModel> model, NepEvaluatorOptions options,
              double skin = 1.0);
  ~CudaBackend() override;

  void compute(const std::vector<int>& types, const std::vector<Eigen::Vector3d>& positions,
               const Cell& cell, const ForceRequest& request, ForceResult& result) override;
  void advanceNve(MdState& state, std::int64_t steps, double dt) override;
  /// Device memory held (model, neighbour list, work arrays, k-space mesh), bytes.
  std::size_t memoryBytes() const override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sei::cuda
