#pragma once

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "core/Structure.hpp"

namespace sei::training {

/// One labelled structure of a GPUMD training set. Energies and virials are stored per atom,
/// as GPUMD's nep does (structure.cu), so the loss terms read them directly.
struct TrainingStructure {
  std::string name;                ///< "train.xyz structure 7" (1-based), for messages
  Structure structure;             ///< symbols, positions, cell, reference forces (eV/Å)
  std::vector<int> types;          ///< index into nep.in's `type` per atom
  double energy = 0.0;             ///< reference energy per atom, eV
  bool hasVirial = false;          ///< `virial=` or `stress=` given
  std::array<double, 6> virial{};  ///< per atom, eV: xx yy zz xy yz zx (GPUMD's order)
  double weight = 1.0;             ///< `weight=`, multiplies every term (0, 100]
  double energyWeight = 1.0;       ///< `energy_weight=` (per-structure energy weight)
  double totalCharge = 0.0;        ///< `charge=`, e (qNEP)
  bool hasBec = false;             ///< `bec:R:9` per-atom column (qNEP)
  std::vector<double> bec;         ///< 9 per atom, row-major, e

  std::size_t size() const { return structure.size(); }
  double volume() const { return std::abs(structure.cell.matrix().determinant()); }
};

/// Reads GPUMD's training extended XYZ (train.xyz / test.xyz): `energy=` (required, eV),
/// `virial=` (9 numbers, eV) or `stress=` (9 numbers, eV/Å³, converted to virial = −stress·V
/// as GPUMD does; virial wins when both are given), `weight=`, `energy_weight=`, `charge=`,
/// per-atom `force(s)` (required) and `bec`. Keys are case-insensitive. Throws InputError naming
/// the file and structure for an element not in `elements`, a missing energy or forces, a
/// non-finite label, a bad weight, or an empty file.
std::vector<TrainingStructure> readTrainingSet(const std::string& path,
                                               const std::vector<std::string>& elements);

/// Whether any structure of `set` carries Born effective charges (they fix a qNEP's charge sign).
bool hasBecLabels(const std::vector<TrainingStructure>& set);

/// GPUMD's order of the training structures for `numBatches` batches (structure.cu
/// find_permuted_indices): sorted by energy per atom, batch b takes every numBatches-th one
/// from position b, so each batch spans the energy range. Identity for one batch.
std::vector<std::size_t> batchOrder(const std::vector<TrainingStructure>& set, int numBatches);

/// The number of batches of `count` structures in batches of at most `batch` (nep.in's `batch`).
inline int batchCount(std::size_t count, int batch) {
  return static_cast<int>((count - 1) / static_cast<std::size_t>(batch) + 1);
}

/// [first, last) of batch b of `count` structures in `numBatches` (larger batches first).
std::array<std::size_t, 2> batchRange(std::size_t count, int numBatches, int b);

}  // namespace sei::training
