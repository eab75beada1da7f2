#pragma once

#include <stdexcept>
#include <string>

namespace sei {

/// Bad user input (model, structure, command line). what() is one line that names the file, the
/// line and what was expected, so front ends can print it as it is.
class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
  InputError(const std::string& file, int line, const std::string& message)
      : std::runtime_error(file + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " +
                           message) {}
};

/// A file could not be written (disk full, permissions, a vanished folder). what() is one line
/// that names the file.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace sei
