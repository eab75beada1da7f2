#pragma once

#include <array>
#include <string>
#include <vector>

#include "ColorMaps.hpp"
#include "analysis/Species.hpp"
#include "md/Snapshot.hpp"

namespace sei::render {

/// What the atoms are coloured by.
enum class ColorMode {
  Element,       ///< Jmol colours, with a legend of the elements present
  Charge,        ///< partial charge, e (the default when the frame has charges)
  Height,        ///< z, Å
  Species,       ///< a categorical colour per species name (analysis::speciesLabel)
  Energy,        ///< per-atom potential energy, eV
  Force,         ///< |F|, eV/Å
  Coordination,  ///< contacts of the atom in the analysis' contact graph (bonds, ionic contacts,
                 ///< metallic neighbours)
};

/// Every mode, in the order the View panel lists them.
const std::vector<ColorMode>& colorModes();
/// The mode's name for a menu ("Partial charge").
const char* colorModeName(ColorMode mode);
/// A continuous property (a colour map and a range) rather than categories.
bool isContinuous(ColorMode mode);
/// The colour bar's title: the property and its unit ("charge (e)", "|F| (eV/Å)").
const char* colorModeTitle(ColorMode mode);
/// The map a property starts with: cool–warm for charges (signed, centred on 0 e), viridis else.
ColorMap defaultColorMap(ColorMode mode);

/// Why `frame` cannot be coloured by `mode` ("" if it can): a frame without charges, per-atom
/// energies or forces, or coordination before the analysis has seen the system. `species` is
/// the analysis of `frame` (null when none applies).
std::string colorModeMissing(ColorMode mode, const Snapshot* frame,
                             const analysis::SpeciesFrame* species);

/// The property's value for every atom of `frame` (a continuous mode; empty when missing).
std::vector<double> propertyValues(ColorMode mode, const Snapshot& frame,
                                   const analysis::SpeciesFrame* species);

/// A colour range covering `values` with round ends, so that the colour bar reads in round
/// numbers: charges symmetric about 0 at a tenth of an e, |F| and coordination from 0, counts
/// at integers, anything else outwards to half a power of ten of the spread. {0, 1} when empty.
std::array<double, 2> roundedRange(ColorMode mode, const std::vector<double>& values);

}  // namespace sei::render
