#pragma once

#include <memory>
#include <string>
#include <vector>

#include "builder/BuildControl.hpp"
#include "core/Structure.hpp"
#include "nep/NepModel.hpp"
#include "project/Project.hpp"

namespace sei {

/// What a run of a project starts from: the one run-preparation service of `sei run
/// PROJECT.json` and the studio (the studio's request carries what it holds already, so the
/// model is parsed once and the structure is not built twice).
struct RunRequest {
  /// The project file; relative paths of the project are relative to its folder, and messages
  /// name it. The studio without a project names its run folder's "studio run".
  std::string projectPath;
  Project project;
  bool resume = false;  ///< continue from outputs/checkpoint.chk: outputs and model.xyz stay
  /// The system to run when it is at hand (the studio's, already read or built); null: built
  /// from the recipe or read from the structure file.
  std::shared_ptr<const Structure> structure;
  /// The model, parsed already; it must be the file the lookup finds. Null: read here.
  std::shared_ptr<const NepModel> model;
  std::string resourceDir;  ///< molecules for recipes (core/Paths resourceDirectory)
  BuildControl control;     ///< progress and cancel of a recipe build
};

/// A project's run folder, ready for executeRunFolder.
struct PreparedRun {
  std::string folder;                     ///< absolute
  std::string modelPath;                  ///< the model file found (core/Paths findModel)
  std::string modelSha256;                ///< of that file
  std::shared_ptr<const NepModel> model;  ///< parsed once; hand it to RunFolderOptions::model
  bool structureWritten = false;          ///< model.xyz was (re)built or copied
  std::string archived;                   ///< where an earlier run's outputs were moved; "" if none
};

/// A project's model file, found and checked.
struct ProjectModel {
  std::string path;                       ///< absolute, canonical
  std::string sha256;                     ///< of that file
  std::shared_ptr<const NepModel> model;  ///< parsed (the request's own when it is that file)
};

/// Finds the model of a request (relative to the project, or on the model search path) and
/// checks it against the SHA-256 the project recorded (a different file is refused: results
/// would not be comparable). Throws InputError naming the project and what is missing.
ProjectModel findProjectModel(const RunRequest& request);

/// The system of a request and where it came from, for messages.
struct ProjectStructure {
  std::shared_ptr<const Structure> structure;
  std::string origin;  ///< the structure file, or the project and "(built from its recipe)"
};
/// The system of a request: the given structure, or built from the recipe, or read from the
/// structure file (any format of formats/StructureFile).
ProjectStructure projectStructure(const RunRequest& request);

/// Prepares the run folder (project.outputs) of a request: finds the model (relative to the
/// project, or on the model search path) and checks it against the SHA-256 the project recorded
/// (a different file is refused: results would not be comparable); refuses a folder another run
/// holds (io/RunOutputs RunFolderLock); unless `resume`, moves an earlier run's outputs to
/// outputs/previous-runs/; writes model.xyz (the given structure, or built from the recipe or
/// copied from the structure file) unless resuming a folder that has one; writes run.in from
/// the run settings (projectRunPlan). Files are written atomically. Throws InputError naming the
/// project and what is missing.
PreparedRun prepareRun(const RunRequest& request);

/// prepareRun for the project file at `projectPath`, as `sei run PROJECT.json` does.
PreparedRun prepareProjectRun(const std::string& projectPath, const Project& project, bool resume,
                              const std::string& resourceDir, const BuildControl& control = {});

}  // namespace sei
