#pragma once

#include <map>
#include <string>
#include <vector>

#include "dataset/LabelledStructure.hpp"

namespace sei::dataset {

/// What `sei dataset stats` reports about a training set.
struct DatasetStats {
  std::size_t structures = 0, atoms = 0;
  std::map<std::string, std::size_t> atomsPerElement;
  std::map<std::string, std::size_t> structuresWithElement;
  std::size_t withEnergy = 0, withForces = 0, withVirial = 0;
  double energyPerAtomMin = 0, energyPerAtomMax = 0, energyPerAtomMean = 0;  ///< eV/atom
  double forceMin = 0, forceMax = 0, forceRms = 0;  ///< force components, eV/Å
  std::vector<double> maxForce;                     ///< per structure, largest |F_i|, eV/Å
  double maxForceMean = 0, maxForceSigma = 0;       ///< over structures with forces, eV/Å
  double outlierThreshold = 0;                      ///< mean + sigmas·σ, eV/Å
  std::vector<std::size_t> outliers;                ///< 0-based, largest |F_i| above threshold
  std::vector<std::size_t> missingEnergy, missingForces;  ///< 0-based indices
};

/// Statistics of `set`; outliers are the structures whose largest atomic force magnitude exceeds
/// the mean of that quantity over the set by more than `sigmas` standard deviations.
DatasetStats datasetStats(const std::vector<LabelledStructure>& set, double sigmas = 5.0);

/// Test-set indices (the rest train), both in file order: round(fraction·n) structures, at least
/// one and at most n − 1, drawn by a Fisher–Yates shuffle from the 64-bit Mersenne Twister
/// seeded with `seed`, so the same file and seed give the same split everywhere. InputError for
/// fewer than 2 structures or a fraction outside (0, 1).
std::vector<std::size_t> testIndices(std::size_t n, double fraction, unsigned long long seed);

}  // namespace sei::dataset
