#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "io/NumberText.hpp"

namespace sei::dataset {

/// The lines of a text file (without end-of-line characters) for the readers of other programs'
/// outputs, which need to look ahead and to name line numbers in messages.
struct TextLines {
  std::string path;
  std::vector<std::string> lines;  ///< lines[k] is line k + 1

  /// Reads `path`; InputError naming it when it cannot be read.
  static TextLines read(const std::string& path);
  std::size_t size() const { return lines.size(); }
  const std::string& operator[](std::size_t k) const { return lines[k]; }
};

/// The finite number `token`; InputError naming file, line (0-based index k) and `what`.
double numberAt(const TextLines& text, std::size_t k, std::string_view token,
                const std::string& what);

/// `count` finite numbers from word `first` of line k; InputError naming file, line and `what`
/// when there are fewer or one is not a finite number.
std::vector<double> numbersAt(const TextLines& text, std::size_t k, std::size_t first,
                              std::size_t count, const std::string& what);

}  // namespace sei::dataset
