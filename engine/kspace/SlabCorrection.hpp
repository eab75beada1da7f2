#pragma once

#include <memory>
#include <string>
#include <vector>

#include "kspace/Electrostatics.hpp"

namespace sei {

/// Electrostatics of a slab that is periodic in x and y with vacuum along z (the cell's c), by
/// a 3D k-space sum in a cell whose c is stretched by `factor` (LAMMPS' `kspace_modify slab`)
/// plus the correction of Yeh & Berkowitz (1999) with the net-charge terms of Ballenegger,
/// Arnold & Cerdà (2009), with M_z = Σ q_i z_i, Q = Σ q_i and L_z, V of the stretched cell:
///
///   E_slab = (2π k_e / V) [M_z² − Q Σ q_i z_i² − Q² L_z² / 12]
///            − π k_e Q² / (2α²V).
///
/// The last term is the neutralising background's k = 0 energy, which the fully periodic sums
/// leave out (as GPUMD does); in a stretched cell it would depend on the factor, with it the
/// energy of a charged slab is the 2D-periodic one (Parry's sum) whatever the factor.
///
/// The sum is invariant under a shift of z. The atoms are taken as one slab: z is measured in a
/// window of height |c_z| that starts in the middle of the widest empty layer along c, so a
/// slab straddling the periodic boundary stays whole (its atoms beyond the window are moved by
/// −c before the stretched-cell sum). The correction adds its energy, forces (along z), the
/// potential ∂E_slab/∂q_i (so that position-dependent charges take its forces through the same
/// chain as the k-space sum's), per-atom energies summing to E_slab, and the virial
/// W_aa = −∂E_slab/∂ε_aa (the Yeh–Berkowitz terms scale as L_z under a strain along z, the
/// background's as 1/L_z; under a lateral strain all scale as 1/V, so W_xx = W_yy = E_slab; an xy
/// shear keeps V; strains that tilt a or b out of the xy plane leave no slab and are not
/// counted).
class SlabSolver : public KSpaceSolver {
 public:
  /// factor: stretched height over the cell's height (> 1, LAMMPS' default 3). minimumGap (Å):
  /// the widest empty layer must be at least this wide (the real-space cutoff: pairs across the
  /// vacuum would be counted twice), else compute() throws InputError.
  SlabSolver(std::unique_ptr<KSpaceSolver> inner, double factor, double minimumGap = 0.0);

  /// Throws InputError when a or b has a z component or c_z ≤ 0 (the vacuum must lie along z).
  void compute(const Cell& cell, const std::vector<Eigen::Vector3d>& positions,
               const std::vector<double>& charges, double alpha,
               ElectrostaticTerms& terms) override;
  std::size_t memoryBytes() const override;
  const std::string& summary() const override { return summary_; }

 private:
  std::unique_ptr<KSpaceSolver> inner_;
  double factor_;
  double minimumGap_;                    ///< Å
  std::vector<Eigen::Vector3d> window_;  ///< Å, positions with z in the window
  std::string summary_;
};

/// Fraction along c where the widest empty layer of the atoms' fractional coordinates s_c
/// (wrapped into [0, 1)) is centred, and that layer's width as a fraction of c.
void widestEmptyLayer(const Cell& cell, const std::vector<Eigen::Vector3d>& positions,
                      double& centre, double& width);

}  // namespace sei
