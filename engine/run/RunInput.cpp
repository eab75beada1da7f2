#include "run/RunInput.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <istream>
#include <system_error>

#include "core/Error.hpp"
#include "md/EnsembleRegistry.hpp"

namespace sei {
namespace {

// GPUMD run.in keywords SEI Studio does not implement (GPUMD's src/main_gpumd/run.cu and main.cu,
// current and past versions). Naming them apart from typos tells the user the input is valid
// GPUMD, just not something this engine does.
constexpr std::string_view kUnsupportedCommands[] = {
    "active",
    "add_efield",
    "add_force",
    "add_random_force",
    "add_spring",
    "change_box",
    "cmc",
    "compute",
    "compute_adf",
    "compute_angular_rdf",
    "compute_chunk",
    "compute_cohesive",
    "compute_cvac",
    "compute_dos",
    "compute_dpdt",
    "compute_elastic",
    "compute_es",
    "compute_extrapolation",
    "compute_gkma",
    "compute_hac",
    "compute_hnema",
    "compute_hnemd",
    "compute_hnemdec",
    "compute_ic",
    "compute_lsqt",
    "compute_msd",
    "compute_orientorder",
    "compute_phonon",
    "compute_rdf",
    "compute_sdc",
    "compute_shc",
    "compute_shc_harmonic",
    "compute_viscosity",
    "correct_velocity",
    "deform",
    "deposit",
    "dftd3",
    "dump_beads",
    "dump_cg",
    "dump_dipole",
    "dump_observer",
    "dump_piston",
    "dump_polarizability",
    "dump_shock_nemd",
    "electron_stop",
    "fix",
    "mc",
    "move",
    "neighbor",
    "plumed",
    "potential_definition",
    "replicate",
};

// Keywords GPUMD itself has retired, with what took their place there.
struct Retired {
  std::string_view name;
  std::string_view replacement;
};
constexpr Retired kRetiredCommands[] = {
    {"dump_position", "dump_xyz INTERVAL FILE"},
    {"dump_velocity", "dump_xyz INTERVAL FILE velocity"},
    {"dump_force", "dump_xyz INTERVAL FILE force"},
};

// GPUMD's ensembles (src/integrate/integrate.cu) beyond the five we integrate.
constexpr std::string_view kUnsupportedEnsembles[] = {
    "heat_bdp", "heat_hybrid",   "heat_lan",    "heat_nhc",    "heat_nhc_power", "heat_ttm",
    "msst",     "nph_mttk",      "nphug",       "npt_ber",     "npt_mttk",       "npt_qtb",
    "nvt_bao",  "nvt_ber",       "nvt_mttk",    "nvt_qtb",     "pimd",           "rpmd",
    "ti",       "ti_as",         "ti_liquid",   "ti_rs",       "ti_spring",      "trpmd",
    "ttm",      "wall_harmonic", "wall_mirror", "wall_piston",
};

template <std::size_t N>
bool contains(const std::string_view (&names)[N], std::string_view name) {
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

// Whitespace-separated tokens up to the first one that starts with '#' (GPUMD's comment rule:
// "a#b" is a token, "a #b" a token and a comment).
std::vector<std::string> tokenize(std::string_view line) {
  std::vector<std::string> tokens;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && isSpace(line[i])) ++i;
    const std::size_t start = i;
    while (i < line.size() && !isSpace(line[i])) ++i;
    if (i == start) break;
    if (line[start] == '#') break;
    tokens.emplace_back(line.substr(start, i - start));
  }
  return tokens;
}

// Strict, locale-independent parse of a whole token; nan and inf are refused.
std::optional<double> parseReal(std::string_view token) {
  if (token.size() > 1 && token[0] == '+' && token[1] != '-' && token[1] != '+') {
    token.remove_prefix(1);
  }
  double value = 0.0;
  const char* end = token.data() + token.size();
  const auto [ptr, ec] = std::from_chars(token.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

template <typename Integer>
std::optional<Integer> parseInteger(std::string_view token) {
  Integer value = 0;
  const char* end = token.data() + token.size();
  const auto [ptr, ec] = std::from_chars(token.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

// Quotes a token for a message; long garbage is clipped so the message stays one short line.
std::string shown(std::string_view token) {
  constexpr std::size_t kMax = 40;
  if (token.size() <= kMax) return "'" + std::string(token) + "'";
  return "'" + std::string(token.substr(0, kMax)) + "...'";
}

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// One command line with the syntax it should follow, for messages that say what was expected.
class Command {
 public:
  Command(const std::string& source, int line, const std::vector<std::string>& tokens)
      : source_(source), line_(line), tokens_(tokens) {}

  const std::string& name() const { return tokens_[0]; }
  const std::string& token(std::size_t i) const { return tokens_[i]; }
  std::size_t parameters() const { return tokens_.size() - 1; }
  int line() const { return line_; }
  void setUsage(std::string usage) { usage_ = std::move(usage); }

  /// A message that needs no syntax reminder.
  [[noreturn]] void error(const std::string& message) const {
    throw InputError(source_, line_, message);
  }
  /// A message followed by the syntax the command takes.
  [[noreturn]] void fail(const std::string& message) const {
    error(message + "; expected '" + usage_ + "'");
  }

  void expectParameters(std::size_t n) const {
    if (parameters() != n) failCount(plural(n, "parameter"), parameters());
  }
  void expectParameters(std::size_t min, std::size_t max) const {
    if (parameters() < min || parameters() > max) {
      const char* range = max == min + 1 ? " or " : " to ";
      failCount(std::to_string(min) + range + plural(max, "parameter"), parameters());
    }
  }
  [[noreturn]] void failCount(const std::string& wanted, std::size_t found) const {
    fail(commandText() + " takes " + wanted + ", found " + std::to_string(found));
  }

  double number(std::size_t i, const std::string& what) const {
    const auto v = parseReal(tokens_[i]);
    if (!v) fail(what + " must be a number, found " + shown(tokens_[i]));
    return *v;
  }
  double positive(std::size_t i, const std::string& what, const char* unit) const {
    const auto v = parseReal(tokens_[i]);
    if (!v || *v <= 0.0) {
      fail(what + " must be a number > 0 (" + unit + "), found " + shown(tokens_[i]));
    }
    return *v;
  }
  // GPUMD's coupling constants are relaxation times in units of the time step and must be ≥ 1.
  double coupling(std::size_t i, const std::string& what) const {
    const auto v = parseReal(tokens_[i]);
    if (!v || *v < 1.0) {
      fail(what + " must be a number >= 1 (time steps), found " + shown(tokens_[i]));
    }
    return *v;
  }
  std::int64_t integer(std::size_t i, const std::string& what, std::int64_t min) const {
    const auto v = parseInteger<std::int64_t>(tokens_[i]);
    if (!v || *v < min) {
      fail(what + " must be an integer >= " + std::to_string(min) + ", found " + shown(tokens_[i]));
    }
    return *v;
  }

 private:
  // "ensemble nvt_lan" rather than "ensemble" when the first parameter names a variant.
  std::string commandText() const {
    return name() == "ensemble" && tokens_.size() > 1 ? name() + " " + tokens_[1] : name();
  }

  const std::string& source_;
  int line_;
  const std::vector<std::string>& tokens_;
  std::string usage_;
};

class Parser {
 public:
  /// `potentialElsewhere`: the model is named outside these commands (a project's model.path),
  /// so there is no `potential` line and none is allowed.
  Parser(const std::string& source, bool potentialElsewhere) : source_(source) {
    if (potentialElsewhere) plan_.potentialLine = -1;
  }

  void parse(Command c);
  RunPlan finish();

 private:
  void potential(Command& c);
  void kspace(Command& c);
  void velocity(Command& c);
  void timeStep(Command& c);
  void ensemble(Command& c);
  void dumpThermo(Command& c);
  void dumpXyz(Command& c);
  void dumpExyz(Command& c);
  void dumpNetcdf(Command& c);
  void dumpRestart(Command& c);
  /// `NAME INTERVAL` allowed once per run block; firstLine tracks the earlier occurrence.
  std::int64_t intervalOncePerRun(Command& c, const char* usage, int& firstLine);
  void checkpoint(Command& c);
  void watchdog(Command& c);
  void minimize(Command& c);
  void run(Command& c);

  // Remembers the first per-block command since the last run, so that settings left after the
  // last run can be reported.
  void pending(const Command& c) {
    if (pendingLine_ == 0) {
      pendingLine_ = c.line();
      pendingName_ = c.name();
    }
  }
  // Per-block commands that may appear once per block.
  void once(const Command& c, int& firstLine) {
    if (firstLine != 0) {
      c.error("second '" + c.name() + "' in one run block (first on line " +
              std::to_string(firstLine) + "); expected one per 'run'");
    }
    firstLine = c.line();
  }
  // Two dumps of one block writing the same file would interleave their frames.
  void claimFile(const Command& c, const std::string& file) {
    for (const auto& [name, line] : files_) {
      if (name == file) {
        c.error("'" + file + "' is written by two dumps in one run block (first on line " +
                std::to_string(line) + "); expected a different file name");
      }
    }
    files_.emplace_back(file, c.line());
  }

  const std::string& source_;
  RunPlan plan_;
  RunBlock block_;  ///< the block being assembled
  int ensembleLine_ = 0;
  int dumpThermoLine_ = 0;
  int dumpRestartLine_ = 0;
  int kspaceLine_ = 0;
  std::vector<std::pair<std::string, int>> files_;  ///< dump files of this block, with lines
  double timeStep_ = kDefaultTimeStep;              ///< fs
  bool timeStepSet_ = false;
  std::int64_t checkpoint_ = 0;  ///< steps
  int pendingLine_ = 0;
  std::string pendingName_;
};

void Parser::parse(Command c) {
  const std::string& name = c.name();
  if (name == "potential") return potential(c);
  if (name == "kspace") return kspace(c);
  if (name == "velocity") return velocity(c);
  if (name == "time_step") return timeStep(c);
  if (name == "ensemble") return ensemble(c);
  if (name == "dump_thermo") return dumpThermo(c);
  if (name == "dump_xyz") return dumpXyz(c);
  if (name == "dump_exyz") return dumpExyz(c);
  if (name == "dump_netcdf") return dumpNetcdf(c);
  if (name == "dump_restart") return dumpRestart(c);
  if (name == "checkpoint") return checkpoint(c);
  if (name == "watchdog") return watchdog(c);
  if (name == "minimize") return minimize(c);
  if (name == "run") return run(c);
  if (contains(kUnsupportedCommands, name)) {
    c.error("GPUMD command '" + name + "' is not supported by SEI Studio");
  }
  for (const Retired& retired : kRetiredCommands) {
    if (name == retired.name) {
      c.error("GPUMD command '" + name +
              "' is not supported by SEI Studio (GPUMD replaced it by '" +
              std::string(retired.replacement) + "')");
    }
  }
  c.error("unknown command " + shown(name));
}

void Parser::potential(Command& c) {
  c.setUsage("potential FILE");
  c.expectParameters(1);
  if (plan_.potentialLine < 0)
    c.error("'potential' in a project's run commands; the model is the project's model.path");
  if (plan_.potentialLine != 0) {
    c.error("second 'potential' (first on line " + std::to_string(plan_.potentialLine) +
            "); SEI Studio runs a single potential, expected one 'potential FILE'");
  }
  plan_.potential = c.token(1);
  plan_.potentialLine = c.line();
}

void Parser::kspace(Command& c) {
  c.setUsage("kspace ewald|pppm [ACCURACY] [slab [FACTOR]]");
  c.expectParameters(1, 4);
  if (kspaceLine_ != 0) {
    c.error("second 'kspace' (first on line " + std::to_string(kspaceLine_) +
            "); the method holds for the whole run.in, expected one 'kspace'");
  }
  if (c.token(1) == "ewald") {
    plan_.kspace = KSpaceMethod::Ewald;
  } else if (c.token(1) == "pppm") {
    plan_.kspace = KSpaceMethod::Pppm;
  } else {
    c.fail("unknown k-space method " + shown(c.token(1)));
  }
  std::size_t next = 2;
  if (c.parameters() >= next && c.token(next) != "slab") {
    plan_.kspaceAccuracy = c.positive(next, "ACCURACY", "relative RMS force error");
    if (plan_.kspaceAccuracy >= 1.0)
      c.fail("ACCURACY must be below 1 (relative RMS force error), found " + shown(c.token(next)));
    ++next;
  }
  if (c.parameters() >= next) {
    if (c.token(next) != "slab") c.fail("expected 'slab', found " + shown(c.token(next)));
    plan_.slabFactor = kDefaultSlabFactor;
    if (c.parameters() > next) {
      plan_.slabFactor = c.number(next + 1, "slab FACTOR");
      if (!(plan_.slabFactor > 1.0))
        c.fail("slab FACTOR must be above 1 (stretched over actual cell height), found " +
               shown(c.token(next + 1)));
      if (c.parameters() > next + 1) c.fail("unexpected " + shown(c.token(next + 2)));
    }
  }
  kspaceLine_ = c.line();
}

void Parser::velocity(Command& c) {
  c.setUsage("velocity T [seed SEED]");
  if (c.parameters() != 1 && c.parameters() != 3) c.failCount("1 or 3 parameters", c.parameters());
  if (plan_.velocity) {
    c.error("second 'velocity' (first on line " + std::to_string(plan_.velocity->line) +
            "); expected one 'velocity' before the first 'run'");
  }
  if (!plan_.runs.empty()) {
    c.error(
        "'velocity' after a 'run' is not supported by SEI Studio; expected it before the "
        "first 'run'");
  }
  VelocityInit v;
  v.line = c.line();
  v.temperature = c.positive(1, "T", "K");
  if (c.parameters() == 3) {
    if (c.token(2) != "seed") c.fail("expected the word 'seed', found " + shown(c.token(2)));
    const auto seed = parseInteger<std::uint64_t>(c.token(3));
    if (!seed) c.fail("SEED must be an integer >= 0, found " + shown(c.token(3)));
    v.seed = *seed;
  }
  plan_.velocity = v;
}

void Parser::timeStep(Command& c) {
  c.setUsage("time_step DT [MAX_DISTANCE]");
  c.expectParameters(1, 2);
  pending(c);
  timeStep_ = c.positive(1, "DT", "fs");
  timeStepSet_ = true;
  block_.maxDistancePerStep = c.parameters() == 2 ? c.positive(2, "MAX_DISTANCE", "Å") : 0.0;
}

void Parser::ensemble(Command& c) {
  c.setUsage("ensemble TYPE ...");
  if (c.parameters() < 1) c.fail("ensemble needs a type (" + ensembleKeywords() + ")");
  const std::string& type = c.token(1);
  EnsembleSettings e;
  e.line = c.line();
  const EnsembleDescriptor* descriptor = findEnsemble(type);
  if (!descriptor && contains(kUnsupportedEnsembles, type)) {
    c.error("GPUMD ensemble " + shown(type) + " is not supported by SEI Studio; expected " +
            ensembleKeywords());
  } else if (!descriptor) {
    c.error("unknown ensemble " + shown(type) + "; expected " + ensembleKeywords());
  }
  e.keyword = type;

  // Parameters after the type, as GPUMD counts them.
  const std::size_t n = c.parameters() - 1;
  const EnsembleForm form = descriptor->form;
  if (form == EnsembleForm::Plain) {
    c.setUsage("ensemble " + type);
    if (n != 0) c.failCount("0 parameters", n);
  } else {
    const std::string thermostat = "ensemble " + type + " T_start T_end T_coup";
    if (form == EnsembleForm::ThermostatBarostat) {
      c.setUsage(thermostat +
                 " {p_hydro C_hydro | p_xx p_yy p_zz C_xx C_yy C_zz | p_xx p_yy p_zz p_yz p_xz "
                 "p_xy C_xx C_yy C_zz C_yz C_xz C_xy} p_coup");
      if (n != 6 && n != 10 && n != 16) c.failCount("6, 10 or 16 parameters", n);
    } else {
      c.setUsage(thermostat);
      if (n != 3) c.failCount("3 parameters", n);
    }
    e.temperatureStart = c.positive(2, "T_start", "K");
    e.temperatureEnd = c.positive(3, "T_end", "K");
    e.temperatureCoupling = c.coupling(4, "T_coup");
  }
  if (form == EnsembleForm::ThermostatBarostat) {
    static const char* const kComponents[6] = {"xx", "yy", "zz", "yz", "xz", "xy"};
    Barostat& b = e.barostat;
    const std::size_t components = n == 6 ? 1 : n == 10 ? 3 : 6;
    b.coupling = components == 1   ? BarostatCoupling::Isotropic
                 : components == 3 ? BarostatCoupling::Orthogonal
                                   : BarostatCoupling::Triclinic;
    for (std::size_t k = 0; k < components; ++k) {
      const std::string suffix = components == 1 ? "hydro" : kComponents[k];
      b.pressure[k] = c.number(5 + k, "p_" + suffix);
      b.modulus[k] = c.positive(5 + components + k, "C_" + suffix, "GPa");
    }
    b.pressureCoupling = c.coupling(5 + 2 * components, "p_coup");
  }
  once(c, ensembleLine_);
  pending(c);
  block_.ensemble = e;
}

std::int64_t Parser::intervalOncePerRun(Command& c, const char* usage, int& firstLine) {
  c.setUsage(usage);
  c.expectParameters(1);
  const std::int64_t interval = c.integer(1, "INTERVAL", 1);
  once(c, firstLine);
  pending(c);
  return interval;
}

void Parser::dumpThermo(Command& c) {
  block_.dumpThermo = intervalOncePerRun(c, "dump_thermo INTERVAL", dumpThermoLine_);
}

void Parser::dumpRestart(Command& c) {
  block_.dumpRestart = intervalOncePerRun(c, "dump_restart INTERVAL", dumpRestartLine_);
}

void Parser::checkpoint(Command& c) {
  c.setUsage("checkpoint INTERVAL");
  c.expectParameters(1);
  checkpoint_ = c.integer(1, "INTERVAL", 0);
  pending(c);
}

void Parser::watchdog(Command& c) {
  c.setUsage(
      "watchdog INTERVAL [committee FILE ...] [force_std X] [fmax X] [drift X] [neutrality X] "
      "[min_distance X] [covalent_fraction X] [extrapolation FILE.xyz X] [history N] (X: a "
      "number or off)");
  if (c.parameters() < 1) c.failCount("at least 1 parameter", c.parameters());
  WatchdogSettings& w = plan_.watchdog;
  if (w.line != 0) {
    c.error("second 'watchdog' (first on line " + std::to_string(w.line) +
            "); it holds for every run block, expected one 'watchdog'");
  }
  w = WatchdogSettings();
  w.line = c.line();
  w.interval = c.integer(1, "INTERVAL", 1);
  // Thresholds by option word; each option once.
  struct Threshold {
    const char* name;
    double* value;
    const char* unit;
  };
  const Threshold thresholds[] = {{"force_std", &w.forceStd, "eV/Å, or off"},
                                  {"fmax", &w.maxForce, "eV/Å, or off"},
                                  {"drift", &w.drift, "eV/atom, or off"},
                                  {"neutrality", &w.neutrality, "e/atom, or off"},
                                  {"min_distance", &w.minDistance, "Å, or off"},
                                  {"covalent_fraction", &w.covalentFraction, "or off"}};
  auto isOption = [&](const std::string& word) {
    if (word == "committee" || word == "history" || word == "extrapolation") return true;
    for (const Threshold& t : thresholds)
      if (word == t.name) return true;
    return false;
  };
  std::vector<std::string> seen;
  for (std::size_t i = 2; i <= c.parameters(); ++i) {
    const std::string& word = c.token(i);
    if (!isOption(word)) c.fail("unknown watchdog option " + shown(word));
    if (std::find(seen.begin(), seen.end(), word) != seen.end())
      c.fail("option '" + word + "' given twice");
    seen.push_back(word);
    if (word == "committee") {
      while (i < c.parameters() && !isOption(c.token(i + 1))) w.committee.push_back(c.token(++i));
      if (w.committee.empty()) c.fail("'committee' needs at least one model FILE");
      continue;
    }
    if (i == c.parameters()) c.fail("option '" + word + "' needs a value");
    ++i;
    if (word == "extrapolation") {
      if (i == c.parameters()) c.fail("option 'extrapolation' needs a value: FILE.xyz X");
      w.extrapolationReference = c.token(i);
      w.extrapolation = c.token(i + 1) == "off"
                            ? 0.0
                            : c.positive(i + 1, "extrapolation", "descriptor distance, or off");
      if (w.extrapolation == 0.0) w.extrapolationReference.clear();
      ++i;
      continue;
    }
    if (word == "history") {
      w.history = static_cast<int>(c.integer(i, "history N", 0));
      if (w.history > 100)
        c.fail("history N must be at most 100 frames, found " + shown(c.token(i)));
      continue;
    }
    for (const Threshold& t : thresholds)
      if (word == t.name) *t.value = c.token(i) == "off" ? 0.0 : c.positive(i, word, t.unit);
  }
}

// Sets a quantity flag; GPUMD refuses a quantity named twice.
void setQuantity(const Command& c, std::size_t i, bool& flag) {
  if (flag) c.fail("quantity " + shown(c.token(i)) + " given twice");
  flag = true;
}

// The GPUMD dump quantity a keyword names, or nullptr.
bool* quantityFlag(DumpQuantities& q, const std::string& keyword) {
  if (keyword == "mass") return &q.mass;
  if (keyword == "charge") return &q.charge;
  if (keyword == "bec") return &q.bec;
  if (keyword == "velocity") return &q.velocity;
  if (keyword == "force") return &q.force;
  if (keyword == "potential") return &q.potential;
  if (keyword == "unwrapped_position") return &q.unwrappedPosition;
  if (keyword == "virial") return &q.virial;
  return nullptr;
}

void Parser::dumpXyz(Command& c) {
  c.setUsage(
      "dump_xyz INTERVAL FILE [precision single|double] [mass] [charge] [bec] [velocity] [force] "
      "[potential] [unwrapped_position] [virial]");
  if (c.parameters() < 2) c.failCount("at least 2 parameters", c.parameters());
  // GPUMD 5.6 wrote `dump_xyz GROUPING_METHOD GROUP_ID INTERVAL FILE ...`; GPUMD tells the two
  // orders apart by the two leading integers, and a negative grouping method meant all atoms.
  std::size_t first = 1;
  if (c.parameters() >= 4 && parseInteger<std::int64_t>(c.token(1)) &&
      parseInteger<std::int64_t>(c.token(2))) {
    if (*parseInteger<std::int64_t>(c.token(1)) >= 0) {
      c.error(
          "dump_xyz for a group is not supported by SEI Studio (it has no grouping methods); "
          "expected 'dump_xyz INTERVAL FILE ...' for all atoms");
    }
    first = 3;
  }
  DumpXyz d;
  d.line = c.line();
  d.interval = c.integer(first, "INTERVAL", 1);
  d.file = c.token(first + 1);
  d.filePerFrame = d.file.back() == '*';
  if (d.file == "*") c.fail("FILE must name a file before the '*'");
  bool precisionSeen = false;
  for (std::size_t i = first + 2; i <= c.parameters(); ++i) {
    const std::string& word = c.token(i);
    if (word == "precision") {
      if (precisionSeen) c.fail("option 'precision' given twice");
      if (i + 1 > c.parameters()) c.fail("option 'precision' needs single or double");
      const std::string& value = c.token(++i);
      if (value == "single") {
        d.precision = DumpPrecision::Single;
      } else if (value == "double") {
        d.precision = DumpPrecision::Double;
      } else {
        c.fail("precision must be single or double, found " + shown(value));
      }
      precisionSeen = true;
    } else if (word == "group" || word == "group_labels") {
      c.error("dump_xyz argument '" + word +
              "' is not supported by SEI Studio (it has no grouping methods)");
    } else if (bool* flag = quantityFlag(d.quantities, word)) {
      setQuantity(c, i, *flag);
    } else {
      c.fail("unknown dump_xyz argument " + shown(word));
    }
  }
  claimFile(c, d.file);
  pending(c);
  block_.dumpXyz.push_back(std::move(d));
}

void Parser::dumpExyz(Command& c) {
  c.setUsage("dump_exyz INTERVAL [HAS_VELOCITY [HAS_FORCE [HAS_POTENTIAL [SEPARATED]]]]");
  c.expectParameters(1, 5);
  DumpXyz d;
  d.line = c.line();
  d.interval = c.integer(1, "INTERVAL", 1);
  d.file = "dump.xyz";  // GPUMD's dump_exyz always wrote there, or to dump.STEP.xyz
  static const char* const kFlags[4] = {"HAS_VELOCITY", "HAS_FORCE", "HAS_POTENTIAL", "SEPARATED"};
  bool* flags[4] = {&d.quantities.velocity, &d.quantities.force, &d.quantities.potential,
                    &d.filePerFrame};
  for (std::size_t k = 0; k + 2 <= c.parameters(); ++k) {
    const std::string& value = c.token(k + 2);
    if (value != "0" && value != "1") {
      c.fail(std::string(kFlags[k]) + " must be 0 or 1, found " + shown(value));
    }
    *flags[k] = value == "1";
  }
  if (d.filePerFrame) d.file = "dump.*.xyz";
  claimFile(c, d.file);
  pending(c);
  block_.dumpXyz.push_back(std::move(d));
}

void Parser::dumpNetcdf(Command& c) {
  c.setUsage(
      "dump_netcdf INTERVAL FILE [velocity] [force] [charge] [precision single] "
      "[compression none]");
  if (c.parameters() < 2) c.failCount("at least 2 parameters", c.parameters());
  DumpNetcdf d;
  d.line = c.line();
  d.interval = c.integer(1, "INTERVAL", 1);
  // GPUMD 5.6: `dump_netcdf INTERVAL HAS_VELOCITY [precision ...]`, always to movie.nc.
  const bool legacy = c.token(2) == "0" || c.token(2) == "1";
  d.file = legacy ? "movie.nc" : c.token(2);
  d.quantities.velocity = legacy && c.token(2) == "1";
  bool precisionSeen = false;
  bool compressionSeen = false;
  for (std::size_t i = 3; i <= c.parameters(); ++i) {
    const std::string& word = c.token(i);
    const bool hasValue = i + 1 <= c.parameters();
    if (word == "precision") {
      if (precisionSeen) c.fail("option 'precision' given twice");
      if (!hasValue) c.fail("option 'precision' needs a value");
      const std::string& value = c.token(++i);
      if (value == "double") {
        c.error(
            "dump_netcdf 'precision double' is not supported by SEI Studio (its NetCDF "
            "trajectories are single precision)");
      }
      if (value != "single") c.fail("precision must be single, found " + shown(value));
      precisionSeen = true;
    } else if (word == "compression") {
      if (compressionSeen) c.fail("option 'compression' given twice");
      if (!hasValue) c.fail("option 'compression' needs a value");
      const std::string& value = c.token(++i);
      if (value == "deflate") {
        c.error(
            "dump_netcdf 'compression deflate' is not supported by SEI Studio (its NetCDF "
            "trajectories are uncompressed netCDF-3)");
      }
      if (value != "none") c.fail("compression must be none, found " + shown(value));
      compressionSeen = true;
    } else if (word == "velocity" || word == "force" || word == "charge") {
      setQuantity(c, i, *quantityFlag(d.quantities, word));
    } else if (word == "group" || word == "group_labels" ||
               quantityFlag(d.quantities, word) != nullptr) {
      c.error("dump_netcdf argument " + shown(word) +
              " is not supported by SEI Studio; expected velocity, force or charge");
    } else {
      c.fail("unknown dump_netcdf argument " + shown(word));
    }
  }
  claimFile(c, d.file);
  pending(c);
  block_.dumpNetcdf.push_back(std::move(d));
}

void Parser::minimize(Command& c) {
  c.setUsage("minimize sd|fire FORCE_TOLERANCE MAX_STEPS [box xy [tilt] [STRESS_TOLERANCE]]");
  if (c.parameters() > 3 && c.token(4) != "box")
    c.fail("GPUMD's box_change is not supported, relaxing the lateral cell is 'box xy'");
  c.expectParameters(3, 7);
  if (plan_.potentialLine == 0)
    c.error("'minimize' before any 'potential'; expected 'potential FILE' first");
  MinimizeCommand m;
  m.line = c.line();
  if (c.token(1) == "fire")
    m.fire = true;
  else if (c.token(1) != "sd")
    c.fail("unknown minimizer " + shown(c.token(1)));
  m.forceTolerance = c.number(2, "FORCE_TOLERANCE (eV/Å)");
  m.maxSteps = c.integer(3, "MAX_STEPS", 1);
  if (c.parameters() > 3) {
    if (c.parameters() < 5 || c.token(5) != "xy") c.fail("'box' relaxes only 'xy'");
    std::size_t next = 6;
    m.cell = CellRelaxation::Lateral;
    if (c.parameters() >= next && c.token(next) == "tilt") {
      m.cell = CellRelaxation::LateralTilt;
      ++next;
    }
    if (c.parameters() >= next) m.stressTolerance = c.positive(next++, "STRESS_TOLERANCE", "GPa");
    if (c.parameters() >= next) c.fail("unexpected " + shown(c.token(next)));
  }
  m.beforeRun = plan_.runs.size();
  plan_.minimizations.push_back(m);
  pending(c);
}

void Parser::run(Command& c) {
  c.setUsage("run STEPS");
  c.expectParameters(1);
  const std::int64_t steps = c.integer(1, "STEPS", 1);
  if (plan_.potentialLine == 0)
    c.error("'run' before any 'potential'; expected 'potential FILE' first");
  if (ensembleLine_ == 0) {
    c.error(
        "'run' without an 'ensemble' in its block; expected one 'ensemble TYPE ...' before "
        "each 'run'");
  }
  block_.line = c.line();
  block_.steps = steps;
  block_.timeStep = timeStep_;
  block_.timeStepSet = timeStepSet_;
  block_.checkpoint = checkpoint_;
  plan_.runs.push_back(std::move(block_));

  block_ = RunBlock();
  ensembleLine_ = dumpThermoLine_ = dumpRestartLine_ = 0;
  files_.clear();
  pendingLine_ = 0;
  pendingName_.clear();
}

RunPlan Parser::finish() {
  if (plan_.runs.empty()) {
    throw InputError(source_, 0, "no 'run' command; expected at least one 'run STEPS'");
  }
  if (pendingLine_ != 0) {
    throw InputError(source_, pendingLine_,
                     "'" + pendingName_ +
                         "' after the last 'run' would never be used; expected a 'run STEPS' "
                         "after it");
  }
  return std::move(plan_);
}

}  // namespace

namespace {

RunPlan parseCommands(std::istream& in, const std::string& sourceName, bool potentialElsewhere) {
  Parser parser(sourceName, potentialElsewhere);
  std::string text;
  int lineNo = 0;
  while (std::getline(in, text)) {
    ++lineNo;
    if (lineNo == 1 && text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // UTF-8 BOM
    const std::vector<std::string> tokens = tokenize(text);
    if (tokens.empty()) continue;
    parser.parse(Command(sourceName, lineNo, tokens));
  }
  if (in.bad()) throw InputError(sourceName, lineNo + 1, "read error");
  return parser.finish();
}

}  // namespace

RunPlan parseRunInput(std::istream& in, const std::string& sourceName) {
  return parseCommands(in, sourceName, false);
}

RunPlan parseRunCommands(std::istream& in, const std::string& sourceName) {
  return parseCommands(in, sourceName, true);
}

RunPlan parseRunInput(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw InputError(path, 0, "is a directory, expected a run.in file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot open file for reading");
  return parseRunInput(in, path);
}

std::int64_t totalSteps(const RunPlan& plan) {
  std::int64_t steps = 0;
  for (const RunBlock& block : plan.runs) steps += block.steps;
  return steps;
}

StepClock stepClockOf(const RunPlan& plan) {
  StepClock clock;
  for (const RunBlock& block : plan.runs) clock.addBlock(block.steps, block.timeStep);
  return clock;
}

StepClock readStepClock(const std::string& path) {
  try {
    return stepClockOf(parseRunInput(path));
  } catch (const std::exception&) {
    return {};  // not written yet, or not ours to judge: frames fall back to their index
  }
}

StepClock stepClockBeside(const std::string& trajectoryPath) {
  return readStepClock((std::filesystem::path(trajectoryPath).parent_path() / "run.in").string());
}

}  // namespace sei
