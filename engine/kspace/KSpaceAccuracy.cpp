#include "kspace/KSpaceAccuracy.hpp"

#include <cmath>
#include <cstdio>

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

double pppmForceError(int points, double length, double alpha, double q2, std::size_t atoms) {
  // Deserno & Holm's a_m^(P) for P = 5.
  static constexpr double kA[5] = {1.0 / 23232.0, 7601.0 / 13628160.0, 143.0 / 69120.0,
                                   517231.0 / 106536960.0, 106640677.0 / 11737571328.0};
  const double ha = length / points * alpha;
  double sum = 0.0;
  for (int m = 0; m < 5; ++m) sum += kA[m] * std::pow(ha, 2.0 * m);
  return q2 * std::pow(ha, 5.0) *
         std::sqrt(alpha * length * std::sqrt(2.0 * M_PI) * sum / static_cast<double>(atoms)) /
         (length * length);
}

double ewaldForceError(int range, double length, double alpha, double q2, std::size_t atoms) {
  const double x = M_PI * range / (alpha * length);
  return 2.0 * q2 * alpha / length * std::sqrt(1.0 / (M_PI * range * static_cast<double>(atoms))) *
         std::exp(-x * x);
}

std::array<int, 3> KSpaceResolution::pppmMesh(const Cell& cell, double alpha,
                                              const std::vector<double>& charges) {
  if (accuracy_ <= 0.0) {  // GPUMD's rule follows the cell
    size_ = gpumdPppmMesh(cell);
    char line[120];
    std::snprintf(line, sizeof line,
                  "PPPM order 5, mesh %d x %d x %d (GPUMD's rule), alpha %.6g 1/A", size_[0],
                  size_[1], size_[2], alpha);
    summary_ = line;
    return size_;
  }
  if (chosen_) return size_;
  chosen_ = true;
  const double q2 = chargeSquareSum(charges), target = accuracy_ * kCoulomb;
  double squares = 0.0;
  for (int d = 0; d < 3; ++d) {
    const double l = cell.thickness(d);
    int k = 5;  // at least the stencil's width
    while (pppmForceError(k, l, alpha, q2, charges.size()) > target) k = smoothSize(k + 1);
    size_[d] = k;
    squares += std::pow(pppmForceError(k, l, alpha, q2, charges.size()), 2);
  }
  summary_ = formatSummary("PPPM order 5, mesh", size_, alpha, std::sqrt(squares / 3.0), accuracy_);
  return size_;
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
