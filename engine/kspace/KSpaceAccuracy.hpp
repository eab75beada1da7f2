#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "core/Cell.hpp"
#include "kspace/PppmMath.hpp"

namespace sei {

/// The resolution of a k-space sum: GPUMD's fixed rules (accuracy 0: the PPPM mesh of spec §7.5,
/// Ewald's |k| < 2πα), or the coarsest one whose estimated RMS force error stays below a
/// relative accuracy (LAMMPS' convention: a fraction of the force between two unit charges
/// 1 Å apart, k_e = 14.4 eV/Å). α is never changed: in qNEP it belongs to the model. GPUMD's
/// rules follow the cell at every evaluation; an accuracy-based choice is made once, at the
/// first evaluation (its cell and charges), and kept, so that a run's energy stays continuous.
/// A PPPM mesh K_d and charge assignment order P.
struct PppmGrid {
  std::array<int, 3> mesh{0, 0, 0};
  int order = pppm::kGpumdOrder;
};

class KSpaceResolution {
 public:
  explicit KSpaceResolution(double accuracy = 0.0) : accuracy_(accuracy) {}
  double accuracy() const { return accuracy_; }

  /// PPPM mesh and order: GPUMD's rule (order 5), or for an accuracy the cheapest order P ∈
  /// [2, 7] with, per direction, the smallest 2^a·3^b·5^c ≥ P points whose Deserno–Holm
  /// ik-differentiation error estimate is below the accuracy. Cost of one evaluation:
  /// M log₂M (five FFTs of the M-point mesh) + N P³ (spreading and gathering N atoms' stencils),
  /// the two counted with equal weight (both ~10 flops per unit in our implementation).
  PppmGrid pppmGrid(const Cell& cell, double alpha, const std::vector<double>& charges);
  /// Ewald index ranges N_d and cutoff |k|² (Å⁻²): GPUMD's ⌊α|a_d|⌋ and (2πα)², or per direction
  /// the smallest N_d whose Kolafa–Perram error estimate is below the accuracy, with the
  /// cutoff max_d (N_d |b_d|)².
  std::array<int, 3> ewaldRange(const Cell& cell, double alpha, const std::vector<double>& charges,
                                double& cutoff2);
  /// One line for the run log: method, resolution, α and the estimated error.
  const std::string& summary() const { return summary_; }

 private:
  double accuracy_;
  bool chosen_ = false;
  std::array<int, 3> size_{0, 0, 0};
  int order_ = pppm::kGpumdOrder;
  double cutoff2_ = 0.0;  ///< Å⁻², Ewald
  std::string summary_;
};

/// GPUMD's PPPM mesh (spec §7.5): per direction the smallest power of two ≥ 16 and
/// ≥ ⌊thickness_d / 1 Å⌋.
std::array<int, 3> gpumdPppmMesh(const Cell& cell);
/// GPUMD's Ewald ranges N_d = ⌊α|a_d|⌋ and cutoff (2πα)² with its 8-digit 2π (spec §7.4).
std::array<int, 3> gpumdEwaldRange(const Cell& cell, double alpha, double& cutoff2);

/// Deserno & Holm (1998) RMS force error of order-P ik-PPPM (P ∈ [2, 7]) along one direction
/// with K mesh points over thickness L (Å), for N charges with q2 = k_e Σ q_i² (eV·Å); eV/Å.
double pppmForceError(int order, int points, double length, double alpha, double q2,
                      std::size_t atoms);
/// Kolafa & Perram (1992) RMS force error of the Ewald k-sum truncated at index N along one
/// direction of thickness L; eV/Å.
double ewaldForceError(int range, double length, double alpha, double q2, std::size_t atoms);

}  // namespace sei
