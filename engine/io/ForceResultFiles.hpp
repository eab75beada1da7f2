#pragma once

#include <string>

#include "core/ForceResult.hpp"

namespace sei {

/// Writes a force evaluation as the text files of the golden reference format: energy.txt,
/// per_atom_energy.txt, forces.txt, virial.txt, per_atom_virial.txt (if present), charges.txt
/// and bec.txt (qNEP). Numbers in %.10e; 3×3 tensors as xx xy xz yx yy yz zx zy zz. The folder
/// is created if needed; each file is written atomically.
void writeForceResultFiles(const std::string& folder, const ForceResult& result);

}  // namespace sei
