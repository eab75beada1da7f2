#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <memory>
#include <optional>
#include <utility>

#include "AnalysisWorker.hpp"
#include "LogPanel.hpp"
#include "RecordedFrames.hpp"
#include "RunFollower.hpp"
#include "SimulationController.hpp"
#include "StudioPanels.hpp"

class QAction;
class QLabel;
class QMainWindow;

namespace sei::studio {

class ProjectDocument;
class StatusReporter;

/// Runs in the studio: starting one (a new run, or continuing the one in the folder), pausing and
/// stopping it, and following a run folder another process writes. It hands the simulation's
/// frames to the view (at most 30 a second) and to the analysis, recorded frames of a followed
/// run to the plots and to the timeline under the view, and shows the run's step, time, speed and
/// ETA in the status bar; the log gets the run's events and its thermo lines. Run more continues a
/// run; the Run panel shows (and changes) where runs write.
class RunCoordinator : public QObject {
  Q_OBJECT
 public:
  RunCoordinator(const StudioPanels& panels, SimulationController& controller,
                 ProjectDocument& document, StatusReporter& status, QMainWindow& window);

  /// Why the run cannot start ("" if it can).
  QString runBlocker() const;
  /// How a run starts in a folder that holds an earlier run's outputs.
  enum class RunStart {
    Ask,        ///< asks the user (Continue, Start over or Cancel) when there are outputs
    StartOver,  ///< moves the earlier outputs to previous-runs/ and starts from the structure
    Continue    ///< continues from the folder's checkpoint.chk
  };
  bool startRun(RunStart how = RunStart::Ask);
  /// Run ▸ Run more: continues the finished or stopped run in its folder from its checkpoint for
  /// `steps` more steps (the run settings' step count becomes the checkpoint's step + `steps`).
  bool runMore(std::int64_t steps);
  /// Asks how many steps more, then runMore().
  void chooseRunMore();
  /// Why Run more cannot continue ("" if it can): a run in progress, no checkpoint.
  QString runMoreBlocker() const;
  /// The folder a run would continue in: the project's outputs folder, or the folder of the
  /// studio's last run without a project ("" if none).
  QString continuableFolder() const;
  /// The Run panel's Change…: asks for the folder runs write to (the project's outputs folder;
  /// without a project, the folder that holds a folder per run).
  void chooseOutputsFolder();
  /// Makes `folder` where the next run writes (see chooseOutputsFolder); false with the reason
  /// in the status's lastError().
  bool setOutputsFolder(const QString& folder);
  /// Shows a run folder's recorded or still running run (a headless `sei run`): its model.xyz,
  /// then every frame of dump.xyz and line of thermo.out as they are written.
  bool followRunFolder(const QString& folder, bool quiet = false);
  /// File ▸ Follow run folder: asks for the folder.
  void chooseRunFolder();
  /// Stops an active run (its checkpoint is written) and waits for the worker, processing events.
  bool stopRunAndWait(int milliseconds = 60000);
  /// Renders pending frames now (tests and screenshots; normally throttled to 30 per second).
  void flushFrames();
  /// The status bar's run text: step, time, speed, ETA.
  QString statusText() const;
  /// The status bar's word on the frame in the view: "shown: live step S", "shown: recorded
  /// frame i / N at step S (t = … ps)", or "" for a structure alone.
  QString shownText() const;
  /// Where runs without a project write (a folder per run below it): the one chosen (kept in the
  /// settings), else the application's data folder's runs/.
  static QString runsFolder();

  RunFollower& follower() { return follower_; }
  /// The recorded trajectory of the timeline (the run folder's dump.xyz, or an opened file).
  RecordedFrames& recorded() { return recorded_; }
  AnalysisWorker& analysis() { return analysis_; }
  /// Run ▸ Start, Pause/Resume and Stop, enabled (and their tool tips saying why not) as the run
  /// allows.
  QAction* startAction() const { return startAction_; }
  QAction* pauseAction() const { return pauseAction_; }
  QAction* stopAction() const { return stopAction_; }
  QAction* runMoreAction() const { return runMoreAction_; }
  /// The status bar's permanent labels (the frame shown, step, time, speed, ETA).
  QList<QLabel*> statusLabels() const;

 signals:
  /// A frame of the run (or a recorded one) is now in the scene.
  void frameShown();
  /// The run ended (finished, stopped or failed), its last frame shown.
  void runEnded();

 private:
  void createActions(QMainWindow& window);
  void connectController();
  void connectFollower();
  void updateRunnable();
  void updateActions();
  /// The plots start over with a structure just shown, or with the recorded run it began.
  void showStructure(std::shared_ptr<const Snapshot> frame, const QString& name,
                     const QString& recordedRun);
  void showFrame(std::shared_ptr<const Snapshot> frame);
  /// A frame of the run (or of a followed run folder): shown while the timeline is Live, else
  /// kept for when the user goes back to Live.
  void showLiveFrame(std::shared_ptr<const Snapshot> frame);
  void applyPendingFrame();
  void onProgress(const Progress& progress);
  void onStateChanged(RunState state);
  RunStart askHowToStart(const QString& folder, bool resumable);
  /// The Run panel's outputs folder: where the next run writes.
  void showOutputsFolder();
  /// The run's end for the log once thermo.out's last lines are in it.
  void logRunEnd(LogLevel level, const QString& line);
  /// Logs the end line still waiting (the run's thermo lines are in, or another run or structure
  /// takes over).
  void flushRunEnd();
  void logThermo(const std::vector<ThermoSample>& samples);
  /// Shows the recorded frame nearest `fs` (plot clicks, reaction timeline); a message without a
  /// recorded trajectory.
  void showRecordedFrame(double fs);
  /// The plots from a run folder's files: its model.xyz (step 0), then every dump.xyz frame and
  /// thermo.out line, as they are written.
  void analyseRecordedRun(const QString& folder);
  void analyseRunStructure(const QString& folder);  ///< its model.xyz as the plots' step 0
  void connectTimeline();
  /// The timeline covers `trajectory` (runIn numbers its frames); `live`: a run writes it, whose
  /// newest frame the view follows until the user picks a recorded one.
  void showTimeline(const QString& trajectory, const QString& runIn, bool live);
  /// An opened structure file: the timeline covers its frames when it is a trajectory.
  void showTrajectoryFile(const QString& path);
  void updateShownLabel();

  StudioPanels panels_;
  SimulationController& controller_;
  ProjectDocument& document_;
  StatusReporter& status_;
  AnalysisWorker analysis_;
  RunFollower follower_;
  RecordedFrames recorded_;
  /// The newest live frame (of the run or the followed folder), for Live.
  std::shared_ptr<const Snapshot> latestLive_;
  int shownRecorded_ = -1;  ///< the recorded frame in the view (-1: live or a structure)
  /// The plots come from the run's live frames (else from its files: a continued run).
  bool liveAnalysis_ = true;
  /// The follower reads the studio's own run (the view shows its live frames, not recorded ones).
  bool followingOwnRun_ = false;
  QString lastRunFolder_;  ///< of the studio's last run without a project's outputs folder
  QString runFolder_;      ///< of the run in progress (or the last one)
  /// The log shows thermo lines after this step (a continued run's earlier ones are history).
  std::int64_t logFromStep_ = 0;
  /// The run's end line, logged once the follower has read thermo.out to the end (its poll
  /// `endPoll_` or a later one).
  std::optional<std::pair<LogLevel, QString>> pendingEnd_;
  std::uint64_t endPoll_ = 0;
  RunState shownState_ = RunState::Idle;  ///< for the log's paused/resumed lines
  std::shared_ptr<const Snapshot> pendingFrame_;
  Progress progress_;  ///< latest, shown with the next frame
  QTimer frameTimer_;
  QElapsedTimer sinceRender_;

  QAction* startAction_ = nullptr;
  QAction* pauseAction_ = nullptr;
  QAction* stopAction_ = nullptr;
  QAction* runMoreAction_ = nullptr;
  QLabel* shownLabel_;
  QLabel* stepLabel_;
  QLabel* timeLabel_;
  QLabel* speedLabel_;
  QLabel* etaLabel_;
};

}  // namespace sei::studio
