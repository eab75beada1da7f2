#pragma once

#include <vtkLookupTable.h>
#include <vtkSmartPointer.h>

#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sei::render {

using Rgb = std::array<double, 3>;  ///< red, green, blue in [0, 1]

/// Conventional element colour (Jmol's CPK table, see resources/colormaps/README.md); a neutral
/// grey for elements the table does not list.
Rgb elementColor(std::string_view symbol);

/// Atom radius at display scale 1 (the engine's covalent radius table), Å; 1 Å if unknown.
double elementRadius(std::string_view symbol);

/// The k-th colour of a 12-colour categorical palette (Paul Tol's bright and light schemes: told
/// apart on a dark background and by most colour-blind readers); it repeats after 12.
Rgb categoricalColor(int k);

/// The studio's one species palette, used by the 3D view, the plots and exported figures alike:
/// fixed colours for the common electrolyte and SEI species (EC red, PF6- yellow, Na+ purple,
/// Na(metal) grey, salt domains and NaF green, reduced EC wine, ...), and for any
/// other name a categoricalColor chosen by a hash of the name, so a species has the same colour in
/// every view, run and session.
Rgb speciesColor(std::string_view name);

/// A legend for named categories: an indexed table whose value k has the k-th colour and, as
/// annotation, the k-th name (the colour bar then draws one labelled swatch per name).
vtkSmartPointer<vtkLookupTable> categoricalTable(
    const std::vector<std::pair<std::string, Rgb>>& entries);

/// Moreland's cool–warm diverging map over [−range, +range] (blue, near-white at 0, red),
/// sampled into a 256-entry table. For partial charges: the sign reads at a glance.
vtkSmartPointer<vtkLookupTable> divergingTable(double range);

/// Viridis-like sequential map over [low, high] (perceptually ordered, colour-blind safe), for
/// heights and other unsigned quantities.
vtkSmartPointer<vtkLookupTable> sequentialTable(double low, double high);

/// The maps a continuous property can be drawn with.
enum class ColorMap {
  CoolWarm,  ///< divergingTable: signed quantities, centred between the range's ends
  Viridis,   ///< sequentialTable
  Plasma,    ///< sequential, blue–magenta–yellow (matplotlib's plasma)
  Greys,     ///< dark to light grey, for print in black and white
};

/// The map's name as the View panel lists it.
const char* colorMapName(ColorMap map);

/// `map` sampled over [low, high] (a 256-entry table; an empty range is widened to 1).
vtkSmartPointer<vtkLookupTable> colorMapTable(ColorMap map, double low, double high);

}  // namespace sei::render
