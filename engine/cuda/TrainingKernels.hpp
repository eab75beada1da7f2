#pragma once

// Launchers of the CUDA trainer's kernels, callable from host C++ (no CUDA syntax here). All
// pointers are device pointers; one thread per atom (per slab column for the reduction), the
// default stream, every launch checked.

#include "cuda/TrainingAtomKernels.hpp"

namespace sei::cuda {

/// The outputs of every atom of a batch in double (NepAtomKernels' bodies on the batch's pair
/// list), in two launches with qNEP's host electrostatics between them. Descriptors: network
/// energies assigned to out.energy, raw charges to out.charge (qNEP).
void launchTrainDescriptors(const NepParams<double>& p, const PairListView& nb, const int* types,
                            NepWork work, AtomOutputs out);
/// Forces: force weights (with D̄ from `potential`, qNEP; null for NEP), forces and per-atom
/// virials added into out (which must hold zeros there), ZBL when p.zbl is set.
void launchTrainForces(const NepParams<double>& p, const PairListView& nb, const int* types,
                       const double* potential, NepWork work, AtomOutputs out);
/// dualForwardAtom for every atom.
void launchDualForward(const NepParams<double>& p, const PairListView& nb, const DualDirection& dir,
                       const int* types, DualWork work);
/// dualReverseAtom for every atom.
void launchDualReverse(const NepParams<double>& p, const PairListView& nb, const DualDirection& dir,
                       const int* types, const SlabLayout& l, DualWork work);
/// The slab's per-type column sums (T×l.size) into sums: reduceSlabChunk for every column and
/// chunk into partial (numChunks×T×l.size), then sumSlabChunks.
void launchSlabReduce(int numAtoms, int numTypes, const SlabLayout& l, const Dual* slab,
                      const int* types, const double* alpha, double beta, double* partial,
                      double* sums);
/// Chunks of kSlabChunk atoms the reduction of numAtoms atoms uses.
inline int slabChunks(int numAtoms) { return (numAtoms + kSlabChunk - 1) / kSlabChunk; }

}  // namespace sei::cuda
