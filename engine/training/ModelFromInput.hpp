#pragma once

#include <string>
#include <vector>

#include "nep/NepModel.hpp"
#include "training/NepInput.hpp"
#include "training/TrainingSet.hpp"

namespace sei::training {

/// The NepModel nep.in describes (token, types, ZBL, cutoffs, sizes, one network per type),
/// every trained number zero and every scaler 1. `zblPairs` are the numbers of GPUMD's zbl.in
/// (flexible ZBL) or empty for universal ZBL.
NepModel modelFromInput(const NepInput& input, const std::vector<ZblPairParameters>& zblPairs);

/// Reads GPUMD's zbl.in: 10 numbers per unordered type pair (r_in r_out A1 B1 ... A4 B4) in
/// the pair order of nep.txt. Throws InputError naming the file for a short or bad file.
std::vector<ZblPairParameters> readZblIn(const std::string& path, int numTypes);

/// The largest numbers of neighbours within the radial and angular cutoffs over the sets
/// (MN_R, MN_A of the nep.txt header).
std::pair<int, int> maxNeighborCounts(
    const NepModel& model, const std::vector<const std::vector<TrainingStructure>*>& sets);

/// Throws InputError if `model` (a nep.txt to predict with or resume from) differs from what
/// nep.in describes: elements, token, cutoffs, sizes.
void checkModelMatchesInput(const NepModel& model, const NepInput& input);

}  // namespace sei::training
