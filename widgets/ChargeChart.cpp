#include "ChargeChart.hpp"

#include <QChart>
#include <QObject>
#include <QStringList>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "ChartLines.hpp"

namespace sei::studio {
namespace {

constexpr int kBins = 40;        ///< over the nice range of all shown charges
constexpr double kMilli = 1000;  ///< e → me in the title

}  // namespace

void setChargeDistribution(QChart* chart, const std::vector<std::string>& elements,
                           const std::vector<std::pair<QString, training::ChargeSummary>>& sets) {
  double lo = 0.0, hi = 0.0;
  bool any = false;
  for (const auto& [name, summary] : sets)
    for (const std::vector<double>& q : summary.byType)
      for (double v : q) {
        lo = any ? std::min(lo, v) : v;
        hi = any ? std::max(hi, v) : v;
        any = true;
      }
  // One set of bins for every line, so train and test compare bin by bin.
  const NiceScale range = niceScale(lo, hi, 4);
  const double width = (range.max - range.min) / kBins;
  std::vector<Line> lines;
  QStringList title;
  for (const auto& [name, summary] : sets) {
    QStringList means;
    for (std::size_t t = 0; t < summary.byType.size() && t < elements.size(); ++t) {
      const std::vector<double>& q = summary.byType[t];
      if (q.empty()) continue;
      const QString element = QString::fromStdString(elements[t]);
      std::vector<int> counts(kBins, 0);
      for (double v : q)
        ++counts[std::clamp(static_cast<int>((v - range.min) / width), 0, kBins - 1)];
      Line line{QObject::tr("%1 %2").arg(element, name), {}};
      for (int b = 0; b < kBins; ++b)
        line.points.append(
            QPointF(range.min + (b + 0.5) * width, static_cast<double>(counts[b]) / q.size()));
      lines.push_back(line);
      const double mean = std::accumulate(q.begin(), q.end(), 0.0) / q.size();
      means << QObject::tr("%1 %2 e").arg(element).arg(mean, 0, 'f', 3);
    }
    if (!means.isEmpty())
      title << QObject::tr("%1: %2, net RMSE %3 me/atom")
                   .arg(name, means.join(", "))
                   .arg(summary.netRmse * kMilli, 0, 'f', 2);
  }
  Axes axes(QObject::tr("predicted charge q\u0302 (e)"), QObject::tr("fraction of atoms"));
  axes.yFromZero = true;
  setLines(chart, lines, axes);
  // One line per set (chart titles are HTML): a set's line fits a half-width chart.
  chart->setTitle(any ? title.join("<br>") : QObject::tr("charge: no predictions yet"));
}

}  // namespace sei::studio
