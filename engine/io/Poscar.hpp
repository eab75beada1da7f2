#pragma once

#include <string>

#include "core/Structure.hpp"

namespace sei {

// VASP's POSCAR (VASP 5 layout: element names above the counts). Reading goes through Open Babel
// (formats/StructureFile); this is the writer, which Open Babel's VASP format would do too, but
// it prints 9 decimals where a double needs 17.

/// The POSCAR text of `s`: the first line `comment` (the chemical formula when empty), scale
/// 1.0, the cell vectors, element names and counts, then Cartesian positions in Å with the
/// digits a double needs. POSCAR lists each element once, so the atoms are grouped by element
/// in the order the elements first appear (stable within an element). Throws InputError when
/// `s` has no cell (POSCAR cannot say "no cell") or an unknown element symbol.
std::string poscarText(const Structure& s, const std::string& comment = "");
/// Writes poscarText atomically.
void writePoscar(const std::string& path, const Structure& s);

}  // namespace sei
