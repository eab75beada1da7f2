#pragma once

#include <functional>
#include <string>
#include <vector>

#include "label/Cp2kInput.hpp"
#include "label/LabelFolder.hpp"
#include "run/SlurmScript.hpp"

namespace sei::label {

/// What sei label does: frames of an extended XYZ file → CP2K single points → GPUMD training
/// frames (energy, forces, virial).
struct LabelOptions {
  std::string structures;             ///< extended XYZ file with the frames to label
  std::string out;                    ///< the labelled extended XYZ file
  std::string workDir;                ///< the work folder (LabelFolder.hpp)
  std::string templatePath;           ///< CP2K input template (resources/cp2k/label.inp)
  std::vector<Cp2kSetting> settings;  ///< --cutoff and --set, applied to the template in order
  int ranks = 1;                      ///< MPI ranks per CP2K run
  bool retryFailed = false;           ///< run again frames whose finished output is no label
  std::function<void(const std::string&)> log;  ///< progress lines; may be empty
  std::function<bool()> stop;                   ///< asked while CP2K runs; may be empty
};

struct LabelSummary {
  std::size_t frames = 0;
  std::size_t ran = 0;       ///< CP2K runs started by this call
  std::size_t labelled = 0;  ///< frames in the written output
  std::vector<LabelFailure> failures;
  bool stopped = false;  ///< `stop` ended the batch; nothing was written to `out`
};

/// The CP2K input of every frame of options.structures, from the template with the settings
/// applied. Throws InputError (a file, its line or the frame, and what was expected) before
/// anything is written.
std::vector<std::string> labelInputs(const LabelOptions& options, std::vector<Structure>& frames);

/// Labels every frame: checks the inputs and finds CP2K (InputError before anything is
/// written), prepares the work folder, runs CP2K on the frames not done yet, one after the
/// other, then writes options.out from every frame's output if at least one is a label. A frame
/// that fails (SCF not converged, CP2K stopped) is reported and left out; the batch goes on.
LabelSummary runLabelling(const LabelOptions& options);

/// The cluster form of runLabelling: prepares the work folder the same way and writes its job
/// array (labelJobArray of `job`) to WORK/label.slurm instead of running CP2K; the frames
/// already done get no task. Returns the number of tasks; 0 (and no script) when every frame
/// is done. Collect the outputs with collectLabels.
std::size_t writeLabelJobArray(const LabelOptions& options, const SlurmScript& job);

}  // namespace sei::label
