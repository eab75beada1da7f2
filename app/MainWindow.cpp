#include "MainWindow.hpp"

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

#include "AtomInfoPanel.hpp"
#include "BuilderPanel.hpp"
#include "LogPanel.hpp"
#include "ModelPanel.hpp"
#include "ModelSearchPath.hpp"
#include "PlotPanel.hpp"
#include "ReactorPanel.hpp"
#include "RunPanel.hpp"
#include "StudioInfo.hpp"
#include "TimelineBar.hpp"
#include "TrainPanel.hpp"
#include "ViewPanel.hpp"
#include "VtkView.hpp"
#include "core/Paths.hpp"
#include "formats/StructureFile.hpp"

namespace sei::studio {
namespace {

/// Letters a docked combo box shows at least when closed.
constexpr int kComboLetters = 12;

bool isStructureFile(const QString& path) {
  return structureFormatOfName(path.toStdString()).has_value();
}

QDockWidget* dock(QMainWindow* window, const QString& title, const QString& name, QWidget* panel,
                  Qt::DockWidgetArea area) {
  auto* d = new QDockWidget(title, window);
  d->setObjectName(name);  // saveState() needs names
  // Narrow docks: a form puts a field under its label rather than widen the panel, and a combo
  // box shows the start of a long entry (the open list shows it whole).
  for (QFormLayout* form : panel->findChildren<QFormLayout*>())
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
  for (QComboBox* box : panel->findChildren<QComboBox*>())
    if (box->sizeAdjustPolicy() == QComboBox::AdjustToContentsOnFirstShow) {
      box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
      box->setMinimumContentsLength(kComboLetters);
    }
  // Scrollable, so small screens (and small --screenshot sizes) still fit the window.
  auto* scroll = new QScrollArea;
  scroll->setWidget(panel);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  d->setWidget(scroll);
  window->addDockWidget(area, d);
  return d;
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
      log_(new LogPanel),
      trainPanel_(new TrainPanel),
      timeline_(new TimelineBar),
      reactorPanel_(new ReactorPanel),
      status_(*this),
      document_(panels(), controller_, status_),
      runs_(panels(), controller_, document_, status_, *this),
      exports_(panels(), document_, runs_, status_, *this) {
  status_.setLog(log_);
  setAcceptDrops(true);
  view_->setRenderer(scene_.renderer());
  auto* centre = new QWidget;
  auto* column = new QVBoxLayout(centre);
  column->setContentsMargins(0, 0, 0, 0);
  column->setSpacing(0);
  column->addWidget(view_, 1);
  column->addWidget(timeline_);
  setCentralWidget(centre);
  timeline_->bindKeys(view_);
  createDocks();
  createMenus();
  for (QLabel* l : runs_.statusLabels()) statusBar()->addPermanentWidget(l);

  connect(view_, &render::VtkView::clicked, this, &MainWindow::pick);
  connect(modelPanel_, &ModelPanel::loadRequested, &document_, &ProjectDocument::chooseModel);
  connect(&document_, &ProjectDocument::buildFinished, this, &MainWindow::buildFinished);
  connect(&document_, &ProjectDocument::recentFilesChanged, this, &MainWindow::rebuildRecentMenu);
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
  connectViewFeatures();
  connectTraining();
  connectReactor();

  restoreLayout();
}

MainWindow::~MainWindow() = default;

StudioPanels MainWindow::panels() {
  return {&scene_,       view_,      modelPanel_, runPanel_, viewPanel_, atomInfo_,
          builderPanel_, plotPanel_, reactions_,  log_,      timeline_};
}

void MainWindow::createDocks() {
  dock(this, tr("Model"), "modelDock", modelPanel_, Qt::LeftDockWidgetArea);
  dock(this, tr("Run"), "runDock", runPanel_, Qt::LeftDockWidgetArea);
  dock(this, tr("Builder"), "builderDock", builderPanel_, Qt::LeftDockWidgetArea);
  dock(this, tr("View"), "viewDock", viewPanel_, Qt::RightDockWidgetArea);
  dock(this, tr("Atom info"), "atomInfoDock", atomInfo_, Qt::RightDockWidgetArea);
  dock(this, tr("Plots"), "plotsDock", plotPanel_, Qt::BottomDockWidgetArea);
  dock(this, tr("Reactions"), "reactionsDock", reactions_, Qt::BottomDockWidgetArea);
  dock(this, tr("Log"), "logDock", log_, Qt::BottomDockWidgetArea);
  // Training is its own task: the panel opens from Tools ▸ Train model….
  trainDock_ = dock(this, tr("Train"), "trainDock", trainPanel_, Qt::RightDockWidgetArea);
  reactorDock_ =
      dock(this, tr("Interface reactor"), "reactorDock", reactorPanel_, Qt::RightDockWidgetArea);
}

void MainWindow::createMenus() {
  QStyle* s = style();
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* openStructureAction =
      file->addAction(s->standardIcon(QStyle::SP_DialogOpenButton), tr("Open &structure\u2026"),
                      &document_, &ProjectDocument::chooseStructure);
  openStructureAction->setShortcut(QKeySequence::Open);
  openStructureAction->setStatusTip(
      tr("Open extended XYZ, XYZ, POSCAR/CONTCAR, CIF, PDB or LAMMPS data as the system to run"));
  QAction* openModelAction =
      file->addAction(s->standardIcon(QStyle::SP_FileDialogDetailedView), tr("Open &model\u2026"),
                      &document_, &ProjectDocument::chooseModel);
  openModelAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
  file->addAction(tr("Open &project\u2026"), &document_, &ProjectDocument::chooseProject)
      ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
  file->addAction(tr("&Save project"), &document_, [this] { document_.saveInteractively(); })
      ->setShortcut(QKeySequence::Save);
  // QKeySequence::SaveAs is empty outside KDE and GNOME.
  file->addAction(tr("Save project &as\u2026"), &document_,
                  [this] { document_.saveInteractively(true); })
      ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
  file->addAction(tr("&Follow run folder\u2026"), &runs_, &RunCoordinator::chooseRunFolder)
      ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
  file->addAction(tr("Open &demo (qNEP water)"), &document_, [this] { document_.openDemo(); })
      ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
  recentMenu_ = file->addMenu(tr("Open &recent"));
  rebuildRecentMenu();
  file->addSeparator();
  file->addAction(exports_.imageAction());
  file->addAction(exports_.trajectoryMovieAction());
  file->addAction(exports_.structureAction());
  file->addAction(exports_.runFolderAction());
  file->addSeparator();
  file->addAction(tr("&Preferences\u2026"), this, &MainWindow::editPreferences)
      ->setShortcut(QKeySequence::Preferences);
  file->addSeparator();
  file->addAction(tr("&Quit"), this, &QWidget::close)->setShortcut(QKeySequence::Quit);

  createEditMenu();

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
  addProjectionActions(view);
  view->addSeparator();
  for (QDockWidget* d : findChildren<QDockWidget*>()) view->addAction(d->toggleViewAction());
  QAction* reset = view->addAction(tr("&Reset layout"), this, &MainWindow::resetLayout);
  reset->setObjectName("resetLayout");
  reset->setStatusTip(tr("Put every panel back where and as large as on the first start"));

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  run->addAction(runs_.startAction());
  run->addAction(runs_.pauseAction());
  run->addAction(runs_.stopAction());
  run->addAction(runs_.runMoreAction());
  run->addSeparator();
  run->addAction(exports_.recordAction());

  QMenu* toolsMenu = menuBar()->addMenu(tr("&Tools"));
  QAction* train = toolsMenu->addAction(tr("&Train model\u2026"), this, [this] {
    trainDock_->show();
    trainDock_->raise();
  });
  train->setObjectName("trainModel");
  train->setStatusTip(tr("Train a NEP or qNEP model on a GPUMD training folder"));
  QAction* reactor = toolsMenu->addAction(tr("Interface &reactor\u2026"), this, [this] {
    reactorDock_->show();
    reactorDock_->raise();
  });
  reactor->setObjectName("interfaceReactor");
  reactor->setStatusTip(tr("Active learning: sample, select, label with CP2K, train, test"));

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
  tools->addAction(runs_.startAction());
  tools->addAction(runs_.pauseAction());
  tools->addAction(runs_.stopAction());
  tools->addSeparator();
  tools->addAction(exports_.imageAction());
}

void MainWindow::createEditMenu() {
  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  edit->addAction(builderPanel_->undoAction());
  edit->addAction(builderPanel_->redoAction());
}

bool MainWindow::openFile(const QString& path, bool quiet) {
  if (QFileInfo(path).isDir()) return runs_.followRunFolder(path, quiet);
  if (QFileInfo(path).suffix().toLower() == "json") return document_.openProject(path, quiet);
  return isStructureFile(path) ? document_.openStructure(path, quiet)
                               : document_.openModel(path, quiet);
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

void MainWindow::pick(double x, double y) {
  const int atom = scene_.pickAtom(scene_.renderer(), x, y);
  atomInfo_->showAtom(scene_.frame(), scene_.species(), atom);
  scene_.setPickedAtom(atom);  // a click on empty space clears the mark
  view_->update();
  if (atom >= 0) statusBar()->showMessage(atomInfo_->summary());
}

void MainWindow::rebuildRecentMenu() {
  recentMenu_->clear();
  const QStringList recent = QSettings().value("recentFiles").toStringList();
  for (const QString& path : recent)
    recentMenu_->addAction(QFileInfo(path).fileName(), this, [this, path] { openFile(path); })
        ->setToolTip(path);
  recentMenu_->setEnabled(!recent.isEmpty());
  const QString tip = recent.isEmpty() ? tr("No recent files yet: the files you open are listed here")
                                       : tr("Open a file opened before");
  recentMenu_->menuAction()->setToolTip(tip);
  recentMenu_->menuAction()->setStatusTip(tip);
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
    status_.fail(tr("Could not write the model folders to %1.")
                     .arg(QString::fromStdString(userModelFoldersFile())),
                 false);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (controller_.active()) {
    const auto answer = QMessageBox::question(
        this, tr("Run in progress"),
        tr("A simulation is running. Stop it (a checkpoint is written) and quit?"),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes || !runs_.stopRunAndWait()) {
      event->ignore();
      return;
    }
  }
  if (!document_.settleUnsavedChanges()) {
    event->ignore();
    return;
  }
  document_.closed();
  saveLayout();
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

}  // namespace sei::studio
