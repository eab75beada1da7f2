#include "ParityChart.hpp"

#include <QChart>
#include <QFile>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "ChartLines.hpp"
#include "training/TrainOutputs.hpp"

namespace sei::studio {
namespace {

constexpr qsizetype kMaxParityPoints = 4000;  ///< per set; every k-th pair beyond that
constexpr double kMilli = 1000.0;             ///< eV → meV in the RMSE titles

/// Every k-th pair so that at most `limit` remain.
std::vector<std::pair<double, double>> thinned(std::vector<std::pair<double, double>> pairs,
                                               qsizetype limit) {
  if (static_cast<qsizetype>(pairs.size()) <= limit) return pairs;
  const std::size_t stride = (pairs.size() + limit - 1) / limit;
  std::vector<std::pair<double, double>> out;
  for (std::size_t i = 0; i < pairs.size(); i += stride) out.push_back(pairs[i]);
  return out;
}

double rmse(const std::vector<std::pair<double, double>>& pairs) {
  double sum = 0.0;
  for (const auto& [p, r] : pairs) sum += (p - r) * (p - r);
  return pairs.empty() ? 0.0 : std::sqrt(sum / pairs.size());
}

}  // namespace

void setParity(QChart* chart, const QString& quantity, const QString& unit,
               const std::vector<std::pair<QString, ParityPairs>>& sets) {
  chart->removeAllSeries();
  for (QAbstractAxis* a : chart->axes()) {
    chart->removeAxis(a);
    delete a;
  }
  auto* x = new QValueAxis;
  auto* y = new QValueAxis;
  x->setTitleText(QObject::tr("reference %1 (%2)").arg(quantity, unit));
  y->setTitleText(QObject::tr("NEP (%1)").arg(unit));
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  double lo = 0.0, hi = 1.0;
  bool any = false;
  QStringList title;
  for (const auto& [name, pairs] : sets) {
    if (pairs.empty()) continue;
    auto* s = new QScatterSeries;
    s->setName(name);
    s->setMarkerSize(5.0);
    s->setPen(Qt::NoPen);
    QList<QPointF> points;
    for (const auto& [p, r] : thinned(pairs, kMaxParityPoints)) points.append(QPointF(r, p));
    for (const auto& [p, r] : pairs) {
      lo = any ? std::min({lo, p, r}) : std::min(p, r);
      hi = any ? std::max({hi, p, r}) : std::max(p, r);
      any = true;
    }
    s->replace(points);
    chart->addSeries(s);
    s->attachAxis(x);
    s->attachAxis(y);
    title << QObject::tr("%1 RMSE %2 m%3").arg(name).arg(rmse(pairs) * kMilli, 0, 'f', 2).arg(unit);
  }
  const NiceScale scale = niceScale(lo, hi, 4);
  auto* diagonal = new QLineSeries;
  diagonal->setName(QStringLiteral("y = x"));
  diagonal->setPen(QPen(Qt::gray, 1.0, Qt::DashLine));
  diagonal->append(scale.min, scale.min);
  diagonal->append(scale.max, scale.max);
  chart->addSeries(diagonal);
  diagonal->attachAxis(x);
  diagonal->attachAxis(y);
  applyScale(x, scale);
  applyScale(y, scale);
  chart->setTitle(any ? title.join("; ") : QObject::tr("%1: no labelled data yet").arg(quantity));
}

ParityPairs readParityPairs(const QString& path, const std::function<void(const QString&)>& log) {
  if (!QFile::exists(path)) return {};
  try {
    return training::readParityFile(path.toStdString());
  } catch (const std::exception& e) {
    log(QString::fromUtf8(e.what()));
    return {};
  }
}

}  // namespace sei::studio
