#pragma once

#include <string>
#include <vector>

#include "dataset/LabelledStructure.hpp"

namespace sei::dataset {

/// Reads the labels of every frame of an extended XYZ file as GPUMD, ASE and MACE-style sets
/// write them (keys case-insensitive; a REF_ label wins over a plain one):
/// - energy: REF_energy, else free_energy (kind Free) or energy; kind Sigma0 takes energy (the
///   σ → 0 energy of ASE's VASP calculator), WithoutEntropy is refused (ASE keeps no such key);
/// - forces: per-atom REF_forces, forces or force (eV/Å);
/// - virial (eV, 9 components or 6 in Voigt order xx yy zz yz xz xy): REF_virial(s), virial(s);
///   else stress (eV/Å³, 9 or Voigt 6) as ASE and GPUMD define it, σ = −W/V, so W = −V·σ;
/// - charge= (total, e), per-atom charges and bec:R:9 are passed on; every other key
///   (config_type, weight, ...) is kept in the structure's info.
/// Missing labels are left unset (hasEnergy false, no forces) for the caller to report. Throws
/// InputError naming file and line or structure for malformed input.
std::vector<LabelledStructure> readExtXyzLabels(const std::string& path, EnergyKind kind);

/// The frames of an extended XYZ file as text, one string per frame, exactly as written (for
/// splits and selections that copy structures without touching them). `count` must be the
/// number of frames readExtXyzLabels found; InputError otherwise.
std::vector<std::string> extXyzFrameTexts(const std::string& path, std::size_t count);

}  // namespace sei::dataset
