#pragma once

#include <QWidget>

#include "RunSettings.hpp"
#include "md/Simulation.hpp"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace sei::studio {

/// "1 h 05 min", "42 s": a duration for progress displays.
QString formatDuration(double seconds);

/// Run settings as form controls with units, Start/Pause/Resume/Stop and the progress of the
/// run with its ETA. Start stays disabled, with the reason shown, until the run can start.
class RunPanel : public QWidget {
  Q_OBJECT
 public:
  explicit RunPanel(QWidget* parent = nullptr);

  RunSettings settings() const;
  void setSettings(const RunSettings& settings);
  /// Whether structure and model fit; `reason` says what is missing when they do not.
  void setRunnable(bool runnable, const QString& reason);
  void setRunState(RunState state);
  void setProgress(const Progress& progress);
  /// A line of what the run does before its steps (a minimisation's progress), shown in the
  /// progress bar until the steps start.
  void setActivity(const QString& line);
  QString reason() const;
  /// Where the run writes (`folder`), with a tool tip saying how the folder is chosen.
  void setOutputsFolder(const QString& folder, const QString& toolTip);
  QString outputsFolder() const;
  /// Whether Run more… can continue the run (its tool tip says why not).
  void setRunMore(bool enabled, const QString& toolTip);

  QPushButton* startButton() const { return start_; }
  QPushButton* pauseButton() const { return pause_; }
  QPushButton* stopButton() const { return stop_; }
  QPushButton* runMoreButton() const { return runMore_; }
  QPushButton* outputsButton() const { return chooseOutputs_; }

 signals:
  void startRequested();
  void pauseRequested();
  void resumeRequested();
  void stopRequested();
  void runMoreRequested();
  /// Change… beside the outputs folder.
  void outputsFolderRequested();

 private:
  void updateEnabled();
  void updateDuration();

  /// The settings last set: what the panel does not edit (the barostat's modulus, the NetCDF
  /// interval) comes back unchanged from settings().
  RunSettings base_;
  bool runnable_ = false;
  RunState state_ = RunState::Idle;
  QComboBox* ensemble_;
  QDoubleSpinBox* temperature_;
  QCheckBox* ramp_;
  QDoubleSpinBox* temperatureEnd_;
  QDoubleSpinBox* thermostatTau_;
  QDoubleSpinBox* pressure_;
  QComboBox* coupling_;
  QDoubleSpinBox* barostatTau_;
  QDoubleSpinBox* timeStep_;
  QSpinBox* steps_;
  QLabel* duration_;
  QComboBox* kspace_;
  QSpinBox* snapshotInterval_;
  QSpinBox* thermoInterval_;
  QSpinBox* dumpInterval_;
  QSpinBox* checkpointInterval_;
  QSpinBox* seed_;
  QCheckBox* relax_;
  QComboBox* backend_;
  QPushButton* start_;
  QPushButton* pause_;
  QPushButton* stop_;
  QPushButton* runMore_;
  QLineEdit* outputs_;
  QPushButton* chooseOutputs_;
  QProgressBar* progress_;
  QLabel* reason_;
};

}  // namespace sei::studio
