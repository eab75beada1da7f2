#include <cstdio>
#include <filesystem>

#include "Arguments.hpp"
#include "Commands.hpp"
#include "core/Error.hpp"
#include "core/Paths.hpp"
#include "project/GpumdExport.hpp"

namespace sei::cli {
namespace {

const char* const kExportHelp =
    R"(Usage: sei export gpumd PROJECT.json DIR [options]

Writes DIR as a run folder GPUMD runs as it is (cd DIR && gpumd, or sbatch gpumd.slurm):
  nep.txt       the project's model file, byte for byte
  model.xyz     the project's system (built from its recipe or read from its structure file)
  run.in        the project's run settings with `potential nep.txt` and only GPUMD commands;
                ours (checkpoint, a kspace accuracy) are kept as comments
  gpumd.slurm   a Slurm job: sbatch header, then `gpumd` in the folder
A warning names each setting where GPUMD would run different physics or could stop. The
project's own outputs folder is not touched.

Options:
  --job-name NAME    Slurm job name (default: the folder's name)
  --time HH:MM:SS    Slurm time limit (default 24:00:00)
  --nodes N          nodes (default 1)
  --gpus N           GPUs per node (default 1)
  --partition NAME   Slurm partition (default: the cluster's)
  --module NAME      a `module load NAME` line before gpumd (repeat the option for more)
  --help             this text

Exit status: 0 success, 2 bad input (one line naming the file and field; nothing written).
)";

}  // namespace

int runExport(const std::vector<std::string>& args) {
  if (printHelpIfAsked(args, kExportHelp)) return 0;
  const std::set<std::string> valueOptions = {"job-name", "time",      "nodes",
                                              "gpus",     "partition", "module"};
  std::vector<std::string> options;
  const std::vector<std::string> positional = positionalArguments(args, valueOptions, options);
  const std::vector<std::string> modules = takeRepeatedOption(options, "module");
  const Arguments arguments("export", options, valueOptions, {});
  if (positional.size() != 3 || positional[0] != "gpumd")
    throw InputError("expected 'sei export gpumd PROJECT.json DIR' (see 'sei export --help')");
  const std::string& projectPath = positional[1];
  const std::string& dir = positional[2];

  RunRequest request;
  request.projectPath = projectPath;
  request.project = readProject(projectPath);
  request.resourceDir = resourceDirectory();
  SlurmScript job;
  job.jobName = arguments.value("job-name", std::filesystem::path(dir).filename().string());
  if (job.jobName.empty()) job.jobName = "gpumd";
  job.time = arguments.value("time", job.time);
  job.nodes = arguments.integer("nodes", 1, 1, 100000);
  job.gpus = arguments.integer("gpus", 1, 0, 64);
  job.partition = arguments.value("partition", "");
  for (const std::string& m : modules) job.setup.push_back("module load " + m);

  const GpumdExport exported = exportGpumdFolder(request, dir, job);
  for (const std::string& w : exported.warnings)
    std::fprintf(stderr, "sei export: warning: %s\n", w.c_str());
  for (const std::string& f : exported.files)
    std::printf("%s/%s\n", exported.folder.c_str(), f.c_str());
  return 0;
}

}  // namespace sei::cli
