#include "dataset/Cp2kRun.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>

#include "core/Elements.hpp"
#include "core/Error.hpp"
#include "dataset/TextLines.hpp"
#include "io/ExtXyz.hpp"
#include "md/Units.hpp"

namespace sei::dataset {
namespace {

bool startsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

int lineNo(std::size_t k) { return static_cast<int>(k + 1); }

}  // namespace

label::Cp2kOutput readCp2kOutput(const std::string& path) {
  std::string text;
  for (const std::string& line : TextLines::read(path).lines) text += line + '\n';
  label::Cp2kOutput out = label::parseCp2kOutput(text);
  if (out.malformedLine != 0) throw InputError(path, out.malformedLine, out.malformed);
  if (out.energies > 1)
    throw InputError(path, out.secondEnergyLine,
                     "second FORCE_EVAL energy: expected one ENERGY_FORCE evaluation per output "
                     "(an MD or optimisation log does not hold its geometries)");
  if (!out.hasEnergy)
    throw InputError(path, 0,
                     "has no 'ENERGY| Total FORCE_EVAL ( QS ) energy' line, expected a CP2K "
                     "output of a finished ENERGY_FORCE run");
  if (out.forces.empty())
    throw InputError(path, 0,
                     "has no 'ATOMIC FORCES in [a.u.]' block, expected &FORCE_EVAL &PRINT "
                     "&FORCES ON in the input");
  return out;
}

namespace {

/// Scale of an optional "[unit]" word before numbers: Å per unit.
double unitScale(std::string_view word, const std::string& path, std::size_t k) {
  const std::string u = upper(word);
  if (u == "[ANGSTROM]") return 1.0;
  if (u == "[BOHR]") return units::kBohr;
  throw InputError(path, lineNo(k),
                   "unit " + std::string(word) + " not supported, expected [angstrom] or [bohr]");
}

/// Numbers after the keyword (and an optional [unit]), in Å when `length`.
std::vector<double> keywordNumbers(const TextLines& text, std::size_t k,
                                   const std::vector<std::string_view>& w, std::size_t count,
                                   bool length) {
  std::size_t first = 1;
  double scale = 1.0;
  if (w.size() > 1 && startsWith(w[1], "[")) {
    scale = length ? unitScale(w[1], text.path, k) : 1.0;
    first = 2;
  }
  if (w.size() != first + count)
    throw InputError(text.path, lineNo(k),
                     std::string(w[0]) + " expects " + std::to_string(count) + " numbers");
  std::vector<double> v;
  for (std::size_t j = first; j < w.size(); ++j)
    v.push_back(numberAt(text, k, w[j], std::string(w[0])) * scale);
  return v;
}

bool truth(std::string_view word) {
  const std::string u = upper(word);
  return u == "T" || u == "TRUE" || u == ".TRUE." || u == "YES" || u == "ON";
}

}  // namespace

Structure readCp2kGeometry(const std::string& inputPath) {
  const TextLines text = TextLines::read(inputPath);
  std::vector<std::string> sections;
  std::optional<Eigen::Vector3d> abc, angles{Eigen::Vector3d(90, 90, 90)};
  Eigen::Matrix3d vectors = Eigen::Matrix3d::Zero();
  int vectorsGiven = 0;
  std::array<bool, 3> periodic{true, true, true};
  Structure s;
  bool scaled = false, haveCoord = false;
  double coordScale = 1.0;
  std::string coordFile, coordFormat = "XYZ";
  std::size_t coordFileLine = 0;
  int forceEvals = 0;

  for (std::size_t k = 0; k < text.size(); ++k) {
    std::string_view line = text[k];
    line = line.substr(0, line.find_first_of("#!"));
    const auto w = splitWords(line);
    if (w.empty()) continue;
    const std::string key = upper(w[0]);
    if (key[0] == '@')
      throw InputError(
          inputPath, lineNo(k),
          "preprocessor line " + std::string(w[0]) + " not supported, expected a plain CP2K input");
    if (key == "&END") {
      if (sections.empty()) throw InputError(inputPath, lineNo(k), "&END without a section");
      sections.pop_back();
      continue;
    }
    if (key[0] == '&') {
      sections.push_back(key.substr(1));
      if (sections.size() == 1 && sections[0] == "FORCE_EVAL" && ++forceEvals > 1)
        throw InputError(inputPath, lineNo(k), "second &FORCE_EVAL, expected one");
      continue;
    }
    std::string where;
    for (const std::string& sec : sections) where += "/" + sec;
    if (where == "/FORCE_EVAL/SUBSYS/CELL") {
      if (key == "ABC")
        abc = Eigen::Vector3d(keywordNumbers(text, k, w, 3, true).data());
      else if (key == "ALPHA_BETA_GAMMA")
        angles = Eigen::Vector3d(keywordNumbers(text, k, w, 3, false).data());
      else if (key == "A" || key == "B" || key == "C") {
        vectors.col(key[0] - 'A') = Eigen::Vector3d(keywordNumbers(text, k, w, 3, true).data());
        ++vectorsGiven;
      } else if (key == "PERIODIC") {
        const std::string p = w.size() > 1 ? upper(w[1]) : "";
        periodic = {p.find('X') != std::string::npos, p.find('Y') != std::string::npos,
                    p.find('Z') != std::string::npos};
      } else if (key == "CELL_FILE_NAME" || key == "MULTIPLE_UNIT_CELL") {
        throw InputError(inputPath, lineNo(k), key + " not supported, expected ABC or A, B, C");
      }
    } else if (where == "/FORCE_EVAL/SUBSYS/COORD") {
      if (key == "SCALED") {
        scaled = w.size() == 1 || truth(w[1]);
      } else if (key == "UNIT") {
        coordScale = unitScale("[" + std::string(w.size() > 1 ? w[1] : "") + "]", inputPath, k);
      } else {
        if (w.size() < 4 || atomicNumber(w[0]) == 0)
          throw InputError(inputPath, lineNo(k), "expected 'Element x y z' in &COORD");
        const auto x = numbersAt(text, k, 1, 3, "coordinate");
        s.symbols.emplace_back(w[0]);
        s.positions.emplace_back(x[0], x[1], x[2]);
        haveCoord = true;
      }
    } else if (where == "/FORCE_EVAL/SUBSYS/TOPOLOGY") {
      if (key == "COORD_FILE_NAME" && w.size() > 1) {
        coordFile = std::string(w[1]);
        coordFileLine = k + 1;
      } else if (key == "COORD_FILE_FORMAT" && w.size() > 1) {
        coordFormat = upper(w[1]);
      }
    }
  }
  if (!sections.empty())
    throw InputError(inputPath, 0, "section &" + sections.back() + " is not closed by &END");

  Eigen::Matrix3d h;
  if (vectorsGiven == 3) {
    h = vectors;
  } else if (abc) {
    // Right angles exactly: cos(π/2) in floating point is 6e-17, which would tilt the cell.
    auto cosine = [](double degrees) {
      return degrees == 90.0 ? 0.0 : std::cos(degrees * 3.14159265358979323846 / 180.0);
    };
    const double ca = cosine((*angles)[0]), cb = cosine((*angles)[1]), cg = cosine((*angles)[2]);
    const double sg = std::sqrt(1.0 - cg * cg);
    const double cy = (ca - cb * cg) / sg;
    // a along x, b in the xy plane, as CP2K builds the cell from lengths and angles.
    h.col(0) = Eigen::Vector3d((*abc)[0], 0, 0);
    h.col(1) = (*abc)[1] * Eigen::Vector3d(cg, sg, 0);
    h.col(2) = (*abc)[2] * Eigen::Vector3d(cb, cy, std::sqrt(std::max(0.0, 1 - cb * cb - cy * cy)));
  } else {
    throw InputError(inputPath, 0, "has no &CELL with ABC or A, B and C in &FORCE_EVAL &SUBSYS");
  }
  s.cell = Cell(h, periodic);
  if (haveCoord) {
    for (Eigen::Vector3d& r : s.positions)
      r = scaled ? Eigen::Vector3d(h * r) : Eigen::Vector3d(r * coordScale);
    return s;
  }
  if (coordFile.empty())
    throw InputError(inputPath, 0,
                     "has neither &COORD nor &TOPOLOGY COORD_FILE_NAME, expected the atoms");
  if (coordFormat != "XYZ")
    throw InputError(inputPath, static_cast<int>(coordFileLine),
                     "COORD_FILE_FORMAT " + coordFormat + " not supported, expected XYZ");
  const std::filesystem::path file =
      std::filesystem::path(inputPath).parent_path() / std::filesystem::path(coordFile);
  Structure atoms = readExtXyz(file.string());
  s.symbols = std::move(atoms.symbols);
  s.positions = std::move(atoms.positions);
  return s;
}

LabelledStructure readCp2kRun(const std::string& outputPath, EnergyKind kind) {
  if (kind != EnergyKind::Free)
    throw InputError(outputPath +
                     ": CP2K prints only the free energy of the smeared electrons; "
                     "use --energy free for CP2K outputs");
  const label::Cp2kOutput out = readCp2kOutput(outputPath);
  if (out.inputName.empty())
    throw InputError(outputPath, 0,
                     "names no input ('CP2K| Input file name'), expected a CP2K log");
  const std::filesystem::path input = std::filesystem::path(outputPath).parent_path() /
                                      std::filesystem::path(out.inputName).filename();
  LabelledStructure l;
  l.source = outputPath;
  l.structure = readCp2kGeometry(input.string());
  Structure& s = l.structure;
  if (s.size() != out.forces.size())
    throw InputError(outputPath, 0,
                     "has forces on " + std::to_string(out.forces.size()) + " atoms but " +
                         input.string() + " describes " + std::to_string(s.size()));
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s.symbols[i] != out.elements[i])
      throw InputError(outputPath, 0,
                       "atom " + std::to_string(i + 1) + " is " + out.elements[i] +
                           " in the forces block but " + s.symbols[i] + " in " + input.string());
  s.forces = out.forces;
  l.hasEnergy = true;
  l.energy = out.energy;
  if (out.hasStress) {
    l.hasVirial = true;
    l.virial = out.stress * periodicVolume(s, l.source);
  }
  return l;
}

}  // namespace sei::dataset
