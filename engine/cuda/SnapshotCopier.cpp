#include "cuda/SnapshotCopier.hpp"

#include <cstring>

#include "cuda/CudaCheck.hpp"

namespace sei::cuda {
namespace {

/// Layout of the staging block: positions, velocities, forces (3N each), energies, charges (N).
constexpr int kValuesPerAtom = 11;

void copyVectors(const double* from, int n, std::vector<Eigen::Vector3d>& to) {
  to.resize(n);
  if (n > 0) std::memcpy(to.data()->data(), from, 3 * sizeof(double) * n);
}

}  // namespace

SnapshotCopier::SnapshotCopier() {
  check(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), "snapshot stream");
  check(cudaEventCreateWithFlags(&staged_, cudaEventDisableTiming), "snapshot event");
  check(cudaEventCreateWithFlags(&arrived_, cudaEventDisableTiming), "snapshot event");
}

SnapshotCopier::~SnapshotCopier() {
  if (pending_) cudaEventSynchronize(arrived_);
  cudaFreeHost(pinned_);
  cudaEventDestroy(arrived_);
  cudaEventDestroy(staged_);
  cudaStreamDestroy(stream_);
}

bool SnapshotCopier::arrived() const {
  const cudaError_t status = cudaEventQuery(arrived_);
  if (status == cudaErrorNotReady) return false;
  check(status, "snapshot copy");
  return true;
}

bool SnapshotCopier::start(const SnapshotSource& source) {
  if (pending_ && !arrived()) return false;
  pending_ = false;
  const std::size_t n = source.numAtoms;
  const std::size_t values = kValuesPerAtom * n;
  staging_.resize(values);
  if (values > pinnedSize_) {
    check(cudaFreeHost(pinned_), "cudaFreeHost");
    pinned_ = nullptr;
    pinnedSize_ = 0;
    check(cudaMallocHost(reinterpret_cast<void**>(&pinned_), values * sizeof(double)),
          "cudaMallocHost");
    pinnedSize_ = values;
  }
  numAtoms_ = source.numAtoms;
  charged_ = source.charge != nullptr;
  double* stage = staging_.data();
  const auto stageCopy = [&](const double* from, std::size_t count, std::size_t offset) {
    check(cudaMemcpyAsync(stage + offset, from, count * sizeof(double), cudaMemcpyDeviceToDevice,
                          nullptr),
          "snapshot staging");
  };
  stageCopy(source.position, 3 * n, 0);
  stageCopy(source.velocity, 3 * n, 3 * n);
  stageCopy(source.force, 3 * n, 6 * n);
  stageCopy(source.energy, n, 9 * n);
  if (charged_) stageCopy(source.charge, n, 10 * n);
  check(cudaEventRecord(staged_, nullptr), "snapshot event");
  check(cudaStreamWaitEvent(stream_, staged_, 0), "snapshot stream wait");
  check(cudaMemcpyAsync(pinned_, stage, values * sizeof(double), cudaMemcpyDeviceToHost, stream_),
        "snapshot copy");
  check(cudaEventRecord(arrived_, stream_), "snapshot event");
  pending_ = true;
  return true;
}

bool SnapshotCopier::finish(Snapshot& into, bool wait) {
  if (!pending_) return false;
  if (wait)
    check(cudaEventSynchronize(arrived_), "snapshot copy");
  else if (!arrived())
    return false;
  pending_ = false;
  const int n = numAtoms_;
  copyVectors(pinned_, n, into.positions);
  copyVectors(pinned_ + 3 * n, n, into.velocities);
  copyVectors(pinned_ + 6 * n, n, into.forces);
  into.perAtomEnergy.assign(pinned_ + 9 * n, pinned_ + 10 * n);
  if (charged_)
    into.charges.assign(pinned_ + 10 * n, pinned_ + 11 * n);
  else
    into.charges.clear();
  return true;
}

}  // namespace sei::cuda
