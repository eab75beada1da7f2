#pragma once

#include <QColor>
#include <QList>
#include <QPointF>
#include <QString>
#include <optional>
#include <vector>

#include "NiceAxis.hpp"

class QChart;
class QChartView;
class QValueAxis;

namespace sei::studio {

/// The studio's line charts (Plots and Train panels): named lines on nice-scaled axes.
struct Line {
  QString name;
  QList<QPointF> points;
  bool right = false;                          ///< on the secondary (right) y axis
  std::optional<QColor> color = std::nullopt;  ///< the chart theme's next colour when unset
};

/// Axis titles (with units) and which quantities cannot be negative (their axis starts at 0).
struct Axes {
  Axes(const QString& x, const QString& y, const QString& right = {}) : x(x), y(y), right(right) {}
  QString x, y, right;
  bool logY = false;
  bool xFromZero = false, yFromZero = false, rightFromZero = false;
  bool xWhole = false;  ///< x counts things (generations, epochs): ticks on whole numbers
  bool legend = true;   ///< false: the lines are named by the axis title
};

/// The studio's chart look: antialiased, legend below, tight margins and a plain background, so a
/// low dock (and a paper figure) keeps its space for the plot area and axis titles fit unelided.
void styleChartView(QChartView* view);
/// A new chart view in that look, at least 240 pixels wide and `minHeight` high.
QChartView* styledChartView(int minHeight);

/// Puts the nice scale on the axis: round limits, a tick on every multiple of the step, labels
/// with the step's decimals.
void applyScale(QValueAxis* axis, const NiceScale& s);

/// Replaces the chart's series and axes by `lines`; the axes take nice scales covering the data,
/// twin y axes share their grid lines (and zero). Points that the axis cannot show (non-finite
/// values, values ≤ 0 on a log axis) are left out.
void setLines(QChart* chart, const std::vector<Line>& lines, const Axes& titles);

}  // namespace sei::studio
