#pragma once

#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace sei::cli {

/// `--name value` and `--flag` options of one sub-command. Unknown options, missing values and
/// malformed numbers throw InputError with a one-line message.
/// Prints `help` to stdout if args contain --help or -h; returns whether it did.
bool printHelpIfAsked(const std::vector<std::string>& args, const char* help);

/// Comma-separated items, empty ones dropped.
std::vector<std::string> splitList(const std::string& text);
/// "AxBxC" with positive integers (replications of a cell); InputError naming --replicate.
std::array<int, 3> parseReplication(const std::string& text);

/// Separates the arguments that are neither options nor option values (input files) from the
/// rest, which is returned in `options` for Arguments.
std::vector<std::string> positionalArguments(const std::vector<std::string>& args,
                                             const std::set<std::string>& valueOptions,
                                             std::vector<std::string>& options);

/// Removes every `--name VALUE` pair from `options` (as positionalArguments returns them) and
/// returns the values in order: for options that may repeat, since Arguments keeps one value per
/// name.
std::vector<std::string> takeRepeatedOption(std::vector<std::string>& options,
                                            const std::string& name);

/// Installs SIGINT/SIGTERM handlers that only raise the returned flag, so long commands stop
/// cleanly (checkpoint written, nothing half-written) instead of dying.
const std::atomic<bool>& stopOnSignals();

/// Progress lines of a long command to stdout, flushed, one per call; empty when `quiet` (the
/// engine's log callbacks treat an empty function as silence).
std::function<void(const std::string&)> progressPrinter(bool quiet);

class Arguments {
 public:
  /// valueOptions take a value, flagOptions do not.
  Arguments(const std::string& command, const std::vector<std::string>& args,
            const std::set<std::string>& valueOptions, const std::set<std::string>& flagOptions);

  bool has(const std::string& name) const { return values_.count(name) > 0; }
  std::string value(const std::string& name) const;  ///< throws if absent
  std::string value(const std::string& name, const std::string& fallback) const;
  int integer(const std::string& name, int fallback, int lo, int hi) const;
  double number(const std::string& name, double fallback) const;

 private:
  std::string command_;
  std::map<std::string, std::string> values_;
};

}  // namespace sei::cli
