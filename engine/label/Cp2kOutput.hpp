#pragma once

#include <Eigen/Dense>
#include <string>
#include <vector>

namespace sei::label {

/// What a CP2K ENERGY_FORCE output (FORCE_EVAL/PRINT/FORCES and STRESS_TENSOR on) holds, in the
/// units of GPUMD's training files. CP2K 2023.1's layout: "ENERGY| Total FORCE_EVAL ( QS )
/// energy [a.u.]:" (later versions: [hartree]), the "ATOMIC FORCES in [a.u.]" table and the
/// "STRESS| Analytical stress tensor [GPa]" rows. `sei label` (which judges its own runs) and
/// `sei dataset import` (which refuses what it cannot read, naming the line) both read it here.
struct Cp2kOutput {
  bool finished = false;      ///< "PROGRAM ENDED" reached (not killed, not still running)
  bool scfConverged = false;  ///< no "SCF run NOT converged" warning and a converged SCF line
  int energies = 0;           ///< force evaluations printed (an MD or optimisation log: many)
  int secondEnergyLine = 0;   ///< 1-based line of the second one, 0 if none
  bool hasEnergy = false;
  double energy = 0.0;                  ///< eV, total energy of the last force evaluation
  std::vector<std::string> elements;    ///< the forces table's Element column
  std::vector<Eigen::Vector3d> forces;  ///< eV/Å, forces (−gradient) in input atom order
  bool hasStress = false;
  /// eV/Å³, the tensor CP2K prints: its sign is a pressure's (positive when the cell would
  /// expand), so the virial W = −dE/dε is +V times it (checked by finite strains in
  /// TestCp2kLabel).
  Eigen::Matrix3d stress = Eigen::Matrix3d::Zero();
  std::string inputName;     ///< "CP2K| Input file name", as written
  std::string abortMessage;  ///< the text of CP2K's [ABORT] box, empty if none
  /// The first spot not laid out as CP2K writes it (a cut or edited file): 1-based line and
  /// what was expected there; 0 and empty if none. The block it is in is left incomplete.
  int malformedLine = 0;
  std::string malformed;
};

/// Parses the text of a CP2K output file; never throws on content (a truncated or aborted run
/// gives what it has). The last energy, forces and stress of the file count.
Cp2kOutput parseCp2kOutput(const std::string& text);

/// Why `out` is no label for a frame of `atoms` atoms: empty if it is one (finished, SCF
/// converged, energy, a force per atom and the stress tensor), else one short phrase.
std::string cp2kOutputProblem(const Cp2kOutput& out, std::size_t atoms);

}  // namespace sei::label
