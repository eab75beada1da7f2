#pragma once

#include "core/HostDevice.hpp"

namespace sei {

/// Atoms sorted into bins of fractional space (spec §11), as flat arrays that the CPU list
/// builder and the CUDA kernels both search. Built on the host by BinGrid (BinGrid.hpp).
struct BinGridView {
  double h[9];            ///< cell matrix row-major, h[3r+c] = h_rc, Å
  int bins[3];            ///< bins per direction
  int reach[3];           ///< bins searched each way
  int periodic[3];        ///< 1 if periodic
  const int* binOf;       ///< 3 per atom
  const int* binStart;    ///< bins+1 offsets into binAtoms, bins flattened x fastest
  const int* binAtoms;    ///< atom indices sorted by bin
  const double* wrapped;  ///< 3 per atom, positions wrapped into the cell, Å
};

/// Packs an image shift (each component in [−511, 511]) into one int.
SEI_HD inline int packShift(int a, int b, int c) {
  return (a + 512) | ((b + 512) << 10) | ((c + 512) << 20);
}
SEI_HD inline void unpackShift(int code, int s[3]) {
  s[0] = (code & 1023) - 512;
  s[1] = ((code >> 10) & 1023) - 512;
  s[2] = ((code >> 20) & 1023) - 512;
}

/// Calls visit(j, shift[3], d[3]) for every neighbour image of atom i closer than √cutoff2:
/// d = wrapped_j + h·shift − wrapped_i (Å). The order is fixed (bins, then atoms in a bin).
template <class Visitor>
SEI_HD inline void searchNeighbors(const BinGridView& g, int i, double cutoff2, Visitor&& visit) {
  const int* bi = g.binOf + 3 * i;
  const double* wi = g.wrapped + 3 * i;
  int o[3];
  for (o[2] = -g.reach[2]; o[2] <= g.reach[2]; ++o[2])
    for (o[1] = -g.reach[1]; o[1] <= g.reach[1]; ++o[1])
      for (o[0] = -g.reach[0]; o[0] <= g.reach[0]; ++o[0]) {
        int nb[3], shift[3];
        bool inside = true;
        for (int d = 0; d < 3; ++d) {
          const int b = bi[d] + o[d];
          if (g.periodic[d]) {
            const int n = g.bins[d];
            const int image = b >= 0 ? b / n : -((-b + n - 1) / n);
            nb[d] = b - image * n;
            shift[d] = image;
          } else {
            inside = inside && b >= 0 && b < g.bins[d];
            nb[d] = b;
            shift[d] = 0;
          }
        }
        if (!inside) continue;
        const bool self = shift[0] == 0 && shift[1] == 0 && shift[2] == 0;
        double offset[3];
        for (int r = 0; r < 3; ++r)
          offset[r] =
              (g.h[3 * r] * shift[0] + g.h[3 * r + 1] * shift[1] + g.h[3 * r + 2] * shift[2]) -
              wi[r];
        const int bin = (nb[2] * g.bins[1] + nb[1]) * g.bins[0] + nb[0];
        for (int k = g.binStart[bin]; k < g.binStart[bin + 1]; ++k) {
          const int j = g.binAtoms[k];
          if (self && j == i) continue;
          const double* wj = g.wrapped + 3 * j;
          const double d[3] = {wj[0] + offset[0], wj[1] + offset[1], wj[2] + offset[2]};
          if (d[0] * d[0] + d[1] * d[1] + d[2] * d[2] < cutoff2) visit(j, shift, d);
        }
      }
}

}  // namespace sei
