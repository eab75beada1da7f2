#pragma once

#include "core/Backend.hpp"
#include "md/MdState.hpp"

namespace sei::test {

/// A cheap force field with known statistics for integrator tests: atoms on a periodic simple
/// cubic lattice joined to their six neighbours by anharmonic springs
/// V = ½k(r−a)² + ¼g(r−a)⁴ (the quartic term couples the normal modes so thermostats can mix
/// them). Momentum is conserved, as with real potentials.
class SpringLattice : public Backend {
 public:
  SpringLattice(int cellsPerSide, double spacing, double stiffness, double quartic);
  /// An MdState on the lattice with the given mass (amu), forces not yet computed.
  MdState initialState(double mass) const;
  void compute(const std::vector<int>& types, const std::vector<Eigen::Vector3d>& positions,
               const Cell& cell, const ForceRequest& request, ForceResult& result) override;

 private:
  int n_;
  double spacing_;    ///< Å
  double stiffness_;  ///< eV/Å²
  double quartic_;    ///< eV/Å⁴
};

}  // namespace sei::test
