#pragma once

#include <QJsonObject>
#include <QTimer>
#include <QWidget>
#include <array>
#include <functional>
#include <memory>
#include <string>

#include "PlotData.hpp"
#include "PlotExport.hpp"

class QChart;
class QChartView;
class QCheckBox;
class QComboBox;
class QLineEdit;
class QLabel;
class QListWidget;
class QSpinBox;
class QTabWidget;

namespace sei::studio {

class ChartView;

/// Live plots of a run's analysis (Qt Charts): species counts vs time, RDF and coordination
/// numbers, thermo, solvation classes, Na charge statistics, z-profiles and species transport
/// (mean height above the metal vs time); species lines take the shared species palette
/// (render::speciesColor), as the 3D view does. Each is exportable as PNG,
/// SVG or PDF and its data as CSV. Clicking a time on a time plot emits timeClicked.
class PlotPanel : public QWidget {
  Q_OBJECT
 public:
  enum class Plot { Species, Rdf, Thermo, Solvation, Charge, Profiles, Transport };
  static constexpr int kPlots = 7;

  explicit PlotPanel(QWidget* parent = nullptr);

  /// Shows new analysis results (replacing the previous ones).
  void setData(std::shared_ptr<const PlotData> data);
  /// Names what the plots show ("Run in FOLDER, continued from step 200"), above them.
  void setSource(const QString& text);
  QString source() const;
  const PlotData* data() const { return data_.get(); }

  /// The RDF pairs ("Na-O", "Na+-PF6-:F") and running-average window (frames, 0: all) asked for.
  QStringList rdfPairs() const;
  int rdfWindow() const;
  void setRdfPairs(const QStringList& pairs);
  /// Species shown in the species plot (all detected ones are listed, checked by default).
  QStringList shownSpecies() const;
  void setSpeciesShown(const QString& species, bool shown);
  void setLogScale(bool on);
  /// The thermo plot's quantity by its key (widgets/ThermoQuantities: "temperature", "volume",
  /// "pxx", ...); an unknown key changes nothing.
  void setThermoQuantity(const QString& key);
  QString thermoQuantity() const;
  Plot currentPlot() const;
  /// The elements of the system shown (the main window passes them when a structure is loaded;
  /// analysed frames also set them). They choose the default RDF pairs (unless the user chose
  /// pairs that the system has) and whether the Na plots show a note instead of empty axes.
  void setSystemElements(const QStringList& elements);
  /// The note shown instead of the plot ("This system has no Na: ..."); empty when the plot shows.
  QString note(Plot plot);
  void setCurrentPlot(Plot plot);

  /// What a project keeps of the panel: the analysis asked for ({"rdf_pairs": [...],
  /// "rdf_window": frames}) and how it is shown ({"tab", "log_scale", "thermo",
  /// "hidden_species"}). Applying ignores keys it does not know and values of the wrong type, so
  /// projects of other versions still open.
  QJsonObject analysisSettings() const;
  QJsonObject plotSettings() const;
  void applySettings(const QJsonObject& analysis, const QJsonObject& plots);

  /// The plot's view, brought up to date with the data.
  QChartView* chartView(Plot plot);
  /// The plot's data as CSV (one header line, units in the column names).
  std::string csv(Plot plot) const;
  /// Writes the plot as an image (PNG at `size`'s pixels with its DPI, SVG or PDF as vector
  /// graphics `size.inches()` large; default size: as on screen, at least 640 × 480 px) or its
  /// data (.csv), atomically; false with the reason in lastError(). The format follows the
  /// path's suffix; a path without one takes the suffix of `filter`, the file dialog's chosen
  /// filter ("SVG drawing (*.svg)").
  bool exportPlot(Plot plot, const QString& path, const ExportSize& size = {},
                  const QString& filter = {});
  const QString& lastError() const { return lastError_; }

 signals:
  void timeClicked(double fs);
  void rdfSettingsChanged(const QStringList& pairs, int window);

 private:
  /// RDF pairs nobody chose: the shown system's defaults.
  void useDefaultRdfPairs();
  QWidget* page(Plot plot, QWidget* controls);
  void refresh();
  void refresh(Plot plot);
  QChart* chart(Plot plot) const;
  void refreshSpecies();
  void refreshRdf();
  void refreshThermo();
  void refreshSolvation();
  void refreshCharge();
  void refreshProfiles();
  void refreshTransport();
  void exportDialog(Plot plot);
  void showNoNaNote(Plot plot);

  std::shared_ptr<const PlotData> data_;
  QLabel* source_;
  QTabWidget* tabs_;
  ChartView* views_[kPlots];
  std::array<bool, kPlots> stale_{};  ///< data changed since the plot was last drawn
  QTimer redraw_;
  QListWidget* species_;
  QStringList hiddenSpecies_;  ///< unchecked by the user; stays hidden when it appears again
  QCheckBox* logScale_;
  QLineEdit* pairs_;
  QSpinBox* window_;
  QLabel* rdfFrames_;           ///< how many frames the RDF averages
  bool pairsChosen_ = false;    ///< RDF pairs set by the user or a project, not by default
  QStringList elements_;        ///< of the system, sorted; empty: not known yet
  QLabel* notes_[kPlots] = {};  ///< shown instead of a chart the system has no data for
  ExportSize exportSize_{6.0, 4.0, ExportSize::Unit::Inches, 300.0};  ///< last chosen
  QComboBox* thermoQuantity_;
  QString lastError_;
};

}  // namespace sei::studio

Q_DECLARE_METATYPE(std::shared_ptr<const sei::studio::PlotData>)
