#pragma once

#include <string>

#include "builder/BuildControl.hpp"
#include "project/Project.hpp"

namespace sei {

/// A project's run folder, ready for executeRunFolder.
struct PreparedRun {
  std::string folder;             ///< absolute
  std::string modelPath;          ///< the model file found (core/Paths findModel)
  std::string modelSha256;        ///< of that file
  bool structureWritten = false;  ///< model.xyz was (re)built or copied
  std::string archived;           ///< where an earlier run's outputs were moved; "" if none
};

/// Prepares `outputs/` of the project at `projectPath`: finds the model (relative to the project
/// or on the model search path) and checks it against the SHA-256 the project recorded (a
/// different file is refused: results would not be comparable); unless `resume`, moves an earlier
/// run's outputs to outputs/previous-runs/ (io/RunOutputs); writes model.xyz, built from the
/// recipe or copied from the structure file, unless `resume` (a resumed run keeps its
/// structure); writes run.in from the run settings. Files are written atomically. Throws
/// InputError naming the project and what is missing.
PreparedRun prepareProjectRun(const std::string& projectPath, const Project& project, bool resume,
                              const std::string& resourceDir, const BuildControl& control = {});

}  // namespace sei
