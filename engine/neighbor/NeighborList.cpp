#include "neighbor/NeighborList.hpp"

#include <omp.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace sei {
namespace {

/// Binning of one direction in fractional coordinates.
struct Axis {
  bool periodic = true;
  double origin = 0.0;  ///< fractional coordinate of the first bin's lower edge
  double width = 1.0;   ///< fractional extent of all bins
  int bins = 1;
  int reach = 1;  ///< how many bins the search goes each way
};

Axis makeAxis(bool periodic, double lo, double hi, double thickness, double cutoff) {
  Axis a;
  a.periodic = periodic;
  if (!periodic) {
    a.origin = lo;
    a.width = std::max(hi - lo, 1e-12) * (1.0 + 1e-9);
  }
  const double extent = a.width * thickness;  // Å
  a.bins = std::max(1, static_cast<int>(std::floor(extent / cutoff)));
  // Capped so that pathological inputs cannot ask for astronomically many bins.
  a.bins = std::min(a.bins, 1 << 20);
  const double binWidth = extent / a.bins;
  a.reach = static_cast<int>(std::ceil(cutoff / binWidth));
  if (!periodic) a.reach = std::min(a.reach, a.bins);
  return a;
}

inline int floorDiv(int a, int b) { return (a >= 0) ? a / b : -((-a + b - 1) / b); }

}  // namespace

void buildNeighborList(const Cell& inputCell, const std::vector<Eigen::Vector3d>& positions,
                       double cutoff, NeighborList& list) {
  const std::size_t n = positions.size();
  list.offsets.assign(n + 1, 0);
  list.index.clear();
  list.displacement.clear();
  if (n == 0) return;
  if (!(cutoff > 0.0)) throw std::invalid_argument("neighbour cutoff must be positive");

  // Free boundaries: a box around the atoms, periodic nowhere.
  Cell cell = inputCell;
  if (cell.volume() <= 0.0) {
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
  std::array<double, 3> lo{}, hi{};
  lo.fill(INFINITY);
  hi.fill(-INFINITY);
  for (std::size_t i = 0; i < n; ++i) {
    Eigen::Vector3d s = cell.toFractional(positions[i]);
    for (int d = 0; d < 3; ++d) {
      if (!std::isfinite(s[d])) throw std::invalid_argument("non-finite atom position");
      if (cell.periodic(d)) {
        s[d] -= std::floor(s[d]);
        if (s[d] >= 1.0) s[d] = 0.0;
      }
      lo[d] = std::min(lo[d], s[d]);
      hi[d] = std::max(hi[d], s[d]);
    }
    frac[i] = s;
  }
  std::array<Axis, 3> axis;
  for (int d = 0; d < 3; ++d)
    axis[d] = makeAxis(cell.periodic(d), lo[d], hi[d], cell.thickness(d), cutoff);

  // Counting sort of atoms into bins.
  const std::size_t numBins = static_cast<std::size_t>(axis[0].bins) * axis[1].bins * axis[2].bins;
  std::vector<std::array<int, 3>> binOf(n);
  std::vector<std::size_t> binStart(numBins + 1, 0);
  auto flat = [&](const std::array<int, 3>& b) {
    return (static_cast<std::size_t>(b[2]) * axis[1].bins + b[1]) * axis[0].bins + b[0];
  };
  for (std::size_t i = 0; i < n; ++i) {
    for (int d = 0; d < 3; ++d) {
      const int b = static_cast<int>((frac[i][d] - axis[d].origin) / axis[d].width * axis[d].bins);
      binOf[i][d] = std::clamp(b, 0, axis[d].bins - 1);
    }
    ++binStart[flat(binOf[i]) + 1];
  }
  for (std::size_t b = 0; b < numBins; ++b) binStart[b + 1] += binStart[b];
  std::vector<int> binAtoms(n);
  {
    std::vector<std::size_t> fill(binStart.begin(), binStart.end() - 1);
    for (std::size_t i = 0; i < n; ++i) binAtoms[fill[flat(binOf[i])]++] = static_cast<int>(i);
  }
  std::vector<Eigen::Vector3d> wrapped(n);
  for (std::size_t i = 0; i < n; ++i) wrapped[i] = h * frac[i];

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
      const std::size_t before = idx.size();
      std::array<int, 3> o;
      for (o[2] = -axis[2].reach; o[2] <= axis[2].reach; ++o[2]) {
        for (o[1] = -axis[1].reach; o[1] <= axis[1].reach; ++o[1]) {
          for (o[0] = -axis[0].reach; o[0] <= axis[0].reach; ++o[0]) {
            std::array<int, 3> nb;
            Eigen::Vector3d shift = Eigen::Vector3d::Zero();
            bool inside = true;
            for (int d = 0; d < 3; ++d) {
              const int b = binOf[i][d] + o[d];
              if (axis[d].periodic) {
                const int image = floorDiv(b, axis[d].bins);
                nb[d] = b - image * axis[d].bins;
                shift[d] = image;
              } else {
                inside = inside && b >= 0 && b < axis[d].bins;
                nb[d] = b;
              }
            }
            if (!inside) continue;
            const Eigen::Vector3d offset = h * shift - wrapped[i];
            const bool self = shift.isZero();
            const std::size_t bin = flat(nb);
            for (std::size_t k = binStart[bin]; k < binStart[bin + 1]; ++k) {
              const int j = binAtoms[k];
              if (self && j == static_cast<int>(i)) continue;
              const Eigen::Vector3d d = wrapped[j] + offset;
              if (d.squaredNorm() < cutoff2) {
                idx.push_back(j);
                disp.push_back(d);
              }
            }
          }
        }
      }
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

}  // namespace sei
