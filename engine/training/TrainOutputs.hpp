#pragma once

#include <string>
#include <utility>
#include <vector>

#include "training/Loss.hpp"
#include "training/Prediction.hpp"
#include "training/TrainingSet.hpp"

namespace sei::training {

/// GPUMD's eV/Å³ → GPa factor of stress_*.out.
constexpr double kPressureToGpa = 160.2177;

/// The parity files GPUMD's nep writes for a set ("train" or "test"), in its formats ("%g",
/// predictions then references, fitness.cu output/update_*): energy (eV/atom), force (eV/Å,
/// one line per atom), virial (eV/atom, xx yy zz xy yz zx), stress (GPa; virial/V), and for
/// qNEP charge (q̂ per atom, unneutralised) and, when labelled, BEC (9 + 9 per atom).
/// Missing virial labels print −1e+06 as in GPUMD. Each file is written atomically in `dir`.
void writeParityFiles(const std::string& dir, const std::string& set,
                      const std::vector<TrainingStructure>& structures,
                      const std::vector<std::size_t>& which,
                      const std::vector<StructurePrediction>& preds, bool charged);

/// The structures of a set's parity files in the order the trainer writes them: GPUMD's batch
/// order (batchOrder) for the training set of an SNES run, as GPUMD's nep; the file's order for
/// the test set, Adam (which reports the whole set) and prediction.
std::vector<std::size_t> parityOrder(const NepInput& in, const std::vector<TrainingStructure>& set,
                                     bool trainingSet);

/// One loss.out row in GPUMD's fixed-width format (NEP: 10 columns, qNEP: 14).
struct LossRow {
  long generation = 0;
  double total = 0.0, l1 = 0.0, l2 = 0.0;
  RmseTerms train, test;  ///< t = T entries are printed; test all zero without a test set
};
std::string lossRowText(const LossRow& row, bool charged);

/// Appends the row to dir/loss.out (flushed) and returns its text without the newline.
std::string appendLossRow(const std::string& dir, const LossRow& row, bool charged);

/// A parity file written by writeParityFile (or GPUMD's nep) read back: each line of 2k numbers
/// gives k (prediction, reference) pairs; lines whose reference is GPUMD's −1e+06 "no label"
/// are left out. Throws InputError naming the file and line for a malformed line.
std::vector<std::pair<double, double>> readParityFile(const std::string& path);

/// Parses a loss.out row back into numbers (tests, benchmark).
std::vector<double> parseLossRow(const std::string& line);
/// Whether parsed numbers are a loss.out row (NEP: 10 columns, qNEP: 14) rather than another
/// line (the trainer's log mixes them).
inline bool isLossRow(const std::vector<double>& v) { return v.size() == 10 || v.size() == 14; }

}  // namespace sei::training
