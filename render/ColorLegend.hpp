#pragma once

#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>

namespace sei::render {

/// Font sizes of a colour bar for an image `height` pixels tall: fixed fractions of the height,
/// so the legend takes the same share of a screen view, a figure and a movie frame.
struct LegendFonts {
  int title = 0;   ///< px
  int labels = 0;  ///< px
};
LegendFonts legendFonts(int height);

/// The grey level (0 black, 1 white) of text that reads on `background` (RGB in [0, 1]).
double inkFor(const double background[3]);

/// Lays out `bar` for a viewport of width × height pixels on `background` (RGB in [0, 1]): text
/// at legendFonts(height) in black or white, whichever reads on the background, and a bar whose
/// width is a fixed fraction of the height, at the right edge.
void fitLegend(vtkScalarBarActor* bar, int width, int height, const double background[3]);

/// Refits `bar` (fitLegend) to `renderer`'s size and background before each of its renders.
void fitLegendOnRender(vtkRenderer* renderer, vtkScalarBarActor* bar);

}  // namespace sei::render
