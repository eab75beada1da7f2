#pragma once

#include <QString>
#include <optional>

#include "formats/StructureFile.hpp"

namespace sei::studio {

/// File dialog filters for the structure formats of engine/formats: every format it reads
/// (first an entry that takes them all), or every format it writes.
QString structureFileFilters(bool writing);
/// The format a filter of structureFileFilters() names; nullopt for an entry of several formats
/// or all files (the file name says the format then).
std::optional<StructureFormat> structureFormatOfFilter(const QString& filter);

}  // namespace sei::studio
