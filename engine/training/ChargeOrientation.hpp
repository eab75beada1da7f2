#pragma once

#include <cstddef>
#include <vector>

#include "training/NepInput.hpp"
#include "training/Prediction.hpp"
#include "training/TrainingSet.hpp"

namespace sei::training {

/// Energies, forces and virials are even in a qNEP's charges, so data without Born effective
/// charges fix the charges only up to one sign for the whole model, which the start picks.
/// `charge_sign auto` writes the model the way chemistry reads it: the more electronegative
/// elements negative.

/// Whether `charge_sign auto` orients this run's written models: a qNEP, no BEC labels in `train`.
bool orientsCharges(const NepInput& in, const std::vector<TrainingStructure>& train);

/// Σ over the structures `which` of `set` of Σ_i (χ_i − χ̄) q̂_i: the predicted raw charges
/// against the Allen electronegativity χ of each atom's element (χ̄ the structure's mean; atoms
/// whose element has no value left out). Positive where electronegative atoms are predicted
/// positive. `preds[k]` belongs to `set[which[k]]`. e (Pauling units of χ).
double electronegativityAlignment(const NepInput& in, const std::vector<TrainingStructure>& set,
                                  const std::vector<std::size_t>& which,
                                  const std::vector<StructurePrediction>& preds);

}  // namespace sei::training
