#pragma once

#include <string>

#include "core/ForceResult.hpp"
#include "core/Structure.hpp"
#include "nep/NepEvaluator.hpp"

namespace sei {

/// One evaluation of a structure with everything `sei eval` reports: energy, per-atom energies,
/// forces, the virial and per-atom virials (each atom's own, ForceRequest::atomResolved), and for
/// qNEP models the charges and Born effective charges. The one set-up shared by `sei eval` and the
/// Python module's ASE calculator, so that both give the same numbers. Throws InputError naming
/// `sourceName` for an element the model lacks, a qNEP model on a cell not periodic in all
/// directions, and duplicate atoms; with the line of the extended XYZ file when `inFile` (else
/// `sourceName` names an object in memory).
ForceResult evaluateStructure(NepEvaluator& evaluator, const Structure& structure,
                              const std::string& sourceName, bool inFile = true);

}  // namespace sei
