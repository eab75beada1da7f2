#include "label/Cp2kInput.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "core/Error.hpp"

namespace sei::label {
namespace {

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

/// Words of `s` joined by single spaces (section parameters and paths compare this way).
std::string words(const std::string& s) {
  std::istringstream in(s);
  std::string word, out;
  while (in >> word) out += (out.empty() ? "" : " ") + word;
  return out;
}

/// An open section: "&KIND Na" is {KIND, NA}.
struct Section {
  std::string name;       ///< upper case
  std::string parameter;  ///< upper case, words joined by one space
};

/// One template line as CP2K reads it: comments ('#', '!') removed, section headers and ends
/// recognised, and the sections around it.
struct Line {
  enum Kind { Other, Open, End, Keyword } kind = Other;
  std::string token;               ///< first word: section name or keyword (as written)
  std::vector<Section> enclosing;  ///< for Open: including the section itself
};

std::vector<std::string> splitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<Line> classify(const std::vector<std::string>& lines) {
  std::vector<Line> out;
  std::vector<Section> stack;
  for (const std::string& raw : lines) {
    const std::string code = words(raw.substr(0, raw.find_first_of("#!")));
    Line line;
    if (code.empty() || code[0] == '@' || code[0] == '{') {
      line.kind = Line::Other;
    } else if (code[0] == '&') {
      const auto space = code.find(' ');
      line.token = code.substr(1, space == std::string::npos ? std::string::npos : space - 1);
      if (upper(line.token) == "END") {
        line.kind = Line::End;
        if (!stack.empty()) stack.pop_back();
      } else {
        line.kind = Line::Open;
        stack.push_back(
            {upper(line.token), space == std::string::npos ? "" : upper(code.substr(space + 1))});
      }
    } else {
      line.kind = Line::Keyword;
      line.token = code.substr(0, code.find(' '));
    }
    line.enclosing = stack;
    out.push_back(line);
  }
  return out;
}

bool sectionMatches(const std::string& component, const Section& s) {
  const std::string c = upper(words(component));
  return c == s.name || (!s.parameter.empty() && c == s.name + " " + s.parameter);
}

/// Whether `path` names the innermost sections of `stack`.
bool pathEnds(const std::vector<std::string>& path, const std::vector<Section>& stack) {
  if (path.size() > stack.size()) return false;
  const std::size_t offset = stack.size() - path.size();
  for (std::size_t k = 0; k < path.size(); ++k)
    if (!sectionMatches(path[k], stack[offset + k])) return false;
  return true;
}

std::string pathText(const std::vector<Section>& stack) {
  std::string out;
  for (const Section& s : stack)
    out += s.name + (s.parameter.empty() ? "" : " " + s.parameter) + "/";
  return out;
}

std::string indentOf(const std::string& line) {
  return line.substr(0, line.find_first_not_of(" \t"));
}

std::string joinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

void applyOne(std::vector<std::string>& lines, const Cp2kSetting& setting,
              const std::string& templateName) {
  const std::vector<Line> parsed = classify(lines);
  std::vector<std::size_t> hits;
  for (std::size_t i = 0; i < parsed.size(); ++i)
    if (parsed[i].kind == Line::Keyword && upper(parsed[i].token) == upper(setting.keyword) &&
        pathEnds(setting.sections, parsed[i].enclosing))
      hits.push_back(i);
  auto fail = [&](const std::string& what) {
    throw InputError("--set " + setting.text + ": " + what + " in " + templateName);
  };
  if (hits.size() > 1) {
    std::string where;
    for (std::size_t i : hits) where += " " + pathText(parsed[i].enclosing) + parsed[i].token;
    fail("the keyword is in several places (" + words(where) +
         "); name its sections, e.g. SECTION/" + setting.keyword);
  }
  if (hits.size() == 1) {
    const std::size_t i = hits[0];
    lines[i] = indentOf(lines[i]) + parsed[i].token + " " + setting.value;
    return;
  }
  // Not there: added to the one section the path names.
  if (setting.sections.empty())
    fail("no keyword " + setting.keyword + "; to add it, name its section (e.g. SCF/" +
         setting.keyword + ")");
  std::vector<std::size_t> sections;
  for (std::size_t i = 0; i < parsed.size(); ++i)
    if (parsed[i].kind == Line::Open && pathEnds(setting.sections, parsed[i].enclosing))
      sections.push_back(i);
  if (sections.size() != 1)
    fail(sections.empty() ? "no such section" : "the section is in several places");
  const std::size_t i = sections[0];
  lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(i) + 1,
               indentOf(lines[i]) + "  " + upper(setting.keyword) + " " + setting.value);
}

std::string number(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10f", x);
  return buffer;
}

}  // namespace

Cp2kSetting parseCp2kSetting(const std::string& text) {
  const auto eq = text.find('=');
  Cp2kSetting setting;
  setting.text = text;
  if (eq == std::string::npos || text.find_first_of("\r\n") != std::string::npos)
    throw InputError("--set expects PATH=VALUE (e.g. SCF/MAX_SCF=100), got '" + text + "'");
  setting.value = words(text.substr(eq + 1));
  std::string path = text.substr(0, eq);
  for (std::size_t slash; (slash = path.find('/')) != std::string::npos;) {
    setting.sections.push_back(words(path.substr(0, slash)));
    path.erase(0, slash + 1);
  }
  setting.keyword = words(path);
  const auto empty = [](const std::string& s) { return s.empty(); };
  if (setting.keyword.empty() || setting.keyword.find(' ') != std::string::npos ||
      setting.value.empty() || std::any_of(setting.sections.begin(), setting.sections.end(), empty))
    throw InputError("--set expects PATH=VALUE (e.g. SCF/MAX_SCF=100), got '" + text + "'");
  return setting;
}

std::string applyCp2kSettings(const std::string& templateText,
                              const std::vector<Cp2kSetting>& settings,
                              const std::string& templateName) {
  std::vector<std::string> lines = splitLines(templateText);
  for (const Cp2kSetting& s : settings) applyOne(lines, s, templateName);
  return joinLines(lines);
}

std::string cp2kInputForFrame(const std::string& templateText, const Structure& frame,
                              const std::string& templateName, const std::string& frameName) {
  if (!frame.cell.fullyPeriodic() || frame.cell.volume() <= 0.0)
    throw InputError(frameName +
                     ": expected a cell periodic in x, y and z (Lattice= and "
                     "pbc=\"T T T\"), which CP2K's stress and GPUMD training need");
  std::map<std::string, std::string> elements;  // upper case → as written
  for (const std::string& e : frame.symbols) elements.emplace(upper(e), e);
  const std::vector<std::string> lines = splitLines(templateText);
  const std::vector<Line> parsed = classify(lines);
  std::vector<std::string> out;
  std::set<std::string> kinds;
  bool cell = false, coordinates = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string indent = indentOf(lines[i]);
    const std::string code = words(lines[i]);
    if (parsed[i].kind == Line::Open && parsed[i].enclosing.back().name == "KIND") {
      const std::string kind = parsed[i].enclosing.back().parameter;
      kinds.insert(kind);
      if (!elements.count(kind)) {  // skip to the section's &END
        const std::size_t depth = parsed[i].enclosing.size();
        while (i + 1 < lines.size() && parsed[i + 1].enclosing.size() >= depth) ++i;
        ++i;
        continue;
      }
    }
    if (code == "{{CELL}}") {
      cell = true;
      for (int d = 0; d < 3; ++d) {
        const Eigen::Vector3d v = frame.cell.vector(d);
        out.push_back(indent + std::string(1, "ABC"[d]) + " " + number(v.x()) + " " +
                      number(v.y()) + " " + number(v.z()));
      }
    } else if (code == "{{COORDINATES}}") {
      coordinates = true;
      for (std::size_t a = 0; a < frame.size(); ++a) {
        const Eigen::Vector3d& r = frame.positions[a];
        out.push_back(indent + frame.symbols[a] + " " + number(r.x()) + " " + number(r.y()) + " " +
                      number(r.z()));
      }
    } else {
      out.push_back(lines[i]);
    }
  }
  if (!cell || !coordinates)
    throw InputError(templateName + ": expected a line {{" +
                     std::string(cell ? "COORDINATES" : "CELL") + "}} (" +
                     (cell ? "in &COORD: the frame's atoms" : "in &CELL: the frame's cell") + ")");
  for (const auto& [key, symbol] : elements)
    if (!kinds.count(key))
      throw InputError(templateName + ": no &KIND section for element " + symbol + " (" +
                       frameName + "); add one with its BASIS_SET and POTENTIAL");
  return joinLines(out);
}

}  // namespace sei::label
