#pragma once

#include <vector>

#include "analysis/Species.hpp"

namespace sei::analysis {

/// Groups the bond events one update confirmed into reactions: events are joined when they share
/// an atom or a molecule (before or after), so a ring opening is one reaction and EC + H → ... is
/// another; each reaction lists the species holding its atoms before (`before`, the previous
/// update's units) and after (`after`). With charges (e per atom, of the frame before the change
/// and of this update's frame) it carries the charge its atoms gained.
std::vector<Reaction> groupReactions(const std::vector<BondEvent>& events,
                                     const SpeciesFrame& before, const SpeciesFrame& after,
                                     const std::vector<double>* chargesBefore,
                                     const std::vector<double>* chargesAfter);

}  // namespace sei::analysis
