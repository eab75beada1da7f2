#pragma once

#include <string>
#include <vector>

#include "training/NepInput.hpp"
#include "training/TrainingSet.hpp"

namespace sei::training {

/// What the lines of a set's charge_*.out belong to. GPUMD's file is one predicted charge q̂ per
/// atom and no reference (training data label no per-atom charges), so a charge plot needs the
/// set itself: each line's type and each structure's size and total charge, in the order the
/// trainer writes the structures (parityOrder).
struct ChargeLayout {
  std::vector<int> types;               ///< nep.in `type` index of each line's atom
  std::vector<std::size_t> sizes;       ///< atoms of each structure, in the file's order
  std::vector<double> totalCharge;      ///< e, each structure's `charge=` label (0 when neutral)
  std::vector<std::size_t> structures;  ///< each structure's index in the set
};
ChargeLayout chargeLayout(const NepInput& in, const std::vector<TrainingStructure>& set,
                          bool trainingSet);

/// A set's charge_*.out read against its layout.
struct ChargeSummary {
  std::vector<std::vector<double>> byType;  ///< e, the predicted q̂ of every atom of each type
  /// e per atom: RMSE over the structures of the net charge (Σq̂ − Q)/N, the only charge label
  /// of the data; loss.out's charge column for the same set.
  double netRmse = 0.0;
  /// e, per type: the mean charge after each structure's shift to its total charge (the charges
  /// MD uses); 0 for a type with no atoms.
  std::vector<double> meanNeutral;
  /// e per atom: the largest |Σq̂ − Q|/N of a structure (MD's watchdog checks it), and that
  /// structure's index in the set.
  double worstNet = 0.0;
  std::size_t worstStructure = 0;
};
/// Throws InputError naming the file (and line) for a malformed line or a line count that is not
/// the layout's atom count (a file from another set or nep.in).
ChargeSummary readChargeFile(const std::string& path, const ChargeLayout& layout, int numTypes);

}  // namespace sei::training
