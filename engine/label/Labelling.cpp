#include "label/Labelling.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/Error.hpp"
#include "io/AtomicFile.hpp"
#include "io/ExtXyz.hpp"
#include "label/Cp2kProgram.hpp"
#include "label/LabelSlurm.hpp"

namespace fs = std::filesystem;

namespace sei::label {

std::vector<std::string> labelInputs(const LabelOptions& options, std::vector<Structure>& frames) {
  std::ifstream in(options.templatePath, std::ios::binary);
  if (!in) throw InputError(options.templatePath + ": cannot read the CP2K input template");
  std::ostringstream text;
  text << in.rdbuf();
  const std::string templ = applyCp2kSettings(text.str(), options.settings, options.templatePath);
  frames = readExtXyzFrames(options.structures);
  if (frames.empty()) throw InputError(options.structures + ": no frames to label");
  std::vector<std::string> inputs;
  for (std::size_t i = 0; i < frames.size(); ++i)
    inputs.push_back(cp2kInputForFrame(templ, frames[i], options.templatePath,
                                       options.structures + " frame " + std::to_string(i)));
  return inputs;
}

LabelSummary runLabelling(const LabelOptions& options) {
  auto log = [&](const std::string& line) {
    if (options.log) options.log(line);
  };
  std::vector<Structure> frames;
  const std::vector<std::string> inputs = labelInputs(options, frames);
  const Cp2kProgram program = findCp2k(options.ranks);
  const std::vector<std::size_t> pending =
      prepareLabelFolder(options.workDir, frames, inputs, options.retryFailed);

  LabelSummary summary;
  summary.frames = frames.size();
  log(std::to_string(frames.size() - pending.size()) + " of " + std::to_string(frames.size()) +
      " frames done before; " + std::to_string(pending.size()) + " to run with " +
      (options.ranks > 1 ? "mpirun -np " + std::to_string(options.ranks) + " " : "") +
      program.cp2k);
  for (std::size_t k = 0; k < pending.size(); ++k) {
    const std::size_t i = pending[k];
    if (options.stop && options.stop()) {
      summary.stopped = true;
      return summary;
    }
    const std::string name = frameFolderName(i);
    const fs::path folder = fs::path(options.workDir) / name;
    std::error_code ignored;
    fs::remove(folder / kOutputFile, ignored);  // a killed run's partial output
    const auto start = std::chrono::steady_clock::now();
    const int status = runInFolder(cp2kCommandLine(program, kInputFile, kOutputFile),
                                   folder.string(), kLogFile, options.stop);
    ++summary.ran;
    if (options.stop && options.stop()) {
      summary.stopped = true;
      log(name + ": stopped; run again to resume");
      return summary;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::string problem = frameOutputProblem(folder.string(), frames[i].size());
    if (status != 0 && problem.empty())
      problem = "CP2K exited with status " + std::to_string(status);
    char timing[48];
    std::snprintf(timing, sizeof timing, " (%.1f s, %zu/%zu)", seconds, k + 1, pending.size());
    log(name + (problem.empty() ? ": labelled" : ": failed: " + problem) + timing +
        (status != 0
             ? "; exit status " + std::to_string(status) + ", see " + (folder / kLogFile).string()
             : ""));
  }
  const LabelCollection collection = collectLabels(options.workDir);
  summary.labelled = collection.labelled.size();
  summary.failures = collection.failures;
  if (!collection.labelled.empty()) writeLabelledXyz(options.out, collection.labelled);
  return summary;
}

std::size_t writeLabelJobArray(const LabelOptions& options, const SlurmScript& job) {
  std::vector<Structure> frames;
  const std::vector<std::string> inputs = labelInputs(options, frames);
  const std::string script = (fs::path(options.workDir) / "label.slurm").string();
  // Header errors (job name, time) before anything is written.
  slurmScriptText(labelJobArray(job, {0}));
  const std::vector<std::size_t> pending =
      prepareLabelFolder(options.workDir, frames, inputs, options.retryFailed);
  std::error_code ignored;
  fs::remove(script, ignored);
  if (!pending.empty()) writeFileAtomically(script, slurmScriptText(labelJobArray(job, pending)));
  return pending.size();
}

}  // namespace sei::label
