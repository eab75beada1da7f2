#pragma once

#include <QSize>
#include <QString>
#include <optional>

class QChart;
class QWidget;

namespace sei::studio {

/// The size of an exported figure: in pixels, inches or centimetres, with the resolution that
/// relates them. Text keeps its point size, so a 3.5 in wide figure has paper-sized labels
/// whatever its DPI.
struct ExportSize {
  enum class Unit { Pixels, Inches, Centimetres };
  double width = 0.0;   ///< in `unit`; 0: the chart's size on screen (at least 640 × 480 px)
  double height = 0.0;  ///< in `unit`
  Unit unit = Unit::Pixels;
  double dpi = 96.0;  ///< dots per inch (pixel density of a PNG; vector files keep the inches)

  QSizeF inches() const;
  QSize pixels() const;
};

/// The path an export writes: `path` itself when it has a suffix, else `path` with the suffix
/// of the file dialog's chosen filter ("fig" + "SVG drawing (*.svg)" → "fig.svg").
QString exportPathForFilter(const QString& path, const QString& filter);

/// Draws `chart` (on its scene) as PNG (at size.pixels(), with the DPI in the file), SVG or PDF
/// (vector, size.inches() large) by the suffix of `path`, atomically. The chart is laid out at
/// the figure's size in screen pixels (`screenDpi` per inch) and put back afterwards. Returns
/// the reason on failure.
std::optional<QString> writeChartImage(QChart* chart, const QString& path, const ExportSize& size,
                                       double screenDpi, const QString& title);

/// Asks for a figure size (width, height, unit, DPI), starting from `initial`; nothing when
/// cancelled.
std::optional<ExportSize> askExportSize(QWidget* parent, const ExportSize& initial);

}  // namespace sei::studio
