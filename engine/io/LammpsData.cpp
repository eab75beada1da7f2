#include "io/LammpsData.hpp"

#include <cctype>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

#include "core/Elements.hpp"
#include "core/Error.hpp"
#include "io/AtomicFile.hpp"
#include "io/NumberText.hpp"

namespace sei {
namespace {

/// Standard weights within this of a type's mass name its element (amu): data files round
/// masses (22.99 for Na, 16.0 for O); no two elements up to Pu are this close.
constexpr double kMassMatch = 0.1;

std::string joined(const std::vector<std::string_view>& words) {
  std::string out;
  for (std::string_view w : words) out += (out.empty() ? "" : " ") + std::string(w);
  return out;
}

/// Column layout of an Atoms line: where type, charge and x are, how many columns without and
/// with image flags.
struct AtomStyle {
  std::string name;
  int type = 1, charge = -1, x = 2, columns = 5;
};

std::optional<AtomStyle> atomStyle(std::string_view name) {
  if (name == "atomic") return AtomStyle{"atomic", 1, -1, 2, 5};
  if (name == "charge") return AtomStyle{"charge", 1, 2, 3, 6};
  if (name == "full") return AtomStyle{"full", 2, 3, 4, 7};
  return std::nullopt;
}

struct AtomRow {
  int line = 0;
  int type = 0;
  double charge = 0.0;       ///< e
  Eigen::Vector3d position;  ///< Å, box coordinates
};

class DataReader {
 public:
  DataReader(const std::string& path, const std::vector<std::string>& typeElements)
      : path_(path), typeElements_(typeElements) {}

  Structure read() {
    std::ifstream in(path_, std::ios::binary);
    if (!in) throw InputError(path_, 0, "cannot open file for reading");
    std::string text;
    std::getline(in, text);  // the title
    line_ = 1;
    while (std::getline(in, text)) {
      ++line_;
      const std::size_t hash = text.find('#');
      const std::vector<std::string_view> words =
          splitWords(std::string_view(text).substr(0, hash));
      const std::vector<std::string_view> comment =
          hash == std::string::npos ? std::vector<std::string_view>{}
                                    : splitWords(std::string_view(text).substr(hash + 1));
      if (words.empty()) continue;
      if (std::isalpha(static_cast<unsigned char>(words[0][0]))) {
        openSection(joined(words), comment);
      } else if (section_.empty()) {
        headerLine(words);
      } else if (section_ == "Masses") {
        massLine(words, comment);
      } else if (section_ == "Atom Type Labels") {
        labelLine(words);
      } else if (section_ == "Atoms") {
        atomLine(words);
      }
    }
    return structure();
  }

 private:
  [[noreturn]] void fail(const std::string& what, int line = -1) const {
    throw InputError(path_, line < 0 ? line_ : line, what);
  }

  double real(std::string_view token, const std::string& field) const {
    const std::optional<double> v = parseReal(token);
    if (!v || !std::isfinite(*v))
      fail(field + ": expected a number, found '" + std::string(token) + "'");
    return *v;
  }

  long long integer(std::string_view token, const std::string& field, long long lo) const {
    const std::optional<long long> v = parseInteger(token);
    if (!v || *v < lo)
      fail(field + ": expected an integer ≥ " + std::to_string(lo) + ", found '" +
           std::string(token) + "'");
    return *v;
  }

  int type(std::string_view token, const std::string& field) const {
    const long long t = integer(token, field, 1);
    if (types_ < 0) fail(field + ": a type before the header's 'atom types' line");
    if (t > types_)
      fail(field + ": type " + std::to_string(t) + " exceeds the " + std::to_string(types_) +
           " atom types of the header");
    return static_cast<int>(t);
  }

  void openSection(const std::string& name, const std::vector<std::string_view>& comment) {
    section_ = name;
    if (name != "Atoms") return;
    if (!comment.empty()) {
      style_ = atomStyle(comment[0]);
      if (!style_)
        fail("Atoms: atom style '" + std::string(comment[0]) +
             "' is not read; expected atomic, charge or full");
    }
  }

  void headerLine(const std::vector<std::string_view>& w) {
    const std::size_t n = w.size();
    if (n == 2 && w[1] == "atoms") {
      atoms_ = integer(w[0], "atoms", 0);
    } else if (n == 3 && w[1] == "atom" && w[2] == "types") {
      types_ = integer(w[0], "atom types", 1);
    } else if (n == 4 && w[2].size() == 3 && w[3].size() == 3 && w[2].substr(1) == "lo" &&
               w[3].substr(1) == "hi" && w[2][0] == w[3][0] && w[2][0] >= 'x' && w[2][0] <= 'z') {
      const int d = w[2][0] - 'x';
      const std::string field = std::string(w[2]) + " " + std::string(w[3]);
      lo_[d] = real(w[0], field);
      hi_[d] = real(w[1], field);
      if (hi_[d] <= lo_[d]) fail(field + ": expected hi > lo");
      boxSeen_[d] = true;
    } else if (n == 6 && w[3] == "xy" && w[4] == "xz" && w[5] == "yz") {
      for (int k = 0; k < 3; ++k) tilt_[k] = real(w[k], "xy xz yz");
    }
    // Bond, angle, ... counts and ellipsoids: not structure.
  }

  void massLine(const std::vector<std::string_view>& w, const std::vector<std::string_view>& c) {
    if (w.size() < 2) fail("Masses: expected 'TYPE MASS'");
    const int t = type(w[0], "Masses");
    const double m = real(w[1], "Masses");
    if (m <= 0) fail("Masses: expected a positive mass, found '" + std::string(w[1]) + "'");
    masses_[t] = m;
    if (!c.empty()) massComments_[t] = std::string(c[0]);
  }

  void labelLine(const std::vector<std::string_view>& w) {
    if (w.size() != 2) fail("Atom Type Labels: expected 'TYPE LABEL'");
    labels_[type(w[0], "Atom Type Labels")] = std::string(w[1]);
  }

  void atomLine(const std::vector<std::string_view>& w) {
    const int n = static_cast<int>(w.size());
    if (!style_) {
      for (const char* name : {"atomic", "charge", "full"}) {
        const AtomStyle s = *atomStyle(name);
        if (n == s.columns || n == s.columns + 3) style_ = s;
      }
      if (!style_)
        fail("Atoms: " + std::to_string(n) +
             " columns fit no atom style read (atomic 5, charge 6, full 7, each + 3 image flags)");
    }
    if (n != style_->columns && n != style_->columns + 3)
      fail("Atoms: expected " + std::to_string(style_->columns) + " columns (" + style_->name +
           " style), or 3 image flags more; found " + std::to_string(n));
    const long long id = integer(w[0], "Atoms: atom id", 1);
    AtomRow row;
    row.line = line_;
    row.type = type(w[style_->type], "Atoms: atom type");
    if (style_->charge >= 0) row.charge = real(w[style_->charge], "Atoms: charge");
    for (int d = 0; d < 3; ++d)
      row.position[d] = real(w[style_->x + d], std::string("Atoms: ") + char('x' + d));
    if (!rows_.emplace(id, row).second) fail("Atoms: atom id " + std::to_string(id) + " repeats");
  }

  std::string elementOf(int t, int line) const {
    if (!typeElements_.empty()) return typeElements_[t - 1];
    if (auto it = labels_.find(t); it != labels_.end() && atomicNumber(it->second) > 0)
      return it->second;
    if (auto it = massComments_.find(t); it != massComments_.end() && atomicNumber(it->second) > 0)
      return it->second;
    const auto mass = masses_.find(t);
    if (mass == masses_.end())
      fail("Atoms: type " + std::to_string(t) +
               " has no Masses entry or type label to name its element; give the elements "
               "of the types (sei: --types Na,Cl)",
           line);
    for (int z = 1; z <= kMaxAtomicNumber; ++z)
      if (std::abs(atomicMass(z) - mass->second) < kMassMatch) return std::string(elementSymbol(z));
    fail("Masses: type " + std::to_string(t) + " has mass " + std::to_string(mass->second) +
             " amu, no element's standard atomic weight; give the elements of the types (sei: "
             "--types Na,Cl)",
         line);
  }

  Structure structure() const {
    line_ = 0;
    if (atoms_ < 0) fail("header: expected the 'N atoms' line", 0);
    if (types_ < 0) fail("header: expected the 'N atom types' line", 0);
    for (int d = 0; d < 3; ++d)
      if (!boxSeen_[d])
        fail(std::string("header: expected the '") + char('x' + d) + "lo " + char('x' + d) +
                 "hi' line",
             0);
    if (static_cast<long long>(rows_.size()) != atoms_)
      fail("Atoms: " + std::to_string(rows_.size()) + " atoms, the header says " +
               std::to_string(atoms_),
           0);
    if (!typeElements_.empty()) {
      if (static_cast<long long>(typeElements_.size()) != types_)
        fail("types: " + std::to_string(typeElements_.size()) + " elements given for " +
                 std::to_string(types_) + " atom types",
             0);
      for (const std::string& e : typeElements_)
        if (atomicNumber(e) == 0) fail("types: '" + e + "' is not an element symbol", 0);
    }
    Eigen::Matrix3d h;
    h << hi_[0] - lo_[0], tilt_[0], tilt_[1], 0, hi_[1] - lo_[1], tilt_[2], 0, 0, hi_[2] - lo_[2];
    const Eigen::Vector3d origin(lo_[0], lo_[1], lo_[2]);
    Structure s;
    s.cell = Cell(h);
    std::map<int, std::string> elements;
    const bool allMasses = masses_.size() == static_cast<std::size_t>(types_);
    for (const auto& [id, row] : rows_) {
      auto [it, fresh] = elements.emplace(row.type, std::string());
      if (fresh) it->second = elementOf(row.type, row.line);
      s.symbols.push_back(it->second);
      s.positions.push_back(row.position - origin);
      if (allMasses) s.masses.push_back(masses_.at(row.type));
      if (style_ && style_->charge >= 0) s.charges.push_back(row.charge);
    }
    return s;
  }

  std::string path_;
  std::vector<std::string> typeElements_;
  mutable int line_ = 0;
  std::string section_;
  std::optional<AtomStyle> style_;
  long long atoms_ = -1, types_ = -1;
  double lo_[3] = {0, 0, 0}, hi_[3] = {0, 0, 0};  ///< Å
  bool boxSeen_[3] = {false, false, false};
  double tilt_[3] = {0, 0, 0};    ///< Å, xy xz yz
  std::map<int, double> masses_;  ///< amu by type
  std::map<int, std::string> massComments_, labels_;
  std::map<long long, AtomRow> rows_;  ///< by atom id
};

void appendNumbers(std::string& out, std::initializer_list<double> values, const char* tail) {
  for (double v : values) {
    appendShortest(out, v);
    out += ' ';
  }
  out += tail;
  out += '\n';
}

}  // namespace

Structure readLammpsData(const std::string& path, const std::vector<std::string>& typeElements) {
  return DataReader(path, typeElements).read();
}

std::string lammpsDataText(const Structure& s) {
  const Eigen::Matrix3d& h = s.cell.matrix();
  if (s.cell.volume() <= 0.0)
    throw InputError("LAMMPS data needs a cell, and the structure has none (Lattice missing)");
  if (h.determinant() < 0)
    throw InputError(
        "LAMMPS data: the cell is left-handed (a, b, c), which LAMMPS cannot hold; "
        "swap two cell vectors");
  // LAMMPS's box: a = (lx, 0, 0), b = (xy, ly, 0), c = (xz, yz, lz), all of l > 0.
  const bool lammpsForm =
      h(1, 0) == 0 && h(2, 0) == 0 && h(2, 1) == 0 && h(0, 0) > 0 && h(1, 1) > 0 && h(2, 2) > 0;
  Eigen::Matrix3d box = h;
  Eigen::Matrix3d rotation = Eigen::Matrix3d::Identity();
  if (!lammpsForm) {
    const Eigen::Vector3d a = h.col(0), b = h.col(1), c = h.col(2);
    const double lx = a.norm();
    const double xy = b.dot(a) / lx;
    const double ly = std::sqrt(std::max(0.0, b.squaredNorm() - xy * xy));
    const double xz = c.dot(a) / lx;
    const double yz = (b.dot(c) - xy * xz) / ly;
    const double lz = std::sqrt(std::max(0.0, c.squaredNorm() - xz * xz - yz * yz));
    box << lx, xy, xz, 0, ly, yz, 0, 0, lz;
    rotation = box * h.inverse();
  }
  std::vector<std::pair<std::string, double>> types;  // element, mass (amu)
  std::vector<int> typeOf(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const int z = atomicNumber(s.symbols[i]);
    if (z == 0)
      throw InputError("atom " + std::to_string(i + 1) + ": unknown element '" + s.symbols[i] +
                       "'; LAMMPS data needs element symbols for its Masses");
    const std::pair<std::string, double> key{s.symbols[i],
                                             s.masses.empty() ? atomicMass(z) : s.masses[i]};
    std::size_t t = 0;
    while (t < types.size() && types[t] != key) ++t;
    if (t == types.size()) types.push_back(key);
    typeOf[i] = static_cast<int>(t) + 1;
  }
  std::string out = "# LAMMPS data file written by SEI Studio (atomic style, metal units)\n\n";
  out += std::to_string(s.size()) + " atoms\n" + std::to_string(types.size()) + " atom types\n\n";
  appendNumbers(out, {0.0, box(0, 0)}, "xlo xhi");
  appendNumbers(out, {0.0, box(1, 1)}, "ylo yhi");
  appendNumbers(out, {0.0, box(2, 2)}, "zlo zhi");
  if (box(0, 1) != 0 || box(0, 2) != 0 || box(1, 2) != 0)
    appendNumbers(out, {box(0, 1), box(0, 2), box(1, 2)}, "xy xz yz");
  out += "\nMasses\n\n";
  for (std::size_t t = 0; t < types.size(); ++t) {
    out += std::to_string(t + 1) + ' ';
    appendShortest(out, types[t].second);
    out += " # " + types[t].first + '\n';
  }
  out += "\nAtoms # atomic\n\n";
  for (std::size_t i = 0; i < s.size(); ++i) {
    out += std::to_string(i + 1) + ' ' + std::to_string(typeOf[i]);
    const Eigen::Vector3d r =
        lammpsForm ? s.positions[i] : Eigen::Vector3d(rotation * s.positions[i]);
    for (int d = 0; d < 3; ++d) {
      out += ' ';
      appendShortest(out, r[d]);
    }
    out += '\n';
  }
  return out;
}

void writeLammpsData(const std::string& path, const Structure& s) {
  std::string text;
  try {
    text = lammpsDataText(s);
  } catch (const InputError& e) {
    throw InputError(path + ": " + e.what());
  }
  writeFileAtomically(path, text);
}

}  // namespace sei
