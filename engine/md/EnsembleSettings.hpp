#pragma once

#include <array>
#include <string>

namespace sei {

/// GPUMD's npt_scr (and npt_ber) leaves a cell component untouched when its elastic modulus
/// exceeds this, GPa. That is how GPUMD couples only some directions: the orthogonal form with
/// C_zz > 2000 couples only the lateral box lengths of a slab, C_xx, C_yy > 2000 only z. The
/// orthogonal form also leaves non-periodic directions alone; GPUMD refuses the isotropic and
/// triclinic forms unless all three directions are periodic, and both forms but the triclinic
/// one on a triclinic cell (checks that need the structure, left to the engine).
constexpr double kRigidModulus = 2000.0;

/// How many pressure components npt_scr controls, from GPUMD's 1, 3 or 6 pressure values.
enum class BarostatCoupling {
  Isotropic,   ///< p, C: one scaling of all three lengths by (Pxx+Pyy+Pzz)/3; orthogonal cell
  Orthogonal,  ///< Pxx Pyy Pzz, Cxx Cyy Czz: three independent lengths; orthogonal cell
  Triclinic,   ///< Pxx Pyy Pzz Pyz Pxz Pxy and six moduli: every cell component
};

struct Barostat {
  BarostatCoupling coupling = BarostatCoupling::Isotropic;
  /// Target pressure, GPa, in GPUMD's order xx yy zz yz xz xy. Isotropic fills only [0]
  /// (the hydrostatic pressure), Orthogonal [0..2]; the other entries stay 0.
  std::array<double, 6> pressure{};
  /// Estimated elastic moduli, GPa, same order and filling as pressure; each > 0. A modulus
  /// above kRigidModulus freezes its component.
  std::array<double, 6> modulus{};
  double pressureCoupling = 0.0;  ///< τ_p/Δt, time steps (GPUMD's p_coup, ≥ 1)
};

/// An ensemble as run.in states it: GPUMD's keyword and parameters (md/EnsembleRegistry turns it
/// into an Ensemble).
struct EnsembleSettings {
  std::string keyword = "nve";  ///< GPUMD's keyword, one of the registered ensembles
  int line = 0;                 ///< line of the `ensemble` command
  /// Target temperature at the start and at the end of the block, K; GPUMD ramps the target
  /// linearly in between. 0 for nve.
  double temperatureStart = 0.0;
  double temperatureEnd = 0.0;  ///< K
  /// τ_T/Δt, time steps (GPUMD's T_coup, ≥ 1; 0 for nve): the thermostat's relaxation time is
  /// temperatureCoupling × the block's time step.
  double temperatureCoupling = 0.0;
  Barostat barostat;  ///< npt_scr only
};

}  // namespace sei
