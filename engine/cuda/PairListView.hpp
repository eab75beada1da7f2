#pragma once

#include "core/HostDevice.hpp"

namespace sei::cuda {

/// The neighbour pairs of a training batch: every structure's full list within the model's
/// largest cutoff, over the concatenated atoms of all structures (j indexes that concatenation),
/// slot-major ([slot*N + i]) like NeighborView. Training structures do not move, so the list
/// stores each pair's displacement instead of an image shift, and each structure keeps its own
/// cell.
struct PairListView {
  int numAtoms;
  int maxNeighbors;            ///< slots per atom
  const int* count;            ///< neighbours of each atom
  const int* index;            ///< neighbour atom j
  const double* displacement;  ///< r_j(image) − r_i, Å, 3 per entry [3(slot*N + i) + a]
};

/// Entry of atom i's `slot`.
SEI_HD inline long pairEntry(const PairListView& nb, int i, int slot) {
  return static_cast<long>(slot) * nb.numAtoms + i;
}

/// Calls visit(j, d, r) for every pair of atom i with d rounded to Real and r = |d| (the
/// forEachPair of NeighborView, for the per-atom bodies of NepAtomKernels).
template <class Real, class Visitor>
SEI_HD inline void forEachPair(const PairListView& nb, int i, Visitor&& visit) {
  for (int slot = 0; slot < nb.count[i]; ++slot) {
    const long e = pairEntry(nb, i, slot);
    const double* x = nb.displacement + 3 * e;
    const Real d[3] = {Real(x[0]), Real(x[1]), Real(x[2])};
    visit(nb.index[e], d, Real(sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2])));
  }
}

}  // namespace sei::cuda
