#pragma once

#include "core/Backend.hpp"
#include "md/MdState.hpp"

namespace sei::test {

/// Truncated and shifted Lennard-Jones pairs with minimum images (cells wider than twice the
/// cutoff), O(N²): a liquid for barostat tests that needs no model file.
class LennardJones : public Backend {
 public:
  LennardJones(double epsilon, double sigma, double cutoff);
  /// n×n×n simple cubic lattice with the given spacing (Å) and mass (amu), zero velocities.
  static MdState cubicState(int n, double spacing, double mass);
  void compute(const std::vector<int>& types, const std::vector<Eigen::Vector3d>& positions,
               const Cell& cell, const ForceRequest& request, ForceResult& result) override;

 private:
  double epsilon_;  ///< eV
  double sigma_;    ///< Å
  double cutoff_;   ///< Å
  double shift_;    ///< eV, V(cutoff)
};

}  // namespace sei::test
