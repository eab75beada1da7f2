#pragma once

#include <QImage>
#include <QSize>
#include <QString>
#include <optional>

#include "ColorMaps.hpp"

class vtkRenderer;

namespace sei::render {

class AtomScene;

/// What a figure contains besides the scene as the viewport shows it.
struct FigureOptions {
  QSize size{1600, 1200};  ///< pixels
  /// Background colour; nullopt: the view's. The colour bar's and caption's text is black or
  /// white, whichever reads on it.
  std::optional<Rgb> background;
  bool transparentBackground = false;
  bool colorBar = true;  ///< when the colour mode has one
  QString caption;       ///< drawn at the lower left; empty = none
};

/// Renders a scene offscreen at any size up to the OpenGL limit, independent of the window size,
/// with the viewport's camera. Needs an X display (Debian's VTK has no EGL/OSMesa).
class FigureExporter {
 public:
  /// The image (ARGB32, top row first). Throws std::runtime_error if OpenGL cannot render it.
  static QImage render(const AtomScene& scene, const FigureOptions& options);
  /// Renders one renderer offscreen at `size` (ARGB32, top row first). Throws
  /// std::runtime_error if OpenGL cannot render it.
  static QImage renderImage(vtkRenderer* renderer, QSize size);
  /// render() + PNG file, written atomically. Throws InputError naming the path on failure.
  static void savePng(const AtomScene& scene, const FigureOptions& options, const QString& path);
};

}  // namespace sei::render
