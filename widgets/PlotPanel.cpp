#include "PlotPanel.hpp"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGraphicsLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLegend>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QLogValueAxis>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <sstream>

#include "ChartLines.hpp"
#include "ColorMaps.hpp"
#include "NiceAxis.hpp"
#include "PlotExport.hpp"
#include "ThermoQuantities.hpp"
#include "io/AtomicFile.hpp"

namespace sei::studio {

/// A chart view that reports the x value under a click (time plots: ps on the axis).
class ChartView : public QChartView {
 public:
  ChartView() : QChartView(new QChart) {
    styleChartView(this);
    setMinimumSize(320, 160);  // the Plots dock under the 3D view of a 1280×800 screen
  }
  std::function<void(double x)> onClick;

 protected:
  void mousePressEvent(QMouseEvent* event) override {
    if (onClick && event->button() == Qt::LeftButton && !chart()->series().isEmpty() &&
        chart()->plotArea().contains(event->position()))
      onClick(chart()->mapToValue(event->position(), chart()->series().front()).x());
    QChartView::mousePressEvent(event);
  }
};

namespace {

constexpr double kFsPerPs = 1000.0;
constexpr int kRedrawsPerSecond = 4;
/// The RDF pair shown before any system is (the electrolyte's cation–oxygen shell).
constexpr const char* kNoSystemRdfPair = "Na-O";

/// A species' line colour: the shared palette of the 3D view.
QColor speciesLineColor(const std::string& name) {
  const render::Rgb c = render::speciesColor(name);
  return QColor::fromRgbF(c[0], c[1], c[2]);
}

/// A CSV field; "nan" for missing values.
std::string number(double v) {
  if (!std::isfinite(v)) return "nan";
  std::ostringstream out;
  out.precision(10);
  out << v;
  return out.str();
}

template <class Sample, class Columns>
std::string timeCsv(const std::string& header, const std::vector<Sample>& samples,
                    const Columns& columns) {
  std::string out = "step,time_fs," + header + "\n";
  for (const Sample& s : samples) {
    out += std::to_string(s.step) + "," + number(s.time);
    for (double v : columns(s)) out += "," + number(v);
    out += "\n";
  }
  return out;
}

}  // namespace

PlotPanel::PlotPanel(QWidget* parent)
    : QWidget(parent),
      source_(new QLabel),
      tabs_(new QTabWidget),
      species_(new QListWidget),
      logScale_(new QCheckBox(tr("log scale"))),
      pairs_(new QLineEdit(kNoSystemRdfPair)),
      window_(new QSpinBox),
      rdfFrames_(new QLabel),
      thermoQuantity_(new QComboBox) {
  for (ChartView*& v : views_) v = new ChartView;
  for (Plot p : {Plot::Species, Plot::Thermo, Plot::Solvation, Plot::Charge, Plot::Transport})
    views_[static_cast<int>(p)]->onClick = [this](double ps) { emit timeClicked(ps * kFsPerPs); };

  auto* speciesControls = new QVBoxLayout;
  speciesControls->addWidget(species_);
  speciesControls->addWidget(logScale_);
  auto* speciesBox = new QWidget;
  speciesBox->setLayout(speciesControls);
  connect(species_, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
    hiddenSpecies_.removeAll(item->text());
    if (item->checkState() != Qt::Checked) hiddenSpecies_ << item->text();
    refresh(Plot::Species);
  });
  connect(logScale_, &QCheckBox::toggled, this, [this] { refresh(Plot::Species); });

  pairs_->setToolTip(
      tr("Comma-separated pairs: elements (Na-O), species (Na+-PF6-) or species "
         "atoms (Na+-PF6-:F)"));
  window_->setRange(0, 100000);
  window_->setSpecialValueText(tr("all frames"));
  window_->setSuffix(tr(" frames"));
  window_->setValue(0);
  window_->setKeyboardTracking(false);
  // Labels above their fields: beside them, the narrow column clipped "Average over".
  auto* rdfControls = new QFormLayout;
  rdfControls->setRowWrapPolicy(QFormLayout::WrapAllRows);
  rdfControls->addRow(tr("Pairs:"), pairs_);
  rdfControls->addRow(tr("Average over:"), window_);
  rdfControls->addRow(rdfFrames_);
  auto* rdfBox = new QWidget;
  rdfBox->setLayout(rdfControls);
  const auto rdfChanged = [this] { emit rdfSettingsChanged(rdfPairs(), rdfWindow()); };
  connect(pairs_, &QLineEdit::editingFinished, this, [this, rdfChanged] {
    pairsChosen_ = true;  // the user's pairs stay, even with elements the system lacks
    rdfChanged();
  });
  connect(window_, &QSpinBox::valueChanged, this, rdfChanged);

  // Every column of thermo.out and the quantities derived from them, by their axis titles.
  for (const ThermoQuantity& q : thermoQuantities()) thermoQuantity_->addItem(q.title(), q.key);
  thermoQuantity_->setMaxVisibleItems(static_cast<int>(thermoQuantities().size()));
  connect(thermoQuantity_, &QComboBox::currentIndexChanged, this,
          [this] { refresh(Plot::Thermo); });

  tabs_->addTab(page(Plot::Species, speciesBox), tr("Species"));
  tabs_->addTab(page(Plot::Rdf, rdfBox), tr("RDF / CN"));
  tabs_->addTab(page(Plot::Thermo, thermoQuantity_), tr("Thermo"));
  tabs_->addTab(page(Plot::Solvation, nullptr), tr("Solvation"));
  tabs_->addTab(page(Plot::Charge, nullptr), tr("Na charge"));
  tabs_->addTab(page(Plot::Profiles, nullptr), tr("z-profiles"));
  tabs_->addTab(page(Plot::Transport, nullptr), tr("Transport"));
  connect(tabs_, &QTabWidget::currentChanged, this, [this] { refresh(); });
  redraw_.setSingleShot(true);
  redraw_.setInterval(1000 / kRedrawsPerSecond);
  connect(&redraw_, &QTimer::timeout, this, [this] { refresh(); });
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  source_->setContentsMargins(6, 2, 6, 0);
  source_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(source_);
  layout->addWidget(tabs_);
  stale_.fill(true);
  refresh();
}

void PlotPanel::setSource(const QString& text) {
  source_->setText(text);
  source_->setToolTip(text);
}

QString PlotPanel::source() const { return source_->text(); }

QWidget* PlotPanel::page(Plot plot, QWidget* controls) {
  // Controls and Export beside the chart, so a low dock still leaves it room.
  auto* w = new QWidget;
  auto* layout = new QHBoxLayout(w);
  auto* side = new QVBoxLayout;
  if (controls) {
    controls->setMaximumWidth(220);
    side->addWidget(controls);
  }
  side->addStretch();
  auto* exportButton = new QPushButton(tr("Export\u2026"));
  exportButton->setToolTip(tr("The plot as PNG, SVG or PDF, or its data as CSV"));
  connect(exportButton, &QPushButton::clicked, this, [this, plot] { exportDialog(plot); });
  side->addWidget(exportButton);
  layout->addLayout(side);
  // A one-line note replaces the chart when the system lacks what the plot needs.
  auto* note = new QLabel;
  note->setAlignment(Qt::AlignCenter);
  note->setWordWrap(true);
  note->hide();
  notes_[static_cast<int>(plot)] = note;
  auto* shown = new QVBoxLayout;
  shown->addWidget(note, 1);
  shown->addWidget(views_[static_cast<int>(plot)], 1);
  layout->addLayout(shown, 1);
  return w;
}

QChartView* PlotPanel::chartView(Plot plot) {
  if (stale_[static_cast<int>(plot)]) refresh(plot);
  return views_[static_cast<int>(plot)];
}

void PlotPanel::setData(std::shared_ptr<const PlotData> data) {
  data_ = std::move(data);
  // The profiles list every element of the analysed frames: the system's elements.
  if (data_ && !data_->elementDensity.empty()) {
    QStringList elements;
    for (const auto& entry : data_->elementDensity) elements << QString::fromStdString(entry.first);
    setSystemElements(elements);
  }
  // Redrawn at most kRedrawsPerSecond times a second, however fast frames are analysed: a chart
  // redraw is a long GUI-thread task in software rendering. Views asked for are brought up to
  // date at once.
  stale_.fill(true);
  if (!redraw_.isActive()) redraw_.start();
}

QChart* PlotPanel::chart(Plot plot) const { return views_[static_cast<int>(plot)]->chart(); }

void PlotPanel::refresh() {
  // Only the plot on show is redrawn per update; the others when they are looked at.
  const auto current = static_cast<Plot>(tabs_->currentIndex());
  if (stale_[static_cast<int>(current)]) refresh(current);
}

void PlotPanel::refresh(Plot plot) {
  stale_[static_cast<int>(plot)] = false;
  switch (plot) {
    case Plot::Species:
      return refreshSpecies();
    case Plot::Rdf:
      return refreshRdf();
    case Plot::Thermo:
      return refreshThermo();
    case Plot::Solvation:
      return refreshSolvation();
    case Plot::Charge:
      return refreshCharge();
    case Plot::Profiles:
      return refreshProfiles();
    case Plot::Transport:
      return refreshTransport();
  }
}

void PlotPanel::refreshTransport() {
  std::vector<Line> lines;
  if (data_) {
    std::set<std::string> labels;
    for (const auto& sample : data_->transport)
      for (const auto& entry : sample.meanHeight) labels.insert(entry.first);
    for (const std::string& label : labels) {
      Line line{QString::fromStdString(label), {}, false, speciesLineColor(label)};
      for (const auto& sample : data_->transport) {
        const auto it = sample.meanHeight.find(label);
        line.points.append(
            {sample.time / kFsPerPs, it == sample.meanHeight.end() ? std::nan("") : it->second});
      }
      lines.push_back(std::move(line));
    }
  }
  setLines(chart(Plot::Transport), lines, {tr("time (ps)"), tr("height (\u00c5)")});
}

QStringList PlotPanel::rdfPairs() const {
  QStringList out;
  for (const QString& p : pairs_->text().split(',', Qt::SkipEmptyParts))
    if (!p.trimmed().isEmpty()) out << p.trimmed();
  return out;
}

int PlotPanel::rdfWindow() const { return window_->value(); }

void PlotPanel::setRdfPairs(const QStringList& pairs) {
  pairsChosen_ = true;
  pairs_->setText(pairs.join(", "));
  emit rdfSettingsChanged(rdfPairs(), rdfWindow());
}

QStringList PlotPanel::shownSpecies() const {
  QStringList out;
  for (int i = 0; i < species_->count(); ++i)
    if (species_->item(i)->checkState() == Qt::Checked) out << species_->item(i)->text();
  return out;
}

void PlotPanel::setSpeciesShown(const QString& species, bool shown) {
  hiddenSpecies_.removeAll(species);
  if (!shown) hiddenSpecies_ << species;  // also for species not detected yet
  for (QListWidgetItem* item : species_->findItems(species, Qt::MatchExactly))
    item->setCheckState(shown ? Qt::Checked : Qt::Unchecked);
}

void PlotPanel::setLogScale(bool on) { logScale_->setChecked(on); }
PlotPanel::Plot PlotPanel::currentPlot() const { return static_cast<Plot>(tabs_->currentIndex()); }
void PlotPanel::setCurrentPlot(Plot plot) { tabs_->setCurrentIndex(static_cast<int>(plot)); }

namespace {

constexpr const char* kPlotKeys[PlotPanel::kPlots] = {
    "species", "rdf", "thermo", "solvation", "charge", "profiles", "transport"};

}  // namespace

QJsonObject PlotPanel::analysisSettings() const {
  // Pairs nobody chose follow the system shown (setSystemElements): saving them would make a
  // project change by merely being opened.
  QJsonObject settings{{"rdf_window", rdfWindow()}};
  if (pairsChosen_) settings.insert("rdf_pairs", QJsonArray::fromStringList(rdfPairs()));
  return settings;
}

QJsonObject PlotPanel::plotSettings() const {
  return {{"tab", kPlotKeys[tabs_->currentIndex()]},
          {"log_scale", logScale_->isChecked()},
          {"thermo", thermoQuantity()},
          {"hidden_species", QJsonArray::fromStringList(hiddenSpecies_)}};
}

void PlotPanel::applySettings(const QJsonObject& analysis, const QJsonObject& plots) {
  if (analysis.value("rdf_window").isDouble())
    window_->setValue(analysis.value("rdf_window").toInt());
  if (analysis.value("rdf_pairs").isArray()) {
    QStringList pairs;
    for (const QJsonValue& v : analysis.value("rdf_pairs").toArray())
      if (v.isString()) pairs << v.toString();
    setRdfPairs(pairs);
  } else {
    useDefaultRdfPairs();
  }
  for (int k = 0; k < kPlots; ++k)
    if (plots.value("tab").toString() == kPlotKeys[k]) tabs_->setCurrentIndex(k);
  if (plots.value("log_scale").isBool()) logScale_->setChecked(plots.value("log_scale").toBool());
  // Keys of any version: temperature, potential_energy and pressure were the first three.
  if (findThermoQuantity(plots.value("thermo").toString()))
    setThermoQuantity(plots.value("thermo").toString());
  if (plots.value("hidden_species").isArray()) {
    hiddenSpecies_.clear();
    for (const QJsonValue& v : plots.value("hidden_species").toArray())
      if (v.isString()) hiddenSpecies_ << v.toString();
    const QSignalBlocker block(species_);
    for (int i = 0; i < species_->count(); ++i)
      species_->item(i)->setCheckState(
          hiddenSpecies_.contains(species_->item(i)->text()) ? Qt::Unchecked : Qt::Checked);
    refresh(Plot::Species);
  }
}
void PlotPanel::setThermoQuantity(const QString& key) {
  const int index = thermoQuantity_->findData(key);
  if (index >= 0) thermoQuantity_->setCurrentIndex(index);
}

QString PlotPanel::thermoQuantity() const { return thermoQuantity_->currentData().toString(); }

void PlotPanel::refreshSpecies() {
  std::vector<Line> lines;
  if (data_) {
    // Every species seen in any frame is offered; new ones start shown.
    {
      const QSignalBlocker block(species_);
      for (const auto& sample : data_->species)
        for (const auto& [name, n] : sample.counts) {
          const QString label = QString::fromStdString(name);
          if (!species_->findItems(label, Qt::MatchExactly).isEmpty()) continue;
          auto* item = new QListWidgetItem(label, species_);
          item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
          item->setCheckState(hiddenSpecies_.contains(label) ? Qt::Unchecked : Qt::Checked);
        }
    }
    for (const QString& name : shownSpecies()) {
      Line line{name, {}, false, speciesLineColor(name.toStdString())};
      for (const auto& sample : data_->species) {
        const auto it = sample.counts.find(name.toStdString());
        line.points.append({sample.time / kFsPerPs, it == sample.counts.end() ? 0.0 : it->second});
      }
      lines.push_back(std::move(line));
    }
  }
  Axes axes{tr("time (ps)"), tr("molecules (count)")};
  axes.logY = logScale_->isChecked();
  axes.yFromZero = true;
  setLines(chart(Plot::Species), lines, axes);
}

void PlotPanel::refreshRdf() {
  std::vector<Line> lines;
  if (data_)
    for (const analysis::RdfCurve& c : data_->rdf) {
      Line g{tr("g(r) %1").arg(QString::fromStdString(c.label)), {}};
      Line cn{tr("CN %1").arg(QString::fromStdString(c.label)), {}, true};
      for (std::size_t i = 0; i < c.r.size(); ++i) {
        g.points.append({c.r[i], c.g[i]});
        cn.points.append({c.r[i], c.cn[i]});
      }
      lines.push_back(std::move(g));
      lines.push_back(std::move(cn));
    }
  Axes axes{tr("r (\u00c5)"), tr("g(r) (1)"), tr("CN (count)")};
  axes.xFromZero = axes.yFromZero = axes.rightFromZero = true;
  setLines(chart(Plot::Rdf), lines, axes);
  // Beside the controls, not as a chart title that a low dock would elide.
  rdfFrames_->setText(!data_                  ? QString()
                      : data_->rdfFrames == 1 ? tr("1 frame averaged")
                                              : tr("%1 frames averaged").arg(data_->rdfFrames));
}

void PlotPanel::refreshThermo() {
  const ThermoQuantity& q = *findThermoQuantity(thermoQuantity());
  Line line{q.title(), {}};
  if (data_)
    for (const ThermoSample& s : data_->thermo)
      line.points.append({s.time / kFsPerPs, q.value(s.record)});
  Axes axes{tr("time (ps)"), q.title()};
  axes.legend = false;  // the axis title names the one line; a legend would only take height
  setLines(chart(Plot::Thermo), {line}, axes);
}

void PlotPanel::refreshSolvation() {
  std::vector<Line> lines;
  for (int c = 0; c < 3; ++c) {
    Line line{
        QString::fromLatin1(analysis::solvationClassName(static_cast<analysis::SolvationClass>(c))),
        {}};
    if (data_)
      for (const auto& s : data_->solvation)
        line.points.append(
            {s.time / kFsPerPs, s.cations ? double(s.counts[c]) / s.cations : std::nan("")});
    lines.push_back(std::move(line));
  }
  Axes axes{tr("time (ps)"), tr("cation fraction (1)")};
  axes.yFromZero = true;
  setLines(chart(Plot::Solvation), lines, axes);
  showNoNaNote(Plot::Solvation);
}

void PlotPanel::refreshCharge() {
  std::vector<Line> lines = {{tr("minimum"), {}},
                             {tr("mean"), {}},
                             {tr("mean in the metal"), {}},
                             {tr("mean outside the metal"), {}}};
  if (data_ && data_->hasCharges)
    for (const auto& s : data_->interface) {
      const double t = s.time / kFsPerPs;
      const double v[] = {s.chargeMin, s.chargeMean, s.chargeMeanMetal, s.chargeMeanOther};
      for (int k = 0; k < 4; ++k) lines[k].points.append({t, v[k]});
    }
  setLines(chart(Plot::Charge), lines, {tr("time (ps)"), tr("Na charge (e)")});
  showNoNaNote(Plot::Charge);
}

void PlotPanel::refreshProfiles() {
  std::vector<Line> lines;
  if (data_) {
    const std::vector<double>& z = data_->profileZ;
    const auto line = [&](const QString& name, const std::vector<double>& values, bool right) {
      Line l{name, {}, right};
      for (std::size_t i = 0; i < z.size() && i < values.size(); ++i)
        l.points.append({z[i], values[i]});
      lines.push_back(std::move(l));
    };
    for (const auto& [element, density] : data_->elementDensity)
      line(QString::fromStdString(element), density, false);
    if (!data_->chargeDensity.empty()) line(tr("charge"), data_->chargeDensity, true);
  }
  Axes axes{tr("z (\u00c5)"), tr("density (\u00c5\u207b\u00b3)"), tr("charge (e/\u00c5\u00b3)")};
  axes.yFromZero = true;
  setLines(chart(Plot::Profiles), lines, axes);
}

std::string PlotPanel::csv(Plot plot) const {
  static const PlotData empty;
  const PlotData& d = data_ ? *data_ : empty;
  switch (plot) {
    case Plot::Species: {
      std::vector<std::string> names;
      for (const auto& s : d.species)
        for (const auto& [name, n] : s.counts)
          if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
      std::string header;
      for (const auto& n : names) header += (header.empty() ? "" : ",") + n;
      return timeCsv(header, d.species, [&](const analysis::SpeciesSample& s) {
        std::vector<double> v;
        for (const auto& n : names) {
          const auto it = s.counts.find(n);
          v.push_back(it == s.counts.end() ? 0.0 : it->second);
        }
        return v;
      });
    }
    case Plot::Rdf: {
      std::string out = "r_A";
      for (const auto& c : d.rdf) out += ",g_" + c.label + ",cn_" + c.label;
      out += "\n";
      const std::size_t bins = d.rdf.empty() ? 0 : d.rdf.front().r.size();
      for (std::size_t i = 0; i < bins; ++i) {
        out += number(d.rdf.front().r[i]);
        for (const auto& c : d.rdf) out += "," + number(c.g[i]) + "," + number(c.cn[i]);
        out += "\n";
      }
      return out;
    }
    case Plot::Thermo: {
      // Every quantity, named by its key and unit ("volume_A3").
      std::string header;
      for (const ThermoQuantity& q : thermoQuantities())
        header += (header.empty() ? "" : ",") + (q.key + "_" + q.csvUnit).toStdString();
      return timeCsv(header, d.thermo, [](const ThermoSample& s) {
        std::vector<double> v;
        for (const ThermoQuantity& q : thermoQuantities()) v.push_back(q.value(s.record));
        return v;
      });
    }
    case Plot::Solvation:
      return timeCsv("cations,ssip,cip,agg", d.solvation, [](const analysis::SolvationSample& s) {
        return std::vector<double>{double(s.cations), double(s.counts[0]), double(s.counts[1]),
                                   double(s.counts[2])};
      });
    case Plot::Charge:
      return timeCsv(
          "na_charge_min_e,na_charge_mean_e,na_charge_mean_metal_e,"
          "na_charge_mean_other_e",
          d.interface, [](const analysis::InterfaceSample& s) {
            return std::vector<double>{s.chargeMin, s.chargeMean, s.chargeMeanMetal,
                                       s.chargeMeanOther};
          });
    case Plot::Profiles: {
      std::string out = "z_A";
      for (const auto& [element, density] : d.elementDensity)
        out += ",density_" + element + "_per_A3";
      if (!d.chargeDensity.empty()) out += ",charge_density_e_per_A3";
      out += "\n";
      for (std::size_t i = 0; i < d.profileZ.size(); ++i) {
        out += number(d.profileZ[i]);
        for (const auto& [element, density] : d.elementDensity) out += "," + number(density[i]);
        if (!d.chargeDensity.empty()) out += "," + number(d.chargeDensity[i]);
        out += "\n";
      }
      return out;
    }
    case Plot::Transport: {
      std::set<std::string> labels;
      for (const auto& sample : d.transport)
        for (const auto& entry : sample.meanHeight) labels.insert(entry.first);
      std::string header;
      for (const auto& l : labels) header += (header.empty() ? "h_" : ",h_") + l + "_A";
      return timeCsv(header, d.transport, [&](const analysis::TransportSample& s) {
        std::vector<double> v;
        for (const auto& l : labels) {
          const auto it = s.meanHeight.find(l);
          v.push_back(it == s.meanHeight.end() ? std::nan("") : it->second);
        }
        return v;
      });
    }
  }
  return {};
}

bool PlotPanel::exportPlot(Plot plot, const QString& path, const ExportSize& size,
                           const QString& filter) {
  const QString file = exportPathForFilter(path, filter);
  const QString suffix = QFileInfo(file).suffix().toLower();
  if (suffix == "csv") {
    try {
      writeFileAtomically(file.toStdString(), csv(plot));
      return true;
    } catch (const std::exception& e) {
      lastError_ = QString::fromUtf8(e.what());
      return false;
    }
  }
  if (suffix != "png" && suffix != "svg" && suffix != "pdf") {
    lastError_ =
        tr("%1: unknown export format \"%2\"; expected .png, .svg, .pdf or .csv").arg(file, suffix);
    return false;
  }
  QChartView* view = chartView(plot);
  const double screenDpi = view->logicalDpiX();
  ExportSize figure = size;
  if (!(figure.width > 0.0 && figure.height > 0.0)) {
    // The size on screen, at least 640 × 480 px.
    const QSize shown = view->size().expandedTo(QSize(640, 480));
    figure = {double(shown.width()), double(shown.height()), ExportSize::Unit::Pixels, screenDpi};
  }
  const auto error =
      writeChartImage(view->chart(), file, figure, screenDpi, tabs_->tabText(int(plot)));
  if (error) lastError_ = *error;
  return !error;
}

void PlotPanel::exportDialog(Plot plot) {
  QString filter;
  const QString path = QFileDialog::getSaveFileName(
      this, tr("Export plot"), QString(),
      tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf);;Data as CSV (*.csv)"),
      &filter);
  if (path.isEmpty()) return;
  ExportSize size;
  if (QFileInfo(exportPathForFilter(path, filter)).suffix().toLower() != "csv") {
    const auto chosen = askExportSize(this, exportSize_);
    if (!chosen) return;
    size = exportSize_ = *chosen;
  }
  if (!exportPlot(plot, path, size, filter))
    QMessageBox::warning(this, tr("Export plot"), lastError_);
}

namespace {

/// Whether every plain element pair ("Na-O") names elements of the system; pairs of species
/// ("Na+-PF6-:F") cannot be checked here and count as fine.
bool pairsFit(const QStringList& pairs, const QStringList& elements) {
  static const QRegularExpression elementPair(R"(^([A-Z][a-z]?)-([A-Z][a-z]?)$)");
  for (const QString& pair : pairs) {
    const QRegularExpressionMatch m = elementPair.match(pair);
    if (m.hasMatch() && (!elements.contains(m.captured(1)) || !elements.contains(m.captured(2))))
      return false;
  }
  return true;
}

/// The RDF pairs worth showing first for a system of `elements`: the cation's oxygen and
/// fluorine shells with Na, water's O–H and O–O, else the first elements' pair.
QStringList defaultRdfPairs(const QStringList& elements) {
  QStringList pairs;
  const bool na = elements.contains("Na");
  for (const char* pair : {"Na-O", "Na-F", "O-H", "O-O"}) {
    const QStringList e = QString(pair).split('-');
    if (pairs.size() < 2 && elements.contains(e[0]) && elements.contains(e[1]) &&
        (na == (e[0] == "Na")))
      pairs << pair;
  }
  if (pairs.isEmpty() && !elements.isEmpty())
    pairs << elements[0] + "-" + elements.value(1, elements[0]);
  return pairs;
}

}  // namespace

void PlotPanel::setSystemElements(const QStringList& elements) {
  QStringList sorted = elements;
  sorted.sort();
  sorted.removeDuplicates();
  if (sorted == elements_) return;
  elements_ = sorted;
  // A new system: pairs nobody chose, or pairs of elements it lacks, give way to its defaults.
  if (!pairsChosen_ || !pairsFit(rdfPairs(), elements_)) useDefaultRdfPairs();
  stale_[int(Plot::Solvation)] = stale_[int(Plot::Charge)] = true;
  refresh();
}

void PlotPanel::useDefaultRdfPairs() {
  pairsChosen_ = false;
  const QStringList pairs =
      elements_.isEmpty() ? QStringList{kNoSystemRdfPair} : defaultRdfPairs(elements_);
  if (!pairs.isEmpty() && pairs != rdfPairs()) {
    pairs_->setText(pairs.join(", "));
    emit rdfSettingsChanged(rdfPairs(), rdfWindow());
  }
}

QString PlotPanel::note(Plot plot) {
  chartView(plot);  // brought up to date
  const QLabel* n = notes_[int(plot)];
  return n->isVisibleTo(n->parentWidget()) ? n->text() : QString();
}

void PlotPanel::showNoNaNote(Plot plot) {
  const bool noNa = !elements_.isEmpty() && !elements_.contains("Na");
  QLabel* n = notes_[int(plot)];
  n->setText(noNa ? tr("This system has no Na: solvation shells and Na charges need Na atoms.")
                  : QString());
  n->setVisible(noNa);
  views_[int(plot)]->setVisible(!noNa);
}

}  // namespace sei::studio
