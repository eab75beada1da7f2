#include "label/LabelFolder.hpp"

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/Error.hpp"
#include "core/Formula.hpp"
#include "io/AtomicFile.hpp"
#include "io/ExtXyz.hpp"
#include "label/Cp2kOutput.hpp"

namespace fs = std::filesystem;

namespace sei::label {
namespace {

const char* const kNotRun = "not run yet (no cp2k.out)";

bool readText(const fs::path& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  text = s.str();
  return true;
}

std::string formulaOf(const Structure& s) {
  std::map<std::string, int> counts;
  for (const std::string& e : s.symbols) ++counts[e];
  return hillFormula(counts);
}

std::string fixed(double x) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.10f", x);
  return buffer;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// energy= and virial= of the label, then the frame's own keys but a former energy, virial or
/// stress (labels of another method must not survive next to ours).
std::string labelInfo(const Structure& frame, double energy, const Eigen::Matrix3d& virial) {
  std::string info = "energy=" + fixed(energy) + " virial=\"";
  for (int k = 0; k < 9; ++k) info += (k ? " " : "") + fixed(virial(k / 3, k % 3));
  info += "\"";
  for (const auto& [key, value] : parseExtXyzInfo(frame.info, kFramesFile)) {
    const std::string k = lower(key);
    if (k == "energy" || k == "virial" || k == "stress") continue;
    info += " " + key;
    if (value.empty()) continue;
    const bool quote = value.find_first_of(" \t") != std::string::npos;
    info += "=" + (quote ? "\"" + value + "\"" : value);
  }
  return info;
}

/// Whether the folder's cp2k.out reached CP2K's end, and if so the reason it is no label
/// (empty: a label).
bool finishedOutput(const fs::path& folder, std::size_t atoms, std::string& problem) {
  std::string text;
  if (!readText(folder / kOutputFile, text)) return false;
  const Cp2kOutput out = parseCp2kOutput(text);
  if (!out.finished && out.abortMessage.empty()) return false;
  problem = cp2kOutputProblem(out, atoms);
  return true;
}

}  // namespace

std::string frameFolderName(std::size_t index) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "frame_%04zu", index);
  return buffer;
}

std::vector<std::size_t> prepareLabelFolder(const std::string& dir,
                                            const std::vector<Structure>& frames,
                                            const std::vector<std::string>& inputs,
                                            bool retryFailed) {
  const fs::path root(dir);
  std::error_code error;
  fs::create_directories(root, error);
  if (error) throw OutputError(dir + ": cannot create the work folder: " + error.message());
  std::ostringstream structures;
  std::string manifest =
      "# sei label work folder: one CP2K single point per frame of frames.xyz, in order\n"
      "# folder atoms formula\n";
  for (std::size_t i = 0; i < frames.size(); ++i) {
    writeExtXyzFrame(structures, frames[i]);
    manifest += frameFolderName(i) + " " + std::to_string(frames[i].size()) + " " +
                formulaOf(frames[i]) + "\n";
  }
  writeFileAtomically((root / kFramesFile).string(), structures.str());
  writeFileAtomically((root / kManifestFile).string(), manifest);

  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const fs::path folder = root / frameFolderName(i);
    std::string old;
    if (!readText(folder / kInputFile, old) || old != inputs[i]) {
      fs::create_directories(folder, error);
      if (error)
        throw OutputError(folder.string() + ": cannot create the folder: " + error.message());
      fs::remove(folder / kOutputFile, error);
      fs::remove(folder / kLogFile, error);
      writeFileAtomically((folder / kInputFile).string(), inputs[i]);
    }
    std::string problem;
    if (!finishedOutput(folder, frames[i].size(), problem) || (retryFailed && !problem.empty()))
      pending.push_back(i);
  }
  return pending;
}

std::string frameOutputProblem(const std::string& folder, std::size_t atoms) {
  std::string text;
  if (!readText(fs::path(folder) / kOutputFile, text)) return kNotRun;
  return cp2kOutputProblem(parseCp2kOutput(text), atoms);
}

LabelCollection collectLabels(const std::string& dir) {
  const fs::path root(dir);
  std::string manifest;
  if (!readText(root / kManifestFile, manifest))
    throw InputError((root / kManifestFile).string() +
                     ": cannot read the manifest (is this a sei label work folder?)");
  const std::vector<Structure> frames = readExtXyzFrames((root / kFramesFile).string());
  std::vector<std::string> folders;
  std::istringstream lines(manifest);
  int lineNo = 0;
  for (std::string line; std::getline(lines, line);) {
    ++lineNo;
    std::istringstream words(line);
    std::string folder;
    if (!(words >> folder) || folder[0] == '#') continue;
    if (folder != frameFolderName(folders.size()))
      throw InputError((root / kManifestFile).string(), lineNo,
                       "expected " + frameFolderName(folders.size()) + ", found " + folder);
    folders.push_back(folder);
  }
  if (folders.size() != frames.size())
    throw InputError((root / kManifestFile).string() + ": " + std::to_string(folders.size()) +
                     " frames listed, but frames.xyz holds " + std::to_string(frames.size()));

  LabelCollection collection;
  collection.frames = frames.size();
  for (std::size_t i = 0; i < frames.size(); ++i) {
    std::string text;
    if (!readText(root / folders[i] / kOutputFile, text)) {
      collection.failures.push_back({folders[i], kNotRun});
      continue;
    }
    const Cp2kOutput out = parseCp2kOutput(text);
    const std::string problem = cp2kOutputProblem(out, frames[i].size());
    if (!problem.empty()) {
      collection.failures.push_back({folders[i], problem});
      continue;
    }
    Structure s = frames[i];
    s.forces = out.forces;
    // CP2K's tensor has the sign of a pressure: W = −dE/dε = +V σ (see Cp2kOutput::stress).
    s.info = labelInfo(frames[i], out.energy, s.cell.volume() * out.stress);
    collection.labelled.push_back(std::move(s));
  }
  return collection;
}

void writeLabelledXyz(const std::string& path, const std::vector<Structure>& labelled) {
  std::ostringstream text;
  ExtXyzColumns columns;
  columns.forces = true;
  for (const Structure& s : labelled) writeExtXyzFrame(text, s, columns);
  writeFileAtomically(path, text.str());
}

}  // namespace sei::label
