#include "kspace/KSpaceAccuracy.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/Error.hpp"
#include "kspace/CoulombMath.hpp"

namespace sei {
namespace {

/// Smallest 2^a·3^b·5^c ≥ n (sizes FFT libraries transform fast).
int smoothSize(int n) {
  for (int m = std::max(n, 1);; ++m) {
    int r = m;
    for (int p : {2, 3, 5})
      while (r % p == 0) r /= p;
    if (r == 1) return m;
  }
}

double chargeSquareSum(const std::vector<double>& charges) {
  double s = 0.0;
  for (double q : charges) s += q * q;
  return kCoulomb * s;  // eV·Å
}

std::string formatSummary(const char* what, const std::array<int, 3>& size, double alpha,
                          double error, double accuracy) {
  char line[240];
  std::snprintf(line, sizeof line,
                "%s %d x %d x %d, alpha %.6g 1/A; estimated RMS force error %.3g eV/A "
                "(relative %.3g, asked %.3g)",
                what, size[0], size[1], size[2], alpha, error, error / kCoulomb, accuracy);
  return line;
}

}  // namespace

std::array<int, 3> gpumdPppmMesh(const Cell& cell) {
  std::array<int, 3> k{};
  for (int d = 0; d < 3; ++d) {
    const double spacings = std::floor(cell.thickness(d) / 1.0);  // 1 Å target spacing
    k[d] = 16;
    while (k[d] < spacings) k[d] *= 2;
  }
  return k;
}

std::array<int, 3> gpumdEwaldRange(const Cell& cell, double alpha, double& cutoff2) {
  const double twoPi = 6.2831853;  // GPUMD's literal, see Ewald.cpp
  std::array<int, 3> n{};
  for (int d = 0; d < 3; ++d)
    n[d] = static_cast<int>(std::floor(alpha * cell.matrix().col(d).norm()));
  cutoff2 = (twoPi * alpha) * (twoPi * alpha);
  return n;
}

double pppmForceError(int order, int points, double length, double alpha, double q2,
                      std::size_t atoms) {
  // Deserno & Holm's a_m^(P), m < P, for P = 2..7 (their table, also LAMMPS' acons).
  static constexpr double kA[6][7] = {
      {1.0 / 50.0, 5.0 / 294.0},
      {1.0 / 588.0, 7.0 / 1440.0, 21.0 / 3872.0},
      {1.0 / 4320.0, 3.0 / 1936.0, 7601.0 / 2271360.0, 143.0 / 28800.0},
      {1.0 / 23232.0, 7601.0 / 13628160.0, 143.0 / 69120.0, 517231.0 / 106536960.0,
       106640677.0 / 11737571328.0},
      {691.0 / 68140800.0, 13.0 / 57600.0, 47021.0 / 35512320.0, 9694607.0 / 2095994880.0,
       733191589.0 / 59609088000.0, 326190917.0 / 11700633600.0},
      {1.0 / 345600.0, 3617.0 / 35512320.0, 745739.0 / 838397952.0, 56399353.0 / 12773376000.0,
       25091609.0 / 1560084480.0, 1755948832039.0 / 36229939200000.0,
       4887769399.0 / 37838389248.0}};
  const double* a = kA[order - pppm::kMinOrder];
  const double ha = length / points * alpha;
  double sum = 0.0;
  for (int m = 0; m < order; ++m) sum += a[m] * std::pow(ha, 2.0 * m);
  return q2 * std::pow(ha, order) *
         std::sqrt(alpha * length * std::sqrt(2.0 * M_PI) * sum / static_cast<double>(atoms)) /
         (length * length);
}

double ewaldForceError(int range, double length, double alpha, double q2, std::size_t atoms) {
  const double x = M_PI * range / (alpha * length);
  return 2.0 * q2 * alpha / length * std::sqrt(1.0 / (M_PI * range * static_cast<double>(atoms))) *
         std::exp(-x * x);
}

PppmGrid KSpaceResolution::pppmGrid(const Cell& cell, double alpha,
                                    const std::vector<double>& charges) {
  if (accuracy_ <= 0.0) {  // GPUMD's rule follows the cell
    size_ = gpumdPppmMesh(cell);
    char line[120];
    std::snprintf(line, sizeof line,
                  "PPPM order %d, mesh %d x %d x %d (GPUMD's rule), alpha %.6g 1/A",
                  pppm::kGpumdOrder, size_[0], size_[1], size_[2], alpha);
    summary_ = line;
    return {size_, pppm::kGpumdOrder};
  }
  if (chosen_) return {size_, order_};
  chosen_ = true;
  constexpr int kLargestMesh = 1024;  // per direction; finer would not fit in memory anyway
  const double q2 = chargeSquareSum(charges), target = accuracy_ * kCoulomb;
  const double atoms = static_cast<double>(charges.size());
  double bestCost = 0.0, bestError = 0.0;
  for (int order = pppm::kMinOrder; order <= pppm::kMaxOrder; ++order) {
    std::array<int, 3> mesh{};
    double squares = 0.0;
    for (int d = 0; d < 3; ++d) {
      const double l = cell.thickness(d);
      int k = smoothSize(order);  // at least the stencil's width
      while (k <= kLargestMesh && pppmForceError(order, k, l, alpha, q2, charges.size()) > target)
        k = smoothSize(k + 1);
      mesh[d] = k;
      squares += std::pow(pppmForceError(order, k, l, alpha, q2, charges.size()), 2);
    }
    if (*std::max_element(mesh.begin(), mesh.end()) > kLargestMesh) continue;  // out of reach
    const double points = static_cast<double>(mesh[0]) * mesh[1] * mesh[2];
    const double cost = points * std::log2(points) + atoms * order * order * order;
    if (bestCost == 0.0 || cost < bestCost) {
      bestCost = cost;
      bestError = std::sqrt(squares / 3.0);
      size_ = mesh;
      order_ = order;
    }
  }
  if (bestCost == 0.0)
    throw InputError("kspace pppm: accuracy " + std::to_string(accuracy_) +
                     " needs a mesh finer than 1024 points per direction; use a larger accuracy");
  summary_ = formatSummary(("PPPM order " + std::to_string(order_) + ", mesh").c_str(), size_,
                           alpha, bestError, accuracy_);
  return {size_, order_};
}

std::array<int, 3> KSpaceResolution::ewaldRange(const Cell& cell, double alpha,
                                                const std::vector<double>& charges,
                                                double& cutoff2) {
  if (!chosen_) {
    chosen_ = true;
    if (accuracy_ <= 0.0) {
      char line[120];
      std::snprintf(line, sizeof line, "Ewald, |k| < 2 pi alpha (GPUMD's rule), alpha %.6g 1/A",
                    alpha);
      summary_ = line;
    } else {
      const double q2 = chargeSquareSum(charges), target = accuracy_ * kCoulomb;
      double squares = 0.0;
      for (int d = 0; d < 3; ++d) {
        const double l = cell.thickness(d);
        int n = 1;
        while (ewaldForceError(n, l, alpha, q2, charges.size()) > target) ++n;
        size_[d] = n;
        squares += std::pow(ewaldForceError(n, l, alpha, q2, charges.size()), 2);
        cutoff2_ = std::max(cutoff2_, std::pow(2.0 * M_PI * n / l, 2));
      }
      summary_ =
          formatSummary("Ewald, index ranges", size_, alpha, std::sqrt(squares / 3.0), accuracy_);
    }
  }
  if (accuracy_ <= 0.0) return gpumdEwaldRange(cell, alpha, cutoff2);
  cutoff2 = cutoff2_;
  return size_;
}

}  // namespace sei
