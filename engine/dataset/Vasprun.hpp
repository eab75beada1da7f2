#pragma once

#include <string>
#include <vector>

#include "dataset/LabelledStructure.hpp"

namespace sei::dataset {

/// Every <calculation> of a VASP vasprun.xml: elements from atominfo's "atoms" array, the cell
/// (varray "basis") and fractional positions of the calculation's <structure>, forces (eV/Å),
/// the stress (kB, VASP's sign: W = V·σ_VASP) and the energy `kind`. The free energy is the
/// calculation's e_fr_energy; e_wo_entrp and e_0_energy are taken as e_fr_energy plus their
/// difference to e_fr_energy in the last <scstep>, because the calculation-level e_0_energy is
/// wrong in VASP 5 and 6 (the workaround ASE applies). A small XML scanner reads only these
/// tags; throws InputError naming file and line for malformed XML or a missing block.
std::vector<LabelledStructure> readVasprun(const std::string& path, EnergyKind kind);

}  // namespace sei::dataset
