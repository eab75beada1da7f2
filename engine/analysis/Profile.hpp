#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "analysis/Frame.hpp"
#include "analysis/MetalSurface.hpp"
#include "analysis/Species.hpp"

namespace sei::analysis {

struct ProfileOptions {
  /// The surface normal: the direction across the planes spanned by the other two cell vectors
  /// (2: the layers are parallel to a and b, i.e. z for an orthogonal slab cell).
  int axis = 2;
  double binWidth = 0.5;  ///< Å, along the normal (the bin count is fixed by the first frame)
  double chargeMin = -2.0, chargeMax = 2.0;  ///< e, range of the per-element charge histograms
  double chargeBinWidth = 0.02;              ///< e
  /// Species of the intact electrolyte; every other atom outside the metal (salts, fragments,
  /// gases) counts as SEI or decomposition product.
  std::set<std::string> electrolyte = {"EC", "PC", "DMC", "DME", "G2", "FEC", "PF6-", "Na+"};
  /// Å⁻³: product atoms denser than this in a 1 Å layer make the layer part of the SEI
  /// (about a fifth of a condensed phase's atom density). The SEI thickness on a metal
  /// surface is the distance from the outermost metal atoms to the outer edge of the last
  /// such layer reached without crossing more than two poor layers in a row.
  double seiDensity = 0.02;
  std::string chargeElement = "Na";  ///< element whose charge statistics are followed per frame
};

/// Per-frame numbers of the interface (time series).
struct InterfaceSample {
  std::int64_t step = 0;
  double time = 0.0;   ///< fs
  int metalAtoms = 0;  ///< atoms in Metal units
  int otherAtoms = 0;  ///< atoms of chargeElement outside the metal (ions, salts)
  /// Å, thickness of the product-rich layer on the metal's upper and lower surface; NaN
  /// without metal.
  double seiTop = 0.0, seiBottom = 0.0;
  /// e, over the atoms of chargeElement (all, metal only, outside the metal); NaN without charges
  /// or atoms.
  double chargeMin = 0.0, chargeMean = 0.0, chargeMeanMetal = 0.0, chargeMeanOther = 0.0;
};

/// Averaged profiles along the surface normal and per-element charge histograms, plus a time
/// series of interface numbers. Charge quantities are skipped (hasCharges() false) when the
/// frames carry no charges.
class ProfileAccumulator {
 public:
  explicit ProfileAccumulator(ProfileOptions options = {});

  /// Adds a frame; species (of the same frame) give the species densities, the metal and the
  /// products. Throws InputError for a frame without a cell (heights are wrapped into it).
  const InterfaceSample& add(const Frame& frame, const SpeciesFrame& species);

  std::size_t frames() const { return frames_; }
  bool hasCharges() const { return chargeFrames_ > 0; }
  const std::vector<InterfaceSample>& samples() const { return samples_; }
  /// Å, bin centres along the normal, mean over frames: the distance from the metal's lower
  /// face (MetalSurface::fromBottom, the slab whole at the start) or, without metal, from the
  /// a–b face.
  std::vector<double> positions() const;
  /// Å⁻³, number density per element symbol and per species name, averaged over the frames.
  std::map<std::string, std::vector<double>> elementDensity() const;
  std::map<std::string, std::vector<double>> speciesDensity() const;
  std::vector<double> chargeDensity() const;  ///< e/Å³
  /// Normalised histograms (sum over bins × width = 1) per element, on chargeBinCentres().
  std::map<std::string, std::vector<double>> chargeHistograms() const;
  std::vector<double> chargeBinCentres() const;  ///< e
  const ProfileOptions& options() const { return options_; }

 private:
  std::map<std::string, std::vector<double>> averaged(
      const std::map<std::string, std::vector<double>>& sums) const;
  void seiThickness(const Frame& frame, const SpeciesFrame& species,
                    const std::vector<double>& height, const MetalSurface& surface,
                    InterfaceSample& sample) const;

  ProfileOptions options_;
  int bins_ = 0;
  int chargeBins_ = 0;
  std::size_t frames_ = 0, chargeFrames_ = 0;
  double thicknessSum_ = 0.0;                                           ///< Å
  std::map<std::string, std::vector<double>> elementSum_, speciesSum_;  ///< Σ density, Å⁻³
  std::vector<double> chargeSum_;                                       ///< Σ e/Å³
  std::map<std::string, std::vector<double>> chargeCounts_;
  std::vector<InterfaceSample> samples_;
};

}  // namespace sei::analysis
