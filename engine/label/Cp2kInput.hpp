#pragma once

#include <string>
#include <vector>

#include "core/Structure.hpp"

namespace sei::label {

/// One `--set PATH=VALUE` of sei label: a keyword of the CP2K input template, named by the
/// sections that end at it when the keyword alone is ambiguous ("MAX_SCF", "SCF/MAX_SCF",
/// "KIND Na/POTENTIAL"; names are case-insensitive, a section with a parameter matches its
/// name alone or "NAME PARAMETER").
struct Cp2kSetting {
  std::vector<std::string> sections;  ///< outermost first; may be empty
  std::string keyword;
  std::string value;  ///< as CP2K reads it, e.g. "[K] 300"
  std::string text;   ///< the setting as given, for messages
};

/// Parses "PATH=VALUE"; throws InputError naming --set when the form is wrong.
Cp2kSetting parseCp2kSetting(const std::string& text);

/// The template with each setting applied in order: the one keyword line its path names gets
/// the value; a keyword the template lacks is added to the one section its path names. Throws
/// InputError naming the setting and `templateName` when the path names no line or several.
std::string applyCp2kSettings(const std::string& templateText,
                              const std::vector<Cp2kSetting>& settings,
                              const std::string& templateName);

/// The CP2K input of one frame: the line {{CELL}} becomes the cell vectors A, B, C (Å), the
/// line {{COORDINATES}} the atoms (symbol x y z, Å), and the &KIND sections of elements the
/// frame lacks are dropped. Throws InputError when a placeholder line is missing, the frame is
/// not periodic in three directions (stress and GPUMD training need a full cell) or an element
/// has no &KIND section; `frameName` and `templateName` go into the message.
std::string cp2kInputForFrame(const std::string& templateText, const Structure& frame,
                              const std::string& templateName, const std::string& frameName);

}  // namespace sei::label
