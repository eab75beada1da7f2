#include "Arguments.hpp"

#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "core/Error.hpp"

namespace sei::cli {

namespace {
std::atomic<bool> signalled{false};
void onStopSignal(int) { signalled = true; }
}  // namespace

const std::atomic<bool>& stopOnSignals() {
  std::signal(SIGINT, onStopSignal);
  std::signal(SIGTERM, onStopSignal);
  return signalled;
}

std::function<void(const std::string&)> progressPrinter(bool quiet) {
  if (quiet) return {};
  return [](const std::string& line) {
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
  };
}

bool printHelpIfAsked(const std::vector<std::string>& args, const char* help) {
  for (const auto& a : args)
    if (a == "--help" || a == "-h") {
      std::fputs(help, stdout);
      return true;
    }
  return false;
}

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream ss(text);
  for (std::string item; std::getline(ss, item, ',');)
    if (!item.empty()) items.push_back(item);
  return items;
}

std::array<int, 3> parseReplication(const std::string& text) {
  std::array<int, 3> n{};
  char tail = 0;
  if (std::sscanf(text.c_str(), "%dx%dx%d%c", &n[0], &n[1], &n[2], &tail) != 3 || n[0] < 1 ||
      n[1] < 1 || n[2] < 1)
    throw InputError("--replicate expects AxBxC with positive integers, got '" + text + "'");
  return n;
}

std::vector<std::string> positionalArguments(const std::vector<std::string>& args,
                                             const std::set<std::string>& valueOptions,
                                             std::vector<std::string>& options) {
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i].rfind("--", 0) == 0) {
      options.push_back(args[i]);
      if (valueOptions.count(args[i].substr(2)) && i + 1 < args.size())
        options.push_back(args[++i]);
    } else {
      positional.push_back(args[i]);
    }
  }
  return positional;
}

std::vector<std::string> takeRepeatedOption(std::vector<std::string>& options,
                                            const std::string& name) {
  std::vector<std::string> values, rest;
  for (std::size_t k = 0; k < options.size(); ++k) {
    if (options[k] == "--" + name && k + 1 < options.size())
      values.push_back(options[++k]);
    else
      rest.push_back(options[k]);
  }
  options = rest;
  return values;
}

Arguments::Arguments(const std::string& command, const std::vector<std::string>& args,
                     const std::set<std::string>& valueOptions,
                     const std::set<std::string>& flagOptions)
    : command_(command) {
  for (std::size_t k = 0; k < args.size(); ++k) {
    const std::string& a = args[k];
    if (a.rfind("--", 0) != 0)
      throw InputError("unexpected argument '" + a + "' (see 'sei " + command_ + " --help')");
    const std::string name = a.substr(2);
    if (flagOptions.count(name)) {
      values_[name] = "";
    } else if (valueOptions.count(name)) {
      if (k + 1 >= args.size()) throw InputError("option --" + name + " needs a value");
      values_[name] = args[++k];
    } else {
      throw InputError("unknown option '" + a + "' (see 'sei " + command_ + " --help')");
    }
  }
}

std::string Arguments::value(const std::string& name) const {
  const auto it = values_.find(name);
  if (it == values_.end()) throw InputError("option --" + name + " is required");
  return it->second;
}

std::string Arguments::value(const std::string& name, const std::string& fallback) const {
  const auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

int Arguments::integer(const std::string& name, int fallback, int lo, int hi) const {
  if (!has(name)) return fallback;
  const std::string v = value(name);
  char* end = nullptr;
  const long x = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || x < lo || x > hi)
    throw InputError("--" + name + " expects an integer " + std::to_string(lo) + ".." +
                     std::to_string(hi) + ", got '" + v + "'");
  return static_cast<int>(x);
}

double Arguments::number(const std::string& name, double fallback) const {
  if (!has(name)) return fallback;
  const std::string v = value(name);
  char* end = nullptr;
  const double x = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0' || !std::isfinite(x))
    throw InputError("--" + name + " expects a number, got '" + v + "'");
  return x;
}

}  // namespace sei::cli
