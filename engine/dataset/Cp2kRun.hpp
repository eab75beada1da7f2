#pragma once

#include <string>

#include "core/Structure.hpp"
#include "dataset/LabelledStructure.hpp"
#include "label/Cp2kOutput.hpp"

namespace sei::dataset {

/// Reads one CP2K output (the log of `cp2k -i IN -o OUT`, parsed as `sei label` parses its
/// own). Throws InputError naming file and line for a missing energy or forces block, more
/// than one energy (an MD or optimisation run, whose geometries the log does not hold) or a
/// spot not laid out as CP2K writes it (a non-finite number, a cut table).
label::Cp2kOutput readCp2kOutput(const std::string& path);

/// The geometry a CP2K input describes: &SUBSYS &CELL (ABC [+ ALPHA_BETA_GAMMA] or A, B, C;
/// Å, or [bohr]; PERIODIC) and the atoms of &COORD (Å, or SCALED) or of &TOPOLOGY
/// COORD_FILE_NAME in XYZ format (relative to the input's folder). Throws InputError naming
/// file and line for what it does not support (@ preprocessor lines, other coordinate
/// formats, other units).
Structure readCp2kGeometry(const std::string& inputPath);

/// A labelled structure from a CP2K output and the input named in it (looked up in the
/// output's folder): positions and cell from the input, energy, forces and virial from the
/// output. CP2K's energy is the free energy of the smeared electrons; `kind` other than Free
/// is refused.
LabelledStructure readCp2kRun(const std::string& outputPath, EnergyKind kind);

}  // namespace sei::dataset
