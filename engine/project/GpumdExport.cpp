#include "project/GpumdExport.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/Error.hpp"
#include "io/AtomicFile.hpp"
#include "io/ExtXyz.hpp"
#include "run/GpumdRunInput.hpp"

namespace sei {

GpumdExport exportGpumdFolder(const RunRequest& request, const std::string& folder,
                              SlurmScript job) {
  namespace fs = std::filesystem;
  const ProjectModel model = findProjectModel(request);
  const GpumdRunInput runIn =
      gpumdRunInput(projectRunPlan(request.project, kGpumdModelName, model.model->hasCharges()));
  job.commands.push_back("gpumd");
  const std::string script = slurmScriptText(job);  // its errors before anything is written
  const std::shared_ptr<const Structure> s = projectStructure(request).structure;
  const fs::path dir = fs::absolute(folder);
  model.model->typesOf(*s, (dir / "model.xyz").string());

  std::ifstream in(model.path, std::ios::binary);
  if (!in) throw InputError(model.path, 0, "cannot open the model file for reading");
  std::ostringstream bytes;
  bytes << in.rdbuf();

  fs::create_directories(dir);
  GpumdExport out;
  out.folder = dir.string();
  out.warnings = runIn.warnings;
  writeFileAtomically((dir / kGpumdModelName).string(), bytes.str());
  writeExtXyz((dir / "model.xyz").string(), *s);
  writeFileAtomically((dir / "run.in").string(), runIn.text);
  writeFileAtomically((dir / kGpumdJobName).string(), script);
  out.files = {kGpumdModelName, "model.xyz", "run.in", kGpumdJobName};
  return out;
}

}  // namespace sei
