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

struct MinimizeSettings {
  MinimizeMethod method = MinimizeMethod::Fire;
  double forceTolerance = 1e-3;  ///< eV/Å; stops when no force component is larger (≤ 0: never)
  std::int64_t maxSteps = 1000;
};

/// Where a minimisation stands, for progress lines.
struct MinimizeProgress {
  std::int64_t step = 0;      ///< steps done
  std::int64_t maxSteps = 0;  ///< steps allowed
  double energy = 0.0;        ///< eV, potential energy of the current positions
  double maxForce = 0.0;      ///< eV/Å, largest absolute force component
};

struct MinimizeOutcome {
  MinimizeProgress last;   ///< the final state
  bool converged = false;  ///< the force tolerance was reached
  bool cancelled = false;  ///< `progress` returned false
};

/// Relaxes state.positions (cell and velocities unchanged) towards a minimum of the potential
/// energy. On return state.forces belong to the final positions. `progress` is called after
/// the first force evaluation, about every tenth of maxSteps and at the end; returning false
/// cancels between steps (the state so far is kept).
MinimizeOutcome minimizeEnergy(Backend& backend, MdState& state, const MinimizeSettings& settings,
                               const std::function<bool(const MinimizeProgress&)>& progress = {});

}  // namespace sei
