#pragma once

// Launchers of the CUDA trainer's kernels, callable from host C++ (no CUDA syntax here). All
// pointers are device pointers; one thread per atom (per slab column for the reduction), the
// default stream, every launch checked.

#include "cuda/TrainingAtomKernels.hpp"

namespace sei::cuda {

/// The outputs of every atom of a batch in double (NepAtomKernels' bodies on the batch's pair
/// list): energies, forces and per-atom virials added into `out`, which must hold zeros; no
/// charges (NEP). ZBL when p.zbl is set.
void launchTrainPredict(const NepParams<double>& p, const PairListView& nb, const int* types,
                        NepWork work, AtomOutputs out);
/// dualForwardAtom for every atom.
void launchDualForward(const NepParams<double>& p, const PairListView& nb,
                       const DualDirection& dir, const int* types, DualWork work);
/// dualReverseAtom for every atom.
void launchDualReverse(const NepParams<double>& p, const PairListView& nb,
                       const DualDirection& dir, const int* types, const SlabLayout& l,
                       DualWork work);
/// reduceSlabColumn for every column: out holds T×l.size sums.
void launchSlabReduce(int numAtoms, int numTypes, const SlabLayout& l, const Dual* slab,
                      const int* types, const double* alpha, double beta, double* out);

}  // namespace sei::cuda
