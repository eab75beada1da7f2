// MainWindow: projects (open, save, the structure from a file or the Builder panel, last frame,
// unsaved changes, their recovery copy, shipped examples as templates).
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>
#include <utility>

#include "BuilderPanel.hpp"
#include "MainWindow.hpp"
#include "ModelPanel.hpp"
#include "PlotPanel.hpp"
#include "ProjectRecovery.hpp"
#include "RunPanel.hpp"
#include "VtkView.hpp"
#include "core/Paths.hpp"
#include "md/Checkpoint.hpp"
#include "run/RunOutputs.hpp"

namespace sei::studio {
namespace {

/// `path` relative to `base` when it lies below it, absolute otherwise.
std::string relativeIfInside(const QDir& base, const QString& path) {
  const QString relative = base.relativeFilePath(path);
  return (relative.startsWith("..") ? QFileInfo(path).absoluteFilePath() : relative).toStdString();
}

}  // namespace

QString MainWindow::outputsFolder() const {
  // An example's runs go where runs without a project go: never into the shipped folder.
  if (!project_ || example_) return {};
  return QFileInfo(QFileInfo(projectPath_).absoluteDir(), QString::fromStdString(project_->outputs))
      .absoluteFilePath();
}

void MainWindow::adoptProject(const Project& project, const QString& path) {
  project_ = project;
  projectPath_ = QFileInfo(path).absoluteFilePath();
  example_ = isExamplePath(projectPath_);
  projectProblem_.clear();
  rememberRecent(path);
}

bool MainWindow::openProject(const QString& path, bool quiet) {
  if (!quiet && !controller_.active() && !building() && !settleUnsavedChanges()) return false;
  return loadProject(path, path, quiet);
}

bool MainWindow::loadProject(const QString& file, const QString& path, bool quiet) {
  if (controller_.active() || building()) {
    fail(tr("Stop the run (or build) before opening a project."), quiet);
    return false;
  }
  Project project;
  try {
    project = readProject(file.toStdString());
  } catch (const std::exception& e) {
    fail(QString::fromUtf8(e.what()), quiet);
    return false;
  }
  return showProject(project, path, quiet);
}

bool MainWindow::showProject(const Project& project, const QString& path, bool quiet) {
  adoptProject(project, path);
  recoveryPath_.clear();
  const QDir base = QFileInfo(path).absoluteDir();
  runPanel_->setSettings(runSettingsOf(runFormOf(project)));
  plotPanel_->applySettings(
      QJsonDocument::fromJson(QByteArray::fromStdString(project.analysis)).object(),
      QJsonDocument::fromJson(QByteArray::fromStdString(project.plots)).object());

  model_.reset();
  modelPanel_->setModel(nullptr);
  modelReference_ = QString::fromStdString(project.model);
  modelResolved_.clear();
  if (!project.model.empty()) {
    try {
      // A path that exists beside the project wins; then the model search path (the lookup a
      // run of the project makes, core/Paths, the preferences' folders first).
      const QString modelPath =
          QString::fromStdString(findModel(project.model, base.absolutePath().toStdString()));
      if (openModel(modelPath, true)) {
        modelResolved_ = QString::fromStdString(model_->path);
        if (!project.modelSha256.empty() && modelSha256_ != project.modelSha256)
          projectProblem_ =
              tr("%1 is not the model file this project ran with (its SHA-256 differs): results "
                 "would not be comparable. Load the original model, or save the project to "
                 "accept this one.")
                  .arg(modelPath);
      }
    } catch (const std::exception& e) {
      statusBar()->showMessage(QString::fromUtf8(e.what()));
    }
  }
  // A recorded run (a studio or headless run of this project) is shown again with its plots.
  const QString outputs = outputsFolder();
  followOnStructure_ =
      !outputs.isEmpty() && hasRunOutputs(outputs.toStdString()) ? outputs : QString();
  baselinePending_ = false;
  if (!project.structure.empty()) {
    const QString structure =
        QFileInfo(base, QString::fromStdString(project.structure)).absoluteFilePath();
    if (!openStructure(structure, quiet)) return false;
    showLastCheckpoint();
  } else if (project.recipe) {
    structure_.reset();
    builderPanel_->setRecipe(*project.recipe);
    baselinePending_ = true;  // what the file holds is known once its recipe is built
    builderPanel_->build();
  }
  if (!baselinePending_) markSaved();
  if (example_)
    statusBar()->showMessage(
        tr("%1 is a shipped example: it opens as a template, Save asks where to save your copy.")
            .arg(QFileInfo(path).fileName()));
  updateRunnable();
  return true;
}

std::string MainWindow::projectState() const {
  if (!project_) return {};
  try {
    return projectToJson(composeProject(projectPath_));
  } catch (const std::exception&) {
    return {};
  }
}

void MainWindow::markSaved() {
  baselinePending_ = false;
  savedState_ = projectState();
  updateTitle();
}

bool MainWindow::hasUnsavedChanges() const {
  return project_ && !baselinePending_ && projectState() != savedState_;
}

void MainWindow::updateTitle() {
  QString name = documentName_;
  if (project_) {
    name = project_->name.empty() ? QFileInfo(projectPath_).fileName()
                                  : QString::fromStdString(project_->name);
    if (example_) name = tr("%1 (example)").arg(name);
  }
  setWindowTitle(name.isEmpty() ? tr("SEI Studio[*]") : tr("%1[*] \u2014 SEI Studio").arg(name));
  setWindowModified(hasUnsavedChanges());
}

void MainWindow::showLastCheckpoint() {
  const QString folder = outputsFolder();
  if (folder.isEmpty() || !structure_) return;
  const QString path = QDir(folder).filePath("checkpoint.chk");
  if (!QFileInfo::exists(path)) return;
  try {
    const CheckpointData chk = readCheckpoint(path.toStdString());
    if (chk.state.size() != structure_->size()) return;  // another system
    auto frame = std::make_shared<Snapshot>();
    frame->symbols = std::make_shared<const std::vector<std::string>>(chk.state.symbols);
    frame->positions = chk.state.positions;
    frame->velocities = chk.state.velocities;
    frame->cell = chk.state.cell;
    frame->step = chk.state.step;
    frame->time = chk.state.time;
    scene_.setFrame(frame);
    view_->update();
    statusBar()->showMessage(
        tr("Showing the last checkpoint (step %1) of %2").arg(chk.state.step).arg(path));
  } catch (const std::exception&) {
    // An unreadable checkpoint is not this window's business: show the structure.
  }
}

Project MainWindow::composeProject(const QString& path) const {
  Project project = project_.value_or(Project{});
  const QDir base = QFileInfo(path).absoluteDir();
  if (!structurePath_.isEmpty()) {
    project.structure = relativeIfInside(base, structurePath_);
    project.recipe.reset();
  } else if (structure_ && builderPanel_->lastBuild()) {  // built by the Builder panel
    project.recipe = builderPanel_->recipe();
    project.structure.clear();
  }
  if (model_) {
    const QString modelPath = QString::fromStdString(model_->path);
    // A model the project names by file name stays so (found on the model search path of
    // whoever opens it), rather than becoming this machine's absolute path.
    const bool byName = !modelReference_.isEmpty() && modelPath == modelResolved_ &&
                        QFileInfo(modelReference_).fileName() == modelReference_;
    project.model = byName ? modelReference_.toStdString() : relativeIfInside(base, modelPath);
    project.modelSha256 = modelSha256_;
  }
  applyRunForm(runPanel_->settings().run, project);
  project.analysis =
      QJsonDocument(plotPanel_->analysisSettings()).toJson(QJsonDocument::Compact).toStdString();
  project.plots =
      QJsonDocument(plotPanel_->plotSettings()).toJson(QJsonDocument::Compact).toStdString();
  if (project.name.empty()) project.name = QFileInfo(path).completeBaseName().toStdString();
  if (!project_ || (example_ && path != projectPath_))
    project.outputs = QFileInfo(path).completeBaseName().toStdString() + ".out";
  return project;
}

bool MainWindow::saveProject(const QString& path) {
  if (isExamplePath(path)) {
    fail(tr("%1 is among the shipped examples (%2), which stay as shipped: save your project in "
            "another folder.")
             .arg(path, examplesFolder()),
         true);
    return false;
  }
  Project project;
  try {
    project = composeProject(path);
    writeProject(path.toStdString(), project);
  } catch (const std::exception& e) {
    fail(QString::fromUtf8(e.what()), true);
    return false;
  }
  ProjectRecovery::discard(std::exchange(recoveryPath_, QString()));
  adoptProject(project, path);
  modelReference_ = QString::fromStdString(project.model);
  if (model_) modelResolved_ = QString::fromStdString(model_->path);
  markSaved();
  statusBar()->showMessage(tr("Project saved to %1").arg(path));
  updateRunnable();
  return true;
}

bool MainWindow::saveInteractively(bool askWhere) {
  QString path = projectPath_;
  if (askWhere || path.isEmpty() || example_) {
    // A copy of an example starts in the user's documents, under the example's file name.
    QString start = path.isEmpty() ? QString("project.json") : path;
    if (example_)
      start = QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                  .filePath(QFileInfo(path).fileName());
    path =
        QFileDialog::getSaveFileName(this, tr("Save project"), start, tr("SEI projects (*.json)"));
    if (path.isEmpty()) return false;
    if (QFileInfo(path).suffix().isEmpty()) path += ".json";
  }
  if (saveProject(path)) return true;
  QMessageBox::warning(this, tr("SEI Studio"), lastError_);
  return false;
}

bool MainWindow::autosave() {
  // The open project's unsaved changes go to its recovery copy; the project file changes only
  // by Save. Back at what the file holds (an undo), the copy is not needed any more.
  if (!project_ || building()) return false;
  if (!hasUnsavedChanges()) {
    ProjectRecovery::discard(std::exchange(recoveryPath_, QString()));
    return false;
  }
  const std::string state = projectState();
  if (state.empty()) return false;  // e.g. the recipe cannot be written: nothing to keep
  try {
    recoveryPath_ = ProjectRecovery::write(projectPath_, !example_, state);
  } catch (const std::exception& e) {
    statusBar()->showMessage(tr("Autosave failed: %1").arg(QString::fromUtf8(e.what())));
    return false;
  }
  statusBar()->showMessage(tr("Unsaved changes kept in %1").arg(recoveryPath_), 5000);
  return true;
}

bool MainWindow::settleUnsavedChanges() {
  if (!hasUnsavedChanges()) return true;
  QMessageBox box(QMessageBox::Warning, tr("SEI Studio"),
                  tr("%1 has unsaved changes.").arg(QFileInfo(projectPath_).fileName()),
                  QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
  box.setInformativeText(example_ ? tr("It is a shipped example: Save asks where to keep your "
                                       "copy; the example itself stays as shipped.")
                                  : tr("Save them to the project file?"));
  box.setDefaultButton(QMessageBox::Save);
  const int answer = box.exec();
  if (answer == QMessageBox::Cancel) return false;
  if (answer == QMessageBox::Save) return saveInteractively();
  ProjectRecovery::discard(std::exchange(recoveryPath_, QString()));
  return true;
}

bool MainWindow::offerRecovery() {
  for (const ProjectRecovery::Entry& e : ProjectRecovery::pending()) {
    QMessageBox box(QMessageBox::Question, tr("Recover unsaved changes"),
                    tr("SEI Studio was not closed cleanly while %1 had unsaved changes.")
                        .arg(QFileInfo(e.project).fileName()),
                    QMessageBox::NoButton, this);
    box.setInformativeText(
        tr("Autosaved %1 in %2. Recover opens the project with these changes (not yet saved); "
           "Discard deletes the autosaved copy. The project file itself was never changed.")
            .arg(QLocale().toString(e.written, QLocale::ShortFormat), e.recovery));
    QPushButton* recover = box.addButton(tr("Recover"), QMessageBox::AcceptRole);
    box.addButton(tr("Discard"), QMessageBox::DestructiveRole);
    box.setDefaultButton(recover);
    box.exec();
    if (box.clickedButton() == static_cast<QAbstractButton*>(recover))
      return recoverProject(e.recovery, e.project);
    ProjectRecovery::discard(e.recovery);
  }
  return false;
}

bool MainWindow::recoverProject(const QString& recovery, const QString& project, bool quiet) {
  // Paths in the copy are relative to the project's folder, as in the project file.
  if (!loadProject(recovery, project, quiet)) return false;
  recoveryPath_ = recovery;
  savedState_ = "(recovered, not saved)";  // unsaved until saved
  baselinePending_ = false;
  updateTitle();
  return true;
}

}  // namespace sei::studio
