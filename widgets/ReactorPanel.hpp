#pragma once

#include <QString>
#include <QWidget>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "core/Structure.hpp"
#include "reactor/ReactorReport.hpp"

class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;

namespace sei::studio {

class ReactorPlanForm;

/// The Interface reactor panel (`sei reactor` in the studio, README "The interface reactor"):
/// the plan as a form (ReactorPlanForm) read and written through the engine's ReactorPlan, so a
/// bad field is refused with the engine's line; Start / Stop / Resume; and the loop as it runs
/// or ran: training-set size and model errors per generation, a generation's energy and force
/// parity, the test runs' watchdog verdicts and the frames its selection chose (one chosen
/// shows in the 3D view). The panel only shows and asks: the main window runs the loop
/// (app/ReactorController) and shows frames.
class ReactorPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ReactorPanel(QWidget* parent = nullptr);

  /// Shows a plan file in the form and its loop folder's history. False (the reason in the log
  /// and under the form) when it is no JSON.
  bool openPlan(const QString& path);
  /// Checks the form's plan as `sei reactor` would read it from `path` and writes it there
  /// atomically. False, nothing written, the field highlighted, when the engine refuses it.
  bool savePlan(const QString& path);
  /// New plan…: writes a minimal plan at `planPath` (NewReactorPlan.hpp: the starting set
  /// `dataset`, a nep.in typed from its elements, `recipe` to sample, `testStructure` to test),
  /// checked as savePlan() checks, and opens it. An existing `planPath` is replaced only when
  /// `replace` (the user confirmed it in the save dialog). False, nothing written, the reason
  /// under the form, when the engine refuses the plan or a piece is missing.
  bool newPlan(const QString& planPath, const QString& dataset, const QString& testStructure,
               const nlohmann::json& recipe, bool replace = false);
  /// Opens a loop's folder: the plan beside it (FOLDER.json, as `sei reactor` names the
  /// folder after its plan) or else the copy the loop keeps (FOLDER/plan.json), and the
  /// history of its generations.
  bool openLoopFolder(const QString& dir);
  /// Rereads the loop folder's generations (records of their finished stages) and redraws.
  void refresh();

  const QString& planPath() const { return plan_; }
  /// The loop's folder: the plan's path without `.json`, as `sei reactor` chooses it.
  /// (or the folder openLoopFolder() opened).
  const QString& loopFolder() const { return folder_; }
  const std::vector<reactor::GenerationRecord>& history() const { return history_; }

  /// The controller's state.
  void setRunning(bool running, bool stopping);
  void log(const QString& line);

  ReactorPlanForm* form() const { return form_; }
  QTabWidget* tabs() const { return tabs_; }
  QPushButton* startButton() const { return start_; }
  QPushButton* stopButton() const { return stop_; }
  QPushButton* resumeButton() const { return resume_; }
  QPushButton* saveButton() const { return save_; }
  QLabel* statusLabel() const { return status_; }
  QComboBox* generationBox() const { return generation_; }
  QChart* datasetChart() const;
  QChart* errorChart() const;
  QChart* energyParityChart() const;
  QChart* forceParityChart() const;
  QListWidget* testList() const { return tests_; }
  QListWidget* frameList() const { return frames_; }

 signals:
  /// Start or Resume: run the loop of the saved plan `plan` in `folder`.
  void startRequested(const QString& plan, const QString& folder);
  void stopRequested();
  /// New plan…: the user chose where the plan goes (replacing confirmed), its starting set and
  /// test structure; the main window answers with newPlan() and the Builder's recipe.
  void newPlanChosen(const QString& plan, const QString& dataset, const QString& testStructure);
  /// A selected frame to show in the 3D view.
  void frameChosen(const sei::Structure& structure, const QString& name);

 private:
  void choosePlan();
  void chooseNewPlan();
  /// Shows why a plan was not written: under the form (its field highlighted), in the log and
  /// the status line. Returns false.
  bool refusePlan(const QString& why);
  void chooseLoopFolder();
  void requestRun();
  void drawHistory();
  void showGeneration();
  void updateButtons();

  QString plan_;
  QString folder_;
  std::vector<reactor::GenerationRecord> history_;
  std::vector<Structure> selected_;                ///< the shown generation's selected.xyz
  std::pair<int, std::size_t> shownStage_{-2, 0};  ///< generation shown, its stages then done
  bool running_ = false, stopping_ = false;

  ReactorPlanForm* form_;
  QLineEdit* path_;
  QPushButton* save_;
  QPushButton* start_;
  QPushButton* stop_;
  QPushButton* resume_;
  QLabel* status_;
  QTabWidget* tabs_;
  QChartView* dataset_;
  QChartView* errors_;
  QComboBox* generation_;
  QChartView* energy_;
  QChartView* force_;
  QListWidget* tests_;
  QListWidget* frames_;
  QPlainTextEdit* log_;
};

}  // namespace sei::studio
