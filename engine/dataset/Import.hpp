#pragma once

#include <string>
#include <vector>

#include "dataset/LabelledStructure.hpp"

namespace sei::dataset {

enum class InputFormat { Auto, Outcar, Vasprun, Cp2k, ExtXyz };

/// "auto", "outcar", "vasprun", "cp2k" or "extxyz"; InputError naming `option` otherwise.
InputFormat parseInputFormat(const std::string& text, const std::string& option);
const char* inputFormatName(InputFormat format);

/// The format of `path` from its first 64 KiB: "<?xml"/"<modeling>" → vasprun, "vasp." with
/// "POTCAR:" or "TITEL" → OUTCAR, "CP2K|" → CP2K, an atom count on the first line → extended
/// XYZ. InputError naming the file when none fits.
InputFormat detectFormat(const std::string& path);

/// Every labelled structure in `path`, read as `format` (Auto: detectFormat).
std::vector<LabelledStructure> importLabelled(const std::string& path, InputFormat format,
                                              EnergyKind kind);

}  // namespace sei::dataset
