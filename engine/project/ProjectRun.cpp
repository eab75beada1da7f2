#include "project/ProjectRun.hpp"

#include <filesystem>

#include "builder/InterfaceBuilder.hpp"
#include "core/Error.hpp"
#include "core/Paths.hpp"
#include "core/Sha256.hpp"
#include "io/AtomicFile.hpp"
#include "io/ExtXyz.hpp"
#include "run/RunOutputs.hpp"

namespace sei {

PreparedRun prepareRun(const RunRequest& request) {
  namespace fs = std::filesystem;
  const Project& project = request.project;
  const std::string& source = request.projectPath;
  const fs::path base = fs::absolute(source).parent_path();
  auto resolve = [&](const std::string& p) {
    return fs::path(p).is_absolute() ? fs::path(p) : base / p;
  };
  if (project.model.empty())
    throw InputError(source +
                     ": model: the project has no model; load a NEP/qNEP model "
                     "file (model.path)");
  PreparedRun run;
  run.modelPath = fs::weakly_canonical(fs::absolute(findModel(project.model, base.string())))
                      .string();
  run.modelSha256 = sha256OfFile(run.modelPath);
  if (!project.modelSha256.empty() && project.modelSha256 != run.modelSha256)
    throw InputError(source + ": model: " + run.modelPath + " has SHA-256 " + run.modelSha256 +
                     ", but the project ran with " + project.modelSha256 +
                     "; load the model again to accept the new file");
  if (request.model && fs::weakly_canonical(fs::absolute(request.model->path)) == run.modelPath)
    run.model = request.model;
  else
    run.model = std::make_shared<const NepModel>(readNepModel(run.modelPath));

  const fs::path folder = resolve(project.outputs);
  run.folder = folder.string();
  if (fs::exists(folder) && !fs::is_directory(folder))
    throw InputError(source + ": outputs: expected a folder for the run's outputs, but " +
                     run.folder + " is a file");
  if (const std::string holder = runFolderHolder(run.folder); !holder.empty())
    throw InputError(source + ": outputs: " + run.folder + " is in use by a run still going (" +
                     holder + "); wait for it or stop it");
  const fs::path structurePath = folder / "model.xyz";
  // The system is made and checked against the model before the folder is touched, so a start
  // that fails leaves no empty outputs folder and no earlier run moved aside.
  std::shared_ptr<const Structure> system;
  if (!request.resume || !fs::exists(structurePath)) {
    system = request.structure;
    std::string origin = source + " (the studio's structure)";
    if (!system && project.recipe) {
      system = std::make_shared<const Structure>(
          buildInterface(*project.recipe, request.resourceDir, request.control).structure);
      origin = source + " (the structure built from its recipe)";
    } else if (!system) {
      origin = resolve(project.structure).string();
      system = std::make_shared<const Structure>(readExtXyz(origin));
    }
    run.model->typesOf(*system, origin);  // elements the model lacks stop the run here
  }
  const bool created = fs::create_directories(folder);
  try {
    if (!request.resume) run.archived = archiveRunOutputs(run.folder);
    if (system) {
      writeExtXyz(structurePath.string(), *system);
      run.structureWritten = true;
    }
    writeFileAtomically((folder / "run.in").string(),
                        projectRunInput(project, run.modelPath, run.model->hasCharges()));
  } catch (...) {
    std::error_code ignored;
    if (created && fs::is_empty(folder, ignored)) fs::remove(folder, ignored);
    throw;
  }
  return run;
}

PreparedRun prepareProjectRun(const std::string& projectPath, const Project& project, bool resume,
                              const std::string& resourceDir, const BuildControl& control) {
  RunRequest request;
  request.projectPath = projectPath;
  request.project = project;
  request.resume = resume;
  request.resourceDir = resourceDir;
  request.control = control;
  return prepareRun(request);
}

}  // namespace sei
