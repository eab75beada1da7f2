#pragma once

#include <string>
#include <vector>

#include "core/Structure.hpp"

namespace sei {

// LAMMPS data files (read_data / write_data), metal units. Open Babel 3.1 only writes them, so
// both directions are ours.

/// Reads a LAMMPS data file: the header's atom count, box (xlo xhi, ylo yhi, zlo zhi and the
/// triclinic tilt xy xz yz) and the Atoms section in atomic style (id type x y z), or charge
/// (id type q x y z) and full (id mol type q x y z) when the section's style comment or its
/// column count says so; image flags are accepted and ignored. Atoms come in the order of their
/// ids, positions relative to the box origin (Å); the cell is periodic in all directions.
/// Elements of the types, first that applies: `typeElements` (type 1, 2, ... in order), the
/// Atom Type Labels section, a "# Na" comment after a mass, the standard atomic weight within
/// 0.01 amu of the type's mass. Other sections (Velocities, Bonds, coefficients) are skipped.
/// Throws InputError "path:LINE: field: what was expected, found ..." on the first problem.
Structure readLammpsData(const std::string& path,
                         const std::vector<std::string>& typeElements = {});

/// The data file of `s` in atomic style: one type per element in order of first appearance,
/// Masses with the element as a comment (so readLammpsData and OVITO recover the elements),
/// positions with the digits a double needs. LAMMPS wants a along x and b in the xy plane: a
/// cell that is not already so is rotated rigidly (fractional coordinates, lengths and angles
/// kept). Throws InputError when `s` has no cell or a left-handed one (LAMMPS cannot hold it).
std::string lammpsDataText(const Structure& s);
/// Writes lammpsDataText atomically.
void writeLammpsData(const std::string& path, const Structure& s);

}  // namespace sei
