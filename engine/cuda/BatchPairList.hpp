#pragma once

#include <algorithm>
#include <vector>

#include "cuda/PairListView.hpp"
#include "neighbor/NeighborList.hpp"
#include "training/BatchGradient.hpp"

namespace sei::cuda {

/// A training batch laid out for the trainer's kernels (host memory): the atoms of all
/// structures one after another, their types, the structure of each, and the full pair list
/// of every structure within `cutoff` (slot-major, see PairListView). Header-only, like the
/// kernel bodies: the CPU-side tests use it in builds without CUDA.
struct BatchPairList {
  BatchPairList(const std::vector<training::BatchStructure>& batch, double cutoff);

  std::vector<int> firstAtom;  ///< per structure, then the total atom count
  std::vector<int> types, structureOf, count, index;
  std::vector<double> displacement;  ///< Å
  int maxNeighbors = 0;
  double cutoff;                    ///< Å, of the lists
  std::vector<NeighborList> lists;  ///< each structure's own list (qNEP's host electrostatics)

  int numAtoms() const { return firstAtom.back(); }
  /// The list in these host arrays (the CPU-side tests run the kernel bodies on it).
  PairListView view() const {
    return {numAtoms(), maxNeighbors, count.data(), index.data(), displacement.data()};
  }
};

inline BatchPairList::BatchPairList(const std::vector<training::BatchStructure>& batch,
                                    double cutoff)
    : cutoff(cutoff) {
  lists.resize(batch.size());
  firstAtom.push_back(0);
  for (std::size_t s = 0; s < batch.size(); ++s) {
    const training::BatchStructure& b = batch[s];
    buildNeighborList(*b.cell, *b.positions, cutoff, lists[s]);
    types.insert(types.end(), b.types->begin(), b.types->end());
    structureOf.insert(structureOf.end(), b.positions->size(), static_cast<int>(s));
    firstAtom.push_back(firstAtom.back() + static_cast<int>(b.positions->size()));
    for (std::size_t i = 0; i < b.positions->size(); ++i)
      maxNeighbors = std::max(maxNeighbors, static_cast<int>(lists[s].end(i) - lists[s].begin(i)));
  }
  const long n = numAtoms();
  count.assign(n, 0);
  index.assign(n * maxNeighbors, 0);
  displacement.assign(3 * n * maxNeighbors, 0.0);
  for (std::size_t s = 0; s < batch.size(); ++s) {
    const NeighborList& list = lists[s];
    for (std::size_t i = 0; i < list.numAtoms(); ++i) {
      const long atom = firstAtom[s] + static_cast<long>(i);
      for (std::size_t p = list.begin(i); p < list.end(i); ++p) {
        const long e = static_cast<long>(count[atom]++) * n + atom;
        index[e] = firstAtom[s] + list.index[p];
        for (int a = 0; a < 3; ++a) displacement[3 * e + a] = list.displacement[p][a];
      }
    }
  }
}

}  // namespace sei::cuda
