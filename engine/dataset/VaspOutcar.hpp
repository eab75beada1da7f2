#pragma once

#include <string>
#include <vector>

#include "dataset/LabelledStructure.hpp"

namespace sei::dataset {

/// Every ionic step of a VASP OUTCAR: elements from the TITEL lines and "ions per type", the
/// cell from the latest "direct lattice vectors", positions and forces (eV/Å) from each
/// "POSITION ... TOTAL-FORCE (eV/Angst)" block, the energy `kind` from the "FREE ENERGIE OF THE
/// ION-ELECTRON SYSTEM" lines after it ("free  energy   TOTEN", "energy  without entropy",
/// "energy(sigma->0)"), and the virial from the step's "in kB" stress line (VASP prints
/// XX YY ZZ XY YZ ZX with the sign of a pressure, so W = V·σ_VASP; 1 kB = 0.1 GPa).
/// Throws InputError naming file and line for a missing block, a step without energy, a
/// non-finite number.
std::vector<LabelledStructure> readOutcar(const std::string& path, EnergyKind kind);

}  // namespace sei::dataset
