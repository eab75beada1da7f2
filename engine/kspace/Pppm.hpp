#pragma once

#include <array>
#include <memory>
#include <vector>

#include "kspace/Electrostatics.hpp"
#include "kspace/PppmMath.hpp"

namespace sei {

/// Reciprocal part of the Coulomb energy by particle–particle particle–mesh (PPPM), GPUMD's
/// default for qNEP (spec §7.5), in double precision: order-5 charge assignment on a mesh of
/// spacing ≲ 1 Å (GPUMD's rule), or the mesh and order (2..7) a stated accuracy needs
/// (KSpaceResolution), the influence function with the closed-form alias sum, ik-differentiated
/// forces. Like EwaldSolver it
/// assigns `potential` (D_i) and adds energy, forces and virial.
///
/// Per-atom energy and virial: with ElectrostaticTerms::atomResolved each atom's own, interpolated
/// from the mesh as LAMMPS does (eflag_atom/vflag_atom): e_i = k_e q_i φ(r_i) and, for per-atom
/// virials, W_i = k_e q_i v(r_i) with v the inverse transform of the virial shape times Ŝ (six
/// more transforms); they sum to the totals and approach Ewald's per-atom values as the mesh is
/// refined. Without it gpumd's default uniform split, E_recip/N and W/N (totals exact, the split
/// not physical), which gpumd keeps unless run.in asks for per-atom virials.
///
/// Mesh positions use floor(s + ½) instead of gpumd's C truncation, which is the same for every
/// atom inside the cell (up to half a mesh spacing on the negative side) and stays correct for
/// atoms anywhere else.
///
/// One instance keeps its FFTW plans, meshes and influence function between calls; plans are
/// rebuilt only when the mesh size or the OpenMP thread count changes, the influence function
/// only when the cell or α changes. compute() is not thread-safe for one instance (it uses
/// OpenMP inside); separate instances may be used from separate threads.
/// The influence function of PPPM on the stored half spectrum (K₀/2+1)·K₁·K₂, point p =
/// c₀ + (K₀/2+1)(i₁ + K₁i₂).
struct PppmInfluence {
  std::vector<double> gEven;  ///< ½[G(ν) + G(−ν)], Å⁻¹
  std::vector<double> kgOdd;  ///< 3 per point, ½[k(ν)G(ν) − k(−ν)G(−ν)], Å⁻²
  /// 6 per point (xx yy zz xy xz yz), ½Σ_± G·[δ − 2kk(…)], Å⁻¹
  std::vector<double> wShape;
};

/// The influence function's geometry for a mesh and order, cell and α (twoPi: 2π, the
/// reciprocal-vector convention).
pppm::InfluenceGeometry influenceGeometry(const PppmGrid& grid, const Cell& cell, double alpha,
                                          double twoPi);

/// Computes the influence function for a mesh and order, cell and α (OpenMP-parallel).
void computePppmInfluence(const PppmGrid& grid, const Cell& cell, double alpha, double twoPi,
                          PppmInfluence& out);

class PppmSolver : public KSpaceSolver {
 public:
  explicit PppmSolver(double accuracy = 0.0);
  ~PppmSolver() override;
  PppmSolver(const PppmSolver&) = delete;
  PppmSolver& operator=(const PppmSolver&) = delete;

  void compute(const Cell& cell, const std::vector<Eigen::Vector3d>& positions,
               const std::vector<double>& charges, double alpha,
               ElectrostaticTerms& terms) override;

  std::size_t memoryBytes() const override;
  const std::string& summary() const override;

  /// The mesh and assignment order of the last compute() (zero mesh before the first).
  PppmGrid grid() const;

  /// GPUMD's mesh (gpumdPppmMesh).
  static std::array<int, 3> meshSize(const Cell& cell) { return gpumdPppmMesh(cell); }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sei
