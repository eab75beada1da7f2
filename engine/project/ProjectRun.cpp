#include "project/ProjectRun.hpp"

#include <filesystem>

#include "builder/InterfaceBuilder.hpp"
#include "core/Error.hpp"
#include "core/Paths.hpp"
#include "core/Sha256.hpp"
#include "formats/StructureFile.hpp"
#include "io/AtomicFile.hpp"
#include "io/ExtXyz.hpp"
#include "run/RunOutputs.hpp"

namespace sei {

namespace {

std::filesystem::path projectFolder(const RunRequest& request) {
  return std::filesystem::absolute(request.projectPath).parent_path();
}

std::filesystem::path resolved(const RunRequest& request, const std::string& p) {
  return std::filesystem::path(p).is_absolute() ? std::filesystem::path(p)
                                                : projectFolder(request) / p;
}

}  // namespace

ProjectModel findProjectModel(const RunRequest& request) {
  namespace fs = std::filesystem;
  const Project& project = request.project;
  const std::string& source = request.projectPath;
  if (project.model.empty())
    throw InputError(source +
                     ": model: the project has no model; load a NEP/qNEP model "
                     "file (model.path)");
  ProjectModel found;
  found.path =
      fs::weakly_canonical(fs::absolute(findModel(project.model, projectFolder(request).string())))
          .string();
  found.sha256 = sha256OfFile(found.path);
  if (!project.modelSha256.empty() && project.modelSha256 != found.sha256)
    throw InputError(source + ": model: " + found.path + " has SHA-256 " + found.sha256 +
                     ", but the project ran with " + project.modelSha256 +
                     "; load the model again to accept the new file");
  if (request.model && fs::weakly_canonical(fs::absolute(request.model->path)) == found.path)
    found.model = request.model;
  else
    found.model = std::make_shared<const NepModel>(readNepModel(found.path));
  return found;
}

ProjectStructure projectStructure(const RunRequest& request) {
  const std::string& source = request.projectPath;
  if (request.structure) return {request.structure, source + " (the studio's structure)"};
  if (request.project.recipe)
    return {std::make_shared<const Structure>(
                buildInterface(*request.project.recipe, request.resourceDir, request.control)
                    .structure),
            source + " (the structure built from its recipe)"};
  const std::string path = resolved(request, request.project.structure).string();
  return {std::make_shared<const Structure>(readStructureFile(path)), path};
}

PreparedRun prepareRun(const RunRequest& request) {
  namespace fs = std::filesystem;
  const Project& project = request.project;
  const std::string& source = request.projectPath;
  const ProjectModel model = findProjectModel(request);
  PreparedRun run;
  run.modelPath = model.path;
  run.modelSha256 = model.sha256;
  run.model = model.model;

  const fs::path folder = resolved(request, project.outputs);
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
    const ProjectStructure made = projectStructure(request);
    system = made.structure;
    run.model->typesOf(*system, made.origin);  // elements the model lacks stop the run here
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
