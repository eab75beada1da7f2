#include "label/Cp2kOutput.hpp"

#include <sstream>

namespace sei::label {
namespace {

constexpr double kHartree = 27.211386245988;     ///< eV (CODATA 2018)
constexpr double kBohr = 0.529177210903;         ///< Å (CODATA 2018)
constexpr double kGpaPerEvPerA3 = 160.21766208;  ///< GPa in 1 eV/Å³

bool startsWith(const std::string& line, const char* prefix) {
  return line.compare(0, std::char_traits<char>::length(prefix), prefix) == 0;
}

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t*");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t*");
  return s.substr(b, e - b + 1);
}

/// The numbers after the last ':' of an "ENERGY|" line; false if there is none.
bool lastNumber(const std::string& line, double& value) {
  const auto colon = line.rfind(':');
  if (colon == std::string::npos) return false;
  std::istringstream in(line.substr(colon + 1));
  return static_cast<bool>(in >> value);
}

}  // namespace

Cp2kOutput parseCp2kOutput(const std::string& text) {
  Cp2kOutput out;
  bool sawConverged = false, sawNotConverged = false;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const std::string t = trimmed(line);
    if (t.find("SCF run converged") != std::string::npos ||
        t.find("outer SCF loop converged") != std::string::npos) {
      sawConverged = true;
    } else if (t.find("SCF run NOT converged") != std::string::npos ||
               t.find("FAILED to converge") != std::string::npos) {
      sawNotConverged = true;
    } else if (startsWith(t, "ENERGY| Total FORCE_EVAL")) {
      out.hasEnergy = lastNumber(t, out.energy);
      out.energy *= kHartree;
    } else if (startsWith(t, "ATOMIC FORCES in [a.u.]")) {
      // Rows "index kind element fx fy fz" (Hartree/bohr) until the SUM line.
      out.forces.clear();
      while (std::getline(in, line)) {
        const std::string row = trimmed(line);
        if (row.empty() || row[0] == '#') continue;
        if (startsWith(row, "SUM OF ATOMIC FORCES")) break;
        std::istringstream r(row);
        int index = 0, kind = 0;
        std::string element;
        Eigen::Vector3d f;
        if (!(r >> index >> kind >> element >> f.x() >> f.y() >> f.z())) break;
        out.forces.push_back(f * (kHartree / kBohr));
      }
    } else if (startsWith(t, "STRESS| Analytical stress tensor [GPa]") ||
               startsWith(t, "STRESS| Numerical stress tensor [GPa]")) {
      // A header row (x y z), then rows "STRESS| x sxx sxy sxz".
      std::getline(in, line);
      out.hasStress = true;
      for (int i = 0; i < 3 && out.hasStress; ++i) {
        std::string tag, axis;
        std::istringstream r(std::getline(in, line) ? line : std::string());
        Eigen::Vector3d row;
        out.hasStress = static_cast<bool>(r >> tag >> axis >> row.x() >> row.y() >> row.z());
        out.stress.row(i) = row.transpose() / kGpaPerEvPerA3;
      }
    } else if (startsWith(t, "[ABORT]")) {
      // The message fills the box right of CP2K's drawing (20 columns), up to its closing row.
      std::string message;
      do {
        const std::string part = trimmed(line.size() > 20 ? line.substr(20) : std::string());
        if (!part.empty()) message += (message.empty() ? "" : " ") + part;
      } while (std::getline(in, line) && line.find("*****") == std::string::npos);
      out.abortMessage = message;
    } else if (t.find("PROGRAM ENDED AT") != std::string::npos) {
      out.finished = true;
    }
  }
  out.scfConverged = sawConverged && !sawNotConverged;
  return out;
}

std::string cp2kOutputProblem(const Cp2kOutput& out, std::size_t atoms) {
  if (!out.abortMessage.empty()) return "CP2K stopped: " + out.abortMessage;
  if (!out.finished) return "CP2K did not finish (killed, or still running)";
  if (!out.scfConverged) return "SCF run NOT converged";
  if (!out.hasEnergy) return "no energy in the output";
  if (out.forces.size() != atoms)
    return std::to_string(out.forces.size()) + " forces in the output for " +
           std::to_string(atoms) + " atoms";
  if (!out.hasStress) return "no stress tensor in the output (FORCE_EVAL/STRESS_TENSOR)";
  return "";
}

}  // namespace sei::label
