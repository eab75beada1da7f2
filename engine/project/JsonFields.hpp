#pragma once

// Reading our JSON files (recipes, projects) strictly. Internal to engine/io: only .cpp files
// include this header, so nlohmann/json stays a private dependency of the engine.

#include <array>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/Error.hpp"

namespace sei {

using nlohmann::json;

/// One JSON object of a recipe or project: typed, range-checked reads by key, and a final check
/// that no key was left unread (a misspelt key is an error, not a silent default).
class JsonFields {
 public:
  JsonFields(const json& object, std::string path, const std::string& source)
      : object_(object), path_(std::move(path)), source_(source) {
    if (!object.is_object()) fail(path_, "expected a JSON object", object);
  }

  bool has(const std::string& key) const { return object_.contains(key); }

  double number(const std::string& key, double fallback, double low, double high) {
    if (!take(key)) return fallback;
    const json& v = object_[key];
    if (!v.is_number() || !(v.get<double>() >= low && v.get<double>() <= high))
      fail(at(key), "expected a number in [" + show(low) + ", " + show(high) + "]", v);
    return v.get<double>();
  }
  long long integer(const std::string& key, long long fallback, long long low, long long high) {
    if (!take(key)) return fallback;
    const json& v = object_[key];
    if (!v.is_number_integer() || v.get<long long>() < low || v.get<long long>() > high)
      fail(at(key),
           "expected an integer in [" + std::to_string(low) + ", " + std::to_string(high) + "]", v);
    return v.get<long long>();
  }
  std::string text(const std::string& key, const std::string& fallback) {
    if (!take(key)) return fallback;
    const json& v = object_[key];
    if (!v.is_string()) fail(at(key), "expected a string", v);
    return v.get<std::string>();
  }
  /// One of `choices`.
  std::string choice(const std::string& key, const std::string& fallback,
                     const std::vector<std::string>& choices) {
    const std::string value = text(key, fallback);
    for (const auto& c : choices)
      if (value == c) return value;
    std::string list;
    for (const auto& c : choices) list += (list.empty() ? "\"" : ", \"") + c + "\"";
    fail(at(key), "expected one of " + list, object_[key]);
  }
  /// A pair of numbers [a, b], each in (0, high].
  std::array<double, 2> pair(const std::string& key, double high) {
    const json& v = child(key);
    if (!v.is_array() || v.size() != 2 || !v[0].is_number() || !v[1].is_number() ||
        !(v[0].get<double>() > 0 && v[0].get<double>() <= high) ||
        !(v[1].get<double>() > 0 && v[1].get<double>() <= high))
      fail(at(key), "expected two numbers in (0, " + show(high) + "]", v);
    return {v[0].get<double>(), v[1].get<double>()};
  }
  /// A key that must be present; InputError when it is not (a hand-edited file).
  const json& child(const std::string& key) {
    if (!take(key)) fail(at(key), "a required key is missing or null", json());
    return object_.at(key);
  }
  /// Marks an optional key as known when it is absent or null.
  void allow(const std::string& key) { read_.insert(key); }
  std::string at(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  const std::string& source() const { return source_; }

  void finish() const {
    for (const auto& item : object_.items())
      if (!read_.count(item.key()))
        fail(at(item.key()), "unknown key (see the file formats in the README)", item.value());
  }

  [[noreturn]] void fail(const std::string& where, const std::string& what, const json& v) const {
    std::string got = v.dump();
    if (got.size() > 60) got = got.substr(0, 57) + "...";
    throw InputError(source_ + ": " + where + ": " + what + ", got " + got);
  }

 private:
  bool take(const std::string& key) {
    read_.insert(key);
    return object_.contains(key) && !object_[key].is_null();
  }
  static std::string show(double x) {
    std::ostringstream s;
    s << x;
    return s.str();
  }

  const json& object_;
  std::string path_;
  const std::string& source_;
  std::set<std::string> read_;
};

/// Parses JSON text; a syntax error becomes "SOURCE: invalid JSON: parse error at line L,
/// column C: ...".
json parseJsonText(const std::string& text, const std::string& source);
/// The whole file as text; InputError naming `what` if it can't be opened.
std::string readTextFile(const std::string& path, const std::string& what);
/// Checks the "format" and "version" keys of a file of kind `format` (e.g. "sei-recipe"):
/// versions from `oldest` (default: `version` only) up to `version` are read. Returns it.
int checkFormatAndVersion(JsonFields& fields, const json& root, const std::string& format,
                          int version, const std::string& kind, int oldest = 0);
/// "prefix.key", or "key" at the top level.
std::string joinPath(const std::string& prefix, const std::string& key);

}  // namespace sei
