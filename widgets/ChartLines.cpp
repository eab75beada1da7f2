#include "ChartLines.hpp"

#include <QChart>
#include <QChartView>
#include <QGraphicsLayout>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>

namespace sei::studio {
namespace {

constexpr qsizetype kMaxPoints = 2000;  ///< per drawn line
constexpr int kXIntervals = 5;          ///< wanted tick intervals; the nice scale gets near them
constexpr int kYIntervals = 4;

}  // namespace

QChartView* styledChartView(int minHeight) {
  auto* v = new QChartView(new QChart);
  styleChartView(v);
  v->setMinimumSize(240, minHeight);
  return v;
}

void styleChartView(QChartView* view) {
  view->setRenderHint(QPainter::Antialiasing);
  // The legend beside the plot, not below it: a low dock keeps its height for the plot area, so
  // that a vertical axis title ("molecules (count)") reads whole instead of being elided.
  view->chart()->legend()->setAlignment(Qt::AlignRight);
  view->chart()->setMargins(QMargins(4, 4, 4, 2));
  view->chart()->layout()->setContentsMargins(0, 0, 0, 0);
  view->chart()->setBackgroundRoundness(0);
}

void applyScale(QValueAxis* axis, const NiceScale& s) {
  axis->setRange(s.min, s.max);
  axis->setTickType(QValueAxis::TicksDynamic);
  axis->setTickAnchor(s.min);
  axis->setTickInterval(s.step);
  axis->setTickCount(s.ticks());
  axis->setMinorTickCount(0);
  axis->setLabelFormat(s.labelFormat());
}

void setLines(QChart* chart, const std::vector<Line>& lines, const Axes& titles) {
  chart->removeAllSeries();
  for (QAbstractAxis* a : chart->axes()) {
    chart->removeAxis(a);
    delete a;
  }
  const bool logY = titles.logY;
  auto* x = new QValueAxis;
  x->setTitleText(titles.x);
  chart->addAxis(x, Qt::AlignBottom);
  QAbstractAxis* axes[2] = {nullptr, nullptr};
  double lo[2] = {std::numeric_limits<double>::max(), std::numeric_limits<double>::max()};
  double hi[2] = {std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()};
  double xLo = std::numeric_limits<double>::max(), xHi = std::numeric_limits<double>::lowest();
  for (const Line& line : lines) {
    const int side = line.right ? 1 : 0;
    if (!axes[side]) {
      QAbstractAxis* y;
      if (logY && side == 0) {
        auto* logAxis = new QLogValueAxis;
        logAxis->setLabelFormat("%g");
        y = logAxis;
      } else {
        y = new QValueAxis;
      }
      y->setTitleText(side ? titles.right : titles.y);
      chart->addAxis(y, side ? Qt::AlignRight : Qt::AlignLeft);
      axes[side] = y;
    }
    auto* series = new QLineSeries;
    series->setName(line.name);
    QList<QPointF> shown;
    for (const QPointF& p : line.points) {
      if (!std::isfinite(p.x()) || !std::isfinite(p.y()) || (logY && !side && p.y() <= 0)) continue;
      shown.append(p);
      lo[side] = std::min(lo[side], p.y());
      hi[side] = std::max(hi[side], p.y());
      xLo = std::min(xLo, p.x());
      xHi = std::max(xHi, p.x());
    }
    // Long runs: every k-th point (and the last) keeps redraws cheap; the CSV has them all.
    if (shown.size() > kMaxPoints) {
      const qsizetype stride = (shown.size() + kMaxPoints - 1) / kMaxPoints;
      QList<QPointF> thinned;
      for (qsizetype i = 0; i < shown.size(); i += stride) thinned.append(shown[i]);
      if (thinned.back() != shown.back()) thinned.append(shown.back());
      shown.swap(thinned);
    }
    series->replace(shown);                          // one update, not one per point
    series->setPointsVisible(series->count() == 1);  // a lone frame draws no line
    chart->addSeries(series);
    if (line.color) series->setColor(*line.color);  // after addSeries, which applies the theme
    series->attachAxis(x);
    series->attachAxis(axes[side]);
  }
  // Empty plots keep round axes too: 0 to 1.
  if (xLo > xHi) xLo = 0.0, xHi = 1.0;
  applyScale(x, niceScale(xLo, xHi, kXIntervals, titles.xFromZero, titles.xWhole));
  if (auto* logAxis = qobject_cast<QLogValueAxis*>(axes[0]); logAxis && lo[0] <= hi[0]) {
    // Whole decades.
    logAxis->setRange(std::pow(10.0, std::floor(std::log10(lo[0]))),
                      std::pow(10.0, std::max(std::ceil(std::log10(hi[0])),
                                              std::floor(std::log10(lo[0])) + 1.0)));
  }
  for (int side = 0; side < 2; ++side)
    if (lo[side] > hi[side]) lo[side] = 0.0, hi[side] = 1.0;
  auto* left = qobject_cast<QValueAxis*>(axes[0]);
  auto* right = qobject_cast<QValueAxis*>(axes[1]);
  if (left && right) {
    const auto [l, r] = niceTwinScales({lo[0], lo[1]}, {hi[0], hi[1]},
                                       {titles.yFromZero, titles.rightFromZero}, kYIntervals);
    applyScale(left, l);
    applyScale(right, r);
  } else if (left) {
    applyScale(left, niceScale(lo[0], hi[0], kYIntervals, titles.yFromZero));
  }
  chart->legend()->setVisible(titles.legend);
}

}  // namespace sei::studio
