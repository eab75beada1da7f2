#include "md/Checkpoint.hpp"

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "core/Error.hpp"
#include "core/Sha256.hpp"
#include "io/AtomicFile.hpp"
#include "md/Random.hpp"

namespace sei {
namespace {

constexpr const char* kMagic = "SEI-CHECKPOINT 2";
/// The last line: the SHA-256 of every byte before it.
constexpr const char* kChecksumKey = "sha256 ";

/// Whitespace-separated text on one line (states may contain newlines).
std::string oneLine(std::string text) {
  for (char& c : text)
    if (c == '\n') c = ' ';
  return text;
}

}  // namespace

void writeCheckpoint(const std::string& path, const CheckpointData& d) {
  const MdState& s = d.state;
  std::ostringstream out;
  out << std::setprecision(17);
  out << kMagic << '\n';
  out << "atoms " << s.size() << '\n';
  out << "step " << s.step << '\n';
  out << "time " << s.time << '\n';
  out << "cell";
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) out << ' ' << s.cell.matrix()(r, c);
  for (int a = 0; a < 3; ++a) out << ' ' << (s.cell.periodic(a) ? 'T' : 'F');
  out << '\n';
  out << "ensemble " << d.ensembleName << '\n';
  out << "ensemble-state " << oneLine(d.ensembleState) << '\n';
  out << "random " << oneLine(d.randomState) << '\n';
  for (const auto& [key, value] : d.extra) out << "extra " << key << ' ' << value << '\n';
  out << "end-header\n";
  for (std::size_t i = 0; i < s.size(); ++i) {
    out << s.symbols[i] << ' ' << s.types[i] << ' ' << s.masses[i];
    for (int a = 0; a < 3; ++a) out << ' ' << s.positions[i][a];
    for (int a = 0; a < 3; ++a) out << ' ' << s.velocities[i][a];
    out << '\n';
  }
  out << "end\n";
  std::string text = out.str();
  text += kChecksumKey + sha256OfText(text) + '\n';
  writeFileAtomically(path, text);
}

namespace {

/// The file's text without its checksum line, after checking that line. A checkpoint is the
/// state a run continues from, so an edited or damaged one is refused rather than resumed.
std::string verifiedText(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw InputError(path, 0, "cannot open checkpoint for reading");
  std::ostringstream buffer;
  buffer << file.rdbuf();
  const std::string text = buffer.str();
  if (text.rfind(kMagic, 0) != 0)
    throw InputError(path, 1,
                     std::string("not a checkpoint of this version: expected '") + kMagic + "'");
  const std::size_t body = text.rfind('\n', text.size() >= 2 ? text.size() - 2 : 0);
  const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) +
                    (!text.empty() && text.back() != '\n');
  const std::string last = body == std::string::npos ? text : text.substr(body + 1);
  const std::string expected =
      kChecksumKey + sha256OfText(text.substr(0, body == std::string::npos ? 0 : body + 1)) + '\n';
  if (last.rfind(kChecksumKey, 0) != 0)
    throw InputError(path, lines + 1,
                     "file ends where the 'sha256' checksum line was expected (truncated "
                     "checkpoint)");
  if (last != expected)
    throw InputError(path, lines,
                     "checksum does not match the content (the checkpoint was edited or "
                     "damaged; resume from another one or start again)");
  return text.substr(0, body + 1);
}

}  // namespace

CheckpointData readCheckpoint(const std::string& path) {
  const std::string text = verifiedText(path);
  std::istringstream in(text);
  int lineNo = 0;
  std::string line;
  auto next = [&](const std::string& expected) {
    if (!std::getline(in, line))
      throw InputError(path, lineNo + 1,
                       "file ends where " + expected + " was expected (truncated checkpoint)");
    ++lineNo;
    return std::istringstream(line);
  };
  auto keyed = [&](const std::string& key) {
    auto ls = next("'" + key + " ...'");
    std::string k;
    ls >> k;
    if (k != key) throw InputError(path, lineNo, "expected '" + key + " ...', found '" + k + "'");
    return ls;
  };
  auto check = [&](std::istream& ls, const std::string& what) {
    if (!ls) throw InputError(path, lineNo, "malformed " + what);
  };

  if (next("the header '" + std::string(kMagic) + "'").str() != kMagic)
    throw InputError(path, lineNo, std::string("not a checkpoint: expected '") + kMagic + "'");
  CheckpointData d;
  MdState& s = d.state;
  std::size_t n = 0;
  auto ls = keyed("atoms");
  ls >> n;
  check(ls, "atom count");
  if (n > text.size() / 16)  // an atom line holds at least 16 characters
    throw InputError(path, lineNo,
                     "atom count " + std::to_string(n) + " is more than the file holds");
  ls = keyed("step");
  ls >> s.step;
  check(ls, "step");
  ls = keyed("time");
  ls >> s.time;
  check(ls, "time");
  ls = keyed("cell");
  Eigen::Matrix3d h;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) ls >> h(r, c);
  std::array<bool, 3> pbc{};
  for (int a = 0; a < 3; ++a) {
    char flag = 0;
    ls >> flag;
    pbc[a] = flag == 'T';
  }
  check(ls, "cell");
  s.cell = Cell(h, pbc);
  ls = keyed("ensemble");
  ls >> d.ensembleName;
  check(ls, "ensemble name");
  ls = keyed("ensemble-state");
  std::getline(ls, d.ensembleState);
  ls = keyed("random");
  std::getline(ls, d.randomState);
  try {
    Random(0).setState(d.randomState);
  } catch (const std::invalid_argument&) {
    throw InputError(path, lineNo,
                     "corrupt random-number state (expected the 312 numbers of "
                     "a 64-bit Mersenne Twister)");
  }
  for (;;) {
    auto es = next("'extra' or 'end-header'");
    std::string key;
    es >> key;
    if (key == "end-header") break;
    if (key != "extra")
      throw InputError(path, lineNo, "expected 'extra' or 'end-header', found '" + key + "'");
    std::string name, value;
    es >> name;
    std::getline(es >> std::ws, value);
    d.extra[name] = value;
  }
  s.symbols.resize(n);
  s.types.resize(n);
  s.masses.resize(n);
  s.positions.resize(n);
  s.velocities.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto as = next("atom " + std::to_string(i + 1) + " of " + std::to_string(n));
    as >> s.symbols[i] >> s.types[i] >> s.masses[i];
    for (int a = 0; a < 3; ++a) as >> s.positions[i][a];
    for (int a = 0; a < 3; ++a) as >> s.velocities[i][a];
    check(as, "atom line, expected 'symbol type mass x y z vx vy vz'");
  }
  if (next("'end'").str() != "end")
    throw InputError(path, lineNo, "expected 'end' after the atoms");
  return d;
}

}  // namespace sei
