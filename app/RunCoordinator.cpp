#include "RunCoordinator.hpp"

#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMainWindow>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <algorithm>
#include <limits>

#include "AtomInfoPanel.hpp"
#include "BuilderPanel.hpp"
#include "LogPanel.hpp"
#include "ModelPanel.hpp"
#include "PlotPanel.hpp"
#include "ProjectDocument.hpp"
#include "ReactionTimeline.hpp"
#include "RunPanel.hpp"
#include "StatusReporter.hpp"
#include "TimelineBar.hpp"
#include "ViewPanel.hpp"
#include "VtkView.hpp"
#include "formats/StructureFile.hpp"
#include "md/Checkpoint.hpp"
#include "run/RunOutputs.hpp"

namespace sei::studio {
namespace {

constexpr int kFrameIntervalMs = 33;               ///< at most 30 frames per second in the view
const char* const kRunsFolderKey = "runs/folder";  ///< QSettings: runsFolder() chosen

/// The trajectory a run folder records: dump.xyz, or movie.nc (dump_netcdf) where only that
/// exists; dump.xyz while neither does yet.
QString recordedTrajectory(const QString& folder) {
  const QDir dir(folder);
  if (!QFileInfo::exists(dir.filePath("dump.xyz")) && QFileInfo::exists(dir.filePath("movie.nc")))
    return dir.filePath("movie.nc");
  return dir.filePath("dump.xyz");
}

/// The step of a run folder's checkpoint.chk (0 without a readable one).
std::int64_t checkpointStep(const QString& folder) {
  try {
    return readCheckpoint(QDir(folder).filePath("checkpoint.chk").toStdString()).state.step;
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

RunCoordinator::RunCoordinator(const StudioPanels& panels, SimulationController& controller,
                               ProjectDocument& document, StatusReporter& status,
                               QMainWindow& window)
    : panels_(panels),
      controller_(controller),
      document_(document),
      status_(status),
      shownLabel_(new QLabel),
      stepLabel_(new QLabel),
      timeLabel_(new QLabel),
      speedLabel_(new QLabel),
      etaLabel_(new QLabel) {
  createActions(window);
  onProgress(Progress{});
  frameTimer_.setSingleShot(true);
  connect(&frameTimer_, &QTimer::timeout, this, &RunCoordinator::applyPendingFrame);
  sinceRender_.start();
  connectController();
  connect(&document_, &ProjectDocument::structureShown, this, &RunCoordinator::showStructure);
  connect(&document_, &ProjectDocument::runnableChanged, this, &RunCoordinator::updateRunnable);
  connect(&analysis_, &AnalysisWorker::updated, panels_.plots, &PlotPanel::setData);
  connect(&analysis_, &AnalysisWorker::updated, panels_.reactions,
          [this](std::shared_ptr<const PlotData> data) {
            panels_.reactions->setReactions(data->reactions);
          });
  connect(&analysis_, &AnalysisWorker::failed, this,
          [this](const QString& message) { status_.fail(tr("Analysis: %1").arg(message), true); });
  connect(panels_.plots, &PlotPanel::rdfSettingsChanged, &analysis_, &AnalysisWorker::setRdf);
  analysis_.setRdf(panels_.plots->rdfPairs(), panels_.plots->rdfWindow());
  connectFollower();
  connectTimeline();
  updateRunnable();
}

QList<QLabel*> RunCoordinator::statusLabels() const {
  return {shownLabel_, stepLabel_, timeLabel_, speedLabel_, etaLabel_};
}

void RunCoordinator::createActions(QMainWindow& window) {
  // Children of the window, as every action of its menus (found by name there).
  QStyle* s = window.style();
  startAction_ = new QAction(s->standardIcon(QStyle::SP_MediaPlay), tr("&Start"), &window);
  connect(startAction_, &QAction::triggered, this, [this] { startRun(); });
  startAction_->setShortcut(Qt::Key_F5);
  startAction_->setObjectName("runStart");
  pauseAction_ = new QAction(s->standardIcon(QStyle::SP_MediaPause), tr("&Pause"), &window);
  connect(pauseAction_, &QAction::triggered, this, [this] {
    if (controller_.state() == RunState::Paused)
      controller_.resume();
    else
      controller_.pause();
  });
  pauseAction_->setShortcut(Qt::Key_F6);
  pauseAction_->setObjectName("runPause");
  stopAction_ = new QAction(s->standardIcon(QStyle::SP_MediaStop), tr("S&top"), &window);
  connect(stopAction_, &QAction::triggered, &controller_, &SimulationController::stop);
  stopAction_->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
  stopAction_->setObjectName("runStop");
  runMoreAction_ = new QAction(tr("Run &more\u2026"), &window);
  connect(runMoreAction_, &QAction::triggered, this, &RunCoordinator::chooseRunMore);
  runMoreAction_->setObjectName("runMore");
}

void RunCoordinator::connectController() {
  connect(&controller_, &SimulationController::frameReady, this, &RunCoordinator::showLiveFrame);
  // Progress is shown with the next frame: one repaint of the window per frame, not two.
  connect(&controller_, &SimulationController::progressed, this,
          [this](const Progress& p) { progress_ = p; });
  connect(&controller_, &SimulationController::stateChanged, this, &RunCoordinator::onStateChanged);
  connect(&controller_, &SimulationController::activity, panels_.run, &RunPanel::setActivity);
  connect(&controller_, &SimulationController::watchdogFired, this,
          [this](const QString& message, const QString& frames) {
            status_.setLastError(tr("Watchdog paused the run: %1. Frames for labelling: %2. "
                                    "Resume to go on, or Stop.")
                                     .arg(message, frames));
            status_.warn(status_.lastError());  // the status bar and the log
          });
  connect(
      &controller_, &SimulationController::finished, this,
      [this](bool completed, const QString& checkpoint) {
        const QString ended = completed ? tr("Run finished") : tr("Run stopped");
        status_.show(ended +
                     (checkpoint.isEmpty() ? QString() : tr("; checkpoint %1").arg(checkpoint)));
        logRunEnd(
            LogLevel::Info,
            tr("%1 at step %2 in %3")
                    .arg(ended)
                    .arg(controller_.latestProgress().step)
                    .arg(runFolder_) +
                (checkpoint.isEmpty()
                     ? QString()
                     : tr("; checkpoint.chk written (step %1)").arg(checkpointStep(runFolder_))));
      });
  connect(&controller_, &SimulationController::failed, this, [this](const QString& message) {
    status_.setLastError(message);
    panels_.run->setRunnable(false, tr("The run failed: %1").arg(message));
    status_.show(tr("Run failed: %1").arg(message));
    logRunEnd(LogLevel::Error, tr("Run failed at step %1 in %2: %3")
                                   .arg(controller_.latestProgress().step)
                                   .arg(runFolder_, message));
  });
  // Every frame the run hands to the GUI also goes to the analysis, which skips what it cannot
  // keep up with.
  connect(&controller_, &SimulationController::frameReady, this,
          [this](std::shared_ptr<const Snapshot> frame) {
            if (liveAnalysis_) analysis_.submit(std::move(frame));
          });
  connect(panels_.run, &RunPanel::startRequested, this, [this] { startRun(); });
  connect(panels_.run, &RunPanel::pauseRequested, &controller_, &SimulationController::pause);
  connect(panels_.run, &RunPanel::resumeRequested, &controller_, &SimulationController::resume);
  connect(panels_.run, &RunPanel::stopRequested, &controller_, &SimulationController::stop);
  connect(panels_.run, &RunPanel::runMoreRequested, this, &RunCoordinator::chooseRunMore);
  connect(panels_.run, &RunPanel::outputsFolderRequested, this,
          &RunCoordinator::chooseOutputsFolder);
}

QString RunCoordinator::runBlocker() const {
  if (document_.building()) return tr("Building the structure from the recipe\u2026");
  const Structure* structure = document_.structure();
  if (!structure)
    return tr("Load a structure (File \u25b8 Open structure\u2026, or drop an .xyz file here).");
  const auto& model = document_.model();
  if (!model)
    return tr("Load a model (Model panel \u25b8 Load model\u2026, or drop a nep.txt here).");
  if (!missingElements(*model, document_.elements()).empty()) return panels_.model->fitMessage();
  if (!document_.projectProblem().isEmpty()) return document_.projectProblem();
  if (model->hasCharges() && !structure->cell.fullyPeriodic())
    return tr(
        "A qNEP model needs a cell periodic in all three directions; this structure's is "
        "not.");
  if (controller_.active()) return tr("A run is in progress.");
  return {};
}

void RunCoordinator::updateRunnable() {
  const QString blocker = runBlocker();
  panels_.run->setRunnable(blocker.isEmpty() || controller_.active(), blocker);
  updateActions();
  showOutputsFolder();
}

QString RunCoordinator::continuableFolder() const {
  const QString outputs = document_.outputsFolder();
  return outputs.isEmpty() ? lastRunFolder_ : outputs;
}

QString RunCoordinator::runMoreBlocker() const {
  if (controller_.active()) return tr("A run is in progress.");
  if (const QString blocker = runBlocker(); !blocker.isEmpty()) return blocker;
  const QString folder = continuableFolder();
  if (folder.isEmpty()) return tr("No run to continue yet: start one first (F5).");
  if (!QFileInfo::exists(QDir(folder).filePath("checkpoint.chk")))
    return tr("%1 holds no checkpoint.chk to continue from: start a run first (F5).").arg(folder);
  return {};
}

void RunCoordinator::updateActions() {
  const RunState state = controller_.state();
  const QString blocker = runBlocker();
  startAction_->setEnabled(blocker.isEmpty());
  pauseAction_->setEnabled(state == RunState::Running || state == RunState::Paused);
  pauseAction_->setText(state == RunState::Paused ? tr("&Resume") : tr("&Pause"));
  stopAction_->setEnabled(controller_.active() && state != RunState::Stopping);
  const QString moreBlocker = runMoreBlocker();
  runMoreAction_->setEnabled(moreBlocker.isEmpty());
  // A disabled action says why (tool bar tooltips and the status tip of the menu entry).
  const auto explain = [](QAction* action, const QString& enabled, const QString& why) {
    const QString tip = action->isEnabled() ? enabled : why;
    action->setToolTip(tip);
    action->setStatusTip(tip);
  };
  explain(startAction_, tr("Start the run (F5)"), tr("Cannot start: %1").arg(blocker));
  explain(pauseAction_,
          state == RunState::Paused ? tr("Resume the run (F6)") : tr("Pause the run (F6)"),
          state == RunState::Stopping ? tr("The run is stopping.")
                                      : tr("No run is in progress to pause."));
  explain(stopAction_, tr("Stop the run; its checkpoint is written (Shift+F5)"),
          state == RunState::Stopping ? tr("The run is already stopping.")
                                      : tr("No run is in progress to stop."));
  const QString moreTip =
      moreBlocker.isEmpty()
          ? tr("Continue the run in %1 from its checkpoint (step %2) for more steps")
                .arg(continuableFolder())
                .arg(checkpointStep(continuableFolder()))
          : tr("Cannot run more: %1").arg(moreBlocker);
  explain(runMoreAction_, moreTip, moreTip);
  panels_.run->setRunMore(moreBlocker.isEmpty(), moreTip);
}

void RunCoordinator::showOutputsFolder() {
  const QString outputs = document_.outputsFolder();
  if (!outputs.isEmpty()) {
    panels_.run->setOutputsFolder(
        outputs, tr("The project's outputs folder: run.in, model.xyz, thermo.out, dump.xyz and "
                    "checkpoint.chk of its run. Change\u2026 chooses another (the project is "
                    "modified)."));
    return;
  }
  const QString next = tr("%1/<date-time>").arg(runsFolder());
  const QString why = document_.hasProject()
                          ? tr("A shipped example's runs never write into the examples folder: "
                               "each goes to a new folder in %1, unless you choose one.")
                          : tr("Without a project each run writes a new folder in %1; "
                               "Change\u2026 chooses where they go.");
  panels_.run->setOutputsFolder(
      lastRunFolder_.isEmpty() ? next : lastRunFolder_,
      (lastRunFolder_.isEmpty() ? QString() : tr("The last run's folder. ")) +
          why.arg(runsFolder()));
}

QString RunCoordinator::runsFolder() {
  const QString chosen = QSettings().value(kRunsFolderKey).toString();
  return !chosen.isEmpty()
             ? chosen
             : QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + "/runs";
}

void RunCoordinator::chooseOutputsFolder() {
  const bool project = document_.hasProject();
  const QString current = project ? continuableFolder() : runsFolder();
  const QString folder = QFileDialog::getExistingDirectory(
      &status_.window(),
      project ? tr("Outputs folder of the project") : tr("Folder for the runs (a folder per run)"),
      QFileInfo(current).absolutePath());
  if (!folder.isEmpty() && !setOutputsFolder(folder)) status_.warnLastError();
}

bool RunCoordinator::setOutputsFolder(const QString& folder) {
  if (controller_.active()) {
    status_.fail(tr("Stop the run before choosing another outputs folder."), true);
    return false;
  }
  const QString absolute = QFileInfo(folder).absoluteFilePath();
  if (document_.hasProject()) {
    if (!document_.setOutputsFolder(absolute)) return false;
  } else {
    if (ProjectDocument::isExamplePath(QDir(absolute).filePath("run.in"))) {
      status_.fail(tr("%1 is among the shipped examples, which stay as shipped: choose another "
                      "folder for the runs.")
                       .arg(absolute),
                   true);
      return false;
    }
    QSettings().setValue(kRunsFolderKey, absolute);
    lastRunFolder_.clear();  // the next run writes a new folder there
  }
  status_.record(LogLevel::Info, tr("Runs write to %1 from now on").arg(absolute));
  updateRunnable();
  return true;
}

void RunCoordinator::chooseRunMore() {
  const QString blocker = runMoreBlocker();
  if (!blocker.isEmpty()) {
    status_.fail(blocker, false);
    return;
  }
  const QString folder = continuableFolder();
  const std::int64_t from = checkpointStep(folder);
  bool ok = false;
  const int steps = QInputDialog::getInt(
      &status_.window(), tr("Run more"),
      tr("Continue the run in %1 from its checkpoint (step %2) for how many more steps?")
          .arg(folder)
          .arg(from),
      static_cast<int>(std::clamp<std::int64_t>(panels_.run->settings().run.steps, 1, 1000000)), 1,
      std::numeric_limits<int>::max(), 1000, &ok);
  if (ok) runMore(steps);
}

bool RunCoordinator::runMore(std::int64_t steps) {
  const QString blocker = runMoreBlocker();
  if (!blocker.isEmpty() || steps < 1) {
    status_.fail(blocker.isEmpty() ? tr("Run more needs at least one step.") : blocker, true);
    return false;
  }
  // The run settings state the run's whole length: the checkpoint's step and the steps asked for.
  RunSettings settings = panels_.run->settings();
  settings.run.steps = checkpointStep(continuableFolder()) + steps;
  panels_.run->setSettings(settings);
  return startRun(RunStart::Continue);
}

bool RunCoordinator::startRun(RunStart how) {
  const QString blocker = runBlocker();
  if (!blocker.isEmpty()) {
    status_.fail(blocker, true);
    return false;
  }
  RunSettings settings = panels_.run->settings();
  // A run without a project's folder writes a new folder, unless it continues the last one.
  QString folder = document_.outputsFolder();
  if (folder.isEmpty() && how == RunStart::Continue) folder = lastRunFolder_;
  if (folder.isEmpty())
    folder = runsFolder() + "/" + QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss-zzz");
  const std::string where = folder.toStdString();
  if (const std::string holder = runFolderHolder(where); !holder.empty()) {
    status_.fail(tr("%1 is in use by a run still going (%2): File \u25b8 Follow run folder shows "
                    "it.")
                     .arg(folder, QString::fromStdString(holder)),
                 how != RunStart::Ask);
    return false;
  }
  const bool earlierRun = hasRunOutputs(where);
  if (earlierRun) {
    const bool resumable = QFileInfo::exists(QDir(folder).filePath("checkpoint.chk"));
    if (how == RunStart::Ask) how = askHowToStart(folder, resumable);
    if (how == RunStart::Ask) return false;  // cancelled
    if (how == RunStart::Continue && !resumable) {
      status_.fail(tr("%1 holds no checkpoint.chk to continue from.").arg(folder), true);
      return false;
    }
  }
  RunRequest request;
  if (document_.hasProject()) {
    request.projectPath = document_.projectPath().toStdString();
    try {
      request.project = document_.composeProject(document_.projectPath());
    } catch (const std::exception& e) {
      status_.fail(QString::fromUtf8(e.what()), true);
      return false;
    }
  } else {
    request.projectPath = QDir(folder).filePath("studio run").toStdString();
    request.project.model = document_.model()->path;
  }
  applyRunForm(settings.run, request.project);
  request.project.outputs = where;
  request.resume = how == RunStart::Continue;
  request.structure = std::make_shared<const Structure>(*document_.structure());
  request.model = document_.model();
  if (!controller_.start(std::move(request), settings.snapshotInterval, settings.threads)) {
    status_.fail(controller_.lastError(), true);
    return false;
  }
  // Every plot starts over with this run. A new run's plots come from its live frames (the
  // follower reads only thermo.out; the timeline indexes the trajectory, so that clicked times
  // find their frame); a continued run's from its files, so they show the whole run from step 0
  // in absolute steps and times, then what the continuation adds.
  const bool continued = how == RunStart::Continue;
  if (!continued) panels_.scene->resetRunRanges();  // colours compare within this run
  analysis_.reset();
  liveAnalysis_ = !continued;
  if (continued)
    analyseRecordedRun(folder);
  else
    follower_.follow(folder, false);
  followingOwnRun_ = true;
  // The timeline covers what the run records (a continued run's earlier frames too); the view
  // follows the run.
  latestLive_.reset();
  showTimeline(recordedTrajectory(folder), QDir(folder).filePath("run.in"), true);
  // A project's folder holds this run's outputs from now on; a rebuild asks before replacing the
  // structure they belong to (a run without a project writes a new folder each time).
  if (document_.hasProject()) panels_.builder->setOutputsExist(true, folder);
  const std::int64_t from = continued ? checkpointStep(folder) : 0;
  panels_.plots->setSource(continued ? tr("Run in %1, continued from step %2").arg(folder).arg(from)
                                     : tr("Run in %1, from step 0").arg(folder));
  const QString archived =
      earlierRun && how == RunStart::StartOver
          ? tr("; the earlier run's outputs go to %1/previous-runs").arg(folder)
          : QString();
  status_.show(tr("Run started in %1").arg(folder) + archived);
  // The log: this run's start, then its thermo lines (a continued run's after its checkpoint).
  runFolder_ = folder;
  if (document_.outputsFolder().isEmpty()) lastRunFolder_ = folder;
  logFromStep_ = from;
  flushRunEnd();
  shownState_ = controller_.state();
  panels_.log->startThermo();
  status_.record(LogLevel::Info,
                 (continued ? tr("Run continued in %1 from step %2 to step %3")
                                  .arg(folder)
                                  .arg(from)
                                  .arg(settings.run.steps)
                            : tr("Run started in %1: %2 steps of %3 fs, %4")
                                  .arg(folder)
                                  .arg(settings.run.steps)
                                  .arg(settings.run.timeStep)
                                  .arg(QString::fromStdString(settings.run.ensemble))) +
                     archived);
  showOutputsFolder();
  return true;
}

RunCoordinator::RunStart RunCoordinator::askHowToStart(const QString& folder, bool resumable) {
  QMessageBox box(QMessageBox::Question, tr("SEI Studio"),
                  tr("%1 holds the outputs of an earlier run.").arg(folder), QMessageBox::Cancel,
                  &status_.window());
  box.setInformativeText(
      resumable ? tr("Continue it from its last checkpoint (the run settings apply to the steps "
                     "still to do), or start over? Starting over keeps the earlier outputs in "
                     "previous-runs/.")
                : tr("Start over? The earlier outputs are kept in previous-runs/."));
  QPushButton* continueButton =
      resumable ? box.addButton(tr("Continue"), QMessageBox::AcceptRole) : nullptr;
  QPushButton* overButton = box.addButton(tr("Start over"), QMessageBox::DestructiveRole);
  box.exec();
  if (continueButton && box.clickedButton() == static_cast<QAbstractButton*>(continueButton))
    return RunStart::Continue;
  if (box.clickedButton() == static_cast<QAbstractButton*>(overButton)) return RunStart::StartOver;
  return RunStart::Ask;
}

bool RunCoordinator::stopRunAndWait(int milliseconds) {
  if (!controller_.active()) return true;
  QEventLoop loop;
  connect(&controller_, &SimulationController::stateChanged, &loop, [&] {
    if (!controller_.active()) loop.quit();
  });
  QTimer::singleShot(milliseconds, &loop, &QEventLoop::quit);
  controller_.stop();
  if (controller_.active()) loop.exec();
  return !controller_.active();
}

void RunCoordinator::showStructure(std::shared_ptr<const Snapshot> frame, const QString& name,
                                   const QString& recordedRun) {
  // The plots start over with the new structure as their first frame; with a recorded run to
  // show, with the structure that run started from (its model.xyz), so that nothing of another
  // system (a recipe edited since) mixes into the run's plots.
  analysis_.reset();
  panels_.scene->resetRunRanges();
  liveAnalysis_ = true;
  followingOwnRun_ = false;
  follower_.stop();
  // Another structure: nothing to run more of without a project (whose folder stays).
  lastRunFolder_.clear();
  flushRunEnd();
  latestLive_.reset();
  if (recordedRun.isEmpty()) {
    analysis_.submit(std::move(frame));
    panels_.plots->setSource(tr("Structure %1 (no run)").arg(name));
    showTimeline(QString(), QString(), false);
  } else {
    analyseRecordedRun(recordedRun);
    panels_.plots->setSource(tr("Recorded run in %1").arg(recordedRun));
    showTimeline(recordedTrajectory(recordedRun), QDir(recordedRun).filePath("run.in"), true);
  }
}

void RunCoordinator::showFrame(std::shared_ptr<const Snapshot> frame) {
  pendingFrame_ = std::move(frame);
  if (!frameTimer_.isActive())
    frameTimer_.start(std::max<qint64>(0, kFrameIntervalMs - sinceRender_.elapsed()));
}

void RunCoordinator::showLiveFrame(std::shared_ptr<const Snapshot> frame) {
  latestLive_ = frame;
  if (panels_.timeline->isLive()) {
    shownRecorded_ = -1;
    showFrame(std::move(frame));
  } else {
    onProgress(progress_);  // the run goes on while the view keeps the recorded frame
  }
}

void RunCoordinator::applyPendingFrame() {
  if (!pendingFrame_) return;
  render::AtomScene& scene = *panels_.scene;
  scene.setFrame(std::move(pendingFrame_));
  pendingFrame_.reset();
  // The modes the frame has (a run's frames bring energies and forces), the range in use.
  panels_.viewSettings->syncFrom(scene);
  if (panels_.atomInfo->atom() >= 0)
    panels_.atomInfo->showAtom(scene.frame(), scene.species(), panels_.atomInfo->atom());
  onProgress(progress_);
  if (shownRecorded_ < 0) panels_.timeline->setLiveFrame(scene.frame()->step, scene.frame()->time);
  updateShownLabel();
  emit frameShown();
  panels_.view->update();
  sinceRender_.restart();
}

void RunCoordinator::flushFrames() {
  frameTimer_.stop();
  applyPendingFrame();
}

void RunCoordinator::onProgress(const Progress& p) {
  panels_.run->setProgress(p);
  // A followed run's frames know their step, not the run's length.
  stepLabel_->setText(p.totalSteps > 0 ? tr("step %1 / %2").arg(p.step).arg(p.totalSteps)
                                       : tr("step %1").arg(p.step));
  timeLabel_->setText(tr("t = %1 ps").arg(p.time / 1000.0, 0, 'f', 3));
  // A recorded run shows where it is, not how fast it went.
  speedLabel_->setText(p.nsPerDay > 0 ? tr("%1 ns/day").arg(p.nsPerDay, 0, 'g', 3)
                                      : tr("\u2013 ns/day"));
  etaLabel_->setText(p.nsPerDay > 0 && controller_.active()
                         ? tr("ETA %1").arg(formatDuration(p.secondsRemaining))
                         : tr("ETA \u2013"));
}

QString RunCoordinator::statusText() const {
  return QStringList{stepLabel_->text(), timeLabel_->text(), speedLabel_->text(), etaLabel_->text()}
      .join(" | ");
}

QString RunCoordinator::shownText() const { return shownLabel_->text(); }

void RunCoordinator::updateShownLabel() {
  const auto& marks = recorded_.marks();
  const auto& frame = panels_.scene->frame();
  QString text;
  if (shownRecorded_ >= 0 && static_cast<std::size_t>(shownRecorded_) < marks.size())
    // Short: the status bar's other labels and a long message share the line; the timeline
    // bar beside the view gives the frame's time.
    text = tr("shown: recorded frame %1/%2, step %3")
               .arg(shownRecorded_ + 1)
               .arg(marks.size())
               .arg(marks[shownRecorded_].step);
  else if (frame && latestLive_ && panels_.timeline->isLive())
    text = tr("shown: live step %1").arg(frame->step);
  shownLabel_->setText(text);
  shownLabel_->setVisible(!text.isEmpty());
}

void RunCoordinator::onStateChanged(RunState state) {
  panels_.run->setRunState(state);
  if (state == RunState::Paused)
    status_.record(LogLevel::Info,
                   tr("Run paused at step %1").arg(controller_.latestProgress().step));
  else if (state == RunState::Running && shownState_ == RunState::Paused)
    status_.record(LogLevel::Info,
                   tr("Run resumed at step %1").arg(controller_.latestProgress().step));
  shownState_ = state;
  panels_.builder->setRunActive(isActive(state));
  if (!isActive(state) && state != RunState::Idle) {
    flushFrames();  // the last frame belongs in the movie too
    emit runEnded();
  }
  onProgress(controller_.latestProgress());
  updateRunnable();
}

void RunCoordinator::connectFollower() {
  // A recorded run is analysed frame by frame, none skipped; reading waits while the analysis
  // has a few frames queued, so a long trajectory never piles up in memory.
  follower_.setReadyForFrames([this] { return analysis_.queued() < 4; });
  connect(&follower_, &RunFollower::framesRead, this,
          [this](const std::vector<std::shared_ptr<const Snapshot>>& frames) {
            for (const auto& f : frames) analysis_.append(f);
            if (followingOwnRun_) return;  // the view and status bar show the live run
            const auto& last = frames.back();
            progress_ = Progress{};
            progress_.step = last->step;
            progress_.time = last->time;
            showLiveFrame(last);
          });
  connect(&follower_, &RunFollower::thermoRead, this,
          [this](const std::vector<ThermoSample>& samples) {
            analysis_.appendThermo(samples);
            if (followingOwnRun_) logThermo(samples);
          });
  connect(&follower_, &RunFollower::caughtUp, this, [this](std::uint64_t poll) {
    if (poll >= endPoll_) flushRunEnd();
  });
  connect(&follower_, &RunFollower::restarted, this, [this] {
    if (followingOwnRun_) panels_.log->startThermo();
    if (followingOwnRun_ && liveAnalysis_) {
      // The plots come from the run's own frames, and its thermo.out: lines read from the file
      // it replaced (an earlier run moved to previous-runs/) are not this run's. This holds
      // also when a short run has ended before the follower noticed the new files: its frames
      // are already analysed.
      analysis_.restartThermo();
      return;
    }
    analysis_.reset();
    // The follower reads the files again from their start.
    if (!followingOwnRun_ || !liveAnalysis_) analyseRunStructure(follower_.folder());
    if (controller_.active()) return;
    status_.show(tr("%1: the run started over").arg(follower_.folder()));
  });
  connect(&follower_, &RunFollower::failed, this,
          [this](const QString& message) { status_.fail(message, true); });
  connect(panels_.reactions, &ReactionTimeline::reactionChosen, this,
          [this](double fs, const std::vector<int>& atoms) {
            panels_.scene->setHighlightedAtoms(atoms);
            panels_.view->update();
            showRecordedFrame(fs);
          });
  connect(panels_.reactions, &ReactionTimeline::highlightCleared, this, [this] {
    panels_.scene->setHighlightedAtoms({});
    panels_.view->update();
  });
  connect(panels_.plots, &PlotPanel::timeClicked, this,
          [this](double fs) { showRecordedFrame(fs); });
}

void RunCoordinator::logRunEnd(LogLevel level, const QString& line) {
  // After the run's last thermo lines: the follower reads thermo.out to its end first.
  endPoll_ = followingOwnRun_ ? follower_.pollNow() : 0;
  if (endPoll_ == 0)
    status_.record(level, line);
  else
    pendingEnd_ = {level, line};
}

void RunCoordinator::flushRunEnd() {
  if (pendingEnd_) status_.record(pendingEnd_->first, pendingEnd_->second);
  pendingEnd_.reset();
}

void RunCoordinator::logThermo(const std::vector<ThermoSample>& samples) {
  std::vector<ThermoSample> fresh;
  for (const ThermoSample& s : samples)
    if (s.step > logFromStep_) fresh.push_back(s);
  panels_.log->addThermo(fresh);
}

void RunCoordinator::analyseRecordedRun(const QString& folder) {
  analyseRunStructure(folder);
  follower_.follow(folder, true);
}

void RunCoordinator::analyseRunStructure(const QString& folder) {
  // Step 0 is the structure the run started from, as it wrote it.
  try {
    analysis_.append(
        render::snapshotOf(readStructureFile(QDir(folder).filePath("model.xyz").toStdString())));
  } catch (const std::exception&) {
    // No readable model.xyz (yet): the recorded frames alone.
  }
}

void RunCoordinator::showRecordedFrame(double fs) {
  const int index = recorded_.nearest(fs);
  if (index < 0) {
    status_.show(tr("t = %1 ps: no trajectory is recorded (Run panel \u25b8 Trajectory every)")
                     .arg(fs / 1000.0, 0, 'f', 3));
    return;
  }
  panels_.timeline->showFrame(index);
}

void RunCoordinator::connectTimeline() {
  TimelineBar* timeline = panels_.timeline;
  connect(&recorded_, &RecordedFrames::framesAdded, timeline, [this, timeline](int first) {
    const auto& marks = recorded_.marks();
    timeline->appendFrames({marks.begin() + first, marks.end()});
    updateShownLabel();  // "frame i / N" counts the new ones
  });
  connect(&recorded_, &RecordedFrames::cleared, timeline, &TimelineBar::clearFrames);
  connect(&recorded_, &RecordedFrames::failed, this,
          [this](const QString& message) { status_.fail(message, true); });
  connect(timeline, &TimelineBar::frameRequested, this, [this](int index) {
    pendingFrame_.reset();  // a live frame waiting to be drawn is not what the user asked for
    recorded_.request(index);
  });
  connect(&recorded_, &RecordedFrames::frameLoaded, this,
          [this](int index, std::shared_ptr<const Snapshot> frame) {
            // Only the frame the timeline still wants (scrubbing moves on while reads run).
            if (panels_.timeline->isLive() || panels_.timeline->position() != index) return;
            shownRecorded_ = index;
            showFrame(std::move(frame));
          });
  connect(timeline, &TimelineBar::liveRequested, this, [this] {
    shownRecorded_ = -1;
    if (latestLive_) showFrame(latestLive_);
    updateShownLabel();
  });
  connect(&document_, &ProjectDocument::structureFileOpened, this,
          &RunCoordinator::showTrajectoryFile);
}

void RunCoordinator::showTimeline(const QString& trajectory, const QString& runIn, bool live) {
  shownRecorded_ = -1;
  if (trajectory.isEmpty())
    recorded_.close();
  else
    recorded_.open(trajectory, runIn, live);
  panels_.timeline->clearFrames();
  panels_.timeline->setLiveAvailable(live);
  if (live) panels_.timeline->goLive();
  updateShownLabel();
}

void RunCoordinator::showTrajectoryFile(const QString& path) {
  // Extended XYZ may hold many frames (the timeline shows itself from two on).
  if (structureFormatOfName(path.toStdString()) == StructureFormat::ExtXyz)
    showTimeline(path, QFileInfo(path).dir().filePath("run.in"), false);
}

void RunCoordinator::chooseRunFolder() {
  // A headless `sei run` (here, or on a cluster file system mounted here).
  const QString folder = QFileDialog::getExistingDirectory(
      &status_.window(), tr("Run folder to follow (run.in, model.xyz, dump.xyz)"));
  if (!folder.isEmpty()) followRunFolder(folder);
}

bool RunCoordinator::followRunFolder(const QString& folder, bool quiet) {
  if (controller_.active()) {
    status_.fail(tr("Stop the run before following another run folder."), quiet);
    return false;
  }
  const QString model = QDir(folder).filePath("model.xyz");
  if (!QFileInfo::exists(model)) {
    status_.fail(tr("%1 is not a run folder: it has no model.xyz (expected the folder of a `sei "
                    "run`, with run.in, model.xyz, thermo.out and dump.xyz)")
                     .arg(folder),
                 quiet);
    return false;
  }
  return document_.openRecordedRun(model, QFileInfo(folder).absoluteFilePath(), quiet);
}

}  // namespace sei::studio
