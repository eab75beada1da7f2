#pragma once

#include <string>
#include <vector>

#include "project/ProjectRun.hpp"
#include "run/SlurmScript.hpp"

namespace sei {

/// What exportGpumdFolder wrote.
struct GpumdExport {
  std::string folder;                 ///< absolute
  std::vector<std::string> files;     ///< names inside the folder, in the order written
  std::vector<std::string> warnings;  ///< where GPUMD runs other physics, naming the setting
};

/// The model's name in an exported folder (GPUMD's own convention).
constexpr const char* kGpumdModelName = "nep.txt";
/// The Slurm script's name in an exported folder.
constexpr const char* kGpumdJobName = "gpumd.slurm";

/// Writes a folder GPUMD runs as it is from the project of `request` (model and structure found
/// and built as for prepareRun, which the project's own outputs folder is left untouched by):
/// nep.txt (the model file, byte for byte), model.xyz, run.in with `potential nep.txt` and only
/// commands GPUMD knows (run/GpumdRunInput), and a Slurm script `job` with `gpumd` appended to
/// its commands. Every file is written atomically; the folder is created if needed. Throws
/// InputError as prepareRun does, or naming the Slurm field.
GpumdExport exportGpumdFolder(const RunRequest& request, const std::string& folder,
                              SlurmScript job);

}  // namespace sei
