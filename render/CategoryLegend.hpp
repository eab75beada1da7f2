#pragma once

#include <vtkLookupTable.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>

#include <memory>
#include <string>
#include <vector>

namespace sei::render {

/// Where one entry of a category legend was drawn in the last render, in pixels from the
/// viewport's lower-left corner.
struct LegendSwatch {
  std::string name;
  int x = 0;     ///< px, left edge of the swatch
  int y = 0;     ///< px, lower edge of the swatch
  int size = 0;  ///< px, side of the square
};

/// The legend of a categorical colouring (elements, species): per name of `table` (an indexed
/// lookup table whose annotations name its entries) a square swatch of a fixed size with an
/// outline in the text colour, so that a white H reads on a white figure and a dark one on a
/// dark view, and the name beside it; at the upper right, sized as the colour bar's text
/// (ColorLegend's legendFonts) for the image it is drawn into. A vtkScalarBarActor in indexed
/// mode stretches its swatches to fill the bar's height instead.
class CategoryLegend {
 public:
  /// Adds the legend's actors to `renderer` and lays them out before each of its renders; the
  /// renderer keeps the legend alive.
  static std::shared_ptr<CategoryLegend> attach(vtkRenderer* renderer, vtkLookupTable* table);

  void setVisible(bool visible);
  bool visible() const { return visible_; }
  void setTitle(const std::string& title);
  /// The swatches as the last render placed them (empty before one, or when hidden).
  const std::vector<LegendSwatch>& swatches() const { return swatches_; }

  /// Lays the legend out for `renderer`'s size and background (called before each render).
  void layOut(vtkRenderer* renderer);

 private:
  struct Actors;
  CategoryLegend(vtkRenderer* renderer, vtkLookupTable* table);

  vtkSmartPointer<vtkLookupTable> table_;
  std::shared_ptr<Actors> actors_;
  std::string title_;
  bool visible_ = false;
  std::vector<LegendSwatch> swatches_;
};

}  // namespace sei::render
