#include "dataset/ExtXyzLabels.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

#include "core/Error.hpp"
#include "dataset/TextLines.hpp"
#include "io/ExtXyz.hpp"
#include "io/NumberText.hpp"

namespace sei::dataset {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// Finite numbers of a key's value; 1, or 6 or 9 for tensors.
std::vector<double> values(const std::string& text, const std::string& key,
                           const std::string& where) {
  std::vector<double> v;
  for (std::string_view w : splitWords(text)) {
    const auto x = parseReal(w);
    if (!x || !std::isfinite(*x))
      throw InputError(where + ": " + key + " has '" + std::string(w) +
                       "', expected finite numbers");
    v.push_back(*x);
  }
  return v;
}

/// A 3×3 tensor from 9 numbers (row-major) or 6 in Voigt order xx yy zz yz xz xy.
Eigen::Matrix3d tensor(const std::string& text, const std::string& key, const std::string& where) {
  const std::vector<double> v = values(text, key, where);
  Eigen::Matrix3d t;
  if (v.size() == 9) {
    for (int k = 0; k < 9; ++k) t(k / 3, k % 3) = v[k];
  } else if (v.size() == 6) {
    t << v[0], v[5], v[4], v[5], v[1], v[3], v[4], v[3], v[2];
  } else {
    throw InputError(where + ": " + key + " has " + std::to_string(v.size()) +
                     " numbers, expected 9 (xx xy xz yx yy yz zx zy zz) or 6 (Voigt xx yy zz "
                     "yz xz xy)");
  }
  return t;
}

/// The value as written back into a comment line.
std::string quoted(const std::string& key, const std::string& value) {
  if (!value.empty() && value.find_first_of(" \t\"") == std::string::npos) return key + "=" + value;
  std::string out = key + "=\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

const std::vector<std::string> kLabelKeys = {"ref_energy",  "free_energy", "energy",  "ref_virial",
                                             "ref_virials", "virial",      "virials", "ref_stress",
                                             "stress",      "charge"};

LabelledStructure labels(Structure&& s, std::size_t index, const std::string& path,
                         EnergyKind kind) {
  LabelledStructure l;
  l.source = path + " structure " + std::to_string(index + 1);
  std::map<std::string, std::string> found;
  std::string kept;
  for (const auto& [key, value] : parseExtXyzInfo(s.info, l.source)) {
    const std::string k = lower(key);
    if (std::find(kLabelKeys.begin(), kLabelKeys.end(), k) != kLabelKeys.end()) {
      found[k] = value;
    } else {
      if (!kept.empty()) kept += ' ';
      kept += quoted(key, value);
    }
  }
  auto first = [&found](std::initializer_list<const char*> keys) -> const char* {
    for (const char* k : keys)
      if (found.count(k)) return k;
    return nullptr;
  };
  if (kind == EnergyKind::WithoutEntropy)
    throw InputError(l.source +
                     ": extended XYZ holds no energy without entropy, expected "
                     "--energy free or sigma0");
  const char* energyKey = kind == EnergyKind::Free ? first({"ref_energy", "free_energy", "energy"})
                                                   : first({"ref_energy", "energy"});
  if (energyKey) {
    const std::vector<double> e = values(found[energyKey], energyKey, l.source);
    if (e.size() != 1) throw InputError(l.source + ": " + energyKey + " expects one number (eV)");
    l.energy = e[0];
    l.hasEnergy = true;
  }
  if (const char* key = first({"ref_virial", "ref_virials", "virial", "virials"})) {
    l.virial = tensor(found[key], key, l.source);
    l.hasVirial = true;
  } else if (const char* key = first({"ref_stress", "stress"})) {
    l.virial = -tensor(found[key], key, l.source) * periodicVolume(s, l.source);
    l.hasVirial = true;
  }
  if (found.count("charge")) {
    const std::vector<double> q = values(found["charge"], "charge", l.source);
    if (q.size() != 1) throw InputError(l.source + ": charge expects one number (e)");
    l.totalCharge = q[0];
    l.hasTotalCharge = true;
  }
  s.info = kept;
  l.structure = std::move(s);
  return l;
}

}  // namespace

std::vector<LabelledStructure> readExtXyzLabels(const std::string& path, EnergyKind kind) {
  ExtXyzReadOptions options;
  options.forceColumns = {"REF_forces", "forces", "force"};
  std::vector<Structure> frames = readExtXyzFrames(path, options);
  if (frames.empty()) throw InputError(path, 0, "has no structures");
  std::vector<LabelledStructure> out;
  for (std::size_t k = 0; k < frames.size(); ++k)
    out.push_back(labels(std::move(frames[k]), k, path, kind));
  return out;
}

std::vector<std::string> extXyzFrameTexts(const std::string& path, std::size_t count) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot open file for reading");
  std::vector<std::string> frames;
  std::string line;
  while (std::getline(in, line)) {
    const auto w = splitWords(line);
    if (w.empty()) continue;  // only trailing blank lines remain once the reader accepted the file
    const auto n = parseReal(w[0]);
    if (!n || *n < 0)
      throw InputError(path, 0,
                       "frame " + std::to_string(frames.size() + 1) + " has no atom count");
    std::string frame = line + '\n';
    for (long long i = 0; i < static_cast<long long>(*n) + 1 && std::getline(in, line); ++i)
      frame += line + '\n';
    frames.push_back(std::move(frame));
  }
  if (frames.size() != count)
    throw InputError(path, 0,
                     "changed while being read (" + std::to_string(frames.size()) +
                         " frames, expected " + std::to_string(count) + ")");
  return frames;
}

}  // namespace sei::dataset
