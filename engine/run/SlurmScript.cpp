#include "run/SlurmScript.hpp"

#include <cctype>
#include <regex>

#include "core/Error.hpp"

namespace sei {

std::string slurmScriptText(const SlurmScript& job) {
  if (job.jobName.empty() ||
      job.jobName.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") != std::string::npos)
    throw InputError("job name: expected letters, digits, '-', '_' or '.', found '" + job.jobName +
                     "'");
  static const std::regex time(R"((\d+-)?\d{1,3}:\d{2}:\d{2})");
  if (!std::regex_match(job.time, time))
    throw InputError("time: expected [D-]HH:MM:SS (Slurm --time), found '" + job.time + "'");
  if (job.nodes < 1)
    throw InputError("nodes: expected at least 1, found " + std::to_string(job.nodes));
  if (job.tasksPerNode < 1)
    throw InputError("tasks per node: expected at least 1, found " +
                     std::to_string(job.tasksPerNode));
  if (job.gpus < 0) throw InputError("gpus: expected 0 or more, found " + std::to_string(job.gpus));
  if (job.partition.find_first_of(" \t\r\n") != std::string::npos)
    throw InputError("partition: expected one word, found '" + job.partition + "'");
  static const std::regex indices(R"(\d+(-\d+)?(,\d+(-\d+)?)*)");
  if (!job.array.empty() && !std::regex_match(job.array, indices))
    throw InputError("array: expected task indices such as 0-9,12 (Slurm --array), found '" +
                     job.array + "'");
  std::string out = "#!/bin/bash\n";
  out += "#SBATCH --job-name=" + job.jobName + "\n";
  out += "#SBATCH --nodes=" + std::to_string(job.nodes) + "\n";
  out += "#SBATCH --ntasks-per-node=" + std::to_string(job.tasksPerNode) + "\n";
  if (job.gpus > 0) out += "#SBATCH --gres=gpu:" + std::to_string(job.gpus) + "\n";
  out += "#SBATCH --time=" + job.time + "\n";
  if (!job.partition.empty()) out += "#SBATCH --partition=" + job.partition + "\n";
  if (!job.array.empty()) out += "#SBATCH --array=" + job.array + "\n";
  out +=
      job.array.empty() ? "#SBATCH --output=slurm-%j.out\n" : "#SBATCH --output=slurm-%A_%a.out\n";
  out += "\nset -eu\ncd \"$SLURM_SUBMIT_DIR\"\n";
  for (const auto* lines : {&job.setup, &job.commands})
    for (const std::string& line : *lines) {
      if (line.find_first_of("\r\n") != std::string::npos)
        throw InputError("commands: one command per line, found a line break in '" + line + "'");
      out += line + "\n";
    }
  return out;
}

}  // namespace sei
