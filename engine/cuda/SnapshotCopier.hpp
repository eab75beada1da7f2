#pragma once

#include <cuda_runtime_api.h>

#include <cstddef>

#include "cuda/DeviceArray.hpp"
#include "md/Snapshot.hpp"

namespace sei::cuda {

/// Device arrays of the atoms that a snapshot carries.
struct SnapshotSource {
  int numAtoms = 0;
  const double* position = nullptr;  ///< 3 per atom, Å
  const double* velocity = nullptr;  ///< 3 per atom, Å/fs
  const double* force = nullptr;     ///< 3 per atom, eV/Å
  const double* energy = nullptr;    ///< per atom, eV
  const double* charge = nullptr;    ///< per atom, e; null for models without charges
};

/// Copies snapshot arrays to the host without stalling the integration: on the integration
/// stream (the legacy default stream, where every kernel runs) the arrays are first copied
/// device to device into a staging block, which takes microseconds; a non-blocking stream of
/// its own then waits for that and copies the block into pinned host memory while the next
/// steps run. One copy is in flight at a time.
class SnapshotCopier {
 public:
  SnapshotCopier();
  ~SnapshotCopier();
  SnapshotCopier(const SnapshotCopier&) = delete;
  SnapshotCopier& operator=(const SnapshotCopier&) = delete;

  /// Queues the copy; false (nothing queued) while the previous one has not arrived.
  bool start(const SnapshotSource& source);
  /// Moves the arrived arrays into `into` (positions, velocities, forces, per-atom energy,
  /// charges); false if no copy is pending or, without wait, it has not arrived yet.
  bool finish(Snapshot& into, bool wait);
  std::size_t deviceBytes() const { return staging_.bytes(); }

 private:
  bool arrived() const;

  cudaStream_t stream_ = nullptr;
  cudaEvent_t staged_ = nullptr, arrived_ = nullptr;
  DeviceArray<double> staging_;
  double* pinned_ = nullptr;  ///< host, page-locked
  std::size_t pinnedSize_ = 0;
  int numAtoms_ = 0;
  bool charged_ = false;
  bool pending_ = false;
};

}  // namespace sei::cuda
