#pragma once

#include <QString>
#include <QWidget>
#include <utility>
#include <vector>

#include "training/ChargeParity.hpp"
#include "training/NepInput.hpp"

class QChart;
class QChartView;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTimer;

namespace sei::studio {

/// The Train panel: a GPUMD training folder (nep.in, train.xyz, optional test.xyz), a form over
/// nep.in's common keywords with units and GPUMD's defaults, Start / Pause / Stop / Resume, the
/// live loss curve, energy, force, virial (and for qNEP, BEC) parity plots and the qNEP charge
/// plot of train and test from the parity files the trainer writes, and "Use this model". The panel
/// only shows and asks: the main window runs the training (app/TrainController) and opens the
/// model.
class TrainPanel : public QWidget {
  Q_OBJECT
 public:
  explicit TrainPanel(QWidget* parent = nullptr);

  /// Shows a training folder: nep.in in the form, its loss.out and parity files if a run left
  /// them. False (the reason in the log) if nep.in cannot be read.
  bool openFolder(const QString& dir);
  const QString& folder() const { return folder_; }

  /// The form's nep.in keywords and values, as the form would write them.
  std::vector<std::pair<std::string, std::string>> formValues() const;
  /// Writes the form's changes to nep.in (checked first, the previous file kept as nep.in.bak);
  /// returns the line saying what it did, "" when the form equals the file. Throws on bad input.
  QString writeFormChanges();

  /// The controller's state: whether a training runs, and whether it is paused.
  void setTraining(bool active, bool paused);
  void addLossRows(const std::vector<std::vector<double>>& rows);
  /// The training ended: the curve is redrawn now and the parity plots reread.
  void trainingEnded();
  void log(const QString& line);

  QChart* lossChart() const;
  QChart* energyParityChart() const;
  QChart* forceParityChart() const;
  QChart* virialParityChart() const;
  /// qNEP: the predicted charges per element (ChargeChart); hidden for NEP.
  QChart* chargeChart() const;
  QPushButton* startButton() const { return start_; }
  QPushButton* pauseButton() const { return pause_; }
  QPushButton* stopButton() const { return stop_; }
  QPushButton* resumeButton() const { return resume_; }
  QPushButton* useModelButton() const { return useModel_; }
  QComboBox* optimizerBox() const { return optimizer_; }
  QSpinBox* epochBox() const { return epoch_; }
  QSpinBox* generationBox() const { return generation_; }
  QSpinBox* batchBox() const { return batch_; }

 signals:
  void startRequested(const QString& dir, bool resume);
  void pauseRequested(bool paused);
  void stopRequested();
  /// "Use this model": the folder's nep.txt.
  void useModelRequested(const QString& path);

 private:
  void chooseFolder();
  void requestStart(bool resume);
  void redrawLoss();
  void loadParity();
  /// Which atom each line of charge_*.out is: read from train.xyz and test.xyz (qNEP only).
  void loadChargeLayouts();
  void updateButtons();

  QString folder_;
  training::NepInput input_;
  std::vector<std::pair<std::string, std::string>> loaded_;  ///< form values as read
  std::vector<std::vector<double>> rows_;                    ///< loss.out rows
  bool active_ = false, paused_ = false;
  std::vector<std::pair<QString, training::ChargeLayout>> chargeLayouts_;  ///< "train", "test"

  QLineEdit* path_;
  QLabel* types_;
  QComboBox* optimizer_;
  QSpinBox* generation_;
  QSpinBox* epoch_;
  QSpinBox* batch_;
  QDoubleSpinBox* cutoffRadial_;
  QDoubleSpinBox* cutoffAngular_;
  QSpinBox* nMaxRadial_;
  QSpinBox* nMaxAngular_;
  QSpinBox* neuron_;
  QPushButton* start_;
  QPushButton* pause_;
  QPushButton* stop_;
  QPushButton* resume_;
  QPushButton* useModel_;
  QPlainTextEdit* log_;
  QChartView* loss_;
  QChartView* energy_;
  QChartView* force_;
  QChartView* virial_;
  QChartView* bec_;     ///< qNEP with BEC labels only
  QChartView* charge_;  ///< qNEP only
  QTimer* redraw_;
  QTimer* reparity_;
};

}  // namespace sei::studio
