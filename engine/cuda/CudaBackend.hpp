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
/// cross the bus at every call; as a DeviceIntegrator (used by Simulation for whole runs of
/// every ensemble) positions, velocities, forces and the cell stay on the device, and a
/// strained cell (NPT) keeps the neighbour list while the strain leaves room in the skin. The
/// neighbour list, model and work arrays always stay there.
class CudaBackend : public Backend, public DeviceIntegrator {
 public:
  /// Throws std::runtime_error if the model exceeds the kernels' limits (n_max, basis size)
  /// or no device can be used.
  CudaBackend(std::shared_ptr<const NepModel> model, NepEvaluatorOptions options,
              double skin = 1.0);
  ~CudaBackend() override;

  void compute(const std::vector<int>& types, const std::vector<Eigen::Vector3d>& positions,
               const Cell& cell, const ForceRequest& request, ForceResult& result) override;
  /// Device memory held (model, neighbour list, atoms, work arrays, k-space mesh, snapshot
  /// staging), bytes.
  std::size_t memoryBytes() const override;
  bool setTemperature(double kelvin) override;
  std::string electrostaticsSummary() const override;

  void upload(const MdState& state) override;
  Motion& motion() override;
  void download(MdState& state) override;
  double potentialEnergy() override;
  GuardScalars guardScalars() override;
  bool startSnapshotCopy() override;
  bool finishSnapshotCopy(Snapshot& into, bool wait) override;

 private:
  struct Impl;
  class DeviceMotion;
  std::unique_ptr<Impl> impl_;
  std::unique_ptr<DeviceMotion> motion_;
};

/// Device memory in use on the current device (all processes), bytes, from cudaMemGetInfo.
std::size_t deviceMemoryInUse();

}  // namespace sei::cuda
