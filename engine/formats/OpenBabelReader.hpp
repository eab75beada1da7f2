#pragma once

#include <string>

#include "core/Structure.hpp"

namespace sei {

/// The first structure of `path` read by Open Babel's format `obFormat` ("vasp", "cif", "pdb",
/// "xyz"), without bond perception: element symbols, Cartesian positions (Å) and, when the file
/// has one, the unit cell (periodic in all directions; else no cell). A CIF's symmetry
/// operations other than the identity are applied (all atoms of the cell). `formatName` names
/// the format in messages. Throws InputError naming the file, and the atom where one is at
/// fault, when Open Babel reads no atoms, an unknown element or a non-finite coordinate.
Structure readWithOpenBabel(const std::string& path, const std::string& obFormat,
                            const std::string& formatName);

}  // namespace sei
