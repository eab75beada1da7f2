#include "io/ForceResultFiles.hpp"

#include <cstdio>
#include <filesystem>
#include <string>

#include "core/Error.hpp"
#include "io/AtomicFile.hpp"

namespace sei {
namespace {

void appendNumbers(std::string& out, const double* values, int count) {
  char buffer[32];
  for (int k = 0; k < count; ++k) {
    std::snprintf(buffer, sizeof buffer, "%.10e", values[k]);
    if (k > 0) out += ' ';
    out += buffer;
  }
  out += '\n';
}

/// Row-major copy, so that the components come out as xx xy xz yx ...
void appendTensor(std::string& out, const Eigen::Matrix3d& m) {
  const double v[9] = {m(0, 0), m(0, 1), m(0, 2), m(1, 0), m(1, 1),
                       m(1, 2), m(2, 0), m(2, 1), m(2, 2)};
  appendNumbers(out, v, 9);
}

}  // namespace

void writeForceResultFiles(const std::string& folder, const ForceResult& result) {
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) throw InputError(folder, 0, "cannot create output folder: " + ec.message());
  auto file = [&folder](const char* name) {
    return (std::filesystem::path(folder) / name).string();
  };

  std::string text;
  appendNumbers(text, &result.energy, 1);
  writeFileAtomically(file("energy.txt"), text);

  text.clear();
  for (double e : result.perAtomEnergy) appendNumbers(text, &e, 1);
  writeFileAtomically(file("per_atom_energy.txt"), text);

  text.clear();
  for (const auto& f : result.forces) appendNumbers(text, f.data(), 3);
  writeFileAtomically(file("forces.txt"), text);

  text.clear();
  appendTensor(text, result.virial);
  writeFileAtomically(file("virial.txt"), text);

  if (!result.perAtomVirial.empty()) {
    text.clear();
    for (const auto& w : result.perAtomVirial) appendTensor(text, w);
    writeFileAtomically(file("per_atom_virial.txt"), text);
  }
  if (!result.charges.empty()) {
    text.clear();
    for (double q : result.charges) appendNumbers(text, &q, 1);
    writeFileAtomically(file("charges.txt"), text);
  }
  if (!result.bec.empty()) {
    text.clear();
    for (const auto& z : result.bec) appendTensor(text, z);
    writeFileAtomically(file("bec.txt"), text);
  }
}

}  // namespace sei
