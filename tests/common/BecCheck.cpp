#include "BecCheck.hpp"

#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

#include "core/Supercell.hpp"
#include "nep/NepEvaluator.hpp"

namespace sei::test {
namespace {

/// Minimum-image vector from a to b in cell h (Å).
Eigen::Vector3d minimumImage(const Cell& cell, const Eigen::Vector3d& a, const Eigen::Vector3d& b) {
  Eigen::Vector3d f = cell.toFractional(b - a);
  for (int d = 0; d < 3; ++d) f[d] -= std::round(f[d]);
  return cell.toCartesian(f);
}

}  // namespace

std::vector<int> firstAtomOfEachType(const NepModel& model, const Structure& s) {
  const std::vector<int> types = model.typesOf(s, "structure");
  std::vector<int> atoms;
  std::set<int> seen;
  for (std::size_t i = 0; i < types.size(); ++i)
    if (seen.insert(types[i]).second) atoms.push_back(static_cast<int>(i));
  return atoms;
}

std::vector<Eigen::Matrix3d> becFromChargeDifferences(std::shared_ptr<const NepModel> model,
                                                      const Structure& s,
                                                      const std::vector<int>& atoms, double step) {
  const double cutoff = std::max(model->maxRadialCutoff(), model->maxAngularCutoff());  // Å
  std::array<int, 3> reps;
  for (int d = 0; d < 3; ++d)
    reps[d] = static_cast<int>(std::floor(2.0 * cutoff / s.cell.thickness(d))) + 1;
  const Structure big = replicate(s, reps);  // atoms of s first, same indices
  const std::size_t n = big.positions.size();
  const std::vector<int> types = model->typesOf(big, "supercell");
  NepEvaluatorOptions options;
  options.kspace = KSpaceMethod::Pppm;  // the charges do not depend on it; PPPM is cheaper
  options.threads = 1;  // hundreds of small evaluations: threads cost more than they give
  NepEvaluator evaluator(model, options);
  auto chargesAt = [&](const std::vector<Eigen::Vector3d>& r) {
    ForceResult out;
    evaluator.compute(types, r, big.cell, {}, out);
    return out.charges;
  };
  auto within = [&](int a, int b) {
    return minimumImage(big.cell, big.positions[a], big.positions[b]).norm() < cutoff;
  };

  // Atoms to move: the checked ones and everything within their reach.
  std::set<int> moved;
  for (int k : atoms)
    for (std::size_t j = 0; j < n; ++j)
      if (static_cast<int>(j) == k || within(k, j)) moved.insert(j);

  // dq[j][a][i] = ∂q̂_i/∂r_j^a for i ≠ j.
  std::map<int, std::array<std::vector<double>, 3>> dq;
  for (int j : moved) {
    // The reference: the atom farthest from j, whose raw charge does not feel j.
    int z = -1;
    double far = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double r = minimumImage(big.cell, big.positions[j], big.positions[i]).norm();
      if (r > far) far = r, z = static_cast<int>(i);
    }
    if (far <= cutoff) throw std::logic_error("BEC check: no atom out of reach of a moved atom");
    for (int a = 0; a < 3; ++a) {
      auto r = big.positions;
      r[j][a] += step;
      const std::vector<double> up = chargesAt(r);
      r[j][a] -= 2.0 * step;
      const std::vector<double> down = chargesAt(r);
      std::vector<double>& column = dq[j][a];
      column.resize(n);
      for (std::size_t i = 0; i < n; ++i)
        column[i] = ((up[i] - up[z]) - (down[i] - down[z])) / (2.0 * step);
    }
  }

  const std::vector<double> q = chargesAt(big.positions);
  std::vector<Eigen::Matrix3d> out;
  for (int k : atoms) {
    Eigen::Matrix3d b = Eigen::Matrix3d::Zero();
    for (std::size_t j = 0; j < n; ++j) {
      if (static_cast<int>(j) == k || !within(k, j)) continue;
      const Eigen::Vector3d rkj = minimumImage(big.cell, big.positions[k], big.positions[j]);
      Eigen::Vector3d hkj, hjk;  // ∂q̂_k/∂r_j and ∂q̂_j/∂r_k
      for (int a = 0; a < 3; ++a) {
        hkj[a] = dq[j][a][k];
        hjk[a] = dq[k][a][j];
      }
      // Pair (k,j) gives k ½ r_kj ⊗ h_kj; pair (j,k) takes ½ r_jk ⊗ h_jk = −½ r_kj ⊗ h_jk.
      b += 0.5 * rkj * hkj.transpose() + 0.5 * rkj * hjk.transpose();
    }
    out.push_back(model->sqrtEpsilonInf * (q[k] * Eigen::Matrix3d::Identity() + b));
  }
  return out;
}

}  // namespace sei::test
