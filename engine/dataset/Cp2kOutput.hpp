#pragma once

#include <Eigen/Dense>
#include <optional>
#include <string>
#include <vector>

#include "core/Structure.hpp"
#include "dataset/LabelledStructure.hpp"

namespace sei::dataset {

/// What a CP2K ENERGY_FORCE run prints with the project's labelling template
/// (../shared/docs/cp2k-label.inp: PRINT_LEVEL LOW, &PRINT &FORCES and &STRESS_TENSOR on).
struct Cp2kOutput {
  double energy = 0.0;  ///< "ENERGY| Total FORCE_EVAL ( QS ) energy [a.u.]" (or [hartree]), eV
  std::vector<std::string> elements;      ///< the Element column of the forces block
  std::vector<Eigen::Vector3d> forces;    ///< "ATOMIC FORCES in [a.u.]" (Ha/bohr), as eV/Å
  std::optional<Eigen::Matrix3d> stress;  ///< "STRESS| ... stress tensor [GPa]", as eV/Å³, CP2K's
                                          ///< sign (a pressure: W = V·σ_CP2K)
  std::string inputName;                  ///< "CP2K| Input file name", as written
};

/// Reads one CP2K output (the log of `cp2k -i IN -o OUT`). Throws InputError naming file and
/// line for a missing energy or forces block, more than one energy (an MD or optimisation run,
/// whose geometries the log does not hold) or a non-finite number.
Cp2kOutput readCp2kOutput(const std::string& path);

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
