#include "dataset/Vasprun.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "core/Elements.hpp"
#include "core/Error.hpp"
#include "dataset/TextLines.hpp"
#include "io/NumberText.hpp"
#include "md/Units.hpp"

namespace sei::dataset {
namespace {

/// Start and end tags and the text between them, in document order: enough XML for vasprun.xml
/// (no DTD, no entities in the numbers and names it holds). Comments, processing instructions
/// and declarations are skipped.
class XmlScanner {
 public:
  enum class Kind { Start, End, EndOfInput };
  struct Tag {
    Kind kind = Kind::EndOfInput;
    std::string name;
    std::string nameAttribute;  ///< the value of name="...", which vasprun uses as a key
    std::string textBefore;     ///< character data since the previous tag
    int line = 0;
  };

  XmlScanner(std::string text, std::string path) : text_(std::move(text)), path_(std::move(path)) {}

  Tag next() {
    Tag tag;
    const std::size_t open = text_.find('<', pos_);
    tag.textBefore =
        text_.substr(pos_, open == std::string::npos ? std::string::npos : open - pos_);
    advanceTo(open == std::string::npos ? text_.size() : open);
    if (open == std::string::npos) return tag;
    tag.line = line_;
    auto skipPast = [&](const char* end) {
      const std::size_t at = text_.find(end, pos_);
      if (at == std::string::npos) fail("unterminated '" + text_.substr(pos_, 4) + "'");
      advanceTo(at + std::char_traits<char>::length(end));
    };
    if (text_.compare(pos_, 4, "<!--") == 0) {
      skipPast("-->");
      return next();
    }
    if (text_.compare(pos_, 2, "<?") == 0) {
      skipPast("?>");
      return next();
    }
    if (text_.compare(pos_, 2, "<!") == 0) {
      skipPast(">");
      return next();
    }
    const std::size_t close = text_.find('>', pos_);
    if (close == std::string::npos) fail("tag without '>'");
    std::string inside = text_.substr(pos_ + 1, close - pos_ - 1);
    advanceTo(close + 1);
    tag.kind = Kind::Start;
    if (!inside.empty() && inside[0] == '/') {
      tag.kind = Kind::End;
      inside.erase(0, 1);
    }
    const bool selfClosing = !inside.empty() && inside.back() == '/';
    if (selfClosing) inside.pop_back();
    std::size_t n = 0;
    while (n < inside.size() && !std::isspace(static_cast<unsigned char>(inside[n]))) ++n;
    tag.name = inside.substr(0, n);
    if (tag.name.empty()) fail("tag without a name");
    const std::size_t attr = inside.find("name=", n);
    if (attr != std::string::npos && attr + 5 < inside.size()) {
      const char quote = inside[attr + 5];
      const std::size_t end = inside.find(quote, attr + 6);
      if ((quote != '"' && quote != '\'') || end == std::string::npos) fail("bad name attribute");
      tag.nameAttribute = inside.substr(attr + 6, end - attr - 6);
    }
    if (selfClosing) pendingEnd_ = tag.name;
    return tag;
  }

  /// The end tag of a self-closing tag just returned, if any (so callers see Start then End).
  bool takePendingEnd(Tag& tag) {
    if (pendingEnd_.empty()) return false;
    tag = Tag{Kind::End, pendingEnd_, "", "", line_};
    pendingEnd_.clear();
    return true;
  }

  [[noreturn]] void fail(const std::string& what) const { throw InputError(path_, line_, what); }
  int line() const { return line_; }

 private:
  void advanceTo(std::size_t to) {
    line_ += static_cast<int>(std::count(text_.begin() + pos_, text_.begin() + to, '\n'));
    pos_ = to;
  }

  std::string text_, path_;
  std::size_t pos_ = 0;
  int line_ = 1;
  std::string pendingEnd_;
};

std::string readWhole(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InputError(path, 0, "is a directory, expected a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot open file for reading");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Three finite numbers of a <v> row.
Eigen::Vector3d row(const std::string& text, const std::string& path, int line,
                    const std::string& what) {
  const auto w = splitWords(text);
  Eigen::Vector3d v;
  for (int d = 0; d < 3; ++d) {
    const auto x = d < static_cast<int>(w.size()) ? parseReal(w[d]) : std::nullopt;
    if (w.size() != 3 || !x || !std::isfinite(*x))
      throw InputError(path, line,
                       what + ": expected 3 finite numbers in <v>, found '" + text + "'");
    v[d] = *x;
  }
  return v;
}

double scalar(const std::string& text, const std::string& path, int line, const std::string& what) {
  const auto w = splitWords(text);
  const auto x = w.size() == 1 ? parseReal(w[0]) : std::nullopt;
  if (!x || !std::isfinite(*x))
    throw InputError(path, line, what + ": expected a finite number, found '" + text + "'");
  return *x;
}

struct Calculation {
  int line = 0;
  std::vector<Eigen::Vector3d> basis, fractional, forces, stress;
  std::map<std::string, double> energy, lastScstepEnergy;  ///< e_fr_energy, e_wo_entrp, e_0_energy
};

}  // namespace

std::vector<LabelledStructure> readVasprun(const std::string& path, EnergyKind kind) {
  XmlScanner xml(readWhole(path), path);
  std::vector<std::string> stack;     // "tag" or "tag:name" from the root
  std::vector<std::string> elements;  // atominfo, one per atom
  bool firstColumn = false;           // the next <c> of an <rc> is the element
  std::vector<Calculation> calculations;
  std::vector<LabelledStructure> out;

  auto where = [&stack] {
    std::string p;
    for (const std::string& s : stack) p += "/" + s;
    return p;
  };
  auto inCalculation = [&](const std::string& tail) {
    const std::string p = where();
    const std::size_t at = p.find("/calculation/");
    return at != std::string::npos && p.compare(at + 12, std::string::npos, tail) == 0;
  };

  XmlScanner::Tag tag;
  for (;;) {
    if (!xml.takePendingEnd(tag)) tag = xml.next();
    if (tag.kind == XmlScanner::Kind::EndOfInput) break;
    if (tag.kind == XmlScanner::Kind::Start) {
      stack.push_back(tag.nameAttribute.empty() ? tag.name : tag.name + ":" + tag.nameAttribute);
      if (tag.name == "calculation") calculations.emplace_back().line = tag.line;
      if (tag.name == "rc") firstColumn = true;
      continue;
    }
    if (stack.empty() || stack.back().substr(0, stack.back().find(':')) != tag.name)
      xml.fail("end tag </" + tag.name + "> does not close <" +
               (stack.empty() ? std::string("nothing") : stack.back()) + ">");
    const std::string& text = tag.textBefore;
    const std::string top = stack.back();
    if (tag.name == "c" && firstColumn &&
        where().find("/atominfo/array:atoms/set/rc/c") != std::string::npos) {
      const auto w = splitWords(text);
      if (w.size() != 1 || atomicNumber(w[0]) == 0)
        xml.fail("atominfo names no element: '" + text + "'");
      elements.emplace_back(w[0]);
      firstColumn = false;
    } else if (tag.name == "v" && !calculations.empty()) {
      Calculation& c = calculations.back();
      if (inCalculation("/structure/crystal/varray:basis/v"))
        c.basis.push_back(row(text, path, xml.line(), "basis"));
      else if (inCalculation("/structure/varray:positions/v"))
        c.fractional.push_back(row(text, path, xml.line(), "positions"));
      else if (inCalculation("/varray:forces/v"))
        c.forces.push_back(row(text, path, xml.line(), "forces"));
      else if (inCalculation("/varray:stress/v"))
        c.stress.push_back(row(text, path, xml.line(), "stress"));
    } else if (tag.name == "i" && !calculations.empty() && top.size() > 2) {
      Calculation& c = calculations.back();
      const std::string name = top.substr(2);
      if (inCalculation("/energy/" + top))
        c.energy[name] = scalar(text, path, xml.line(), name);
      else if (inCalculation("/scstep/energy/" + top))
        c.lastScstepEnergy[name] = scalar(text, path, xml.line(), name);
    } else if (tag.name == "calculation") {
      const Calculation& c = calculations.back();
      LabelledStructure l;
      l.source = path + " calculation " + std::to_string(calculations.size());
      auto missing = [&](const std::string& what) {
        throw InputError(path, c.line, l.source + " has no " + what);
      };
      if (elements.empty()) missing("elements (atominfo comes first in vasprun.xml)");
      if (c.basis.size() != 3) missing("cell (structure/crystal/varray basis with 3 rows)");
      if (c.fractional.size() != elements.size())
        missing("positions for the " + std::to_string(elements.size()) + " atoms");
      if (c.forces.size() != elements.size()) missing("forces for every atom");
      Eigen::Matrix3d h;
      for (int r = 0; r < 3; ++r) h.col(r) = c.basis[r];
      l.structure.cell = Cell(h);
      l.structure.symbols = elements;
      for (const Eigen::Vector3d& f : c.fractional) l.structure.positions.push_back(h * f);
      l.structure.forces = c.forces;
      if (!c.stress.empty()) {
        if (c.stress.size() != 3) missing("complete stress (3 rows)");
        for (int r = 0; r < 3; ++r) l.virial.row(r) = c.stress[r].transpose();
        l.virial *= units::kKilobarToEvPerCubicAngstrom * periodicVolume(l.structure, l.source);
        l.hasVirial = true;
      }
      const auto free = c.energy.find("e_fr_energy");
      if (free == c.energy.end()) missing("energy (<energy><i name=\"e_fr_energy\">)");
      l.energy = free->second;
      if (kind != EnergyKind::Free) {
        const std::string key = kind == EnergyKind::Sigma0 ? "e_0_energy" : "e_wo_entrp";
        const auto scFree = c.lastScstepEnergy.find("e_fr_energy");
        const auto scOther = c.lastScstepEnergy.find(key);
        if (scFree == c.lastScstepEnergy.end() || scOther == c.lastScstepEnergy.end())
          missing("<scstep> energy with e_fr_energy and " + key);
        l.energy += scOther->second - scFree->second;
      }
      l.hasEnergy = true;
      out.push_back(std::move(l));
    }
    stack.pop_back();
  }
  if (!stack.empty())
    xml.fail("file ends inside <" + stack.back() + ">, expected a complete vasprun.xml");
  if (out.empty()) throw InputError(path, 0, "has no <calculation>, expected a VASP vasprun.xml");
  return out;
}

}  // namespace sei::dataset
