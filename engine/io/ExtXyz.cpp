#include "io/ExtXyz.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <istream>
#include <limits>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <system_error>

#include "core/Elements.hpp"
#include "core/Error.hpp"
#include "io/AtomicFile.hpp"
#include "io/NumberText.hpp"

namespace sei {
namespace {

constexpr std::string_view kDefaultProperties = "species:S:1:pos:R:3";

// ---------------------------------------------------------------------------------------------
// Small text helpers

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

bool isBlank(std::string_view s) { return std::all_of(s.begin(), s.end(), isSpace); }

std::vector<std::string_view> splitWhitespace(std::string_view s) {
  std::vector<std::string_view> tokens;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && isSpace(s[i])) ++i;
    const std::size_t start = i;
    while (i < s.size() && !isSpace(s[i])) ++i;
    if (i > start) tokens.push_back(s.substr(start, i - start));
  }
  return tokens;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Quotes a token for an error message; long garbage is clipped so messages stay readable.
std::string shown(std::string_view token) {
  constexpr std::size_t kMax = 40;
  if (token.size() <= kMax) return "\"" + std::string(token) + "\"";
  return "\"" + std::string(token.substr(0, kMax)) + "...\"";
}

// Strict, locale-independent parse of a whole token (strtod would follow the C locale that Qt
// sets from the environment). Non-finite values are refused: no coordinate, lattice entry,
// velocity, mass, charge or force may be nan or inf.
std::optional<double> parseReal(std::string_view token) {
  if (token.size() > 1 && token[0] == '+' && token[1] != '-' && token[1] != '+') {
    token.remove_prefix(1);  // from_chars does not take a leading '+', other writers may
  }
  double value = 0.0;
  const char* end = token.data() + token.size();
  const auto [ptr, ec] = std::from_chars(token.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<long long> parseInteger(std::string_view token) {
  long long value = 0;
  const char* end = token.data() + token.size();
  const auto [ptr, ec] = std::from_chars(token.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

// ---------------------------------------------------------------------------------------------
// Comment line: key=value pairs

struct KeyValue {
  std::string key;
  std::string value;      ///< unquoted, escapes resolved
  std::string_view text;  ///< the pair as written, for Structure::info
  bool hasValue = false;
};

// Splits the comment line into pairs. Values are bare, "double-quoted", 'single-quoted' (a
// backslash escapes the next character) or {braced}. Words without '=' are kept as bare keys so
// that plain XYZ files with a free-text comment still read.
std::vector<KeyValue> parseCommentLine(std::string_view line, const std::string& source,
                                       int lineNo) {
  std::vector<KeyValue> pairs;
  std::size_t i = 0;
  auto skipSpaces = [&](std::size_t& j) {
    while (j < line.size() && isSpace(line[j])) ++j;
  };
  while (true) {
    skipSpaces(i);
    if (i >= line.size()) break;
    KeyValue kv;
    const std::size_t start = i;
    while (i < line.size() && !isSpace(line[i]) && line[i] != '=') ++i;
    kv.key = std::string(line.substr(start, i - start));
    if (kv.key.empty()) {
      throw InputError(source, lineNo,
                       "expected a key before '=' at column " + std::to_string(start + 1) +
                           " of the comment line");
    }
    std::size_t j = i;
    skipSpaces(j);
    if (j < line.size() && line[j] == '=') {
      kv.hasValue = true;
      i = j + 1;
      skipSpaces(i);
      const char open = i < line.size() ? line[i] : '\0';
      if (open == '"' || open == '\'') {
        ++i;
        bool closed = false;
        while (i < line.size()) {
          const char c = line[i++];
          if (c == '\\' && i < line.size()) {
            kv.value += line[i++];
          } else if (c == open) {
            closed = true;
            break;
          } else {
            kv.value += c;
          }
        }
        if (!closed) {
          throw InputError(source, lineNo,
                           "value of " + kv.key + " has no closing " + std::string(1, open) +
                               ", expected " + open + "..." + open);
        }
      } else if (open == '{') {
        const std::size_t valueStart = ++i;
        int depth = 1;
        for (; i < line.size() && depth > 0; ++i) {
          if (line[i] == '{') ++depth;
          if (line[i] == '}') --depth;
        }
        if (depth > 0) {
          throw InputError(source, lineNo,
                           "value of " + kv.key + " has no closing '}', expected {...}");
        }
        kv.value = std::string(line.substr(valueStart, i - 1 - valueStart));
      } else {
        const std::size_t valueStart = i;
        while (i < line.size() && !isSpace(line[i])) ++i;
        kv.value = std::string(line.substr(valueStart, i - valueStart));
      }
    }
    kv.text = line.substr(start, i - start);
    pairs.push_back(std::move(kv));
  }
  return pairs;
}

Eigen::Matrix3d parseLattice(const std::string& value, const std::string& source, int lineNo) {
  const auto tokens = splitWhitespace(value);
  if (tokens.size() != 9) {
    throw InputError(source, lineNo,
                     "expected 9 numbers in Lattice (ax ay az bx by bz cx cy cz), found " +
                         std::to_string(tokens.size()));
  }
  Eigen::Matrix3d h;
  for (int k = 0; k < 9; ++k) {
    const auto v = parseReal(tokens[k]);
    if (!v) {
      throw InputError(source, lineNo,
                       "expected a finite number in Lattice, found " + shown(tokens[k]));
    }
    h(k % 3, k / 3) = *v;  // a, b, c are the columns of h
  }
  return h;
}

std::array<bool, 3> parsePbc(const std::string& value, const std::string& source, int lineNo) {
  const auto tokens = splitWhitespace(value);
  if (tokens.size() != 1 && tokens.size() != 3) {
    throw InputError(
        source, lineNo,
        "expected 1 or 3 values in pbc (e.g. \"T T T\"), found " + std::to_string(tokens.size()));
  }
  std::array<bool, 3> pbc{};
  for (std::size_t d = 0; d < tokens.size(); ++d) {
    const std::string t = lower(tokens[d]);
    if (t == "t" || t == "true") {
      pbc[d] = true;
    } else if (t == "f" || t == "false") {
      pbc[d] = false;
    } else {
      throw InputError(source, lineNo,
                       "expected T, F, True or False in pbc, found " + shown(tokens[d]));
    }
  }
  if (tokens.size() == 1) pbc = {pbc[0], pbc[0], pbc[0]};
  return pbc;
}

// ---------------------------------------------------------------------------------------------
// Properties=name:type:count:...

enum class ColumnKind { Species, Pos, Vel, Mass, Charge, Force, Bec, Skip };

struct Column {
  std::string name;  ///< as written
  ColumnKind kind = ColumnKind::Skip;
  int offset = 0;  ///< index of the column's first token on an atom line
};

struct Layout {
  std::vector<Column> columns;
  std::string text;  ///< the Properties value, for messages
  int tokens = 0;    ///< tokens per atom line
  const Column* find(ColumnKind kind) const {
    for (const Column& c : columns)
      if (c.kind == kind) return &c;
    return nullptr;
  }
};

struct KnownColumn {
  const char* name;
  ColumnKind kind;
  char type;
  int count;
};

// Names of ASE, GPUMD (dump uses "vel") and other writers for the columns we interpret.
constexpr KnownColumn kKnownColumns[] = {
    {"species", ColumnKind::Species, 'S', 1},
    {"element", ColumnKind::Species, 'S', 1},
    {"pos", ColumnKind::Pos, 'R', 3},
    {"vel", ColumnKind::Vel, 'R', 3},
    {"velo", ColumnKind::Vel, 'R', 3},
    {"velocities", ColumnKind::Vel, 'R', 3},
    {"mass", ColumnKind::Mass, 'R', 1},
    {"masses", ColumnKind::Mass, 'R', 1},
    {"charge", ColumnKind::Charge, 'R', 1},
    {"charges", ColumnKind::Charge, 'R', 1},
    {"initial_charges", ColumnKind::Charge, 'R', 1},
    {"force", ColumnKind::Force, 'R', 3},
    {"forces", ColumnKind::Force, 'R', 3},
    {"bec", ColumnKind::Bec, 'R', 9},  // GPUMD's Born effective charge labels
};

// forceColumns (ExtXyzReadOptions): names tried in order for the forces; empty: the known names.
Layout parseProperties(std::string_view value, const std::string& source, int lineNo,
                       const std::vector<std::string>& forceColumns = {}) {
  Layout layout;
  layout.text = std::string(value);
  std::vector<std::string_view> fields;
  for (std::size_t start = 0;;) {
    const std::size_t colon = value.find(':', start);
    fields.push_back(value.substr(start, colon == std::string_view::npos ? colon : colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  const std::string expectation = " in Properties=" + layout.text + ", expected name:type:count";
  if (fields.size() % 3 != 0) {
    throw InputError(source, lineNo, "incomplete column" + expectation + " triples");
  }
  // Caps the tokens per atom line so a corrupt header cannot ask for absurd allocations.
  constexpr long long kMaxTokens = 1000000;
  for (std::size_t f = 0; f < fields.size(); f += 3) {
    const std::string name(fields[f]);
    const std::string type = lower(fields[f + 1]);
    const auto count = parseInteger(fields[f + 2]);
    const std::string written =
        name + ":" + std::string(fields[f + 1]) + ":" + std::string(fields[f + 2]);
    if (name.empty() || type.size() != 1 ||
        std::string("sril").find(type[0]) == std::string::npos || !count || *count < 1 ||
        *count > kMaxTokens - layout.tokens) {
      throw InputError(
          source, lineNo,
          "bad column " + shown(written) + expectation + " with type S, R, I or L and count >= 1");
    }
    Column column{name, ColumnKind::Skip, layout.tokens};
    for (const KnownColumn& known : kKnownColumns) {
      if (lower(name) != known.name) continue;
      if (known.kind == ColumnKind::Force && !forceColumns.empty()) continue;
      if (std::toupper(static_cast<unsigned char>(type[0])) != known.type ||
          *count != known.count) {
        throw InputError(source, lineNo,
                         "column " + name + " must be " + name + ":" + known.type + ":" +
                             std::to_string(known.count) + ", found " + shown(written));
      }
      if (layout.find(known.kind)) {
        throw InputError(source, lineNo,
                         "column " + name + " repeats one already declared in Properties=" +
                             layout.text + ", expected each quantity once");
      }
      column.kind = known.kind;
    }
    layout.tokens += static_cast<int>(*count);
    layout.columns.push_back(std::move(column));
  }
  // The first preferred force column present wins; the others stay unread.
  for (const std::string& preferred : forceColumns) {
    const std::string wanted = lower(preferred);
    const auto it = std::find_if(layout.columns.begin(), layout.columns.end(),
                                 [&](const Column& c) { return lower(c.name) == wanted; });
    if (it == layout.columns.end()) continue;
    const auto next = it + 1;
    const int count = (next == layout.columns.end() ? layout.tokens : next->offset) - it->offset;
    if (count != 3)
      throw InputError(source, lineNo,
                       "column " + it->name + " must have 3 real values per atom (forces)");
    it->kind = ColumnKind::Force;
    break;
  }
  for (const auto& [kind, name] :
       {std::pair{ColumnKind::Species, "species:S:1"}, std::pair{ColumnKind::Pos, "pos:R:3"}}) {
    if (!layout.find(kind)) {
      throw InputError(source, lineNo,
                       "Properties=" + layout.text + " has no " + name +
                           " column, expected species:S:1 and pos:R:3");
    }
  }
  return layout;
}

// ---------------------------------------------------------------------------------------------
// Frames

class LineSource {
 public:
  explicit LineSource(std::istream& in) : in_(in) {}
  /// Next line without its end-of-line (LF or CRLF); false at end of input.
  bool next(std::string& line) {
    if (!std::getline(in_, line)) return false;
    ++lineNo_;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (lineNo_ == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // UTF-8 BOM
    return true;
  }
  int lineNo() const { return lineNo_; }

 private:
  std::istream& in_;
  int lineNo_ = 0;
};

struct Header {
  Layout layout;
  std::optional<Eigen::Matrix3d> lattice;
  std::optional<std::array<bool, 3>> pbc;
  std::string info;
};

Header parseHeader(std::string_view line, const std::string& source, int lineNo,
                   const std::vector<std::string>& forceColumns) {
  Header header;
  bool haveProperties = false;
  for (const KeyValue& kv : parseCommentLine(line, source, lineNo)) {
    const std::string key = lower(kv.key);
    const bool interpreted = key == "lattice" || key == "properties" || key == "pbc";
    if (!interpreted) {
      if (!header.info.empty()) header.info += ' ';
      header.info += kv.text;
      continue;
    }
    if (!kv.hasValue || isBlank(kv.value)) {
      throw InputError(source, lineNo,
                       "key " + kv.key + " has no value, expected " + kv.key + "=\"...\"");
    }
    const bool repeated = key == "lattice" ? header.lattice.has_value()
                          : key == "pbc"   ? header.pbc.has_value()
                                           : haveProperties;
    if (repeated) {
      throw InputError(source, lineNo, "key " + kv.key + " appears twice, expected it once");
    }
    if (key == "lattice") {
      header.lattice = parseLattice(kv.value, source, lineNo);
    } else if (key == "pbc") {
      header.pbc = parsePbc(kv.value, source, lineNo);
    } else {
      header.layout = parseProperties(kv.value, source, lineNo, forceColumns);
      haveProperties = true;
    }
  }
  if (!haveProperties) header.layout = parseProperties(kDefaultProperties, source, lineNo);
  return header;
}

Cell makeCell(const Header& header, const std::string& source, int lineNo) {
  if (!header.lattice) {
    const auto pbc = header.pbc.value_or(std::array<bool, 3>{false, false, false});
    if (pbc[0] || pbc[1] || pbc[2]) {
      throw InputError(source, lineNo,
                       "pbc is periodic but no Lattice is given, expected " +
                           std::string("Lattice=\"ax ay az bx by bz cx cy cz\""));
    }
    return Cell();
  }
  const Cell cell(*header.lattice, header.pbc.value_or(std::array<bool, 3>{true, true, true}));
  // A flat cell is only meaningful as "no cell"; periodic images of it would be undefined.
  if (cell.volume() == 0.0 && (cell.periodic(0) || cell.periodic(1) || cell.periodic(2))) {
    throw InputError(source, lineNo,
                     "Lattice vectors span zero volume, expected three independent vectors");
  }
  return cell;
}

double realToken(const std::vector<std::string_view>& tokens, const Column& column, int k,
                 const std::string& source, int lineNo) {
  const int index = column.offset + k;
  const auto v = parseReal(tokens[index]);
  if (!v) {
    throw InputError(source, lineNo,
                     "expected a finite real number for " + column.name + " (column " +
                         std::to_string(index + 1) + "), found " + shown(tokens[index]));
  }
  return *v;
}

Eigen::Vector3d vectorTokens(const std::vector<std::string_view>& tokens, const Column& column,
                             const std::string& source, int lineNo) {
  return {realToken(tokens, column, 0, source, lineNo),
          realToken(tokens, column, 1, source, lineNo),
          realToken(tokens, column, 2, source, lineNo)};
}

Structure readFrame(LineSource& lines, std::string_view countLine, int frameNumber,
                    const std::string& source, const std::vector<std::string>& forceColumns) {
  const int countLineNo = lines.lineNo();
  const auto countTokens = splitWhitespace(countLine);
  const auto count = countTokens.size() == 1 ? parseInteger(countTokens[0]) : std::nullopt;
  if (!count || *count < 0 || *count > std::numeric_limits<int>::max()) {
    throw InputError(source, countLineNo,
                     "expected the atom count of frame " + std::to_string(frameNumber) +
                         " (a non-negative integer), found " + shown(countLine));
  }
  const auto n = static_cast<std::size_t>(*count);

  std::string line;
  if (!lines.next(line)) {
    throw InputError(source, countLineNo + 1,
                     "expected the comment line of frame " + std::to_string(frameNumber) +
                         ", found end of file");
  }
  const int headerLineNo = lines.lineNo();
  const Header header = parseHeader(line, source, headerLineNo, forceColumns);

  Structure s;
  s.cell = makeCell(header, source, headerLineNo);
  s.info = header.info;
  const Layout& layout = header.layout;
  const Column* species = layout.find(ColumnKind::Species);
  const Column* pos = layout.find(ColumnKind::Pos);
  const Column* vel = layout.find(ColumnKind::Vel);
  const Column* mass = layout.find(ColumnKind::Mass);
  const Column* charge = layout.find(ColumnKind::Charge);
  const Column* force = layout.find(ColumnKind::Force);
  const Column* bec = layout.find(ColumnKind::Bec);

  // The count comes from the file, so reserve no more than a sane amount before lines arrive.
  const std::size_t reserve = std::min<std::size_t>(n, 1 << 20);
  s.symbols.reserve(reserve);
  s.positions.reserve(reserve);
  if (vel) s.velocities.reserve(reserve);
  if (mass) s.masses.reserve(reserve);
  if (charge) s.charges.reserve(reserve);
  if (force) s.forces.reserve(reserve);

  for (std::size_t atom = 0; atom < n; ++atom) {
    if (!lines.next(line)) {
      throw InputError(source, lines.lineNo() + 1,
                       "expected " + std::to_string(n) + " atom lines after line " +
                           std::to_string(headerLineNo) + ", found end of file after " +
                           std::to_string(atom));
    }
    const int lineNo = lines.lineNo();
    const auto tokens = splitWhitespace(line);
    if (static_cast<int>(tokens.size()) != layout.tokens) {
      throw InputError(source, lineNo,
                       "expected " + std::to_string(layout.tokens) + " columns (" + layout.text +
                           "), found " + std::to_string(tokens.size()));
    }
    const std::string_view symbol = tokens[species->offset];
    if (atomicNumber(symbol) == 0) {
      throw InputError(source, lineNo,
                       "unknown element symbol " + shown(symbol) +
                           ", expected a symbol from H to Pu written like \"Na\"");
    }
    s.symbols.emplace_back(symbol);
    s.positions.push_back(vectorTokens(tokens, *pos, source, lineNo));
    if (vel) s.velocities.push_back(vectorTokens(tokens, *vel, source, lineNo));
    if (mass) s.masses.push_back(realToken(tokens, *mass, 0, source, lineNo));
    if (charge) s.charges.push_back(realToken(tokens, *charge, 0, source, lineNo));
    if (force) s.forces.push_back(vectorTokens(tokens, *force, source, lineNo));
    for (int k = 0; bec && k < 9; ++k) s.bec.push_back(realToken(tokens, *bec, k, source, lineNo));
  }
  return s;
}

// Frames one after another; trailing empty lines end the input.
class FrameStream {
 public:
  FrameStream(std::istream& in, std::string source, std::vector<std::string> forceColumns = {})
      : in_(in), lines_(in), source_(std::move(source)), forceColumns_(std::move(forceColumns)) {}

  bool next(Structure& frame) {
    std::string line;
    if (done_ || !lines_.next(line)) return finish();
    if (isBlank(line)) {
      // Trailing empty lines end the file; anything after them would be silently lost.
      const int blankLineNo = lines_.lineNo();
      while (lines_.next(line)) {
        if (!isBlank(line)) {
          throw InputError(source_, blankLineNo,
                           "expected the atom count of frame " + std::to_string(frames_ + 1) +
                               ", found an empty line (only the end of the file may be empty)");
        }
      }
      return finish();
    }
    frame = readFrame(lines_, line, static_cast<int>(++frames_), source_, forceColumns_);
    return true;
  }

 private:
  bool finish() {
    done_ = true;
    if (in_.bad()) throw InputError(source_, lines_.lineNo() + 1, "read error");
    return false;
  }

  std::istream& in_;
  LineSource lines_;
  std::string source_;
  std::vector<std::string> forceColumns_;
  std::size_t frames_ = 0;
  bool done_ = false;
};

std::vector<Structure> readFrames(std::istream& in, const std::string& source,
                                  std::size_t maxFrames, const ExtXyzReadOptions& options = {}) {
  std::vector<Structure> frames;
  FrameStream stream(in, source, options.forceColumns);
  Structure frame;
  while (frames.size() < maxFrames && stream.next(frame)) frames.push_back(std::move(frame));
  return frames;
}

std::ifstream openForReading(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw InputError(path, 0, "is a directory, expected a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot open file for reading");
  return in;
}

// ---------------------------------------------------------------------------------------------
// Writing

void appendVector(std::string& out, const Eigen::Vector3d& v) {
  for (int d = 0; d < 3; ++d) {
    out += ' ';
    appendShortest(out, v[d]);
  }
}

// Everything is checked before the first byte goes out, so a bad structure never leaves half a
// frame behind, and what we write our reader accepts.
void validateForWriting(const Structure& s, const ExtXyzColumns& columns, bool checkInfo = true) {
  const std::size_t n = s.size();
  auto fail = [](const std::string& what) { throw std::invalid_argument("writeExtXyz: " + what); };
  if (s.symbols.size() != n) {
    fail(std::to_string(s.symbols.size()) + " symbols for " + std::to_string(n) + " positions");
  }
  auto checkSize = [&](bool wanted, std::size_t size, const char* name) {
    if (!wanted) return;
    if (size == 0)
      fail(std::string(name) + " column requested but Structure::" + name + " is empty");
    if (size != n) {
      fail(std::string("Structure::") + name + " has " + std::to_string(size) + " entries for " +
           std::to_string(n) + " atoms");
    }
  };
  checkSize(columns.velocities, s.velocities.size(), "velocities");
  checkSize(columns.masses, s.masses.size(), "masses");
  checkSize(columns.charges, s.charges.size(), "charges");
  checkSize(columns.forces, s.forces.size(), "forces");
  if (checkInfo) {
    if (s.info.find_first_of("\r\n") != std::string::npos) {
      fail("Structure::info holds a line break");
    }
    // info is written after our own keys; it must parse and must not contradict them.
    try {
      for (const KeyValue& kv : parseCommentLine(s.info, "Structure::info", 0)) {
        const std::string key = lower(kv.key);
        if (key == "lattice" || key == "properties" || key == "pbc") {
          fail("Structure::info holds the key " + kv.key + ", which the writer sets itself");
        }
      }
    } catch (const InputError& e) {
      fail(e.what());
    }
  }

  auto finite = [](const Eigen::Vector3d& v) { return v.allFinite(); };
  for (std::size_t i = 0; i < n; ++i) {
    if (atomicNumber(s.symbols[i]) == 0) fail("unknown element symbol \"" + s.symbols[i] + "\"");
    const bool ok = finite(s.positions[i]) && (!columns.velocities || finite(s.velocities[i])) &&
                    (!columns.masses || std::isfinite(s.masses[i])) &&
                    (!columns.charges || std::isfinite(s.charges[i])) &&
                    (!columns.forces || finite(s.forces[i]));
    if (!ok) fail("atom " + std::to_string(i) + " has a non-finite value");
  }
  if (!s.cell.matrix().allFinite()) fail("cell matrix has a non-finite value");
}

// The general form's own checks; the structure itself is checked by validateForWriting.
void validateLayout(const Structure& s, const ExtXyzFrameLayout& layout) {
  auto fail = [](const std::string& what) { throw std::invalid_argument("writeExtXyz: " + what); };
  std::string properties(kDefaultProperties);
  for (const ExtXyzColumn& column : layout.columns) {
    const bool nameOk =
        !column.name.empty() && std::all_of(column.name.begin(), column.name.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
        });
    if (!nameOk) fail("column name \"" + column.name + "\" is not letters, digits and '_'");
    if (column.count < 1) fail("column " + column.name + " has no values per atom");
    if (!column.values) fail("column " + column.name + " has no values");
    for (const ExtXyzColumn& other : layout.columns) {
      if (&other != &column && lower(other.name) == lower(column.name)) {
        fail("column " + column.name + " appears twice");
      }
    }
    properties += ":" + column.name + ":R:" + std::to_string(column.count);
  }
  // What our reader would refuse (a repeated quantity, "vel" with one value) is refused here.
  try {
    parseProperties(properties, "Properties", 0);
  } catch (const InputError& e) {
    fail(e.what());
  }
  if (layout.leadingKeys.find_first_of("\r\n") != std::string::npos) {
    fail("leading keys hold a line break");
  }
  try {
    for (const KeyValue& kv : parseCommentLine(layout.leadingKeys, "leading keys", 0)) {
      const std::string key = lower(kv.key);
      if (key == "lattice" || key == "properties" || key == "pbc") {
        fail("leading keys hold the key " + kv.key + ", which the writer sets itself");
      }
    }
  } catch (const InputError& e) {
    fail(e.what());
  }
  std::vector<double> values;
  for (const ExtXyzColumn& column : layout.columns) {
    values.assign(static_cast<std::size_t>(column.count), 0.0);
    for (std::size_t i = 0; i < s.size(); ++i) {
      column.values(i, values.data());
      if (!std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); })) {
        fail("atom " + std::to_string(i) + " has a non-finite value in column " + column.name);
      }
    }
  }
}

void writeValidatedFrame(std::ostream& out, const Structure& s, const ExtXyzFrameLayout& layout) {
  std::string text = std::to_string(s.size()) + '\n';
  if (!layout.leadingKeys.empty()) text += layout.leadingKeys + ' ';
  const Cell& cell = s.cell;
  const bool haveCell = cell.volume() > 0.0;
  if (haveCell) {
    text += "Lattice=\"";
    for (int k = 0; k < 9; ++k) {
      if (k > 0) text += ' ';
      appendShortest(text, cell.matrix()(k % 3, k / 3));
    }
    text += "\" ";
  }
  text += "Properties=";
  text += kDefaultProperties;
  std::size_t maxCount = 0;
  for (const ExtXyzColumn& column : layout.columns) {
    text += ":" + column.name + ":R:" + std::to_string(column.count);
    maxCount = std::max(maxCount, static_cast<std::size_t>(column.count));
  }
  text += " pbc=\"";
  for (int d = 0; d < 3; ++d) {
    if (d > 0) text += ' ';
    text += haveCell && cell.periodic(d) ? 'T' : 'F';
  }
  text += '"';
  if (layout.structureInfo && !s.info.empty()) text += ' ' + s.info;
  text += '\n';
  out << text;

  std::vector<double> values(maxCount);
  for (std::size_t i = 0; i < s.size(); ++i) {
    text = s.symbols[i];
    if (text.size() < 2) text += ' ';  // aligns one- and two-letter symbols
    appendVector(text, s.positions[i]);
    for (const ExtXyzColumn& column : layout.columns) {
      column.values(i, values.data());
      for (int k = 0; k < column.count; ++k) {
        text += ' ';
        appendShortest(text, values[k]);
      }
    }
    text += '\n';
    out << text;
  }
}

// The plain form's columns, in its fixed order.
ExtXyzFrameLayout plainLayout(const Structure& s, const ExtXyzColumns& columns) {
  ExtXyzFrameLayout layout;
  auto vector = [](const std::vector<Eigen::Vector3d>& v) {
    return [&v](std::size_t i, double* out) {
      for (int d = 0; d < 3; ++d) out[d] = v[i][d];
    };
  };
  auto scalar = [](const std::vector<double>& v) {
    return [&v](std::size_t i, double* out) { out[0] = v[i]; };
  };
  if (columns.velocities) layout.columns.push_back({"vel", 3, vector(s.velocities)});
  if (columns.masses) layout.columns.push_back({"mass", 1, scalar(s.masses)});
  if (columns.charges) layout.columns.push_back({"charge", 1, scalar(s.charges)});
  if (columns.forces) layout.columns.push_back({"forces", 3, vector(s.forces)});
  return layout;
}

}  // namespace

std::vector<Structure> readExtXyzFrames(std::istream& in, const std::string& sourceName) {
  return readFrames(in, sourceName, std::numeric_limits<std::size_t>::max());
}

std::vector<Structure> readExtXyzFrames(const std::string& path) {
  std::ifstream in = openForReading(path);
  return readExtXyzFrames(in, path);
}

std::vector<Structure> readExtXyzFrames(const std::string& path, const ExtXyzReadOptions& options) {
  std::ifstream in = openForReading(path);
  return readFrames(in, path, std::numeric_limits<std::size_t>::max(), options);
}

struct ExtXyzFrameReader::Impl {
  explicit Impl(const std::string& path) : in(openForReading(path)), stream(in, path) {}
  std::ifstream in;
  FrameStream stream;
};

ExtXyzFrameReader::ExtXyzFrameReader(const std::string& path)
    : impl_(std::make_unique<Impl>(path)) {}
ExtXyzFrameReader::~ExtXyzFrameReader() = default;
bool ExtXyzFrameReader::next(Structure& frame) { return impl_->stream.next(frame); }

Structure readExtXyz(const std::string& path) {
  std::ifstream in = openForReading(path);
  std::vector<Structure> frames = readFrames(in, path, 1);
  if (frames.empty()) throw InputError(path, 1, "expected the atom count, found an empty file");
  return std::move(frames.front());
}

void writeExtXyzFrame(std::ostream& out, const Structure& s, const ExtXyzColumns& columns) {
  validateForWriting(s, columns);
  writeValidatedFrame(out, s, plainLayout(s, columns));
}

void writeCustomExtXyzFrame(std::ostream& out, const Structure& s,
                            const ExtXyzFrameLayout& layout) {
  validateForWriting(s, ExtXyzColumns{}, layout.structureInfo);
  validateLayout(s, layout);
  writeValidatedFrame(out, s, layout);
}

void writeExtXyz(const std::string& path, const Structure& s, const ExtXyzColumns& columns) {
  validateForWriting(s, columns);  // before touching the disk
  std::ostringstream out;
  writeValidatedFrame(out, s, plainLayout(s, columns));
  writeFileAtomically(path, out.str());
}

std::vector<std::pair<std::string, std::string>> parseExtXyzInfo(const std::string& info,
                                                                 const std::string& sourceName) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& kv : parseCommentLine(info, sourceName, 0)) out.emplace_back(kv.key, kv.value);
  return out;
}

void checkDistinctAtoms(const Structure& s, const ClosestPair& closest, const std::string& path,
                        bool inFile) {
  constexpr double kDuplicate = 0.01;  // Å
  if (closest.i < 0 || closest.distance >= kDuplicate) return;
  const int first = std::min(closest.i, closest.j), second = std::max(closest.i, closest.j);
  auto name = [&](int i) {
    return std::to_string(i + 1) + " (" + s.symbols[static_cast<std::size_t>(i)] + ")";
  };
  std::ostringstream m;
  m << "atoms " << name(first) << " and " << name(second)
    << (first == second ? " (periodic images)" : "") << " are " << closest.distance
    << " Å apart: duplicate atoms (expected at least " << kDuplicate << " Å between atoms)";
  throw InputError(path, inFile ? second + 3 : 0, m.str());  // line 1: count, line 2: comment
}

}  // namespace sei
