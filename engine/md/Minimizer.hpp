#pragma once

#include <cstdint>
#include <functional>

#include "core/Backend.hpp"
#include "md/MdState.hpp"

namespace sei {

enum class MinimizeMethod {
  SteepestDescent,  ///< GPUMD's `sd`: step along F/|F|_max, grown ×1.2 on success, ×0.2 on failure
  Fire,             ///< Bitzek, Koskinen, Gähler, Moseler, Gumbsch, PRL 97, 170201 (2006)
};

/// Which cell components relax with the positions (our extension; GPUMD's minimize keeps the
/// cell). The lateral ones deform the cell and all atoms affinely in the xy plane, so z
/// coordinates, c_z and a slab's vacuum stay as they are.
enum class CellRelaxation {
  None,
  Lateral,      ///< the x and y lengths (F_xx, F_yy of the deformation)
  LateralTilt,  ///< and the xy tilt (F_xy)
};

constexpr double kDefaultStressTolerance = 0.01;  ///< GPa

struct MinimizeSettings {
  MinimizeMethod method = MinimizeMethod::Fire;
  double forceTolerance = 1e-3;  ///< eV/Å; stops when no force component is larger (≤ 0: never)
  std::int64_t maxSteps = 1000;
  CellRelaxation cell = CellRelaxation::None;
  /// GPa, with a relaxed cell: converged also needs every relaxed component of the virial
  /// stress W/V (V the whole cell's volume, vacuum included) at most this large in magnitude.
  double stressTolerance = kDefaultStressTolerance;
};

/// Where a minimisation stands, for progress lines.
struct MinimizeProgress {
  std::int64_t step = 0;      ///< steps done
  std::int64_t maxSteps = 0;  ///< steps allowed
  double energy = 0.0;        ///< eV, potential energy of the current positions
  double maxForce = 0.0;      ///< eV/Å, largest absolute force component
  double maxStress = 0.0;     ///< GPa, largest |W/V| of the relaxed cell components (0: none)
};

struct MinimizeOutcome {
  MinimizeProgress last;   ///< the final state
  bool converged = false;  ///< the force (and stress) tolerance was reached
  bool cancelled = false;  ///< `progress` returned false
};

/// Relaxes state.positions (and, with settings.cell, the lateral cell at zero target stress)
/// towards a minimum of the potential energy; velocities are unchanged. On return
/// state.forces belong to the final positions and cell. `progress` is called after the first
/// force evaluation, about every tenth of maxSteps and at the end; returning false cancels
/// between steps (the state so far is kept). A relaxed cell needs a and b in the xy plane.
MinimizeOutcome minimizeEnergy(Backend& backend, MdState& state, const MinimizeSettings& settings,
                               const std::function<bool(const MinimizeProgress&)>& progress = {});

}  // namespace sei
