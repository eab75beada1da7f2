#include "dataset/TextLines.hpp"

#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/Error.hpp"
#include "io/NumberText.hpp"

namespace sei::dataset {

TextLines TextLines::read(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InputError(path, 0, "is a directory, expected a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot open file for reading");
  TextLines text;
  text.path = path;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    text.lines.push_back(std::move(line));
  }
  if (in.bad()) throw InputError(path, 0, "read error");
  return text;
}

double numberAt(const TextLines& text, std::size_t k, std::string_view token,
                const std::string& what) {
  const auto v = parseReal(token);
  if (!v || !std::isfinite(*v))
    throw InputError(text.path, static_cast<int>(k + 1),
                     what + ": expected a finite number, found '" + std::string(token) + "'");
  return *v;
}

std::vector<double> numbersAt(const TextLines& text, std::size_t k, std::size_t first,
                              std::size_t count, const std::string& what) {
  const auto w = splitWords(text[k]);
  if (w.size() < first + count)
    throw InputError(text.path, static_cast<int>(k + 1),
                     what + ": expected " + std::to_string(count) + " numbers, found " +
                         std::to_string(w.size() > first ? w.size() - first : 0));
  std::vector<double> out;
  for (std::size_t j = 0; j < count; ++j) out.push_back(numberAt(text, k, w[first + j], what));
  return out;
}

}  // namespace sei::dataset
