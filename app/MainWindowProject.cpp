// MainWindow: projects (open, save, the structure from a file or the Builder panel, last frame).
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStatusBar>

#include "BuilderPanel.hpp"
#include "MainWindow.hpp"
#include "ModelPanel.hpp"
#include "PlotPanel.hpp"
#include "RunPanel.hpp"
#include "VtkView.hpp"
#include "core/Paths.hpp"
#include "core/Sha256.hpp"
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
  if (!project_) return {};
  return QFileInfo(QFileInfo(projectPath_).absoluteDir(), QString::fromStdString(project_->outputs))
      .absoluteFilePath();
}

void MainWindow::adoptProject(const Project& project, const QString& path) {
  project_ = project;
  projectPath_ = QFileInfo(path).absoluteFilePath();
  projectProblem_.clear();
  rememberRecent(path);
}

bool MainWindow::openProject(const QString& path, bool quiet) {
  if (controller_.active() || building()) {
    fail(tr("Stop the run (or build) before opening a project."), quiet);
    return false;
  }
  Project project;
  try {
    project = readProject(path.toStdString());
  } catch (const std::exception& e) {
    fail(QString::fromUtf8(e.what()), quiet);
    return false;
  }
  adoptProject(project, path);
  const QDir base = QFileInfo(path).absoluteDir();
  runPanel_->setSettings(runSettingsOf(runFormOf(project)));
  plotPanel_->applySettings(
      QJsonDocument::fromJson(QByteArray::fromStdString(project.analysis)).object(),
      QJsonDocument::fromJson(QByteArray::fromStdString(project.plots)).object());
  setWindowTitle(tr("%1 \u2014 SEI Studio")
                     .arg(project.name.empty() ? QFileInfo(path).fileName()
                                               : QString::fromStdString(project.name)));

  model_.reset();
  modelPanel_->setModel(nullptr);
  if (!project.model.empty()) {
    try {
      // A path that exists beside the project wins; then the model search path (the lookup a
      // run of the project makes, core/Paths, the preferences' folders first).
      const QString modelPath =
          QString::fromStdString(findModel(project.model, base.absolutePath().toStdString()));
      if (openModel(modelPath, true) && !project.modelSha256.empty() &&
          sha256OfFile(modelPath.toStdString()) != project.modelSha256)
        projectProblem_ =
            tr("%1 is not the model file this project ran with (its SHA-256 differs): results "
               "would not be comparable. Load the original model, or save the project to accept "
               "this one.")
                .arg(modelPath);
    } catch (const std::exception& e) {
      statusBar()->showMessage(QString::fromUtf8(e.what()));
    }
  }
  // A recorded run (a studio or headless run of this project) is shown again with its plots.
  const QString outputs = outputsFolder();
  followOnStructure_ = hasRunOutputs(outputs.toStdString()) ? outputs : QString();
  if (!project.structure.empty()) {
    const QString structure =
        QFileInfo(base, QString::fromStdString(project.structure)).absoluteFilePath();
    if (!openStructure(structure, quiet)) return false;
    showLastCheckpoint();
  } else if (project.recipe) {
    structure_.reset();
    builderPanel_->setRecipe(*project.recipe);
    builderPanel_->build();
  }
  updateRunnable();
  return true;
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
    project.model = relativeIfInside(base, modelPath);
    project.modelSha256 = sha256OfFile(model_->path);
  }
  applyRunForm(runPanel_->settings().run, project);
  project.analysis =
      QJsonDocument(plotPanel_->analysisSettings()).toJson(QJsonDocument::Compact).toStdString();
  project.plots =
      QJsonDocument(plotPanel_->plotSettings()).toJson(QJsonDocument::Compact).toStdString();
  if (project.name.empty()) project.name = QFileInfo(path).completeBaseName().toStdString();
  if (!project_) project.outputs = QFileInfo(path).completeBaseName().toStdString() + ".out";
  return project;
}

bool MainWindow::saveProject(const QString& path) {
  Project project;
  try {
    project = composeProject(path);
    writeProject(path.toStdString(), project);
  } catch (const std::exception& e) {
    fail(QString::fromUtf8(e.what()), true);
    return false;
  }
  adoptProject(project, path);
  statusBar()->showMessage(tr("Project saved to %1").arg(path));
  updateRunnable();
  return true;
}

bool MainWindow::autosave() {
  // Only an open project whose settings changed since it was read or saved; the file is replaced
  // atomically, so a crash during the autosave never loses the last good one.
  if (projectPath_.isEmpty() || !project_ || building()) return false;
  try {
    const Project now = composeProject(projectPath_);
    if (projectToJson(now) == projectToJson(*project_)) return false;
  } catch (const std::exception&) {
    return false;  // e.g. the model file vanished: keep the file as it is
  }
  return saveProject(projectPath_);
}

}  // namespace sei::studio
