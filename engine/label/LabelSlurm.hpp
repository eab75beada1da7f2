#pragma once

#include <string>
#include <vector>

#include "run/SlurmScript.hpp"

namespace sei::label {

/// Slurm's --array list of frame indices, ranges joined: {0, 1, 2, 5, 7, 8} gives "0-2,5,7-8".
std::string arrayIndices(const std::vector<std::size_t>& indices);

/// `job` (header fields, setup lines) as the job array of a work folder (LabelFolder.hpp): one
/// task per frame index in `frames`, each running CP2K with srun (the job's tasks per node as
/// MPI ranks, one OpenMP thread each) in frame_NNNN/ of the submission folder, so the script is
/// submitted from the work folder. $CP2K names the executable (default cp2k.psmp); srun's MPI
/// wire-up is $SLURM_MPI_TYPE, default pmix (what Open MPI needs).
SlurmScript labelJobArray(SlurmScript job, const std::vector<std::size_t>& frames);

}  // namespace sei::label
