#include "project/JsonFields.hpp"

#include <fstream>
#include <limits>
#include <set>
#include <vector>

namespace sei {

json parseJsonText(const std::string& text, const std::string& source) {
  // JSON allows a key twice and nlohmann keeps the last one silently; a user who edits a file
  // by hand then sees one of two settings ignored. The keys seen per open object:
  std::vector<std::set<std::string>> keys;
  const json::parser_callback_t refuseDuplicates = [&](int, json::parse_event_t event,
                                                       json& parsed) {
    if (event == json::parse_event_t::object_start) keys.emplace_back();
    if (event == json::parse_event_t::object_end && !keys.empty()) keys.pop_back();
    if (event == json::parse_event_t::key && !keys.empty() &&
        !keys.back().insert(parsed.get<std::string>()).second)
      throw InputError(source + ": duplicate key \"" + parsed.get<std::string>() +
                       "\" (give each field once per object)");
    return true;
  };
  try {
    return json::parse(text, refuseDuplicates);
  } catch (const json::parse_error& e) {
    // nlohmann's message carries line and column: "... parse error at line 3, column 7: ...".
    const std::string what = e.what();
    const auto pos = what.find("parse error");
    throw InputError(source +
                     ": invalid JSON: " + (pos == std::string::npos ? what : what.substr(pos)));
  }
}

std::string readTextFile(const std::string& path, const std::string& what) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open the " + what);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int checkFormatAndVersion(JsonFields& f, const json& root, const std::string& format, int version,
                          const std::string& kind, int oldest) {
  if (oldest <= 0) oldest = version;
  const std::string given = f.text("format", "");
  if (given != format)
    f.fail("format", "expected \"" + format + "\" (is this a " + kind + " file?)",
           root.contains("format") ? root["format"] : json());
  const long long v = f.integer("version", 0, 0, std::numeric_limits<int>::max());
  const std::string supported =
      oldest == version ? std::to_string(version)
                        : std::to_string(oldest) + " to " + std::to_string(version);
  if (v < oldest || v > version)
    f.fail("version",
           v > version ? "this " + kind + " needs a newer SEI Studio (supported: " + supported + ")"
                       : "expected " + supported,
           root.contains("version") ? root["version"] : json());
  return static_cast<int>(v);
}

std::string joinPath(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}

}  // namespace sei
