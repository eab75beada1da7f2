#include "MainWindow.hpp"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QThread>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>
#include <set>

#include "AtomInfoPanel.hpp"
#include "BuilderPanel.hpp"
#include "FigureExporter.hpp"
#include "ModelPanel.hpp"
#include "ModelSearchPath.hpp"
#include "PlotPanel.hpp"
#include "ProjectRecovery.hpp"
#include "RunPanel.hpp"
#include "StudioInfo.hpp"
#include "ViewPanel.hpp"
#include "VtkView.hpp"
#include "core/Error.hpp"
#include "core/Paths.hpp"
#include "core/Sha256.hpp"
#include "io/ExtXyz.hpp"
#include "md/Checkpoint.hpp"
#include "run/RunOutputs.hpp"

namespace sei::studio {
namespace {

constexpr int kFrameIntervalMs = 33;  ///< at most 30 frames per second in the view
constexpr int kMaxRecentFiles = 8;
const char* const kDemoModel = "qnep_mode2_water.txt";
constexpr int kAutosaveMs = 120000;     ///< ms between autosaves of an open project
constexpr int kModifiedCheckMs = 1000;  ///< ms between checks for unsaved changes
const char* const kDemoProject = "water-slab-demo.json";

/// The step of a run folder's checkpoint.chk (0 without a readable one).
std::int64_t checkpointStep(const QString& folder) {
  try {
    return readCheckpoint(QDir(folder).filePath("checkpoint.chk").toStdString()).state.step;
  } catch (const std::exception&) {
    return 0;
  }
}

bool isStructureFile(const QString& path) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  return suffix == "xyz" || suffix == "extxyz";
}

/// Elements in order of first appearance.
std::vector<std::string> elementsOf(const Structure& s) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& e : s.symbols)
    if (seen.insert(e).second) out.push_back(e);
  return out;
}

QDockWidget* dock(QMainWindow* window, const QString& title, const QString& name, QWidget* panel,
                  Qt::DockWidgetArea area) {
  auto* d = new QDockWidget(title, window);
  d->setObjectName(name);  // saveState() needs names
  // Scrollable, so small screens (and small --screenshot sizes) still fit the window.
  auto* scroll = new QScrollArea;
  scroll->setWidget(panel);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  d->setWidget(scroll);
  window->addDockWidget(area, d);
  return d;
}

/// A spin box for an image dimension in pixels.
QSpinBox* pixelBox(int value, int maximum) {
  auto* box = new QSpinBox;
  box->setRange(16, maximum);
  box->setSuffix(" px");
  box->setValue(value);
  return box;
}

/// Adds OK/Cancel to a form dialog and runs it; true if accepted.
bool runFormDialog(QDialog& dialog, QFormLayout* form) {
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
  QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  form->addRow(buttons);
  return dialog.exec() == QDialog::Accepted;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      view_(new render::VtkView(this)),
      modelPanel_(new ModelPanel),
      runPanel_(new RunPanel),
      viewPanel_(new ViewPanel),
      atomInfo_(new AtomInfoPanel),
      builderPanel_(new BuilderPanel),
      plotPanel_(new PlotPanel),
      reactions_(new ReactionTimeline),
      stepLabel_(new QLabel),
      timeLabel_(new QLabel),
      speedLabel_(new QLabel),
      etaLabel_(new QLabel) {
  setAcceptDrops(true);
  view_->setRenderer(scene_.renderer());
  setCentralWidget(view_);
  createDocks();
  createActions();
  for (QLabel* l : {stepLabel_, timeLabel_, speedLabel_, etaLabel_})
    statusBar()->addPermanentWidget(l);
  onProgress(Progress{});

  frameTimer_.setSingleShot(true);
  connect(&frameTimer_, &QTimer::timeout, this, &MainWindow::applyPendingFrame);
  connect(&autosaveTimer_, &QTimer::timeout, this, &MainWindow::autosave);
  autosaveTimer_.start(kAutosaveMs);
  // Edits reach the project from many panels; the title's `*` follows them within a second.
  connect(&modifiedTimer_, &QTimer::timeout, this,
          [this] { setWindowModified(hasUnsavedChanges()); });
  modifiedTimer_.start(kModifiedCheckMs);
  sinceRender_.start();
  connect(view_, &render::VtkView::clicked, this, &MainWindow::pick);
  connect(&controller_, &SimulationController::frameReady, this, &MainWindow::showFrame);
  // Progress is shown with the next frame: one repaint of the window per frame, not two.
  connect(&controller_, &SimulationController::progressed, this,
          [this](const Progress& p) { progress_ = p; });
  connect(&controller_, &SimulationController::stateChanged, this, &MainWindow::onStateChanged);
  connect(&controller_, &SimulationController::activity, runPanel_, &RunPanel::setActivity);
  connect(&controller_, &SimulationController::finished, this,
          [this](bool completed, const QString& checkpoint) {
            statusBar()->showMessage(
                (completed ? tr("Run finished") : tr("Run stopped")) +
                (checkpoint.isEmpty() ? QString() : tr("; checkpoint %1").arg(checkpoint)));
          });
  connect(&controller_, &SimulationController::failed, this, [this](const QString& message) {
    lastError_ = message;
    runPanel_->setRunnable(false, tr("The run failed: %1").arg(message));
    statusBar()->showMessage(tr("Run failed: %1").arg(message));
  });

  connect(modelPanel_, &ModelPanel::loadRequested, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Load model"), QString(),
                                                      tr("NEP models (*.txt);;All files (*)"));
    if (!path.isEmpty()) openModel(path);
  });
  connect(runPanel_, &RunPanel::startRequested, this, [this] { startRun(); });
  connect(runPanel_, &RunPanel::pauseRequested, &controller_, &SimulationController::pause);
  connect(runPanel_, &RunPanel::resumeRequested, &controller_, &SimulationController::resume);
  connect(runPanel_, &RunPanel::stopRequested, &controller_, &SimulationController::stop);
  connect(viewPanel_, &ViewPanel::colorModeChanged, this, [this](render::ColorMode m) {
    scene_.setColorMode(m);
    view_->update();
  });
  connect(viewPanel_, &ViewPanel::chargeRangeChanged, this, [this](double r) {
    scene_.setChargeRange(r);
    view_->update();
  });
  connect(viewPanel_, &ViewPanel::atomScaleChanged, this, [this](double s) {
    scene_.setAtomScale(s);
    view_->update();
  });
  connect(viewPanel_, &ViewPanel::elementVisibilityChanged, this,
          [this](const QString& e, bool on) {
            scene_.setElementVisible(e.toStdString(), on);
            view_->update();
          });
  connect(viewPanel_, &ViewPanel::cameraPresetRequested, this, [this](render::CameraPreset p) {
    scene_.setCameraPreset(p);
    view_->update();
  });

  connect(&liveRecorder_, &MovieRecorder::finished, this, [this](const QString& path) {
    statusBar()->showMessage(
        tr("Movie written to %1 (%2 frames)").arg(path).arg(liveRecorder_.framesEncoded()));
  });
  connect(&liveRecorder_, &MovieRecorder::failed, this,
          [this](const QString& message) { fail(message, true); });

  connectBuilderAndPlots();
  connectViewFeatures();

  QSettings settings;
  restoreGeometry(settings.value("window/geometry").toByteArray());
  restoreState(settings.value("window/state").toByteArray());
  updateRunnable();
  updateActions();
  updateTitle();
}

MainWindow::~MainWindow() = default;

QString MainWindow::examplesFolder() { return QStringLiteral(SEI_PROJECTS_DIR); }

bool MainWindow::isExamplePath(const QString& path) {
  const QString examples = QFileInfo(examplesFolder()).canonicalFilePath();
  // By its folder, which exists even for a file not written yet (Save as).
  const QFileInfo file(path);
  const QString folder = QFileInfo(file.absolutePath()).canonicalFilePath();
  return !examples.isEmpty() && !folder.isEmpty() &&
         (folder == examples || folder.startsWith(examples + "/"));
}

bool MainWindow::building() const { return builderPanel_->building(); }

void MainWindow::createDocks() {
  auto* model = dock(this, tr("Model"), "modelDock", modelPanel_, Qt::LeftDockWidgetArea);
  auto* run = dock(this, tr("Run"), "runDock", runPanel_, Qt::LeftDockWidgetArea);
  auto* view = dock(this, tr("View"), "viewDock", viewPanel_, Qt::RightDockWidgetArea);
  auto* info = dock(this, tr("Atom info"), "atomInfoDock", atomInfo_, Qt::RightDockWidgetArea);
  auto* builder = dock(this, tr("Builder"), "builderDock", builderPanel_, Qt::LeftDockWidgetArea);
  tabifyDockWidget(model, run);
  tabifyDockWidget(run, builder);
  run->raise();
  auto* plots = dock(this, tr("Plots"), "plotsDock", plotPanel_, Qt::BottomDockWidgetArea);
  auto* reactions =
      dock(this, tr("Reactions"), "reactionsDock", reactions_, Qt::BottomDockWidgetArea);
  tabifyDockWidget(plots, reactions);
  plots->raise();
  resizeDocks({plots}, {260}, Qt::Vertical);  // the 3D view keeps most of the height
  splitDockWidget(view, info, Qt::Vertical);
}

void MainWindow::createActions() {
  QStyle* s = style();
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* openStructureAction = file->addAction(
      s->standardIcon(QStyle::SP_DialogOpenButton), tr("Open &structure\u2026"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open structure"), QString(),
                                                          tr("Extended XYZ (*.xyz *.extxyz)"));
        if (!path.isEmpty()) openStructure(path);
      });
  openStructureAction->setShortcut(QKeySequence::Open);
  QAction* openModelAction = file->addAction(
      s->standardIcon(QStyle::SP_FileDialogDetailedView), tr("Open &model\u2026"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Load model"), QString(),
                                                          tr("NEP models (*.txt);;All files (*)"));
        if (!path.isEmpty()) openModel(path);
      });
  openModelAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
  file->addAction(tr("Open &project\u2026"), this,
                  [this] {
                    const QString path = QFileDialog::getOpenFileName(
                        this, tr("Open project"), QString(), tr("SEI projects (*.json)"));
                    if (!path.isEmpty()) openProject(path);
                  })
      ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
  file->addAction(tr("&Save project"), this, [this] { saveInteractively(); })
      ->setShortcut(QKeySequence::Save);
  // QKeySequence::SaveAs is empty outside KDE and GNOME.
  file->addAction(tr("Save project &as\u2026"), this, [this] { saveInteractively(true); })
      ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
  file->addAction(tr("&Follow run folder\u2026"), this,
                  [this] {
                    // A headless `sei run` (here, or on a cluster file system mounted here).
                    const QString folder = QFileDialog::getExistingDirectory(
                        this, tr("Run folder to follow (run.in, model.xyz, dump.xyz)"));
                    if (!folder.isEmpty()) followRunFolder(folder);
                  })
      ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
  file->addAction(tr("Open &demo (qNEP water)"), this, [this] { openDemo(); })
      ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
  recentMenu_ = file->addMenu(tr("Open &recent"));
  rebuildRecentMenu();
  file->addSeparator();
  QAction* exportAction =
      file->addAction(s->standardIcon(QStyle::SP_DialogSaveButton), tr("&Export image\u2026"), this,
                      &MainWindow::exportImage);
  exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  file->addAction(tr("Export &movie of a trajectory\u2026"), this,
                  &MainWindow::exportTrajectoryMovieDialog);
  file->addAction(tr("&Preferences\u2026"), this, &MainWindow::editPreferences)
      ->setShortcut(QKeySequence::Preferences);
  file->addSeparator();
  file->addAction(tr("&Quit"), this, &QWidget::close)->setShortcut(QKeySequence::Quit);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  const std::pair<QString, render::CameraPreset> cameras[] = {
      {tr("&Side (along the surface)"), render::CameraPreset::Side},
      {tr("&Front"), render::CameraPreset::Front},
      {tr("&Top"), render::CameraPreset::Top},
      {tr("&Oblique"), render::CameraPreset::Oblique}};
  int key = Qt::Key_1;
  for (const auto& [label, preset] : cameras) {
    view->addAction(label, this,
                    [this, preset = preset] {
                      scene_.setCameraPreset(preset);
                      view_->update();
                    })
        ->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(key++)));
  }
  view->addSeparator();
  for (QDockWidget* d : findChildren<QDockWidget*>()) view->addAction(d->toggleViewAction());

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  startAction_ = run->addAction(s->standardIcon(QStyle::SP_MediaPlay), tr("&Start"), this,
                                [this] { startRun(); });
  startAction_->setShortcut(Qt::Key_F5);
  startAction_->setObjectName("runStart");
  pauseAction_ = run->addAction(s->standardIcon(QStyle::SP_MediaPause), tr("&Pause"), this, [this] {
    if (controller_.state() == RunState::Paused)
      controller_.resume();
    else
      controller_.pause();
  });
  pauseAction_->setShortcut(Qt::Key_F6);
  pauseAction_->setObjectName("runPause");
  stopAction_ = run->addAction(s->standardIcon(QStyle::SP_MediaStop), tr("S&top"), &controller_,
                               &SimulationController::stop);
  stopAction_->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
  stopAction_->setObjectName("runStop");
  run->addSeparator();
  recordAction_ = run->addAction(tr("&Record movie of the run\u2026"));
  recordAction_->setCheckable(true);
  connect(recordAction_, &QAction::toggled, this, &MainWindow::toggleRecording);

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts)
      ->setShortcut(QKeySequence::HelpContents);
  QAction* about = help->addAction(tr("&About SEI Studio"), this, [this] {
    QMessageBox::about(this, tr("About SEI Studio"), StudioInfo::aboutHtml());
  });
  about->setObjectName("helpAbout");

  QToolBar* tools = addToolBar(tr("Main"));
  tools->setObjectName("mainToolBar");
  tools->addAction(openStructureAction);
  tools->addAction(openModelAction);
  tools->addSeparator();
  tools->addAction(startAction_);
  tools->addAction(pauseAction_);
  tools->addAction(stopAction_);
  tools->addSeparator();
  tools->addAction(exportAction);
}

bool MainWindow::openFile(const QString& path, bool quiet) {
  if (QFileInfo(path).isDir()) return followRunFolder(path, quiet);
  if (QFileInfo(path).suffix().toLower() == "json") return openProject(path, quiet);
  return isStructureFile(path) ? openStructure(path, quiet) : openModel(path, quiet);
}

void MainWindow::fail(const QString& message, bool quiet) {
  lastError_ = message;
  statusBar()->showMessage(message);
  if (!quiet) QMessageBox::warning(this, tr("SEI Studio"), message);
}

bool MainWindow::openStructure(const QString& path, bool quiet) {
  if (controller_.active()) {
    fail(tr("Stop the run before opening another structure."), quiet);
    return false;
  }
  Structure structure;
  try {
    structure = readExtXyz(path.toStdString());
  } catch (const std::exception& e) {
    fail(QString::fromUtf8(e.what()), quiet);
    return false;
  }
  structurePath_ = path;
  setStructure(std::move(structure), QFileInfo(path).fileName());
  rememberRecent(path);
  return true;
}

void MainWindow::setStructure(Structure structure, const QString& name) {
  structure_ = std::move(structure);
  auto frame = render::snapshotOf(*structure_);
  scene_.setFrame(frame);
  viewPanel_->syncFrom(scene_);
  modelPanel_->setStructureElements(elementsOf(*structure_));
  atomInfo_->showAtom(nullptr, nullptr, -1);
  // The plots start over with the new structure as their first frame; with a recorded run to
  // show, with the structure that run started from (its model.xyz), so that nothing of another
  // system (a recipe edited since) mixes into the run's plots.
  analysis_.reset();
  liveAnalysis_ = true;
  followingOwnRun_ = false;
  follower_.stop();
  const QString follow = std::exchange(followOnStructure_, QString());
  if (follow.isEmpty()) {
    analysis_.submit(std::move(frame));
    plotPanel_->setSource(tr("Structure %1 (no run)").arg(name));
  } else {
    analyseRecordedRun(follow);
    plotPanel_->setSource(tr("Recorded run in %1").arg(follow));
  }
  documentName_ = name;
  updateTitle();
  statusBar()->showMessage(tr("%1: %2 atoms").arg(name).arg(structure_->size()));
  updateRunnable();
  view_->update();
}

bool MainWindow::openModel(const QString& path, bool quiet) {
  if (controller_.active()) {
    fail(tr("Stop the run before loading another model."), quiet);
    return false;
  }
  try {
    model_ = std::make_shared<const NepModel>(readNepModel(path.toStdString()));
  } catch (const std::exception& e) {
    fail(QString::fromUtf8(e.what()), quiet);
    return false;
  }
  modelSha256_ = sha256OfFile(model_->path);
  modelPanel_->setModel(model_);
  rememberRecent(path);
  statusBar()->showMessage(tr("Model %1 loaded").arg(QFileInfo(path).fileName()));
  updateRunnable();
  return true;
}

bool MainWindow::openDemo(bool quiet) {
  // The demo project builds a water slab from its recipe and finds qnep_mode2_water.txt on the
  // model search path (../shared/models beside the checkout by default).
  const QString project = examplesFolder() + "/" + kDemoProject;
  if (!QFileInfo::exists(project)) {
    fail(tr("The demo project %1 is missing.").arg(project), quiet);
    return false;
  }
  if (!openProject(project, quiet)) return false;
  if (!model_) {
    fail(tr("The demo needs %1 on the model search path (searched: %2). Add its folder in "
            "File \u25b8 Preferences.")
             .arg(kDemoModel, ModelSearchPath::directories().join(", ")),
         quiet);
    return false;
  }
  return true;
}

QString MainWindow::runBlocker() const {
  if (building()) return tr("Building the structure from the recipe\u2026");
  if (!structure_)
    return tr("Load a structure (File \u25b8 Open structure\u2026, or drop an .xyz file here).");
  if (!model_)
    return tr("Load a model (Model panel \u25b8 Load model\u2026, or drop a nep.txt here).");
  if (!missingElements(*model_, elementsOf(*structure_)).empty()) return modelPanel_->fitMessage();
  if (!projectProblem_.isEmpty()) return projectProblem_;
  if (model_->hasCharges() && !structure_->cell.fullyPeriodic())
    return tr(
        "A qNEP model needs a cell periodic in all three directions; this structure's is "
        "not.");
  if (controller_.active()) return tr("A run is in progress.");
  return {};
}

void MainWindow::updateRunnable() {
  const QString blocker = runBlocker();
  runPanel_->setRunnable(blocker.isEmpty() || controller_.active(), blocker);
  updateActions();
}

void MainWindow::updateActions() {
  if (!startAction_) return;
  const RunState state = controller_.state();
  const QString blocker = runBlocker();
  startAction_->setEnabled(blocker.isEmpty());
  pauseAction_->setEnabled(state == RunState::Running || state == RunState::Paused);
  pauseAction_->setText(state == RunState::Paused ? tr("&Resume") : tr("&Pause"));
  stopAction_->setEnabled(controller_.active() && state != RunState::Stopping);
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
}

void MainWindow::showShortcuts() {
  QStringList rows;
  for (QAction* top : menuBar()->actions())
    for (QAction* a : top->menu() ? top->menu()->actions() : QList<QAction*>{})
      if (!a->shortcut().isEmpty())
        rows << QStringLiteral("<tr><td>%1</td><td>%2</td></tr>")
                    .arg(a->shortcut().toString(QKeySequence::NativeText).toHtmlEscaped(),
                         a->text().remove('&').toHtmlEscaped());
  rows.removeDuplicates();
  QMessageBox box(QMessageBox::NoIcon, tr("Keyboard shortcuts"),
                  "<table cellspacing=4>" + rows.join(QString()) +
                      tr("</table><p>3D view: left drag rotates, middle drag pans, the wheel "
                         "zooms, a click picks an atom.</p>"),
                  QMessageBox::Close, this);
  box.exec();
}

QString MainWindow::runsFolder() {
  return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + "/runs";
}

bool MainWindow::startRun(RunStart how) {
  const QString blocker = runBlocker();
  if (!blocker.isEmpty()) {
    fail(blocker, true);
    return false;
  }
  RunSettings settings = runPanel_->settings();
  QString folder = outputsFolder();
  if (folder.isEmpty())
    folder = runsFolder() + "/" + QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss-zzz");
  const std::string where = folder.toStdString();
  if (const std::string holder = runFolderHolder(where); !holder.empty()) {
    fail(tr("%1 is in use by a run still going (%2): File \u25b8 Follow run folder shows it.")
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
      fail(tr("%1 holds no checkpoint.chk to continue from.").arg(folder), true);
      return false;
    }
  }
  RunRequest request;
  if (project_) {
    request.projectPath = projectPath_.toStdString();
    try {
      request.project = composeProject(projectPath_);
    } catch (const std::exception& e) {
      fail(QString::fromUtf8(e.what()), true);
      return false;
    }
  } else {
    request.projectPath = QDir(folder).filePath("studio run").toStdString();
    request.project.model = model_->path;
  }
  applyRunForm(settings.run, request.project);
  request.project.outputs = where;
  request.resume = how == RunStart::Continue;
  request.structure = std::make_shared<const Structure>(*structure_);
  request.model = model_;
  if (!controller_.start(std::move(request), settings.snapshotInterval, settings.threads)) {
    fail(controller_.lastError(), true);
    return false;
  }
  // Every plot starts over with this run. A new run's plots come from its live frames (the
  // follower indexes dump.xyz, so that clicked times find their frame); a continued run's from
  // its files, so they show the whole run from step 0 in absolute steps and times, then what
  // the continuation adds.
  const bool continued = how == RunStart::Continue;
  analysis_.reset();
  liveAnalysis_ = !continued;
  if (continued)
    analyseRecordedRun(folder);
  else
    follower_.follow(folder, false);
  followingOwnRun_ = true;
  plotPanel_->setSource(
      continued ? tr("Run in %1, continued from step %2").arg(folder).arg(checkpointStep(folder))
                : tr("Run in %1, from step 0").arg(folder));
  statusBar()->showMessage(
      tr("Run started in %1").arg(folder) +
      (earlierRun && how == RunStart::StartOver
           ? tr("; the earlier run's outputs go to %1/previous-runs").arg(folder)
           : QString()));
  return true;
}

MainWindow::RunStart MainWindow::askHowToStart(const QString& folder, bool resumable) {
  QMessageBox box(QMessageBox::Question, tr("SEI Studio"),
                  tr("%1 holds the outputs of an earlier run.").arg(folder), QMessageBox::Cancel,
                  this);
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

bool MainWindow::stopRunAndWait(int milliseconds) {
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

void MainWindow::showFrame(std::shared_ptr<const Snapshot> frame) {
  pendingFrame_ = std::move(frame);
  if (!frameTimer_.isActive())
    frameTimer_.start(std::max<qint64>(0, kFrameIntervalMs - sinceRender_.elapsed()));
}

void MainWindow::applyPendingFrame() {
  if (!pendingFrame_) return;
  const render::ColorMode before = scene_.colorMode();
  scene_.setFrame(std::move(pendingFrame_));
  pendingFrame_.reset();
  if (scene_.colorMode() != before) viewPanel_->syncFrom(scene_);
  if (atomInfo_->atom() >= 0)
    atomInfo_->showAtom(scene_.frame(), scene_.species(), atomInfo_->atom());
  onProgress(progress_);
  if (liveRecorder_.recording()) {
    render::FigureOptions figure;
    figure.size = liveMovieSize_;
    figure.caption = tr("t = %1 ps").arg(scene_.frame()->time / 1000.0, 0, 'f', 3);
    // A full queue means the encoder is behind: the frame is left out of the movie.
    liveRecorder_.push(render::FigureExporter::render(scene_, figure));
  }
  view_->update();
  sinceRender_.restart();
}

void MainWindow::flushFrames() {
  frameTimer_.stop();
  applyPendingFrame();
}

void MainWindow::onProgress(const Progress& p) {
  runPanel_->setProgress(p);
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

QString MainWindow::statusText() const {
  return QStringList{stepLabel_->text(), timeLabel_->text(), speedLabel_->text(), etaLabel_->text()}
      .join(" | ");
}

void MainWindow::onStateChanged(RunState state) {
  runPanel_->setRunState(state);
  if (!isActive(state) && state != RunState::Idle) {
    flushFrames();  // the last frame belongs in the movie too
    stopRecording();
  }
  onProgress(controller_.latestProgress());
  updateRunnable();
}

void MainWindow::pick(double x, double y) {
  const int atom = scene_.pickAtom(scene_.renderer(), x, y);
  atomInfo_->showAtom(scene_.frame(), scene_.species(), atom);
  if (atom >= 0) statusBar()->showMessage(atomInfo_->summary());
}

void MainWindow::rememberRecent(const QString& path) {
  QSettings settings;
  QStringList recent = settings.value("recentFiles").toStringList();
  const QString full = QFileInfo(path).absoluteFilePath();
  recent.removeAll(full);
  recent.prepend(full);
  while (recent.size() > kMaxRecentFiles) recent.removeLast();
  settings.setValue("recentFiles", recent);
  rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
  recentMenu_->clear();
  const QStringList recent = QSettings().value("recentFiles").toStringList();
  for (const QString& path : recent)
    recentMenu_->addAction(QFileInfo(path).fileName(), this, [this, path] { openFile(path); })
        ->setToolTip(path);
  recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::exportImage() {
  QDialog dialog(this);
  dialog.setWindowTitle(tr("Export image"));
  auto* width = pixelBox(1920, 16384);
  auto* height = pixelBox(1080, 16384);
  auto* transparent = new QCheckBox(tr("transparent background"));
  auto* colorBar = new QCheckBox(tr("colour bar"));
  colorBar->setChecked(true);
  auto* caption = new QLineEdit;
  if (const auto& f = scene_.frame(); f && f->step > 0)
    caption->setText(tr("step %1, t = %2 ps").arg(f->step).arg(f->time / 1000.0, 0, 'f', 2));
  auto* form = new QFormLayout(&dialog);
  form->addRow(tr("Width:"), width);
  form->addRow(tr("Height:"), height);
  form->addRow(transparent);
  form->addRow(colorBar);
  form->addRow(tr("Caption:"), caption);
  if (!runFormDialog(dialog, form)) return;
  const QString path =
      QFileDialog::getSaveFileName(this, tr("Export image"), "figure.png", tr("PNG (*.png)"));
  if (path.isEmpty()) return;
  render::FigureOptions options;
  options.size = QSize(width->value(), height->value());
  options.transparentBackground = transparent->isChecked();
  options.colorBar = colorBar->isChecked();
  options.caption = caption->text();
  try {
    render::FigureExporter::savePng(scene_, options, path);
    statusBar()->showMessage(tr("Image written to %1").arg(path));
  } catch (const std::exception& e) {
    fail(QString::fromUtf8(e.what()), false);
  }
}

bool MainWindow::startTrajectoryMovie(const QString& trajectory, const QString& output,
                                      const TrajectoryMovieSettings& settings) {
  if (trajectoryMovie_.running()) {
    fail(tr("A movie is already being written."), true);
    return false;
  }
  try {
    trajectoryMovie_.start(scene_, trajectory, output, settings);
  } catch (const std::exception& e) {
    fail(QString::fromUtf8(e.what()), true);
    return false;
  }
  return true;
}

bool MainWindow::startRecording(const QString& output, const render::MovieOptions& options) {
  try {
    liveRecorder_.start(output, options, 0);
  } catch (const std::exception& e) {
    fail(QString::fromUtf8(e.what()), true);
    return false;
  }
  liveMovieSize_ = options.size;
  const QSignalBlocker block(recordAction_);
  recordAction_->setChecked(true);
  return true;
}

void MainWindow::stopRecording() {
  if (liveRecorder_.recording()) liveRecorder_.finish();
  const QSignalBlocker block(recordAction_);
  recordAction_->setChecked(false);
}

void MainWindow::toggleRecording(bool on) {
  if (!on) {
    stopRecording();
    return;
  }
  const QString path =
      QFileDialog::getSaveFileName(this, tr("Record movie"), "run.mp4", tr("MP4 movies (*.mp4)"));
  if (path.isEmpty() || !startRecording(path, render::MovieOptions{})) {
    const QSignalBlocker block(recordAction_);
    recordAction_->setChecked(false);
    if (!path.isEmpty()) QMessageBox::warning(this, tr("SEI Studio"), lastError_);
  }
}

void MainWindow::exportTrajectoryMovieDialog() {
  const QString trajectory = QFileDialog::getOpenFileName(
      this, tr("Trajectory for the movie"), QString(), tr("Extended XYZ (*.xyz *.extxyz)"));
  if (trajectory.isEmpty()) return;
  QDialog dialog(this);
  dialog.setWindowTitle(tr("Export movie"));
  auto* first = new QSpinBox;
  auto* last = new QSpinBox;
  auto* every = new QSpinBox;
  auto* fps = new QSpinBox;
  auto* width = pixelBox(1280, 7680);
  auto* height = pixelBox(720, 7680);
  first->setRange(0, 1000000000);
  last->setRange(-1, 1000000000);
  last->setSpecialValueText(tr("last"));
  last->setValue(-1);
  every->setRange(1, 1000000);
  fps->setRange(1, 120);
  fps->setValue(30);
  auto* time = new QCheckBox(tr("simulated time overlay"));
  time->setChecked(true);
  auto* form = new QFormLayout(&dialog);
  form->addRow(tr("First frame:"), first);
  form->addRow(tr("Last frame:"), last);
  form->addRow(tr("Every:"), every);
  form->addRow(tr("Frame rate:"), fps);
  form->addRow(tr("Width:"), width);
  form->addRow(tr("Height:"), height);
  form->addRow(time);
  if (!runFormDialog(dialog, form)) return;
  const QString output =
      QFileDialog::getSaveFileName(this, tr("Save movie"), "movie.mp4", tr("MP4 movies (*.mp4)"));
  if (output.isEmpty()) return;
  TrajectoryMovieSettings settings;
  settings.first = first->value();
  settings.last = last->value();
  settings.every = every->value();
  settings.movie.framesPerSecond = fps->value();
  settings.movie.size = QSize(width->value(), height->value());
  settings.timeOverlay = time->isChecked();
  if (!startTrajectoryMovie(trajectory, output, settings)) {
    QMessageBox::warning(this, tr("SEI Studio"), lastError_);
    return;
  }
  auto* progress = new QProgressDialog(tr("Encoding %1\u2026").arg(QFileInfo(output).fileName()),
                                       tr("Cancel"), 0, trajectoryMovie_.frameCount(), this);
  progress->setAttribute(Qt::WA_DeleteOnClose);
  progress->setMinimumDuration(0);
  connect(&trajectoryMovie_, &TrajectoryMovie::progressed, progress, &QProgressDialog::setValue);
  connect(progress, &QProgressDialog::canceled, &trajectoryMovie_, &TrajectoryMovie::cancel);
  connect(&trajectoryMovie_, &TrajectoryMovie::cancelled, progress, &QWidget::close);
  connect(&trajectoryMovie_, &TrajectoryMovie::finished, progress,
          [this, progress](const QString& p) {
            progress->close();
            statusBar()->showMessage(tr("Movie written to %1").arg(p));
          });
  connect(&trajectoryMovie_, &TrajectoryMovie::failed, progress,
          [this, progress](const QString& m) {
            progress->close();
            fail(m, false);
          });
}

void MainWindow::editPreferences() {
  QDialog dialog(this);
  dialog.setWindowTitle(tr("Preferences"));
  auto* folders = new QPlainTextEdit(ModelSearchPath::userDirectories().join("\n"));
  auto* layout = new QVBoxLayout(&dialog);
  layout->addWidget(new QLabel(
      tr("Model folders, one per line, searched first (also by `sei run PROJECT.json`; kept "
         "in %1):")
          .arg(QString::fromStdString(userModelFoldersFile()))));
  layout->addWidget(folders);
  layout->addWidget(new QLabel(
      tr("Always searched afterwards: %1").arg(ModelSearchPath::defaultDirectories().join(", "))));
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  layout->addWidget(buttons);
  if (dialog.exec() != QDialog::Accepted) return;
  QStringList list;
  for (const QString& line : folders->toPlainText().split('\n'))
    if (!line.trimmed().isEmpty()) list << line.trimmed();
  if (!ModelSearchPath::setUserDirectories(list))
    fail(tr("Could not write the model folders to %1.")
             .arg(QString::fromStdString(userModelFoldersFile())),
         false);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (controller_.active()) {
    const auto answer = QMessageBox::question(
        this, tr("Run in progress"),
        tr("A simulation is running. Stop it (a checkpoint is written) and quit?"),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes || !stopRunAndWait()) {
      event->ignore();
      return;
    }
  }
  if (!settleUnsavedChanges()) {
    event->ignore();
    return;
  }
  ProjectRecovery::discard(std::exchange(recoveryPath_, QString()));  // closed cleanly
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState());
  event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  // Structures first, so a model dropped together with one is checked against it.
  QStringList files;
  for (const QUrl& url : event->mimeData()->urls())
    if (url.isLocalFile()) files << url.toLocalFile();
  std::stable_sort(files.begin(), files.end(), [](const QString& a, const QString& b) {
    return isStructureFile(a) && !isStructureFile(b);
  });
  for (const QString& f : files) openFile(f);
  event->acceptProposedAction();
}

void MainWindow::connectBuilderAndPlots() {
  connect(builderPanel_, &BuilderPanel::built, this,
          [this](std::shared_ptr<const Structure> structure, const BuildReport&) {
            if (controller_.active()) {
              statusBar()->showMessage(tr("Built; stop the run to use the new structure."));
              return;
            }
            structurePath_.clear();
            setStructure(*structure, tr("built interface"));
            // Packed molecules start with strained contacts: outside a project (whose run says
            // what it wants), a freshly built system is relaxed before MD unless unticked.
            if (!project_) {
              RunSettings s = runPanel_->settings();
              s.run.relax = true;
              runPanel_->setSettings(s);
            }
            showLastCheckpoint();
            if (baselinePending_) markSaved();  // the project as opened, its recipe built
            emit buildFinished(true);
          });
  connect(builderPanel_, &BuilderPanel::buildFailed, this, [this](const QString& message) {
    fail(tr("Build failed: %1").arg(message), true);
    followOnStructure_.clear();  // the recorded run belongs to the structure that was not built
    if (baselinePending_) markSaved();
    updateRunnable();
    emit buildFinished(false);
  });
  // Every frame the run hands to the GUI also goes to the analysis, which skips what it cannot
  // keep up with.
  connect(&controller_, &SimulationController::frameReady, this,
          [this](std::shared_ptr<const Snapshot> frame) {
            if (liveAnalysis_) analysis_.submit(std::move(frame));
          });
  connect(&analysis_, &AnalysisWorker::updated, plotPanel_, &PlotPanel::setData);
  connect(
      &analysis_, &AnalysisWorker::updated, reactions_,
      [this](std::shared_ptr<const PlotData> data) { reactions_->setReactions(data->reactions); });
  connect(&analysis_, &AnalysisWorker::failed, this,
          [this](const QString& message) { fail(tr("Analysis: %1").arg(message), true); });
  connect(plotPanel_, &PlotPanel::rdfSettingsChanged, &analysis_, &AnalysisWorker::setRdf);
  analysis_.setRdf(plotPanel_->rdfPairs(), plotPanel_->rdfWindow());
  connectFollower();

  QMenu* edit = new QMenu(tr("&Edit"), this);
  QAction* undo = builderPanel_->undoStack()->createUndoAction(this, tr("&Undo recipe edit"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = builderPanel_->undoStack()->createRedoAction(this, tr("&Redo recipe edit"));
  redo->setShortcut(QKeySequence::Redo);
  edit->addAction(undo);
  edit->addAction(redo);
  menuBar()->insertMenu(menuBar()->actions().value(1), edit);
}

void MainWindow::connectFollower() {
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
            showFrame(last);
            statusBar()->showMessage(tr("%1: recorded frame %2 (t = %3 ps)")
                                         .arg(follower_.folder())
                                         .arg(follower_.framesIndexed())
                                         .arg(last->time / 1000.0, 0, 'f', 3));
          });
  connect(&follower_, &RunFollower::thermoRead, this,
          [this](const std::vector<ThermoSample>& samples) { analysis_.appendThermo(samples); });
  connect(&follower_, &RunFollower::restarted, this, [this] {
    if (controller_.active() && liveAnalysis_) return;  // plots from the run's own frames
    analysis_.reset();
    // The follower reads the files again from their start.
    if (!followingOwnRun_ || !liveAnalysis_) analyseRunStructure(follower_.folder());
    if (controller_.active()) return;
    statusBar()->showMessage(tr("%1: the run started over").arg(follower_.folder()));
  });
  connect(&follower_, &RunFollower::frameLoaded, this, [this](std::shared_ptr<const Snapshot> f) {
    const std::int64_t step = f->step;
    const double time = f->time;
    progress_.step = step;
    progress_.time = time;
    showFrame(std::move(f));
    flushFrames();
    statusBar()->showMessage(tr("Showing the recorded frame of step %1 (t = %2 ps)")
                                 .arg(step)
                                 .arg(time / 1000.0, 0, 'f', 3));
  });
  connect(&follower_, &RunFollower::failed, this,
          [this](const QString& message) { fail(message, true); });
  connect(reactions_, &ReactionTimeline::reactionChosen, this,
          [this](double fs, const std::vector<int>& atoms) {
            scene_.setHighlightedAtoms(atoms);
            view_->update();
            showRecordedFrame(fs);
          });
  connect(reactions_, &ReactionTimeline::highlightCleared, this, [this] {
    scene_.setHighlightedAtoms({});
    view_->update();
  });
  connect(plotPanel_, &PlotPanel::timeClicked, this, [this](double fs) { showRecordedFrame(fs); });
}

void MainWindow::analyseRecordedRun(const QString& folder) {
  analyseRunStructure(folder);
  follower_.follow(folder, true);
}

void MainWindow::analyseRunStructure(const QString& folder) {
  // Step 0 is the structure the run started from, as it wrote it.
  try {
    analysis_.append(
        render::snapshotOf(readExtXyz(QDir(folder).filePath("model.xyz").toStdString())));
  } catch (const std::exception&) {
    // No readable model.xyz (yet): the recorded frames alone.
  }
}

void MainWindow::showRecordedFrame(double fs) {
  if (follower_.folder().isEmpty()) {
    statusBar()->showMessage(
        tr("t = %1 ps: no trajectory is recorded (Run panel \u25b8 Trajectory every)")
            .arg(fs / 1000.0, 0, 'f', 3));
    return;
  }
  follower_.requestFrameAt(fs);
}

bool MainWindow::followRunFolder(const QString& folder, bool quiet) {
  if (controller_.active()) {
    fail(tr("Stop the run before following another run folder."), quiet);
    return false;
  }
  const QDir dir(folder);
  const QString model = dir.filePath("model.xyz");
  if (!QFileInfo::exists(model)) {
    fail(tr("%1 is not a run folder: it has no model.xyz (expected the folder of a `sei run`, "
            "with run.in, model.xyz, thermo.out and dump.xyz)")
             .arg(folder),
         quiet);
    return false;
  }
  const QString absolute = QFileInfo(folder).absoluteFilePath();
  followOnStructure_ = absolute;  // setStructure() starts following it
  if (!openStructure(model, quiet)) {
    followOnStructure_.clear();
    return false;
  }
  documentName_ = absolute;
  updateTitle();
  rememberRecent(folder);
  return true;
}

}  // namespace sei::studio
