#pragma once

#include <string>
#include <vector>

namespace sei {

/// A Slurm batch job: the one job-script writer of the GPUMD export and of the DFT labelling
/// jobs of the Interface Reactor.
struct SlurmScript {
  std::string jobName = "sei";    ///< --job-name: letters, digits, '-', '_', '.'
  std::string time = "24:00:00";  ///< --time, [D-]HH:MM:SS
  int nodes = 1;                  ///< --nodes, ≥ 1
  int tasksPerNode = 1;           ///< --ntasks-per-node, ≥ 1
  int gpus = 1;                   ///< GPUs per node (--gres=gpu:N); 0: none requested
  std::string partition;          ///< --partition; empty: the cluster's default
  /// --array task indices ("0-4,7"; each task sees its index in $SLURM_ARRAY_TASK_ID); empty:
  /// one job, not an array.
  std::string array;
  /// Lines before the commands (module loads, exports), as written.
  std::vector<std::string> setup;
  std::vector<std::string> commands;  ///< run in the submission folder, in order
};

/// The job script: #!/bin/bash, the #SBATCH header, `set -eu`, a cd to the submission folder,
/// the setup lines and the commands. Throws InputError naming the field that Slurm would refuse
/// (job name, time, counts, array indices) or a line with a newline in it. Array tasks write
/// slurm-JOB_TASK.out, single jobs slurm-JOB.out.
std::string slurmScriptText(const SlurmScript& job);

}  // namespace sei
