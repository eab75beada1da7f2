#include "kspace/SlabCorrection.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/Error.hpp"

namespace sei {

void widestEmptyLayer(const Cell& cell, const std::vector<Eigen::Vector3d>& positions,
                      double& centre, double& width) {
  std::vector<double> s(positions.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const double f = cell.inverse().row(2).dot(positions[i]);
    s[i] = f - std::floor(f);
  }
  std::sort(s.begin(), s.end());
  centre = 0.0;
  width = 1.0;
  if (s.empty()) return;
  // The layer from the highest atom through the periodic boundary to the lowest, then the others.
  width = s.front() + 1.0 - s.back();
  centre = s.back() + 0.5 * width;
  for (std::size_t k = 1; k < s.size(); ++k)
    if (s[k] - s[k - 1] > width) {
      width = s[k] - s[k - 1];
      centre = s[k - 1] + 0.5 * width;
    }
  centre -= std::floor(centre);
}

SlabSolver::SlabSolver(std::unique_ptr<KSpaceSolver> inner, double factor, double minimumGap)
    : inner_(std::move(inner)), factor_(factor), minimumGap_(minimumGap) {
  if (!(factor_ > 1.0))
    throw InputError("slab FACTOR must be above 1 (stretched over actual cell height), found " +
                     std::to_string(factor_));
}

void SlabSolver::compute(const Cell& cell, const std::vector<Eigen::Vector3d>& positions,
                         const std::vector<double>& charges, double alpha,
                         ElectrostaticTerms& terms) {
  const Eigen::Matrix3d& h = cell.matrix();
  const double cz = h(2, 2);
  if (std::abs(h(2, 0)) > 1e-9 * h.col(0).norm() || std::abs(h(2, 1)) > 1e-9 * h.col(1).norm() ||
      !(cz > 0.0))
    throw InputError(
        "slab correction: the vacuum must lie along z, expected cell vectors a and b in the xy "
        "plane and c_z > 0 (found a_z " +
        std::to_string(h(2, 0)) + ", b_z " + std::to_string(h(2, 1)) + ", c_z " +
        std::to_string(cz) + " A)");
  const std::size_t n = positions.size();
  double centre, width;
  widestEmptyLayer(cell, positions, centre, width);
  if (width * cz < minimumGap_) {
    char line[240];
    std::snprintf(line, sizeof line,
                  "slab correction: the widest empty layer along z is %.3g A, narrower than the "
                  "%.3g A cutoff; expected a vacuum gap along c",
                  width * cz, minimumGap_);
    throw InputError(line);
  }

  // The window of z starts in the middle of the empty layer; the sum over the stretched cell
  // needs the slab whole, so atoms below the window move up by whole periods c.
  window_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double s = cell.inverse().row(2).dot(positions[i]);
    window_[i] = positions[i] - std::floor(s - centre) * h.col(2);
  }
  Eigen::Matrix3d stretched = h;
  stretched.col(2) *= factor_;
  inner_->compute(Cell(stretched), window_, charges, alpha, terms);

  const double height = factor_ * cz;  // L_z, Å
  const double c = 2.0 * M_PI * kCoulomb / (factor_ * cell.volume());
  double dipole = 0.0, total = 0.0, second = 0.0;  // M_z (e·Å), Q (e), Σ q z² (e·Å²)
  for (std::size_t i = 0; i < n; ++i) {
    const double z = window_[i][2];
    dipole += charges[i] * z;
    total += charges[i];
    second += charges[i] * z * z;
  }
  const double background = total * height * height / 12.0;  // e·Å²
  // The neutralising background's k = 0 term that the 3D sums leave out, −π k_e Q²/(2α²V).
  const double uniform = -M_PI * kCoulomb * total / (2.0 * alpha * alpha * factor_ * cell.volume());
  const double energy =
      c * (dipole * dipole - total * second - total * background) + uniform * total;
  const bool perAtomVirial = !terms.perAtomVirial.empty();
  for (std::size_t i = 0; i < n; ++i) {
    const double z = window_[i][2], q = charges[i];
    terms.forces[i][2] -= 2.0 * c * q * (dipole - total * z);
    terms.potential[i] +=
        c * (2.0 * dipole * z - second - total * z * z - 2.0 * background) + 2.0 * uniform;
    const double e = c * q * (dipole * z - 0.5 * second - 0.5 * total * z * z - background);
    terms.perAtomEnergy[i] += e + uniform * q;
    if (perAtomVirial) {
      terms.perAtomVirial[i](0, 0) += e + uniform * q;
      terms.perAtomVirial[i](1, 1) += e + uniform * q;
      terms.perAtomVirial[i](2, 2) += uniform * q - e;
    }
  }
  terms.energy += energy;
  // Under a strain along z the Yeh–Berkowitz terms scale as L_z, the background's as 1/L_z;
  // under a lateral one (z and L_z kept) all scale as 1/V, so W_xx = W_yy = E_slab.
  terms.virial(0, 0) += energy;
  terms.virial(1, 1) += energy;
  terms.virial(2, 2) += 2.0 * uniform * total - energy;

  char line[200];
  std::snprintf(line, sizeof line,
                "; slab correction (Yeh-Berkowitz, Ballenegger et al. for net charge): c "
                "stretched x%.3g to %.6g A, vacuum %.3g A centred at %.6g A",
                factor_, height, width * cz, (centre * h.col(2))[2]);
  summary_ = inner_->summary() + line;
}

std::size_t SlabSolver::memoryBytes() const {
  return inner_->memoryBytes() + window_.capacity() * sizeof(Eigen::Vector3d);
}

}  // namespace sei
