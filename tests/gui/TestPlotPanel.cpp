// Live plots (under xvfb-run): snapshots fed to the analysis worker reach the plot panel's
// series with the engine pipeline's numbers; axes, log scale, clicks on times, image and CSV
// exports; a short run in the main window fills the plots.
#include <QChart>
#include <QChartView>
#include <QGraphicsTextItem>
#include <QJsonArray>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QRegularExpression>
#include <QSvgRenderer>
#include <QValueAxis>
#include <QtTest>

#include "AnalysisWorker.hpp"
#include "BuilderPanel.hpp"
#include "MainWindow.hpp"
#include "NiceAxis.hpp"
#include "PlotPanel.hpp"
#include "RunPanel.hpp"
#include "StudioTestMain.hpp"
#include "TestSupport.hpp"
#include "ThermoQuantities.hpp"
#include "VtkView.hpp"
#include "builder/InterfaceBuilder.hpp"
#include "core/Paths.hpp"

using namespace sei;
using namespace sei::studio;
using Plot = PlotPanel::Plot;

namespace {

/// The builder panel's default: Na(100) 4 × 4 × 6 under 15 Å of 1 M NaPF6 in EC.
const BuiltInterface& interface() {
  static const BuiltInterface built =
      buildInterface(BuilderPanel::defaultRecipe(), resourceDirectory());
  return built;
}

/// Frame k of a fake run: the built interface at t = 10 k fs with T = 300 + k K, U = −k eV,
/// K = 0.5 k eV, pressure tensor diag(k, 2k, 3k) GPa and Na charges 0.1 k e.
std::shared_ptr<const Snapshot> frame(int k) {
  const Structure& s = interface().structure;
  auto f = std::make_shared<Snapshot>();
  f->step = 20 * k;
  f->time = 10.0 * k;
  f->symbols = std::make_shared<const std::vector<std::string>>(s.symbols);
  f->positions = s.positions;
  f->cell = s.cell;
  f->charges.assign(s.size(), 0.0);
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s.symbols[i] == "Na") f->charges[i] = 0.1 * k;
  f->thermo.temperature = 300.0 + k;
  f->thermo.potentialEnergy = -k;
  f->thermo.kineticEnergy = 0.5 * k;
  f->thermo.pressure = Eigen::Vector3d(k, 2.0 * k, 3.0 * k).asDiagonal();
  return f;
}

QLineSeries* series(QChartView* view, const QString& name) {
  for (QAbstractSeries* s : view->chart()->series())
    if (s->name() == name) return qobject_cast<QLineSeries*>(s);
  return nullptr;
}

QValueAxis* axis(QChartView* view, Qt::Orientation o) {
  const auto axes = view->chart()->axes(o);
  return axes.isEmpty() ? nullptr : qobject_cast<QValueAxis*>(axes.front());
}

/// The tick labels an axis shows: its label format applied to every multiple of the tick
/// interval in its range.
QStringList tickLabels(const QValueAxis* a) {
  QStringList out;
  const int n = int(std::lround((a->max() - a->min()) / a->tickInterval()));
  for (int k = 0; k <= n; ++k)
    out << QString::asprintf(a->labelFormat().toLatin1().constData(),
                             a->min() + k * a->tickInterval());
  return out;
}

/// Whether `v` is 1, 2, 2.5 or 5 × 10^k.
bool isNiceStep(double v) {
  const double m = v / std::pow(10.0, std::floor(std::log10(v) + 1e-12));
  for (double nice : {1.0, 2.0, 2.5, 5.0})
    if (std::abs(m - nice) < 1e-9) return true;
  return false;
}

/// The axis is round (nice step, limits on multiples of it) and covers [lo, hi].
void checkRound(const QValueAxis* a, double lo, double hi) {
  QVERIFY(a);
  const double step = a->tickInterval();
  QVERIFY2(isNiceStep(step), qPrintable(QString::number(step)));
  for (double limit : {a->min(), a->max()})
    QVERIFY2(std::abs(limit / step - std::round(limit / step)) < 1e-9,
             qPrintable(QString("%1 not a multiple of %2").arg(limit).arg(step)));
  QVERIFY(a->min() <= lo && a->max() >= hi);
  QCOMPARE(a->tickType(), QValueAxis::TicksDynamic);
}

/// The texts drawn in the chart's scene (titles, axis titles and labels, legend) as the user
/// sees them.
QStringList sceneTexts(QChartView* view) {
  QStringList out;
  for (QGraphicsItem* item : view->scene()->items())
    if (auto* text = dynamic_cast<QGraphicsTextItem*>(item); text && text->isVisible())
      out << text->toPlainText();
  return out;
}

/// A thermo sample of temperature `t` (K), potential energy `u` (eV) and an isotropic pressure
/// `p` (GPa).
ThermoSample thermoSample(std::int64_t step, double time, double t, double u, double p) {
  ThermoSample s{step, time, {}};
  s.record.temperature = t;
  s.record.potentialEnergy = u;
  s.record.pressure = p * Eigen::Matrix3d::Identity();
  return s;
}

/// A water system's analysis (elements H and O) over 0.585 ps: 461 H2O, T 287.3..312.9 K.
std::shared_ptr<PlotData> waterData() {
  auto d = std::make_shared<PlotData>();
  for (int k = 0; k <= 9; ++k) {
    const double t = 65.0 * k;  // fs
    d->thermo.push_back(thermoSample(20 * k, t,
                                     k == 3   ? 287.3
                                     : k == 6 ? 312.9
                                              : 300.0 + k,
                                     -10.0 * k, 0.1));
    analysis::SpeciesSample sample;
    sample.step = 20 * k;
    sample.time = t;
    sample.counts["H2O"] = k == 5 ? 461 : 230;
    d->species.push_back(sample);
  }
  for (int i = 0; i < 20; ++i) {
    d->profileZ.push_back(0.5 + i);
    d->elementDensity["O"].push_back(i < 15 ? 0.0334 : 0.0);
    d->elementDensity["H"].push_back(i < 15 ? 0.0668 : 0.0);
    d->chargeDensity.push_back(0.013 * std::sin(i));
  }
  d->hasCharges = true;
  return d;
}

}  // namespace

class TestPlotPanel : public QObject {
  Q_OBJECT

  /// Analyses frames 0..n−1 one at a time (none skipped) and returns the last data.
  static std::shared_ptr<const PlotData> analyse(AnalysisWorker& worker, int n) {
    QSignalSpy updated(&worker, &AnalysisWorker::updated);
    for (int k = 0; k < n; ++k) {
      worker.submit(frame(k));
      if (!updated.wait(60000)) return nullptr;
    }
    return updated.last().at(0).value<std::shared_ptr<const PlotData>>();
  }

 private slots:
  void initTestCase() {}

  void fedSnapshotsReachThePlots() {
    AnalysisWorker worker;
    worker.setRdf({"Na-O", "Na-F"}, 0);
    const auto data = analyse(worker, 3);
    QVERIFY(data);
    QCOMPARE(worker.framesAnalysed(), 3L);

    // Independent reference: the engine's pipeline on the same frames, and the builder's counts.
    analysis::PipelineOptions options;
    options.rdfPairs = {"Na-O", "Na-F"};
    analysis::AnalysisPipeline reference(options);
    std::vector<std::shared_ptr<const Snapshot>> frames = {frame(0), frame(1), frame(2)};
    for (const auto& f : frames) reference.add(analysis::Frame(*f));
    QCOMPARE(data->species.size(), std::size_t(3));
    QCOMPARE(data->species.back().counts, reference.speciesSeries().back().counts);
    int ec = 0;
    for (const auto& s : interface().report.species)
      if (s.name == "EC") ec = s.count;
    QCOMPARE(data->species.back().counts.at("EC"), ec);
    QCOMPARE(data->rdf.size(), std::size_t(2));
    QCOMPARE(data->rdfFrames, std::size_t(3));
    const analysis::RdfCurve ref = reference.rdf()->curve(1);
    QCOMPARE(data->rdf[1].label, ref.label);
    for (std::size_t i = 0; i < ref.cn.size(); ++i) QCOMPARE(data->rdf[1].cn[i], ref.cn[i]);
    QVERIFY(data->hasCharges);
    QCOMPARE(data->interface.size(), std::size_t(3));
    QCOMPARE(data->interface[2].chargeMin, 0.2);
    QCOMPARE(data->thermo.size(), std::size_t(3));
    QCOMPARE(data->thermo[2].record.pressure.trace() / 3.0, 4.0);  // (2 + 4 + 6) / 3

    PlotPanel panel;
    panel.setData(data);
    QChartView* species = panel.chartView(Plot::Species);
    QLineSeries* ecLine = series(species, "EC");
    QVERIFY(ecLine);
    QCOMPARE(ecLine->count(), 3);
    QCOMPARE(ecLine->at(2), QPointF(0.02, ec));  // ps
    QCOMPARE(axis(species, Qt::Horizontal)->min(), 0.0);
    QCOMPARE(axis(species, Qt::Horizontal)->max(), 0.02);
    QVERIFY(panel.shownSpecies().contains("PF6-"));

    panel.setThermoQuantity("temperature");
    QLineSeries* t =
        qobject_cast<QLineSeries*>(panel.chartView(Plot::Thermo)->chart()->series()[0]);
    QCOMPARE(t->count(), 3);
    QCOMPARE(t->at(1).y(), 301.0);
    const QValueAxis* ty = axis(panel.chartView(Plot::Thermo), Qt::Vertical);
    QVERIFY(ty->min() <= 300.0 && ty->max() >= 302.0 && ty->max() < 303.0);
    panel.setThermoQuantity("pressure");
    t = qobject_cast<QLineSeries*>(panel.chartView(Plot::Thermo)->chart()->series()[0]);
    QCOMPARE(t->at(2).y(), 4.0);
    // Every thermo.out column and the derived quantities, with units on the axis.
    const double volume = interface().structure.cell.volume();
    const Eigen::Matrix3d h = interface().structure.cell.matrix();
    const std::pair<const char*, double> expected[] = {{"kinetic_energy", 1.0},
                                                       {"potential_energy", -2.0},
                                                       {"total_energy", -1.0},
                                                       {"pxx", 2.0},
                                                       {"pyy", 4.0},
                                                       {"pzz", 6.0},
                                                       {"pxy", 0.0},
                                                       {"volume", volume},
                                                       {"c", h.col(2).norm()},
                                                       {"ax", h(0, 0)},
                                                       {"cz", h(2, 2)}};
    for (const auto& [key, value] : expected) {
      panel.setThermoQuantity(key);
      QCOMPARE(panel.thermoQuantity(), QString(key));
      t = qobject_cast<QLineSeries*>(panel.chartView(Plot::Thermo)->chart()->series()[0]);
      QVERIFY2(std::abs(t->at(2).y() - value) <= 1e-9 * std::max(1.0, std::abs(value)), key);
    }
    panel.setThermoQuantity("volume");
    QCOMPARE(axis(panel.chartView(Plot::Thermo), Qt::Vertical)->titleText(),
             QString::fromUtf8("volume V (\u00c5\u00b3)"));

    QLineSeries* cn = series(panel.chartView(Plot::Rdf), "CN Na-O");
    QVERIFY(cn);
    QCOMPARE(cn->count(), int(data->rdf[0].r.size()));
    QLineSeries* mean = series(panel.chartView(Plot::Charge), "mean");
    QVERIFY(mean);
    QCOMPARE(mean->count(), 3);
    QCOMPARE(mean->at(1).y(), 0.1);  // every Na carries 0.1 e in frame 1
    QCOMPARE(series(panel.chartView(Plot::Solvation), "SSIP")->count(), 3);

    // z-profiles: each element's density integrates to its atom count, the charge density to
    // the mean net charge of the frames (0, 0.1, 0.2 e per Na).
    const Structure& built = interface().structure;
    const double area = built.cell.volume() / built.cell.thickness(2);  // Å²
    const double dz = built.cell.thickness(2) / double(data->profileZ.size());
    std::map<std::string, int> atoms;
    for (const auto& e : built.symbols) ++atoms[e];
    QCOMPARE(data->elementDensity.size(), atoms.size());
    for (const auto& [element, density] : data->elementDensity) {
      double n = 0.0;
      for (double rho : density) n += rho * dz * area;
      QVERIFY2(std::abs(n - atoms.at(element)) < 1e-9 * atoms.at(element), element.c_str());
    }
    double q = 0.0;
    for (double rho : data->chargeDensity) q += rho * dz * area;
    QVERIFY2(std::abs(q - 0.1 * atoms.at("Na")) < 1e-9, qPrintable(QString::number(q)));
    QLineSeries* naProfile = series(panel.chartView(Plot::Profiles), "Na");
    QVERIFY(naProfile);
    QCOMPARE(naProfile->count(), int(data->profileZ.size()));
    QVERIFY(series(panel.chartView(Plot::Profiles), "charge"));

    // Log scale: a log axis, and a species absent in a frame would be left out (never log 0).
    panel.setLogScale(true);
    QVERIFY(qobject_cast<QLogValueAxis*>(species->chart()->axes(Qt::Vertical).front()));
    QCOMPARE(series(species, "EC")->count(), 3);
    panel.setSpeciesShown("EC", false);
    QVERIFY(!series(species, "EC"));
  }

  void exportsImagesAndCsv() {
    AnalysisWorker worker;
    const auto data = analyse(worker, 2);
    QVERIFY(data);
    PlotPanel panel;
    panel.setData(data);
    QTemporaryDir dir;
    const QString csvPath = dir.filePath("species.csv");
    QVERIFY(panel.exportPlot(Plot::Species, csvPath));
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(csv.readAll()).trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    const QStringList header = lines[0].split(',');
    QCOMPARE(header.mid(0, 2), QStringList({"step", "time_fs"}));
    const int ecColumn = header.indexOf("EC");
    QVERIFY(ecColumn > 1);
    QCOMPARE(lines[2].split(',')[0], QString("20"));
    QCOMPARE(lines[2].split(',')[1], QString("10"));
    QCOMPARE(lines[2].split(',')[ecColumn].toInt(), data->species[1].counts.at("EC"));
    QVERIFY(panel.exportPlot(Plot::Thermo, dir.filePath("thermo.csv")));
    QFile thermo(dir.filePath("thermo.csv"));
    QVERIFY(thermo.open(QIODevice::ReadOnly));
    const QStringList thermoLines = QString::fromUtf8(thermo.readAll()).trimmed().split('\n');
    QCOMPARE(thermoLines.size(), 3);
    QCOMPARE(thermoLines[0],
             QString("step,time_fs,temperature_K,kinetic_energy_eV,potential_energy_eV,"
                     "total_energy_eV,pressure_GPa,pxx_GPa,pyy_GPa,pzz_GPa,pyz_GPa,pxz_GPa,"
                     "pxy_GPa,volume_A3,a_A,b_A,c_A,ax_A,ay_A,az_A,bx_A,by_A,bz_A,cx_A,cy_A,"
                     "cz_A"));
    const QStringList row = thermoLines[2].split(',');
    QCOMPARE(row.mid(0, 14),
             QStringList({"20", "10", "301", "0.5", "-1", "-0.5", "2", "1", "2", "3", "0", "0", "0",
                          QString::number(interface().structure.cell.volume(), 'g', 10)}));

    QVERIFY(panel.exportPlot(Plot::Profiles, dir.filePath("profiles.csv")));
    QFile profiles(dir.filePath("profiles.csv"));
    QVERIFY(profiles.open(QIODevice::ReadOnly));
    const QStringList profileLines = QString::fromUtf8(profiles.readAll()).trimmed().split('\n');
    QCOMPARE(profileLines.size(), int(data->profileZ.size()) + 1);
    QVERIFY2(profileLines[0].startsWith("z_A,") && profileLines[0].contains(",density_Na_per_A3") &&
                 profileLines[0].endsWith(",charge_density_e_per_A3"),
             qPrintable(profileLines[0]));
    QVERIFY(panel.exportPlot(Plot::Species, dir.filePath("species.png")));
    const QImage png(dir.filePath("species.png"));
    QVERIFY(png.width() >= 640 && png.height() >= 480);
    int dark = 0;  // axes, labels and lines on white
    for (int y = 0; y < png.height(); ++y)
      for (int x = 0; x < png.width(); ++x) dark += qGray(png.pixel(x, y)) < 128;
    QVERIFY2(dark > 500, qPrintable(QString::number(dark)));
    QVERIFY(panel.exportPlot(Plot::Rdf, dir.filePath("rdf.svg")));
    QFile svg(dir.filePath("rdf.svg"));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    QVERIFY(svg.readAll().contains("<svg"));
    QVERIFY(panel.exportPlot(Plot::Charge, dir.filePath("charge.pdf")));
    QFile pdf(dir.filePath("charge.pdf"));
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QVERIFY(pdf.read(5) == "%PDF-");
    QVERIFY(!panel.exportPlot(Plot::Species, dir.filePath("species.bmp")));
    QVERIFY2(panel.lastError().contains("species.bmp") && panel.lastError().contains(".csv"),
             qPrintable(panel.lastError()));
  }

  void longSeriesAreThinnedForDrawing() {
    auto data = std::make_shared<PlotData>();
    for (int k = 0; k <= 5000; ++k)
      data->thermo.push_back(thermoSample(k, 0.5 * k, 300.0 + k % 7, 0.0, 0.0));
    PlotPanel panel;
    panel.setData(data);
    panel.setThermoQuantity("temperature");
    auto* t = qobject_cast<QLineSeries*>(panel.chartView(Plot::Thermo)->chart()->series()[0]);
    // Stride 3 over 5001 points: samples 0, 3, ..., 4998 and the last one, 5000.
    QCOMPARE(t->count(), 1668);
    QCOMPARE(t->at(0), QPointF(0.0, 300.0));
    QCOMPARE(t->at(1666), QPointF(0.5 * 4998 / 1000.0, 300.0 + 4998 % 7));
    QCOMPARE(t->at(1667), QPointF(2.5, 300.0 + 5000 % 7));
    QCOMPARE(QString::fromStdString(panel.csv(Plot::Thermo)).count('\n'), 5002);  // all in CSV
  }

  void settingsRoundTripAndToleratePoorValues() {
    PlotPanel a;
    a.setRdfPairs({"Na-O", "Na-F"});
    a.setThermoQuantity("potential_energy");
    a.setCurrentPlot(PlotPanel::Plot::Profiles);
    a.setSpeciesShown("EC", false);
    PlotPanel b;
    b.applySettings(a.analysisSettings(), a.plotSettings());
    QCOMPARE(b.analysisSettings(), a.analysisSettings());
    QCOMPARE(b.plotSettings(), a.plotSettings());
    QCOMPARE(b.plotSettings().value("thermo").toString(), QString("potential_energy"));
    QCOMPARE(b.plotSettings().value("hidden_species").toArray().size(), 1);
    // Unknown keys and values of the wrong type change nothing (projects of other versions).
    PlotPanel c;
    const QJsonObject before = c.plotSettings();
    c.applySettings({{"rdf_window", "ten"}, {"rdf_pairs", 3}, {"bonds", true}},
                    {{"tab", 2}, {"log_scale", "yes"}, {"thermo", "entropy"}});
    QCOMPARE(c.plotSettings(), before);
    QCOMPARE(c.rdfWindow(), 0);
    QCOMPARE(c.rdfPairs(), QStringList{"Na-O"});
  }

  void clickingATimeEmitsIt() {
    AnalysisWorker worker;
    const auto data = analyse(worker, 3);
    QVERIFY(data);
    PlotPanel panel;
    panel.setData(data);
    panel.resize(800, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QChartView* view = panel.chartView(Plot::Species);
    QSignalSpy clicked(&panel, &PlotPanel::timeClicked);
    const QPointF at = view->chart()->mapToPosition(
        QPointF(0.015, data->species[0].counts.at("EC")), view->chart()->series().front());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->mapFromScene(at));
    QCOMPARE(clicked.count(), 1);
    QVERIFY(saveScreenshot(panel, "plots-species"));
    QVERIFY(panel.exportPlot(Plot::Rdf, QString(SEI_SCREENSHOT_DIR) + "/plots-rdf.png"));
    // One pixel of a 20 fs axis a few hundred pixels wide is well under 0.5 fs.
    QVERIFY2(std::abs(clicked.at(0).at(0).toDouble() - 15.0) < 0.5,
             qPrintable(QString::number(clicked.at(0).at(0).toDouble())));
  }

  void niceScalesAreRoundAndCoverTheData() {
    // Heckbert's nice numbers: steps of 1, 2, 2.5 or 5 × 10^k, limits on multiples of the step.
    struct Case {
      double lo, hi;
      int intervals;
      bool fromZero;
      double min, max, step;
      const char* format;
    } cases[] = {
        {0.0, 0.585, 5, false, 0.0, 0.6, 0.1, "%.1f"},          // ps
        {0.0, 461.0, 4, true, 0.0, 500.0, 100.0, "%.0f"},       // counts
        {287.3, 312.9, 4, false, 280.0, 320.0, 10.0, "%.0f"},   // K
        {3.0, 461.0, 4, true, 0.0, 500.0, 100.0, "%.0f"},       // counts never below 0
        {-0.013, 0.0125, 4, false, -0.02, 0.02, 0.01, "%.2f"},  // e/Å³
        {0.0, 1.1, 4, false, 0.0, 1.25, 0.25, "%.2f"},
    };
    for (const Case& c : cases) {
      const NiceScale s = niceScale(c.lo, c.hi, c.intervals, c.fromZero);
      const QString what = QString("[%1, %2]").arg(c.lo).arg(c.hi);
      QVERIFY2(
          std::abs(s.min - c.min) < 1e-12 && std::abs(s.max - c.max) < 1e-9 &&
              std::abs(s.step - c.step) < 1e-12,
          qPrintable(what + QString(" -> [%1, %2] step %3").arg(s.min).arg(s.max).arg(s.step)));
      QCOMPARE(QString(s.labelFormat()), QString(c.format));
    }
    // Counts of generations or epochs tick on whole numbers: 0–2 generations get 0, 1, 2, not
    // 0, 0.5, ... 2; a single one 0, 1; 0–7 epochs steps of 2 (never 2.5).
    struct Whole {
      double hi;
      double max, step;
    } counts[] = {{2.0, 2.0, 1.0},
                  {0.0, 1.0, 1.0},
                  {7.0, 8.0, 2.0},
                  {9.0, 10.0, 2.0},
                  {1000.0, 1000.0, 250.0}};
    for (const Whole& c : counts) {
      const NiceScale s = niceScale(0.0, c.hi, 4, true, true);
      QVERIFY2(
          s.min == 0.0 && std::abs(s.max - c.max) < 1e-12 && std::abs(s.step - c.step) < 1e-12,
          qPrintable(
              QString("[0, %1] -> [%2, %3] step %4").arg(c.hi).arg(s.min).arg(s.max).arg(s.step)));
      QCOMPARE(QString(s.labelFormat()), QString("%.0f"));
    }
    // Twin scales: both spanning zero share the zero grid line and the tick count.
    auto [left, right] = niceTwinScales({-1.2, -0.05}, {3.1, 0.02}, {false, false});
    QCOMPARE(left.intervals(), right.intervals());
    // Both from zero (g(r) to 1.07, CN to 2.93): the finest common count, little left empty.
    const auto [g, cn] = niceTwinScales({0.0, 0.0}, {1.07, 2.93}, {true, true});
    QCOMPARE(g.min, 0.0);
    QCOMPARE(cn.min, 0.0);
    QVERIFY2(std::abs(g.max - 1.2) < 1e-12 && std::abs(g.step - 0.2) < 1e-12,
             qPrintable(QString("g: %1 step %2").arg(g.max).arg(g.step)));
    QVERIFY2(std::abs(cn.max - 3.0) < 1e-12 && std::abs(cn.step - 0.5) < 1e-12,
             qPrintable(QString("CN: %1 step %2").arg(cn.max).arg(cn.step)));
    QCOMPARE(left.below(), right.below());
    QVERIFY(left.min <= -1.2 && left.max >= 3.1 && right.min <= -0.05 && right.max >= 0.02);
  }

  void axesAreRoundWithUnitsAndPhysicalLimits() {
    PlotPanel panel;
    panel.setData(waterData());
    panel.setThermoQuantity("temperature");
    QChartView* thermo = panel.chartView(Plot::Thermo);
    checkRound(axis(thermo, Qt::Horizontal), 0.0, 0.585);
    QCOMPARE(tickLabels(axis(thermo, Qt::Horizontal)),
             QStringList({"0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6"}));
    checkRound(axis(thermo, Qt::Vertical), 287.3, 312.9);
    QCOMPARE(tickLabels(axis(thermo, Qt::Vertical)),
             QStringList({"280", "290", "300", "310", "320"}));  // temperatures: auto, not from 0
    QChartView* species = panel.chartView(Plot::Species);
    checkRound(axis(species, Qt::Vertical), 0.0, 461.0);
    QCOMPARE(axis(species, Qt::Vertical)->min(), 0.0);  // counts start at 0
    QCOMPARE(tickLabels(axis(species, Qt::Vertical)),
             QStringList({"0", "100", "200", "300", "400", "500"}));
    panel.setLogScale(true);  // whole decades
    auto* logAxis = qobject_cast<QLogValueAxis*>(species->chart()->axes(Qt::Vertical).front());
    QVERIFY(logAxis);
    QCOMPARE(logAxis->min(), 100.0);
    QCOMPARE(logAxis->max(), 1000.0);

    // Densities from 0; twin axes with the same number of grid intervals.
    QChartView* profiles = panel.chartView(Plot::Profiles);
    const auto vertical = profiles->chart()->axes(Qt::Vertical);
    QCOMPARE(vertical.size(), 2);
    auto* density = qobject_cast<QValueAxis*>(vertical[0]);
    auto* charge = qobject_cast<QValueAxis*>(vertical[1]);
    QCOMPARE(density->min(), 0.0);
    checkRound(density, 0.0, 0.0668);
    checkRound(charge, -0.013 * 0.96, 0.013 * 0.99);
    QCOMPARE(std::lround(density->max() / density->tickInterval()),
             std::lround((charge->max() - charge->min()) / charge->tickInterval()));

    // Every axis title names its unit.
    const QRegularExpression unit(R"(\(\S+\)$)");
    for (int p = 0; p < PlotPanel::kPlots; ++p)
      for (const ThermoQuantity& q :
           p == int(Plot::Thermo) ? thermoQuantities() : std::vector<ThermoQuantity>(1)) {
        if (!q.key.isEmpty()) panel.setThermoQuantity(q.key);
        for (QAbstractAxis* a : panel.chartView(Plot(p))->chart()->axes())
          QVERIFY2(unit.match(a->titleText()).hasMatch(),
                   qPrintable(QString("plot %1: \"%2\"").arg(p).arg(a->titleText())));
      }
  }

  void rdfTwinAxesShareTheirGridFromZero() {
    AnalysisWorker worker;
    worker.setRdf({"Na-O"}, 0);
    const auto data = analyse(worker, 2);
    QVERIFY(data);
    PlotPanel panel;
    panel.setData(data);
    QChartView* rdf = panel.chartView(Plot::Rdf);
    const auto vertical = rdf->chart()->axes(Qt::Vertical);
    QCOMPARE(vertical.size(), 2);
    auto* g = qobject_cast<QValueAxis*>(vertical[0]);
    auto* cn = qobject_cast<QValueAxis*>(vertical[1]);
    double gMax = 0.0, cnMax = 0.0;
    for (std::size_t i = 0; i < data->rdf[0].g.size(); ++i) {
      gMax = std::max(gMax, data->rdf[0].g[i]);
      cnMax = std::max(cnMax, data->rdf[0].cn[i]);
    }
    checkRound(g, 0.0, gMax);
    checkRound(cn, 0.0, cnMax);
    QCOMPARE(g->min(), 0.0);
    QCOMPARE(cn->min(), 0.0);
    QCOMPARE(std::lround(g->max() / g->tickInterval()),
             std::lround(cn->max() / cn->tickInterval()));
    QCOMPARE(axis(rdf, Qt::Horizontal)->min(), 0.0);
    // The frame count sits beside the controls (a chart title would be elided in a low dock).
    const auto labels = panel.findChildren<QLabel*>();
    QVERIFY(std::any_of(labels.begin(), labels.end(),
                        [](QLabel* l) { return l->text() == "2 frames averaged"; }));
    QVERIFY(rdf->chart()->title().isEmpty());
    // Shared grid lines without squashing either curve: each fills most of its axis.
    QVERIFY2(
        gMax > 0.7 * g->max() && cnMax > 0.7 * cn->max(),
        qPrintable(
            QString("g %1 of %2, CN %3 of %4").arg(gMax).arg(g->max()).arg(cnMax).arg(cn->max())));
  }

  void defaultsComeFromTheSystem() {
    PlotPanel panel;
    QSignalSpy changed(&panel, &PlotPanel::rdfSettingsChanged);
    panel.setData(waterData());  // elements H, O: water's pairs, never Na-O
    QCOMPARE(panel.rdfPairs(), QStringList({"O-H", "O-O"}));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.last().at(0).toStringList(), QStringList({"O-H", "O-O"}));
    const QString noNa = "This system has no Na: solvation shells and Na charges need Na atoms.";
    panel.resize(1200, 320);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    for (Plot p : {Plot::Solvation, Plot::Charge}) {
      panel.setCurrentPlot(p);
      QCOMPARE(panel.note(p), noNa);
      QVERIFY(!panel.chartView(p)->isVisible());
      const auto labels = panel.findChildren<QLabel*>();
      QVERIFY(std::any_of(labels.begin(), labels.end(),
                          [&](QLabel* l) { return l->isVisible() && l->text() == noNa; }));
    }
    QVERIFY(panel.note(Plot::Thermo).isEmpty());
    QVERIFY(saveScreenshot(panel, "plots-no-na"));

    panel.setSystemElements({"Na", "F"});  // NaF: Na-F, and the Na plots are back
    QCOMPARE(panel.rdfPairs(), QStringList({"Na-F"}));
    QVERIFY(panel.note(Plot::Charge).isEmpty());
    QVERIFY(panel.chartView(Plot::Charge)->isVisible());
    panel.setSystemElements({"Na", "C", "O", "H", "P", "F"});
    QCOMPARE(panel.rdfPairs(), QStringList({"Na-O", "Na-F"}));
    // Pairs the user or a project chose stay while the system has their elements.
    panel.setRdfPairs({"C-O"});
    panel.setSystemElements({"C", "O", "H"});
    QCOMPARE(panel.rdfPairs(), QStringList({"C-O"}));
    panel.setSystemElements({"H", "O"});
    QCOMPARE(panel.rdfPairs(), QStringList({"O-H", "O-O"}));
  }

  void nothingIsElidedAtTheDockSize() {
    AnalysisWorker worker;
    worker.setRdf({"Na-O", "Na-F"}, 0);
    const auto data = analyse(worker, 3);
    QVERIFY(data);
    PlotPanel panel;
    panel.setData(data);
    panel.resize(1280, 300);  // the Plots dock: a third of an 800 px high window, full width
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QDir().mkpath(SEI_SCREENSHOT_DIR);
    const char* names[] = {"species", "rdf",      "thermo",   "solvation",
                           "charge",  "profiles", "transport"};
    for (int p = 0; p < PlotPanel::kPlots; ++p) {
      panel.setCurrentPlot(Plot(p));
      panel.chartView(Plot(p));  // up to date, then laid out and drawn
      QTest::qWait(50);
      for (const QString& text : sceneTexts(panel.chartView(Plot(p))))
        QVERIFY2(!text.contains("...") && !text.contains(QChar(0x2026)),
                 qPrintable(QString("%1: \"%2\"").arg(names[p], text)));
      for (QLabel* label : panel.findChildren<QLabel*>())
        if (label->isVisible() && !label->wordWrap() && !label->text().isEmpty() &&
            label != panel.findChildren<QLabel*>().front())  // the source line is elided on purpose
          QVERIFY2(label->width() >= label->minimumSizeHint().width(),
                   qPrintable(QString("%1: label \"%2\" %3 px of %4")
                                  .arg(names[p], label->text())
                                  .arg(label->width())
                                  .arg(label->minimumSizeHint().width())));
      QVERIFY(panel.grab().save(QString(SEI_SCREENSHOT_DIR) + "/plots-tab-" + names[p] + ".png"));
    }
  }

  void exportsAtAChosenSizeAndDpi() {
    PlotPanel panel;
    panel.setData(waterData());
    QTemporaryDir dir;
    // PNG: the pixels asked for, with the DPI in the file.
    const QString png = dir.filePath("thermo.png");
    QVERIFY(panel.exportPlot(Plot::Thermo, png, {1200, 800, ExportSize::Unit::Pixels, 300}));
    const QImage image(png);
    QCOMPARE(image.size(), QSize(1200, 800));
    QCOMPARE(image.dotsPerMeterX(), 11811);  // 300 / 0.0254
    QCOMPARE(image.dotsPerMeterY(), 11811);
    QVERIFY(QFileInfo::exists(QString(SEI_SCREENSHOT_DIR)) || QDir().mkpath(SEI_SCREENSHOT_DIR));
    QVERIFY(panel.exportPlot(Plot::Thermo, QString(SEI_SCREENSHOT_DIR) + "/plots-thermo-300dpi.png",
                             {1200, 800, ExportSize::Unit::Pixels, 300}));
    // No suffix: the chosen filter's type. SVG: vector, 4 × 3 in (384 × 288 px at 96 dpi).
    QCOMPARE(exportPathForFilter("/tmp/fig", "SVG drawing (*.svg)"), QString("/tmp/fig.svg"));
    QCOMPARE(exportPathForFilter("/tmp/fig.pdf", "PNG image (*.png)"), QString("/tmp/fig.pdf"));
    const ExportSize inches{4, 3, ExportSize::Unit::Inches, 300};
    QVERIFY(
        panel.exportPlot(Plot::Profiles, dir.filePath("profiles"), inches, "SVG drawing (*.svg)"));
    QVERIFY(!QFileInfo::exists(dir.filePath("profiles")));
    QSvgRenderer svg(dir.filePath("profiles.svg"));
    QVERIFY(svg.isValid());
    QVERIFY(svg.viewBoxF().width() > 0 && svg.viewBoxF().height() > 0);
    QCOMPARE(svg.viewBoxF().width() / svg.viewBoxF().height(), 4.0 / 3.0);
    QFile svgFile(dir.filePath("profiles.svg"));
    QVERIFY(svgFile.open(QIODevice::ReadOnly));
    const QByteArray svgText = svgFile.readAll();
    QVERIFY(svgText.contains("viewBox="));
    QVERIFY2(svgText.contains("<text") || svgText.contains("<path"), "vector content");
    QVERIFY(!svgText.contains("<image"));  // not a raster in disguise
    QVERIFY(panel.exportPlot(Plot::Profiles, QString(SEI_SCREENSHOT_DIR) + "/plots-profiles.svg",
                             inches));
    // PDF: a 288 × 216 pt page (4 × 3 in).
    QVERIFY(
        panel.exportPlot(Plot::Species, dir.filePath("species"), inches, "PDF document (*.pdf)"));
    QFile pdf(dir.filePath("species.pdf"));
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    const QByteArray pdfText = pdf.readAll();
    QVERIFY(pdfText.startsWith("%PDF-"));
    const QRegularExpressionMatch box = QRegularExpression(R"(/MediaBox \[0 0 ([\d.]+) ([\d.]+)\])")
                                            .match(QString::fromLatin1(pdfText));
    QVERIFY(box.hasMatch());
    QVERIFY2(std::abs(box.captured(1).toDouble() - 288.0) < 0.5 &&
                 std::abs(box.captured(2).toDouble() - 216.0) < 0.5,
             qPrintable(box.captured(0)));
  }

  void shortRunFillsThePlots() {
    if (test::sharedDir().isEmpty())
      QFAIL("../shared (models, structures) not found: set SEI_SHARED_DIR");
    MainWindow w;
    QVERIFY(w.document().openStructure(test::sharedDir() + "/structures/water63.xyz", true));
    QVERIFY(w.document().openModel(test::sharedDir() + "/models/qnep_mode2_water.txt", true));
    RunSettings s;
    s.run.steps = 50;
    s.snapshotInterval = 5;
    w.runPanel()->setSettings(s);
    QSignalSpy finished(&w.controller(), &SimulationController::finished);
    QVERIFY(w.runs().startRun());
    QVERIFY(finished.wait(120000));
    // The analysis may still be on the last frame.
    QTRY_VERIFY_WITH_TIMEOUT(w.plotPanel()->data() && !w.plotPanel()->data()->thermo.empty() &&
                                 w.plotPanel()->data()->thermo.back().step == 50,
                             30000);
    const PlotData& d = *w.plotPanel()->data();
    qInfo("%ld frames analysed of %ld delivered", w.runs().analysis().framesAnalysed(),
          w.controller().framesDelivered());
    QVERIFY(d.thermo.size() >= 2);
    QCOMPARE(d.species.back().counts.at("H2O"), 21);  // 63 atoms of intact water
    QVERIFY(d.thermo.back().record.temperature > 0.0);
    QCOMPARE(series(w.plotPanel()->chartView(Plot::Species), "H2O")->count(),
             int(d.species.size()));
  }
};

SEI_STUDIO_TEST_MAIN(TestPlotPanel)

#include "TestPlotPanel.moc"
