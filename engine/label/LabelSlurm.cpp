#include "label/LabelSlurm.hpp"

#include "label/LabelFolder.hpp"

namespace sei::label {

std::string arrayIndices(const std::vector<std::size_t>& indices) {
  std::string out;
  for (std::size_t k = 0; k < indices.size();) {
    std::size_t last = k;
    while (last + 1 < indices.size() && indices[last + 1] == indices[last] + 1) ++last;
    out += (out.empty() ? "" : ",") + std::to_string(indices[k]);
    if (last > k) out += "-" + std::to_string(indices[last]);
    k = last + 1;
  }
  return out;
}

SlurmScript labelJobArray(SlurmScript job, const std::vector<std::size_t>& frames) {
  job.array = arrayIndices(frames);
  job.setup.push_back("export OMP_NUM_THREADS=1");
  job.setup.push_back("CP2K=${CP2K:-cp2k.psmp}");
  // srun must start the ranks through PMIx: Open MPI builds of CP2K (Debian's, most clusters')
  // abort in MPI_Init under Slurm's default MpiDefault=none, and under pmi2, even on one rank
  // (seen on a real Slurm 22.05, TestSlurmLocal). A value from the submitting environment or a
  // module (pmi2 for MPICH or Intel MPI builds) is kept.
  job.setup.push_back("export SLURM_MPI_TYPE=${SLURM_MPI_TYPE:-pmix}");
  // The tasks find their frames through the submission folder ($SLURM_SUBMIT_DIR: Slurm runs a
  // copy of the script, so its own path says nothing); submitted from elsewhere, every task
  // stops with this line in its slurm-JOB_TASK.out instead of a bare cd error.
  // The folder name as frameFolderName writes it; a rerun replaces a killed task's output.
  job.commands = {std::string("[ -f ") + kManifestFile +
                      " ] || { echo \"label.slurm: submit it from the sei label work folder "
                      "(cd WORK && sbatch label.slurm); $PWD has no " +
                      kManifestFile + "\" >&2; exit 2; }",
                  "cd \"$(printf 'frame_%04d' \"$SLURM_ARRAY_TASK_ID\")\"",
                  std::string("rm -f ") + kOutputFile,
                  std::string("srun \"$CP2K\" -i ") + kInputFile + " -o " + kOutputFile + " > " +
                      kLogFile + " 2>&1"};
  return job;
}

}  // namespace sei::label
