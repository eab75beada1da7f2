#include "dataset/VaspOutcar.hpp"

#include <cctype>
#include <cmath>
#include <optional>

#include "core/Elements.hpp"
#include "core/Error.hpp"
#include "dataset/TextLines.hpp"
#include "md/Units.hpp"

namespace sei::dataset {
namespace {

bool contains(const std::string& line, const char* what) {
  return line.find(what) != std::string::npos;
}

/// "PAW_PBE Na_pv 19Sep2006" → "Na", "PAW_PBE H1.25 07Sep2000" → "H": the letters that open
/// the POTCAR name.
std::string potcarElement(const TextLines& text, std::size_t k) {
  const auto w = splitWords(text[k]);
  // TITEL  = PAW_PBE Na_pv 19Sep2006
  std::size_t at = 0;
  while (at < w.size() && w[at] != "=") ++at;
  if (at + 2 >= w.size())
    throw InputError(text.path, static_cast<int>(k + 1), "TITEL line names no POTCAR");
  std::string_view name = w[at + 2];
  std::size_t letters = 0;
  while (letters < name.size() && std::isalpha(static_cast<unsigned char>(name[letters])))
    ++letters;
  name = name.substr(0, letters);
  if (atomicNumber(name) == 0)
    throw InputError(text.path, static_cast<int>(k + 1),
                     "POTCAR '" + std::string(w[at + 2]) + "' names no element");
  return std::string(name);
}

/// The number after the first '=' that follows `key` on line k.
double valueAfter(const TextLines& text, std::size_t k, const char* key) {
  const std::string& line = text[k];
  const std::size_t eq = line.find('=', line.find(key));
  const auto w = splitWords(std::string_view(line).substr(eq + 1));
  if (eq == std::string::npos || w.empty())
    throw InputError(text.path, static_cast<int>(k + 1), std::string("no number after ") + key);
  return numberAt(text, k, w[0], key);
}

struct Step {
  LabelledStructure labels;
  std::optional<double> free, withoutEntropy, sigma0;  ///< eV
  std::size_t line = 0;                                ///< of the POSITION block
};

}  // namespace

std::vector<LabelledStructure> readOutcar(const std::string& path, EnergyKind kind) {
  const TextLines text = TextLines::read(path);
  std::vector<std::string> potcars;
  std::vector<int> perType;
  std::optional<Eigen::Matrix3d> lattice;  // columns a, b, c (Å)
  // The latest "in kB" stress (VASP's sign) not yet given to a step; a plain flag and matrix, as
  // GCC 12 misreads an optional Eigen matrix as uninitialised.
  bool haveStress = false;
  Eigen::Matrix3d stress = Eigen::Matrix3d::Zero();
  std::vector<Step> steps;

  auto finish = [&](const Step& s) {
    const std::optional<double>& e = kind == EnergyKind::Free             ? s.free
                                     : kind == EnergyKind::WithoutEntropy ? s.withoutEntropy
                                                                          : s.sigma0;
    if (!e)
      throw InputError(path, static_cast<int>(s.line),
                       s.labels.source + " has no " + energyKindName(kind) +
                           " energy after its POSITION block (a truncated OUTCAR?)");
  };

  for (std::size_t k = 0; k < text.size(); ++k) {
    const std::string& line = text[k];
    if (contains(line, "TITEL  =")) {
      potcars.push_back(potcarElement(text, k));
    } else if (contains(line, "ions per type =")) {
      perType.clear();
      const auto w = splitWords(std::string_view(line).substr(line.find('=') + 1));
      for (std::string_view t : w) {
        const double count = numberAt(text, k, t, "ions per type");
        // The atoms must fit in the file: one line each in every POSITION block.
        if (count != std::floor(count) || count < 0 || count > static_cast<double>(text.size()))
          throw InputError(
              path, static_cast<int>(k + 1),
              "ions per type: expected counts of atoms, found '" + std::string(t) + "'");
        perType.push_back(static_cast<int>(count));
      }
    } else if (contains(line, "direct lattice vectors")) {
      if (k + 3 >= text.size())
        throw InputError(path, static_cast<int>(k + 1), "lattice vectors cut off");
      Eigen::Matrix3d h;
      for (int r = 0; r < 3; ++r) {
        const auto v = numbersAt(text, k + 1 + r, 0, 3, "direct lattice vector");
        for (int d = 0; d < 3; ++d) h(d, r) = v[d];
      }
      lattice = h;
      k += 3;
    } else if (contains(line, "in kB") && splitWords(line).size() == 8 &&
               splitWords(line)[0] == "in") {
      const auto v = numbersAt(text, k, 2, 6, "stress in kB");
      Eigen::Matrix3d s;
      s << v[0], v[3], v[5], v[3], v[1], v[4], v[5], v[4], v[2];
      stress = s;
      haveStress = true;
    } else if (contains(line, "POSITION") && contains(line, "TOTAL-FORCE")) {
      if (!steps.empty()) finish(steps.back());
      std::size_t n = 0;
      for (int c : perType) n += static_cast<std::size_t>(c);
      if (potcars.empty() || perType.size() != potcars.size() || n == 0)
        throw InputError(path, static_cast<int>(k + 1),
                         "POSITION block before the elements are known, expected TITEL lines "
                         "and 'ions per type' in the header");
      if (!lattice)
        throw InputError(path, static_cast<int>(k + 1),
                         "POSITION block before any 'direct lattice vectors'");
      Step step;
      step.line = k + 1;
      LabelledStructure& l = step.labels;
      l.source = path + " ionic step " + std::to_string(steps.size() + 1);
      l.structure.cell = Cell(*lattice);
      for (std::size_t t = 0; t < potcars.size(); ++t)
        for (int c = 0; c < perType[t]; ++c) l.structure.symbols.push_back(potcars[t]);
      // A line of dashes, then one line per atom.
      if (k + 1 + n >= text.size())
        throw InputError(path, static_cast<int>(k + 1), "POSITION block cut off");
      for (std::size_t i = 0; i < n; ++i) {
        const auto v = numbersAt(text, k + 2 + i, 0, 6, "position and force");
        l.structure.positions.emplace_back(v[0], v[1], v[2]);
        l.structure.forces.emplace_back(v[3], v[4], v[5]);
      }
      if (haveStress) {
        l.hasVirial = true;
        l.virial =
            stress * units::kKilobarToEvPerCubicAngstrom * periodicVolume(l.structure, l.source);
        haveStress = false;  // a later step without a stress line has no virial
      }
      steps.push_back(std::move(step));
      k += 1 + n;
    } else if (contains(line, "free  energy   TOTEN")) {
      if (steps.empty())
        throw InputError(path, static_cast<int>(k + 1), "energy before any POSITION block");
      steps.back().free = valueAfter(text, k, "TOTEN");
    } else if (contains(line, "energy  without entropy")) {
      if (steps.empty())
        throw InputError(path, static_cast<int>(k + 1), "energy before any POSITION block");
      steps.back().withoutEntropy = valueAfter(text, k, "entropy");
      if (contains(line, "energy(sigma->0)")) steps.back().sigma0 = valueAfter(text, k, "sigma->0");
    }
  }
  if (steps.empty())
    throw InputError(path, 0,
                     "has no 'POSITION ... TOTAL-FORCE (eV/Angst)' block, expected a VASP OUTCAR");
  finish(steps.back());
  std::vector<LabelledStructure> out;
  for (Step& s : steps) {
    s.labels.hasEnergy = true;
    s.labels.energy = kind == EnergyKind::Free             ? *s.free
                      : kind == EnergyKind::WithoutEntropy ? *s.withoutEntropy
                                                           : *s.sigma0;
    out.push_back(std::move(s.labels));
  }
  return out;
}

}  // namespace sei::dataset
