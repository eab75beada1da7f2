#include "neighbor/NeighborList.hpp"

#include <omp.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "core/Error.hpp"
#include "neighbor/BinGrid.hpp"

namespace sei {
namespace {

constexpr int kMaxImageReach = 50;  ///< periodic images searched each way, per direction
constexpr double kMaxWraps = 1e6;   ///< cell lengths an atom may lie outside its cell

}  // namespace

BinAxis binAxis(bool periodic, double lo, double hi, double thickness, double cutoff, int maxBins) {
  BinAxis a;
  a.periodic = periodic;
  if (!periodic) {
    a.origin = lo;
    a.width = std::max(hi - lo, 1e-12) * (1.0 + 1e-9);
  }
  const double extent = a.width * thickness;  // Å
  a.bins = static_cast<int>(std::clamp(std::floor(extent / cutoff), 1.0, double(maxBins)));
  const double reach = std::ceil(cutoff / (extent / a.bins));  // in doubles: no int overflow
  if (periodic && reach > kMaxImageReach)
    throw InputError("the cell is " + std::to_string(thickness) +
                     " Å thick across one direction, so the cutoff of " + std::to_string(cutoff) +
                     " Å reaches " + std::to_string(reach) + " periodic images each way; at most " +
                     std::to_string(kMaxImageReach) + " are supported (is the cell given in Å?)");
  a.reach = static_cast<int>(std::min(reach, double(periodic ? kMaxImageReach : a.bins)));
  return a;
}

BinGrid::BinGrid(const Cell& inputCell, const std::vector<Eigen::Vector3d>& positions,
                 double cutoff)
    : cell(inputCell) {
  const std::size_t n = positions.size();
  if (!(cutoff > 0.0)) throw std::invalid_argument("neighbour cutoff must be positive");
  // Free boundaries: a box around the atoms, periodic nowhere.
  if (cell.volume() <= 0.0 && n > 0) {
    Eigen::Vector3d lo = positions[0], hi = positions[0];
    for (const auto& r : positions) {
      lo = lo.cwiseMin(r);
      hi = hi.cwiseMax(r);
    }
    const Eigen::Vector3d size = (hi - lo).cwiseMax(Eigen::Vector3d::Constant(1.0));
    cell = Cell(size.asDiagonal(), {false, false, false});
  }
  const Eigen::Matrix3d& h = cell.matrix();

  // Fractional coordinates, wrapped into [0,1) along periodic directions.
  std::vector<Eigen::Vector3d> frac(n);
  wraps.assign(3 * n, 0);
  std::array<double, 3> lo{}, hi{};
  lo.fill(INFINITY);
  hi.fill(-INFINITY);
  for (std::size_t i = 0; i < n; ++i) {
    Eigen::Vector3d s = cell.toFractional(positions[i]);
    for (int d = 0; d < 3; ++d) {
      if (!std::isfinite(s[d])) throw std::invalid_argument("non-finite atom position");
      if (cell.periodic(d)) {
        const double image = std::floor(s[d]);
        if (std::abs(image) > kMaxWraps)
          throw InputError("atom " + std::to_string(i + 1) + " lies " + std::to_string(image) +
                           " cell lengths outside the periodic cell; at most " +
                           std::to_string(static_cast<long>(kMaxWraps)) +
                           " are supported (its position would lose its digits when wrapped)");
        s[d] -= image;
        wraps[3 * i + d] = static_cast<int>(image);
        if (s[d] >= 1.0) {
          s[d] = 0.0;
          ++wraps[3 * i + d];
        }
      }
      lo[d] = std::min(lo[d], s[d]);
      hi[d] = std::max(hi[d], s[d]);
    }
    frac[i] = s;
  }
  // At most a few bins per atom: atoms spread over a huge extent (free boundaries, a vast
  // cell) get coarser bins instead of an array of astronomically many empty ones.
  const double maxTotal = 8.0 * static_cast<double>(n) + 64.0;
  std::array<int, 3> cap{1 << 20, 1 << 20, 1 << 20};
  std::array<BinAxis, 3> axis;
  for (;;) {
    for (int d = 0; d < 3; ++d)
      axis[d] = binAxis(cell.periodic(d), lo[d], hi[d], cell.thickness(d), cutoff, cap[d]);
    if (double(axis[0].bins) * axis[1].bins * axis[2].bins <= maxTotal) break;
    const int d = static_cast<int>(
        std::max_element(axis.begin(), axis.end(),
                         [](const BinAxis& x, const BinAxis& y) { return x.bins < y.bins; }) -
        axis.begin());
    cap[d] = std::max(1, axis[d].bins / 2);
  }
  for (int d = 0; d < 3; ++d) {
    bins[d] = axis[d].bins;
    reach[d] = axis[d].reach;
  }

  // Counting sort of atoms into bins.
  const std::size_t numBins = static_cast<std::size_t>(bins[0]) * bins[1] * bins[2];
  binOf.resize(3 * n);
  binStart.assign(numBins + 1, 0);
  auto flat = [&](std::size_t i) {
    return (static_cast<std::size_t>(binOf[3 * i + 2]) * bins[1] + binOf[3 * i + 1]) * bins[0] +
           binOf[3 * i];
  };
  for (std::size_t i = 0; i < n; ++i) {
    for (int d = 0; d < 3; ++d) {
      const int b = static_cast<int>((frac[i][d] - axis[d].origin) / axis[d].width * axis[d].bins);
      binOf[3 * i + d] = std::clamp(b, 0, axis[d].bins - 1);
    }
    ++binStart[flat(i) + 1];
  }
  for (std::size_t b = 0; b < numBins; ++b) binStart[b + 1] += binStart[b];
  binAtoms.resize(n);
  {
    std::vector<int> fill(binStart.begin(), binStart.end() - 1);
    for (std::size_t i = 0; i < n; ++i) binAtoms[fill[flat(i)]++] = static_cast<int>(i);
  }
  wrapped.resize(3 * n);
  for (std::size_t i = 0; i < n; ++i) {
    const Eigen::Vector3d w = h * frac[i];
    for (int d = 0; d < 3; ++d) wrapped[3 * i + d] = w[d];
  }
}

BinGridView BinGrid::view() const {
  BinGridView v{};
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) v.h[3 * r + c] = cell.matrix()(r, c);
  for (int d = 0; d < 3; ++d) {
    v.bins[d] = bins[d];
    v.reach[d] = reach[d];
    v.periodic[d] = cell.periodic(d) ? 1 : 0;
  }
  v.binOf = binOf.data();
  v.binStart = binStart.data();
  v.binAtoms = binAtoms.data();
  v.wrapped = wrapped.data();
  return v;
}

void buildNeighborList(const Cell& inputCell, const std::vector<Eigen::Vector3d>& positions,
                       double cutoff, NeighborList& list, const std::vector<char>* centres) {
  const std::size_t n = positions.size();
  list.offsets.assign(n + 1, 0);
  list.index.clear();
  list.displacement.clear();
  if (n == 0) return;
  if (centres && centres->size() != n)
    throw std::invalid_argument("neighbour list centres: one entry per atom expected");
  const BinGrid grid(inputCell, positions, cutoff);
  const BinGridView view = grid.view();

  // Each thread lists a contiguous block of atoms; blocks are then concatenated in order.
  const double cutoff2 = cutoff * cutoff;
  const int numThreads = omp_get_max_threads();
  std::vector<std::vector<int>> threadIndex(numThreads);
  std::vector<std::vector<Eigen::Vector3d>> threadDisp(numThreads);
  std::vector<std::size_t> count(n, 0);
#pragma omp parallel num_threads(numThreads)
  {
    const int tid = omp_get_thread_num();
    auto& idx = threadIndex[tid];
    auto& disp = threadDisp[tid];
#pragma omp for schedule(static)
    for (std::size_t i = 0; i < n; ++i) {
      if (centres && !(*centres)[i]) continue;  // count[i] stays 0
      const std::size_t before = idx.size();
      searchNeighbors(view, static_cast<int>(i), cutoff2, [&](int j, const int*, const double* d) {
        idx.push_back(j);
        disp.emplace_back(d[0], d[1], d[2]);
      });
      count[i] = idx.size() - before;
    }
  }
  for (std::size_t i = 0; i < n; ++i) list.offsets[i + 1] = list.offsets[i] + count[i];
  list.index.reserve(list.offsets[n]);
  list.displacement.reserve(list.offsets[n]);
  for (int t = 0; t < numThreads; ++t) {
    list.index.insert(list.index.end(), threadIndex[t].begin(), threadIndex[t].end());
    list.displacement.insert(list.displacement.end(), threadDisp[t].begin(), threadDisp[t].end());
  }
}

ClosestPair closestPair(const NeighborList& list) {
  ClosestPair out;
  out.reported = true;
  double best = out.distance;  // squared, Å²
  for (std::size_t i = 0; i < list.numAtoms(); ++i)
    for (std::size_t p = list.begin(i); p < list.end(i); ++p) {
      const double r2 = list.displacement[p].squaredNorm();
      // Not `<`: a NaN position must surface as the closest pair, not hide from the guard.
      if (!(r2 >= best)) {
        best = r2;
        out.i = static_cast<int>(i);
        out.j = list.index[p];
      }
    }
  out.distance = std::sqrt(best);
  return out;
}

}  // namespace sei
