#include "md/StructureEvaluation.hpp"

#include "core/Error.hpp"
#include "io/ExtXyz.hpp"

namespace sei {

ForceResult evaluateStructure(NepEvaluator& evaluator, const Structure& structure,
                              const std::string& sourceName, bool inFile) {
  const NepModel& model = evaluator.model();
  const std::vector<int> types = model.typesOf(structure, sourceName);
  if (model.hasCharges() && !structure.cell.fullyPeriodic())
    throw InputError(sourceName, inFile ? 2 : 0,
                     "a charge (qNEP) model needs a cell periodic in all directions "
                     "(Lattice=... pbc=\"T T T\")");
  ForceRequest request;
  request.perAtomVirial = true;
  request.atomResolved = true;  // per-atom values are reported: each atom's own under PPPM
  request.bornEffectiveCharges = model.hasCharges();
  ForceResult result;
  evaluator.compute(types, structure.positions, structure.cell, request, result);
  checkDistinctAtoms(structure, result.closest, sourceName, inFile);
  return result;
}

}  // namespace sei
