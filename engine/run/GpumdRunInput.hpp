#pragma once

#include <string>
#include <vector>

#include "run/RunInput.hpp"

namespace sei {

/// A run.in for GPUMD itself, and where GPUMD will not do what our run of the same plan does.
struct GpumdRunInput {
  std::string text;  ///< run.in: only commands GPUMD knows; ours remain as comments
  /// One line per difference, naming the setting: what we do, what GPUMD does instead.
  std::vector<std::string> warnings;
};

/// The run.in of `plan` (runInputText) for GPUMD (keywords of GPUMD's run.in parser as of its
/// 2026 development version): our extensions (`checkpoint`, `watchdog`, a `kspace` accuracy) become
/// comments, and settings GPUMD reads differently or only in some builds (a velocity seed beyond
/// its int, `dump_netcdf` without USE_NETCDF) are warned about.
GpumdRunInput gpumdRunInput(const RunPlan& plan);

}  // namespace sei
