#pragma once

#include <cctype>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sei {

// Numbers in text files without printf/strtod: those follow LC_NUMERIC, which Qt sets from the
// environment, and a German desktop would write and expect "3,5".

/// Appends the shortest text that reads back as the same double.
inline void appendShortest(std::string& out, double v) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
  out.append(buffer, result.ptr);
}

/// The whole token as a double ("1e3", "-0.5"; a leading '+' is accepted); nullopt if it is not
/// one number.
inline std::optional<double> parseReal(std::string_view token) {
  if (token.size() > 1 && token[0] == '+') token.remove_prefix(1);
  double v = 0.0;
  const char* end = token.data() + token.size();
  const auto [ptr, ec] = std::from_chars(token.data(), end, v);
  if (token.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return v;
}

/// The whole token as an integer of type Int (a leading '+' is accepted); nullopt if it is not
/// one integer or out of Int's range.
template <typename Int = long long>
std::optional<Int> parseInteger(std::string_view token) {
  if (token.size() > 1 && token[0] == '+') token.remove_prefix(1);
  Int v = 0;
  const char* end = token.data() + token.size();
  const auto [ptr, ec] = std::from_chars(token.data(), end, v);
  if (token.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return v;
}

/// The whitespace-separated words of a line, as views into it (keep the line alive).
inline std::vector<std::string_view> splitWords(std::string_view s) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    const std::size_t start = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  return words;
}

}  // namespace sei
