#include "ExportController.hpp"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QLineEdit>
#include <QMainWindow>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStyle>

#include "FigureExporter.hpp"
#include "ProjectDocument.hpp"
#include "RunCoordinator.hpp"
#include "StatusReporter.hpp"
#include "StructureFileFilters.hpp"
#include "core/Paths.hpp"
#include "project/GpumdExport.hpp"

namespace sei::studio {
namespace {

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

ExportController::ExportController(const StudioPanels& panels, ProjectDocument& document,
                                   RunCoordinator& runs, StatusReporter& status,
                                   QMainWindow& window)
    : panels_(panels), document_(document), status_(status) {
  createActions(window);
  connect(&liveRecorder_, &MovieRecorder::finished, this, [this](const QString& path) {
    status_.show(
        tr("Movie written to %1 (%2 frames)").arg(path).arg(liveRecorder_.framesEncoded()));
  });
  connect(&liveRecorder_, &MovieRecorder::failed, this,
          [this](const QString& message) { status_.fail(message, true); });
  connect(&runs, &RunCoordinator::frameShown, this, &ExportController::recordFrame);
  connect(&runs, &RunCoordinator::runEnded, this, &ExportController::stopRecording);
  connect(&document_, &ProjectDocument::runnableChanged, this, &ExportController::updateActions);
  updateActions();
}

void ExportController::createActions(QMainWindow& window) {
  // Children of the window, as every action of its menus.
  imageAction_ = new QAction(window.style()->standardIcon(QStyle::SP_DialogSaveButton),
                             tr("&Export image\u2026"), &window);
  imageAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  connect(imageAction_, &QAction::triggered, this, &ExportController::exportImage);
  trajectoryMovieAction_ = new QAction(tr("Export &movie of a trajectory\u2026"), &window);
  connect(trajectoryMovieAction_, &QAction::triggered, this,
          &ExportController::exportTrajectoryMovieDialog);
  structureAction_ = new QAction(tr("Export s&tructure\u2026"), &window);
  structureAction_->setObjectName("exportStructure");
  connect(structureAction_, &QAction::triggered, this, &ExportController::chooseStructureFile);
  runFolderAction_ = new QAction(tr("Export r&un folder (GPUMD)\u2026"), &window);
  runFolderAction_->setObjectName("exportRunFolder");
  connect(runFolderAction_, &QAction::triggered, this, &ExportController::chooseRunFolder);
  recordAction_ = new QAction(tr("&Record movie of the run\u2026"), &window);
  recordAction_->setCheckable(true);
  connect(recordAction_, &QAction::toggled, this, &ExportController::toggleRecording);
}

QString ExportController::structureExportBlocker() const {
  return panels_.scene->frame() ? QString() : tr("No structure loaded.");
}

QString ExportController::runFolderExportBlocker() const {
  if (document_.building()) return tr("The structure is still being built from the recipe.");
  if (!document_.hasProject())
    return tr(
        "Save the project first (File \u25b8 Save project as\u2026): a run folder is "
        "written from a project.");
  if (!document_.structure()) return tr("No structure loaded.");
  if (!document_.model()) return tr("No model loaded.");
  return {};
}

void ExportController::updateActions() {
  // A disabled action says why (its tool tip and the status tip of the menu entry).
  const auto explain = [](QAction* action, const QString& enabled, const QString& blocker) {
    action->setEnabled(blocker.isEmpty());
    const QString tip = blocker.isEmpty() ? enabled : tr("Cannot export: %1").arg(blocker);
    action->setToolTip(tip);
    action->setStatusTip(tip);
  };
  explain(structureAction_, tr("Write the shown frame as extended XYZ, POSCAR or LAMMPS data"),
          structureExportBlocker());
  explain(imageAction_, tr("Save the 3D view as a PNG figure of a chosen size (Ctrl+E)"),
          structureExportBlocker());
  explain(runFolderAction_,
          tr("Write the project as a run folder GPUMD runs as it is (nep.txt, model.xyz, run.in, "
             "gpumd.slurm)"),
          runFolderExportBlocker());
}

bool ExportController::exportStructure(const QString& path, std::optional<StructureFormat> format,
                                       bool quiet) {
  if (const QString blocker = structureExportBlocker(); !blocker.isEmpty()) {
    status_.fail(blocker, quiet);
    return false;
  }
  try {
    writeStructureFile(path.toStdString(), render::structureOf(*panels_.scene->frame()), format);
  } catch (const std::exception& e) {
    status_.fail(QString::fromUtf8(e.what()), quiet);
    return false;
  }
  status_.show(tr("Structure written to %1").arg(path));
  return true;
}

void ExportController::chooseStructureFile() {
  QString filter;
  const QString path =
      QFileDialog::getSaveFileName(&status_.window(), tr("Export structure"), "structure.xyz",
                                   structureFileFilters(true), &filter);
  if (path.isEmpty()) return;
  // The name's format when it says one (POSCAR, *.data, ...), else the chosen filter's.
  const std::optional<StructureFormat> format =
      structureFormatOfName(path.toStdString()) ? std::nullopt : structureFormatOfFilter(filter);
  exportStructure(path, format);
}

bool ExportController::exportRunFolder(const QString& folder, bool quiet) {
  lastWarnings_.clear();
  if (const QString blocker = runFolderExportBlocker(); !blocker.isEmpty()) {
    status_.fail(blocker, quiet);
    return false;
  }
  const QDir dir(folder);
  if (dir.exists() && !dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
    status_.fail(
        tr("%1 is not empty: choose an empty folder for the GPUMD run folder.").arg(folder), quiet);
    return false;
  }
  GpumdExport exported;
  try {
    RunRequest request;
    request.projectPath = document_.projectPath().toStdString();
    request.project = document_.composeProject(document_.projectPath());
    request.resourceDir = resourceDirectory();
    request.structure = std::make_shared<const Structure>(*document_.structure());
    request.model = document_.model();
    SlurmScript job;  // as `sei export gpumd` writes it by default
    job.jobName = QFileInfo(folder).fileName().toStdString();
    if (job.jobName.empty()) job.jobName = "gpumd";
    exported = exportGpumdFolder(request, folder.toStdString(), job);
  } catch (const std::exception& e) {
    status_.fail(QString::fromUtf8(e.what()), quiet);
    return false;
  }
  const QString where = QString::fromStdString(exported.folder);
  for (const std::string& w : exported.warnings) {
    lastWarnings_ << QString::fromStdString(w);
    status_.record(LogLevel::Warning, tr("%1: %2").arg(where, lastWarnings_.back()));
  }
  status_.show(lastWarnings_.isEmpty() ? tr("GPUMD run folder written to %1").arg(where)
                                       : tr("GPUMD run folder written to %1 (%n warning(s))",
                                            nullptr, int(lastWarnings_.size()))
                                             .arg(where));
  if (!quiet && !lastWarnings_.isEmpty()) {
    QMessageBox box(QMessageBox::Warning, tr("SEI Studio"),
                    tr("The run folder %1 is written; GPUMD will not run it exactly as SEI "
                       "Studio does:")
                        .arg(where),
                    QMessageBox::Ok, &status_.window());
    box.setInformativeText(lastWarnings_.join("\n\n"));
    box.exec();
  }
  return true;
}

void ExportController::chooseRunFolder() {
  const QString folder = QFileDialog::getExistingDirectory(
      &status_.window(), tr("Empty folder for the GPUMD run folder"));
  if (!folder.isEmpty()) exportRunFolder(folder);
}

render::FigureOptions ExportController::figureDefaults() {
  render::FigureOptions options;
  options.size = QSize(1920, 1080);
  options.background = render::Rgb{1.0, 1.0, 1.0};
  options.colorBar = true;
  return options;
}

void ExportController::exportImage() {
  const render::FigureOptions defaults = figureDefaults();
  QDialog dialog(&status_.window());
  dialog.setWindowTitle(tr("Export image"));
  auto* width = pixelBox(defaults.size.width(), 16384);
  auto* height = pixelBox(defaults.size.height(), 16384);
  auto* background = new QComboBox;
  background->setObjectName("figureBackground");
  background->addItem(tr("white"));
  background->addItem(tr("dark (as the view)"));
  background->addItem(tr("transparent"));
  background->setCurrentIndex(defaults.background ? 0 : 1);
  auto* colorBar = new QCheckBox(tr("colour bar"));
  colorBar->setChecked(defaults.colorBar);
  auto* caption = new QLineEdit;
  if (const auto& f = panels_.scene->frame(); f && f->step > 0)
    caption->setText(tr("step %1, t = %2 ps").arg(f->step).arg(f->time / 1000.0, 0, 'f', 2));
  auto* form = new QFormLayout(&dialog);
  form->addRow(tr("Width:"), width);
  form->addRow(tr("Height:"), height);
  form->addRow(tr("Background:"), background);
  form->addRow(colorBar);
  form->addRow(tr("Caption:"), caption);
  if (!runFormDialog(dialog, form)) return;
  const QString path = QFileDialog::getSaveFileName(&status_.window(), tr("Export image"),
                                                    "figure.png", tr("PNG (*.png)"));
  if (path.isEmpty()) return;
  render::FigureOptions options = defaults;
  options.size = QSize(width->value(), height->value());
  if (background->currentIndex() == 1) options.background.reset();
  options.transparentBackground = background->currentIndex() == 2;
  options.colorBar = colorBar->isChecked();
  options.caption = caption->text();
  exportFigure(path, options);
}

bool ExportController::exportFigure(const QString& path, const render::FigureOptions& options,
                                    bool quiet) {
  try {
    render::FigureExporter::savePng(*panels_.scene, options, path);
  } catch (const std::exception& e) {
    status_.fail(QString::fromUtf8(e.what()), quiet);
    return false;
  }
  status_.show(tr("Image written to %1").arg(path));
  return true;
}

bool ExportController::startTrajectoryMovie(const QString& trajectory, const QString& output,
                                            const TrajectoryMovieSettings& settings) {
  if (trajectoryMovie_.running()) {
    status_.fail(tr("A movie is already being written."), true);
    return false;
  }
  try {
    trajectoryMovie_.start(*panels_.scene, trajectory, output, settings);
  } catch (const std::exception& e) {
    status_.fail(QString::fromUtf8(e.what()), true);
    return false;
  }
  return true;
}

bool ExportController::startRecording(const QString& output, const render::MovieOptions& options) {
  try {
    liveRecorder_.start(output, options, 0);
  } catch (const std::exception& e) {
    status_.fail(QString::fromUtf8(e.what()), true);
    return false;
  }
  liveMovieSize_ = options.size;
  const QSignalBlocker block(recordAction_);
  recordAction_->setChecked(true);
  return true;
}

void ExportController::stopRecording() {
  if (liveRecorder_.recording()) liveRecorder_.finish();
  const QSignalBlocker block(recordAction_);
  recordAction_->setChecked(false);
}

void ExportController::recordFrame() {
  if (!liveRecorder_.recording()) return;
  render::FigureOptions figure;
  figure.size = liveMovieSize_;
  figure.caption = tr("t = %1 ps").arg(panels_.scene->frame()->time / 1000.0, 0, 'f', 3);
  // A full queue means the encoder is behind: the frame is left out of the movie.
  liveRecorder_.push(render::FigureExporter::render(*panels_.scene, figure));
}

void ExportController::toggleRecording(bool on) {
  if (!on) {
    stopRecording();
    return;
  }
  const QString path = QFileDialog::getSaveFileName(&status_.window(), tr("Record movie"),
                                                    "run.mp4", tr("MP4 movies (*.mp4)"));
  if (path.isEmpty() || !startRecording(path, render::MovieOptions{})) {
    const QSignalBlocker block(recordAction_);
    recordAction_->setChecked(false);
    if (!path.isEmpty()) status_.warnLastError();
  }
}

void ExportController::exportTrajectoryMovieDialog() {
  const QString trajectory =
      QFileDialog::getOpenFileName(&status_.window(), tr("Trajectory for the movie"), QString(),
                                   tr("Extended XYZ (*.xyz *.extxyz)"));
  if (trajectory.isEmpty()) return;
  QDialog dialog(&status_.window());
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
  const QString output = QFileDialog::getSaveFileName(&status_.window(), tr("Save movie"),
                                                      "movie.mp4", tr("MP4 movies (*.mp4)"));
  if (output.isEmpty()) return;
  TrajectoryMovieSettings settings;
  settings.first = first->value();
  settings.last = last->value();
  settings.every = every->value();
  settings.movie.framesPerSecond = fps->value();
  settings.movie.size = QSize(width->value(), height->value());
  settings.timeOverlay = time->isChecked();
  if (!startTrajectoryMovie(trajectory, output, settings)) {
    status_.warnLastError();
    return;
  }
  auto* progress =
      new QProgressDialog(tr("Encoding %1\u2026").arg(QFileInfo(output).fileName()), tr("Cancel"),
                          0, trajectoryMovie_.frameCount(), &status_.window());
  progress->setAttribute(Qt::WA_DeleteOnClose);
  progress->setMinimumDuration(0);
  connect(&trajectoryMovie_, &TrajectoryMovie::progressed, progress, &QProgressDialog::setValue);
  connect(progress, &QProgressDialog::canceled, &trajectoryMovie_, &TrajectoryMovie::cancel);
  connect(&trajectoryMovie_, &TrajectoryMovie::cancelled, progress, &QWidget::close);
  connect(&trajectoryMovie_, &TrajectoryMovie::finished, progress,
          [this, progress](const QString& p) {
            progress->close();
            status_.show(tr("Movie written to %1").arg(p));
          });
  connect(&trajectoryMovie_, &TrajectoryMovie::failed, progress,
          [this, progress](const QString& m) {
            progress->close();
            status_.fail(m, false);
          });
}

}  // namespace sei::studio
