#pragma once

#include <string>
#include <vector>

#include "nep/NepModel.hpp"

namespace sei::training {

/// Number of trained numbers of a model: the network block and the descriptor coefficients of
/// spec §2.3 items 1–5 (P_NN + P_c). Scalers and flexible-ZBL numbers are fixed during training,
/// as in GPUMD's `nep`.
std::size_t numTrainedParameters(const NepModel& model);

/// The trained numbers of `model` in nep.txt order (spec §2.3). Works on any NepModel-shaped
/// struct, e.g. a gradient whose fields hold derivatives. For nep3 (one network shared by all
/// types, stored replicated) the first replica is the shared network.
std::vector<double> flattenParameters(const NepModel& model);

/// Inverse of flattenParameters: overwrites the trained numbers of `model` (whose header fixes
/// the sizes) with `values`, replicating nep3's shared network. Throws std::invalid_argument if
/// the size differs from numTrainedParameters(model).
void unflattenParameters(const std::vector<double>& values, NepModel& model);

/// A model with every trained number zero and the header, scalers and ZBL of `shape`: the
/// container for a gradient or an optimiser's moment.
NepModel zeroParametersLike(const NepModel& shape);

/// The nep.txt text of `model` (spec §2): header lines as GPUMD's `nep` writes them, then one
/// number per line. Numbers use GPUMD's "%15.7e" wherever that reads back to the same double
/// and the shortest exact form otherwise, so readNepModel returns exactly `model`'s numbers.
std::string nepText(const NepModel& model);

/// GPUMD's "%15.7e" when it reads back to `v` exactly, else the shortest exact form.
std::string exactNumber(double v);

/// Writes nepText(model) to `path` atomically.
void writeNepModel(const std::string& path, const NepModel& model);

}  // namespace sei::training
