#pragma once

#include <QElapsedTimer>
#include <QMainWindow>
#include <QTimer>
#include <atomic>
#include <memory>
#include <optional>

#include "AnalysisWorker.hpp"
#include "AtomScene.hpp"
#include "MovieRecorder.hpp"
#include "ReactionTimeline.hpp"
#include "RunFollower.hpp"
#include "SimulationController.hpp"
#include "TrajectoryMovie.hpp"
#include "core/Structure.hpp"
#include "nep/NepModel.hpp"
#include "project/Project.hpp"

class QAction;
class QLabel;
class QThread;
class QMenu;

namespace sei::render {
class VtkView;
}

namespace sei::studio {

class AtomInfoPanel;
class BuilderPanel;
class ModelPanel;
class PlotPanel;
class RunPanel;
class ViewPanel;

/// The studio's main window: the 3D view in the centre, dockable Model, Run, View and Atom info
/// panels, menus, toolbar, shortcuts and a status bar with the run's step, time, speed and ETA.
/// Layout, recent files and preferences persist in QSettings.
class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  /// Opens a structure (.xyz/.extxyz) or a model (anything else) by its name. Errors go to a
  /// dialog unless `quiet`, and always to lastError(). Returns success.
  bool openFile(const QString& path, bool quiet = false);
  bool openStructure(const QString& path, bool quiet = false);
  bool openModel(const QString& path, bool quiet = false);
  /// Shows `structure` (read from a file or built) as the one to run, titled `name`.
  void setStructure(Structure structure, const QString& name);
  /// The demo: qNEP water (qnep_mode2_water.txt and a water box from ../shared) from the model
  /// search path, with run settings that show the live loop at once.
  bool openDemo(bool quiet = false);
  /// Opens a project (sei-project JSON): its model (relative, or by name on the model search
  /// path), run settings, and structure — read from its file, or built from its recipe by the
  /// Builder panel in its worker thread (buildFinished() follows). A checkpoint in its outputs
  /// folder is shown as the last frame.
  bool openProject(const QString& path, bool quiet = false);
  /// Saves the current structure source, model (with its SHA-256) and run settings as a project.
  /// Refuses a path among the shipped examples (examplesFolder()).
  bool saveProject(const QString& path);
  /// File ▸ Save: to the project's file; asks where for an example or a new project. False if
  /// cancelled or failed.
  bool saveInteractively(bool askWhere = false);
  /// Every two minutes: writes the open project's unsaved changes to its recovery copy
  /// (ProjectRecovery), never to the project itself; returns whether it wrote.
  bool autosave();
  /// Where autosave() writes the open project's copy ("" without a project).
  const QString& recoveryPath() const { return recoveryPath_; }
  /// The open project differs from its file (the title shows `*`).
  bool hasUnsavedChanges() const;
  /// The open project is one of the shipped examples: it opens as a template, Save asks where.
  bool isExample() const { return example_; }
  /// The shipped examples (projects/ of the source tree), which the studio never writes.
  static QString examplesFolder();
  static bool isExamplePath(const QString& path);
  /// Offers the autosaved copy of a project that was not closed cleanly (a crash): Recover opens
  /// it with its changes unsaved, Discard deletes it. Returns whether one was recovered.
  bool offerRecovery();
  /// Opens the autosaved copy `recovery` of the project at `project`, its changes unsaved.
  bool recoverProject(const QString& recovery, const QString& project, bool quiet = false);
  /// A build of the Builder panel is under way.
  bool building() const;
  const QString& projectPath() const { return projectPath_; }
  /// Why the run cannot start ("" if it can).
  QString runBlocker() const;
  /// How a run starts in a folder that holds an earlier run's outputs.
  enum class RunStart {
    Ask,        ///< asks the user (Continue, Start over or Cancel) when there are outputs
    StartOver,  ///< moves the earlier outputs to previous-runs/ and starts from the structure
    Continue    ///< continues from the folder's checkpoint.chk
  };
  bool startRun(RunStart how = RunStart::Ask);
  /// Shows a run folder's recorded or still running run (a headless `sei run`): its model.xyz,
  /// then every frame of dump.xyz and line of thermo.out as they are written.
  bool followRunFolder(const QString& folder, bool quiet = false);
  RunFollower& follower() { return follower_; }
  /// Stops an active run (its checkpoint is written) and waits for the worker, processing events.
  bool stopRunAndWait(int milliseconds = 60000);
  /// Renders pending frames now (tests and screenshots; normally throttled to 30 per second).
  void flushFrames();

  const QString& lastError() const { return lastError_; }
  SimulationController& controller() { return controller_; }
  render::AtomScene& scene() { return scene_; }
  render::VtkView* view() const { return view_; }
  RunPanel* runPanel() const { return runPanel_; }
  ModelPanel* modelPanel() const { return modelPanel_; }
  AtomInfoPanel* atomInfoPanel() const { return atomInfo_; }
  BuilderPanel* builderPanel() const { return builderPanel_; }
  PlotPanel* plotPanel() const { return plotPanel_; }
  ReactionTimeline* reactionTimeline() const { return reactions_; }
  AnalysisWorker& analysis() { return analysis_; }
  /// The structure a run would start from (null before one is opened or built).
  const Structure* structure() const { return structure_ ? &*structure_ : nullptr; }
  QString statusText() const;
  /// Where runs write checkpoints (a folder per run below it).
  static QString runsFolder();
  /// Starts an MP4 of a recorded trajectory as the view shows it; false with lastError().
  bool startTrajectoryMovie(const QString& trajectory, const QString& output,
                            const TrajectoryMovieSettings& settings);
  TrajectoryMovie& trajectoryMovie() { return trajectoryMovie_; }
  /// Records every frame the view shows during runs into an MP4 until stopRecording().
  bool startRecording(const QString& output, const render::MovieOptions& options);
  void stopRecording();
  MovieRecorder& liveRecorder() { return liveRecorder_; }

 signals:
  /// A Builder panel build ended and its structure is shown; `ok` false if it failed.
  void buildFinished(bool ok);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void createDocks();
  /// Shows the recorded frame nearest `fs` (plot clicks, reaction timeline); a message without a
  /// recorded trajectory.
  void showRecordedFrame(double fs);
  /// The plots from a run folder's files: its model.xyz (step 0), then every dump.xyz frame and
  /// thermo.out line, as they are written.
  void analyseRecordedRun(const QString& folder);
  void analyseRunStructure(const QString& folder);  ///< its model.xyz as the plots' step 0
  void createActions();
  void connectBuilderAndPlots();
  void connectViewFeatures();  ///< MainWindowView.cpp
  void updateRunnable();
  void updateActions();
  void showFrame(std::shared_ptr<const Snapshot> frame);
  void applyPendingFrame();
  void onProgress(const Progress& progress);
  void onStateChanged(RunState state);
  void pick(double x, double y);
  void rememberRecent(const QString& path);
  void rebuildRecentMenu();
  void exportImage();
  /// Makes `project`, saved at or read from `path`, the window's project.
  void adoptProject(const Project& project, const QString& path);
  /// Reads the project in `file` and shows it as the one at `path`.
  bool loadProject(const QString& file, const QString& path, bool quiet);
  /// Shows `project` as the one at `path` (relative paths from its folder).
  bool showProject(const Project& project, const QString& path, bool quiet);
  /// The open project as it would be saved now, as JSON ("" without a project).
  std::string projectState() const;
  /// What is shown now is what the project file holds.
  void markSaved();
  /// "NAME[*] — SEI Studio", and whether there are unsaved changes.
  void updateTitle();
  /// Asks whether to save unsaved changes (Save, Discard, Cancel); false if cancelled.
  bool settleUnsavedChanges();
  /// The project as the window holds it now, for saving at `path`.
  Project composeProject(const QString& path) const;
  void showLastCheckpoint();
  void connectFollower();
  QString outputsFolder() const;
  RunStart askHowToStart(const QString& folder, bool resumable);
  void exportTrajectoryMovieDialog();
  void toggleRecording(bool on);
  void editPreferences();
  void showShortcuts();
  void fail(const QString& message, bool quiet);

  render::AtomScene scene_;
  render::VtkView* view_;
  SimulationController controller_;
  ModelPanel* modelPanel_;
  RunPanel* runPanel_;
  ViewPanel* viewPanel_;
  AtomInfoPanel* atomInfo_;
  BuilderPanel* builderPanel_;
  PlotPanel* plotPanel_;
  ReactionTimeline* reactions_;
  AnalysisWorker analysis_;
  RunFollower follower_;
  /// Run folder to follow once the structure being opened or built is shown ("" none).
  QString followOnStructure_;

  std::shared_ptr<const NepModel> model_;
  std::optional<Structure> structure_;
  QString structurePath_;
  QString lastError_;
  std::optional<Project> project_;
  QString projectPath_;
  bool example_ = false;          ///< project_ is a shipped example, opened as a template
  std::string savedState_;        ///< projectState() of what the file holds
  bool baselinePending_ = false;  ///< savedState_ is taken when the project's build is shown
  QString recoveryPath_;          ///< the autosaved copy of the open project
  QString modelReference_;        ///< the project's model as it names it (a file name: searched)
  QString modelResolved_;         ///< the file that reference was found at
  std::string modelSha256_;       ///< of model_'s file, when it was read
  QString documentName_;          ///< the structure or run folder shown, without a project
  /// The plots come from the run's live frames (else from its files: a continued run).
  bool liveAnalysis_ = true;
  /// The follower reads the studio's own run (the view shows its live frames, not recorded ones).
  bool followingOwnRun_ = false;
  QTimer modifiedTimer_;
  QString projectProblem_;  ///< why the project cannot run as it is (model changed, ...)
  std::shared_ptr<const Snapshot> pendingFrame_;
  Progress progress_;  ///< latest, shown with the next frame
  QTimer frameTimer_;
  QTimer autosaveTimer_;
  QElapsedTimer sinceRender_;

  TrajectoryMovie trajectoryMovie_;
  MovieRecorder liveRecorder_;
  QSize liveMovieSize_;
  QAction* recordAction_ = nullptr;

  QMenu* recentMenu_ = nullptr;
  QAction* startAction_ = nullptr;
  QAction* pauseAction_ = nullptr;
  QAction* stopAction_ = nullptr;
  QLabel* stepLabel_;
  QLabel* timeLabel_;
  QLabel* speedLabel_;
  QLabel* etaLabel_;
};

}  // namespace sei::studio
