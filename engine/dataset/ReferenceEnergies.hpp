#pragma once

#include <map>
#include <string>
#include <vector>

#include "dataset/LabelledStructure.hpp"

namespace sei::dataset {

/// Energies per element (eV) subtracted from total energies, so a model learns the energy of
/// bonding rather than the pseudopotentials' valence energies (CP2K totals differ by ~650 eV
/// per atom between Na and F).
struct ReferenceEnergies {
  std::map<std::string, double> perElement;  ///< eV per atom of the element
  double residualRms = 0.0;  ///< eV/atom, RMS of (E − Σ n_e μ_e)/N over the set (after a fit)
};

/// Least-squares fit of E_s ≈ Σ_e n_{s,e} μ_e over the structures' compositions (Eigen's
/// column-pivoting QR). Throws InputError when the compositions do not determine every μ_e
/// (e.g. every structure NaF with Na:F = 1:1), naming the rank and the elements.
ReferenceEnergies fitReferenceEnergies(const std::vector<LabelledStructure>& set);

/// Reads "Element energy_eV" lines ('#' starts a comment). Throws InputError naming file and
/// line for a bad line or a repeated element.
ReferenceEnergies readReferenceEnergies(const std::string& path);

/// Subtracts Σ_i μ_{e(i)} from every energy; InputError naming the structure when an element
/// has no reference energy.
void subtractReferenceEnergies(std::vector<LabelledStructure>& set, const ReferenceEnergies& ref,
                               const std::string& refSource);

}  // namespace sei::dataset
