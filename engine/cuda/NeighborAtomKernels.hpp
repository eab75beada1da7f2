#pragma once

// Per-atom bodies of the CUDA neighbour-list kernels (Verlet list with a skin over the cell
// lists of neighbor/NeighborSearch.hpp, spec §11). Entries store the neighbour and its image
// shift, not the displacement, so the list stays valid while atoms move less than half the
// skin: displacements are recomputed from the current positions at every evaluation.

#include "core/HostDevice.hpp"
#include "neighbor/NeighborSearch.hpp"

namespace sei::cuda {

/// A neighbour list with a fixed number of slots per atom, slot-major ([slot*N + i]) so that
/// consecutive threads read consecutive entries.
struct NeighborView {
  int numAtoms;
  int maxNeighbors;        ///< slots per atom
  const int* count;        ///< neighbours of each atom (may exceed maxNeighbors after overflow)
  const int* index;        ///< neighbour atom j
  const int* shift;        ///< packShift of the image of j, relative to the positions below
  const double* position;  ///< 3 per atom, Å, the current (unwrapped) positions
  double h[9];             ///< cell matrix row-major, Å
};

/// Displacement d = r_j(image) − r_i (Å) of atom i's neighbour in `slot`, computed in double and
/// rounded to Real; returns |d| and sets j.
template <class Real>
SEI_HD inline Real pairDisplacement(const NeighborView& nb, int i, int slot, int& j, Real d[3]) {
  const long e = static_cast<long>(slot) * nb.numAtoms + i;
  j = nb.index[e];
  int s[3];
  unpackShift(nb.shift[e], s);
  double r2 = 0.0;
  for (int a = 0; a < 3; ++a) {
    const double x = nb.position[3 * j + a] - nb.position[3 * i + a] + nb.h[3 * a] * s[0] +
                     nb.h[3 * a + 1] * s[1] + nb.h[3 * a + 2] * s[2];
    d[a] = Real(x);
    r2 += x * x;
  }
  return Real(sqrt(r2));
}

/// Calls visit(j, d, r) for every neighbour slot of atom i, with the displacement d and |d| of
/// pairDisplacement.
template <class Real, class Visitor>
SEI_HD inline void forEachPair(const NeighborView& nb, int i, Visitor&& visit) {
  const int count = nb.count[i];
  for (int slot = 0; slot < count; ++slot) {
    int j;
    Real d[3];
    const Real r = pairDisplacement(nb, i, slot, j, d);
    visit(j, d, r);
  }
}

/// Device-side binning of a fully periodic cell, whose grid (bins, reach) the cell alone fixes:
/// atom i's fractional coordinates s = H⁻¹r taken into [0, 1), wraps their integer parts (so
/// r = wrapped + H·wraps), its bin in binOf; returns the bin's flat index (x fastest).
SEI_HD inline int binPeriodicAtom(const BinGridView& g, const double hInv[9],
                                  const double* position, int i, int* binOf, int* wraps,
                                  double* wrapped) {
  const double* r = position + 3 * i;
  double s[3];
  for (int a = 0; a < 3; ++a) {
    s[a] = hInv[3 * a] * r[0] + hInv[3 * a + 1] * r[1] + hInv[3 * a + 2] * r[2];
    const double image = floor(s[a]);
    s[a] -= image;
    int w = static_cast<int>(image);
    if (s[a] >= 1.0) {
      s[a] = 0.0;
      ++w;
    }
    wraps[3 * i + a] = w;
    const int b = static_cast<int>(s[a] * g.bins[a]);
    binOf[3 * i + a] = b < 0 ? 0 : b >= g.bins[a] ? g.bins[a] - 1 : b;
  }
  for (int a = 0; a < 3; ++a)
    wrapped[3 * i + a] = g.h[3 * a] * s[0] + g.h[3 * a + 1] * s[1] + g.h[3 * a + 2] * s[2];
  return (binOf[3 * i + 2] * g.bins[1] + binOf[3 * i + 1]) * g.bins[0] + binOf[3 * i];
}

/// Sorts the atoms of bin b by index (insertion sort: bins hold a few dozen atoms), so that a
/// list built from a grid filled in any order is the one of the host's counting sort.
SEI_HD inline void sortBin(const int* binStart, int b, int* binAtoms) {
  for (int k = binStart[b] + 1; k < binStart[b + 1]; ++k) {
    const int atom = binAtoms[k];
    int m = k;
    for (; m > binStart[b] && binAtoms[m - 1] > atom; --m) binAtoms[m] = binAtoms[m - 1];
    binAtoms[m] = atom;
  }
}

/// Fills atom i's slots from the bin grid with every image closer than √cutoff2 (cutoff plus
/// skin). wraps: 3 per atom, r = wrapped + h·wraps, so that the stored shifts refer to the
/// unwrapped positions. Writes the true count even when it exceeds maxNeighbors (the caller
/// then enlarges the list and rebuilds).
SEI_HD inline void buildNeighborsOfAtom(const BinGridView& grid, const int* wraps, int i,
                                        double cutoff2, int numAtoms, int maxNeighbors, int* count,
                                        int* index, int* shift) {
  int n = 0;
  searchNeighbors(grid, i, cutoff2, [&](int j, const int* image, const double*) {
    if (n < maxNeighbors) {
      const long e = static_cast<long>(n) * numAtoms + i;
      index[e] = j;
      shift[e] = packShift(image[0] + wraps[3 * i] - wraps[3 * j],
                           image[1] + wraps[3 * i + 1] - wraps[3 * j + 1],
                           image[2] + wraps[3 * i + 2] - wraps[3 * j + 2]);
    }
    ++n;
  });
  count[i] = n;
}

/// True if atom i moved more than `limit` Å since the list was built, measured in the cell of
/// the build: toReference (row-major, H_build·H⁻¹) maps the current position there, so that a
/// strain of the cell (NPT) moves no atom by itself.
SEI_HD inline bool movedTooFar(const double* position, const double* reference, int i, double limit,
                               const double toReference[9]) {
  double r2 = 0.0;
  for (int a = 0; a < 3; ++a) {
    const double* m = toReference + 3 * a;
    const double x = m[0] * position[3 * i] + m[1] * position[3 * i + 1] +
                     m[2] * position[3 * i + 2] - reference[3 * i + a];
    r2 += x * x;
  }
  return r2 > limit * limit;
}

/// Shortest distance (Å) from atom i to the neighbours in its list; infinite if it has none.
SEI_HD inline double closestNeighbor(const NeighborView& nb, int i) {
  double closest = INFINITY;
  for (int slot = 0; slot < nb.count[i]; ++slot) {
    int j;
    double d[3];
    closest = fmin(closest, pairDisplacement<double>(nb, i, slot, j, d));
  }
  return closest;
}

}  // namespace sei::cuda
