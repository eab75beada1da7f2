#include "label/Cp2kOutput.hpp"

#include <cmath>
#include <sstream>
#include <string_view>

#include "core/Elements.hpp"
#include "io/NumberText.hpp"
#include "md/Units.hpp"

namespace sei::label {
namespace {

constexpr double kForceUnit = units::kHartree / units::kBohr;  ///< eV/Å in one Ha/bohr

bool contains(std::string_view line, std::string_view part) {
  return line.find(part) != std::string_view::npos;
}

/// Walks the lines of an output, remembering the first one that is not as CP2K writes it.
class Lines {
 public:
  explicit Lines(const std::string& text, Cp2kOutput& out) : out_(out) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines_.push_back(std::move(line));
    }
  }
  std::size_t size() const { return lines_.size(); }
  const std::string& operator[](std::size_t k) const { return lines_[k]; }

  /// Records the first malformed spot (0-based line k); always false, for `return bad(...)`.
  bool bad(std::size_t k, std::string what) {
    if (out_.malformedLine == 0) {
      out_.malformedLine = static_cast<int>(k + 1);
      out_.malformed = std::move(what);
    }
    return false;
  }

  /// `count` finite numbers from word `first` of line k into `v`.
  bool numbers(std::size_t k, std::size_t first, std::size_t count, double* v, const char* what) {
    if (k >= lines_.size()) return bad(k, std::string(what) + " cut off");
    const auto w = splitWords(lines_[k]);
    if (w.size() < first + count)
      return bad(k, std::string(what) + ": expected " + std::to_string(count) + " numbers");
    for (std::size_t j = 0; j < count; ++j) {
      const auto x = parseReal(w[first + j]);
      if (!x || !std::isfinite(*x))
        return bad(k, std::string(what) + ": expected a finite number, found '" +
                          std::string(w[first + j]) + "'");
      v[j] = *x;
    }
    return true;
  }

 private:
  std::vector<std::string> lines_;
  Cp2kOutput& out_;
};

void readEnergy(Lines& lines, std::size_t k, Cp2kOutput& out) {
  const std::string& line = lines[k];
  if (!contains(line, "[a.u.]") && !contains(line, "[hartree]")) {
    lines.bad(k, "energy in a unit other than [a.u.] or [hartree]");
    return;
  }
  if (++out.energies == 2) out.secondEnergyLine = static_cast<int>(k + 1);
  // The number follows the label's ':' ("... energy [a.u.]:   -40.1").
  const auto colon = line.rfind(':');
  double e = 0.0;
  if (colon == std::string::npos ||
      !lines.numbers(k, splitWords(line.substr(0, colon + 1)).size(), 1, &e, "energy")) {
    lines.bad(k, "expected 'energy [a.u.]: NUMBER'");
    return;
  }
  out.hasEnergy = true;
  out.energy = e * units::kHartree;
}

/// The table after "ATOMIC FORCES in [a.u.]": blank lines, the "# Atom Kind Element X Y Z"
/// header, a row per atom, "SUM OF ATOMIC FORCES". Returns the index of the SUM line.
std::size_t readForces(Lines& lines, std::size_t k, Cp2kOutput& out) {
  out.elements.clear();
  out.forces.clear();
  std::size_t r = k + 1;
  while (r < lines.size() && splitWords(lines[r]).empty()) ++r;
  if (r >= lines.size() || splitWords(lines[r])[0].substr(0, 1) != "#") {
    lines.bad(r, "expected the '# Atom Kind Element X Y Z' header");
    return r;
  }
  for (++r; r < lines.size() && !contains(lines[r], "SUM OF ATOMIC FORCES"); ++r) {
    const auto w = splitWords(lines[r]);
    double f[3];
    if (w.size() != 6) {
      lines.bad(r, "expected 'atom kind element fx fy fz' in the forces block, found " +
                       std::to_string(w.size()) + " words");
      return r;
    }
    if (atomicNumber(w[2]) == 0) {
      lines.bad(r, "unknown element '" + std::string(w[2]) + "'");
      return r;
    }
    if (!lines.numbers(r, 3, 3, f, "force")) return r;
    out.elements.emplace_back(w[2]);
    out.forces.push_back(Eigen::Vector3d(f[0], f[1], f[2]) * kForceUnit);
  }
  if (r >= lines.size()) lines.bad(r, "forces block has no 'SUM OF ATOMIC FORCES' line");
  return r;
}

/// "STRESS| ... stress tensor [GPa]", a header row (x y z), rows "STRESS| x sxx sxy sxz".
void readStress(Lines& lines, std::size_t k, Cp2kOutput& out) {
  Eigen::Matrix3d s;
  out.hasStress = false;
  for (int r = 0; r < 3; ++r) {
    double row[3];
    if (!lines.numbers(k + 2 + r, 2, 3, row, "stress tensor row")) return;
    for (int c = 0; c < 3; ++c) s(r, c) = row[c] / units::kEvPerCubicAngstromToGpa;
  }
  out.stress = s;
  out.hasStress = true;
}

/// CP2K's [ABORT] box: the message fills the box right of its drawing (20 columns) up to the
/// closing row of stars.
void readAbort(const Lines& lines, std::size_t k, Cp2kOutput& out) {
  std::string message;
  for (std::size_t r = k; r < lines.size() && (r == k || !contains(lines[r], "*****")); ++r) {
    const std::string& line = lines[r];
    std::string part = line.size() > 20 ? line.substr(20) : std::string();
    const auto b = part.find_first_not_of(" \t*"), e = part.find_last_not_of(" \t*");
    part = b == std::string::npos ? std::string() : part.substr(b, e - b + 1);
    if (!part.empty()) message += (message.empty() ? "" : " ") + part;
  }
  out.abortMessage = message;
}

}  // namespace

Cp2kOutput parseCp2kOutput(const std::string& text) {
  Cp2kOutput out;
  Lines lines(text, out);
  bool sawConverged = false, sawNotConverged = false;
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const std::string& line = lines[k];
    if (contains(line, "SCF run converged") || contains(line, "outer SCF loop converged")) {
      sawConverged = true;
    } else if (contains(line, "SCF run NOT converged") || contains(line, "FAILED to converge")) {
      sawNotConverged = true;
    } else if (contains(line, "ENERGY| Total FORCE_EVAL ( QS ) energy")) {
      readEnergy(lines, k, out);
    } else if (contains(line, "ATOMIC FORCES in [a.u.]")) {
      k = readForces(lines, k, out);
    } else if (contains(line, "STRESS|") && contains(line, "stress tensor [GPa]") &&
               !contains(line, "Eigenvectors")) {
      readStress(lines, k, out);
    } else if (contains(line, "CP2K| Input file name")) {
      const auto w = splitWords(line);
      out.inputName = std::string(w.back());
    } else if (contains(line, "[ABORT]")) {
      readAbort(lines, k, out);
    } else if (contains(line, "PROGRAM ENDED AT")) {
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
  if (out.malformedLine != 0)
    return "line " + std::to_string(out.malformedLine) + " of the output: " + out.malformed;
  if (!out.hasEnergy) return "no energy in the output";
  if (out.forces.size() != atoms)
    return std::to_string(out.forces.size()) + " forces in the output for " +
           std::to_string(atoms) + " atoms";
  if (!out.hasStress) return "no stress tensor in the output (FORCE_EVAL/STRESS_TENSOR)";
  return "";
}

}  // namespace sei::label
