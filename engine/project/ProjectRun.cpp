#include "project/ProjectRun.hpp"

#include <filesystem>

#include "builder/InterfaceBuilder.hpp"
#include "core/Error.hpp"
#include "core/Paths.hpp"
#include "core/Sha256.hpp"
#include "io/AtomicFile.hpp"
#include "io/ExtXyz.hpp"
#include "run/RunOutputs.hpp"
#include "nep/NepModel.hpp"

namespace sei {

PreparedRun prepareProjectRun(const std::string& projectPath, const Project& project, bool resume,
                              const std::string& resourceDir, const BuildControl& control) {
  namespace fs = std::filesystem;
  const fs::path base = fs::absolute(projectPath).parent_path();
  auto resolve = [&](const std::string& p) {
    return fs::path(p).is_absolute() ? fs::path(p) : base / p;
  };
  if (project.model.empty())
    throw InputError(projectPath +
                     ": model: the project has no model; load a NEP/qNEP model "
                     "file (model.path)");
  PreparedRun run;
  run.modelPath =
      fs::weakly_canonical(fs::absolute(findModel(project.model, base.string()))).string();
  run.modelSha256 = sha256OfFile(run.modelPath);
  if (!project.modelSha256.empty() && project.modelSha256 != run.modelSha256)
    throw InputError(projectPath + ": model: " + run.modelPath + " has SHA-256 " + run.modelSha256 +
                     ", but the project ran with " + project.modelSha256 +
                     "; load the model again to accept the new file");
  const NepModel model = readNepModel(run.modelPath);

  const fs::path folder = resolve(project.outputs);
  fs::create_directories(folder);
  run.folder = folder.string();
  if (const std::string holder = runFolderHolder(run.folder); !holder.empty())
    throw InputError(projectPath + ": outputs: " + run.folder +
                     " is in use by a run still going (" + holder + "); wait for it or stop it");
  if (!resume) run.archived = archiveRunOutputs(run.folder);
  const fs::path structurePath = folder / "model.xyz";
  if (!resume || !fs::exists(structurePath)) {
    Structure s;
    if (project.recipe) {
      s = buildInterface(*project.recipe, resourceDir, control).structure;
    } else {
      s = readExtXyz(resolve(project.structure).string());
    }
    model.typesOf(s, structurePath.string());  // elements the model lacks stop the run here
    writeExtXyz(structurePath.string(), s);
    run.structureWritten = true;
  }
  writeFileAtomically((folder / "run.in").string(),
                      projectRunInput(project.run, run.modelPath, model.hasCharges()));
  return run;
}

}  // namespace sei
