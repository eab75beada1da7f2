#include "ProjectDocument.hpp"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLocale>
#include <QMainWindow>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <set>
#include <utility>

#include "AtomInfoPanel.hpp"
#include "BuilderPanel.hpp"
#include "ModelPanel.hpp"
#include "ModelSearchPath.hpp"
#include "PlotPanel.hpp"
#include "ProjectRecovery.hpp"
#include "RunPanel.hpp"
#include "SimulationController.hpp"
#include "StatusReporter.hpp"
#include "StructureFileFilters.hpp"
#include "ViewPanel.hpp"
#include "VtkView.hpp"
#include "core/Paths.hpp"
#include "core/Sha256.hpp"
#include "formats/StructureFile.hpp"
#include "md/Checkpoint.hpp"
#include "run/RunOutputs.hpp"

namespace sei::studio {
namespace {

constexpr int kMaxRecentFiles = 8;
const char* const kDemoModel = "qnep_mode2_water.txt";
constexpr int kAutosaveMs = 120000;     ///< ms between autosaves of an open project
constexpr int kModifiedCheckMs = 1000;  ///< ms between checks for unsaved changes
const char* const kDemoProject = "water-slab-demo.json";

/// `path` relative to `base` when it lies below it, absolute otherwise.
std::string relativeIfInside(const QDir& base, const QString& path) {
  const QString relative = base.relativeFilePath(path);
  return (relative.startsWith("..") ? QFileInfo(path).absoluteFilePath() : relative).toStdString();
}

}  // namespace

ProjectDocument::ProjectDocument(const StudioPanels& panels, const SimulationController& controller,
                                 StatusReporter& status, QObject* parent)
    : QObject(parent), panels_(panels), controller_(controller), status_(status) {
  connect(&autosaveTimer_, &QTimer::timeout, this, &ProjectDocument::autosave);
  autosaveTimer_.start(kAutosaveMs);
  // Edits reach the project from many panels; the title's `*` follows them within a second.
  connect(&modifiedTimer_, &QTimer::timeout, this,
          [this] { status_.window().setWindowModified(hasUnsavedChanges()); });
  modifiedTimer_.start(kModifiedCheckMs);
  connectBuilder();
  updateTitle();
}

QString ProjectDocument::examplesFolder() { return QStringLiteral(SEI_PROJECTS_DIR); }

bool ProjectDocument::isExamplePath(const QString& path) {
  const QString examples = QFileInfo(examplesFolder()).canonicalFilePath();
  // By its folder, which exists even for a file not written yet (Save as).
  const QFileInfo file(path);
  const QString folder = QFileInfo(file.absolutePath()).canonicalFilePath();
  return !examples.isEmpty() && !folder.isEmpty() &&
         (folder == examples || folder.startsWith(examples + "/"));
}

bool ProjectDocument::building() const { return panels_.builder->building(); }

std::vector<std::string> ProjectDocument::elements() const {
  std::vector<std::string> out;
  if (!structure_) return out;
  std::set<std::string> seen;
  for (const auto& e : structure_->symbols)
    if (seen.insert(e).second) out.push_back(e);
  return out;
}

void ProjectDocument::chooseStructure() {
  QString filter;
  const QString path = QFileDialog::getOpenFileName(
      &status_.window(), tr("Open structure"), QString(), structureFileFilters(false), &filter);
  if (!path.isEmpty()) openStructure(path, false, structureFormatOfFilter(filter));
}

void ProjectDocument::chooseModel() {
  const QString path = QFileDialog::getOpenFileName(&status_.window(), tr("Load model"), QString(),
                                                    tr("NEP models (*.txt);;All files (*)"));
  if (!path.isEmpty()) openModel(path);
}

void ProjectDocument::chooseProject() {
  const QString path = QFileDialog::getOpenFileName(&status_.window(), tr("Open project"),
                                                    QString(), tr("SEI projects (*.json)"));
  if (!path.isEmpty()) openProject(path);
}

bool ProjectDocument::openStructure(const QString& path, bool quiet,
                                    std::optional<StructureFormat> format) {
  if (controller_.active()) {
    status_.fail(tr("Stop the run before opening another structure."), quiet);
    return false;
  }
  Structure structure;
  try {
    StructureReadOptions options;
    options.format = format;
    structure = readStructureFile(path.toStdString(), options);
  } catch (const std::exception& e) {
    status_.fail(QString::fromUtf8(e.what()), quiet);
    return false;
  }
  structurePath_ = path;
  const bool recordedRun = !recordedRun_.isEmpty();  // its run folder's trajectory is shown
  setStructure(std::move(structure), QFileInfo(path).fileName());
  rememberRecent(path);
  if (!recordedRun) emit structureFileOpened(path);
  return true;
}

bool ProjectDocument::openRecordedRun(const QString& structure, const QString& folder, bool quiet) {
  recordedRun_ = folder;  // setStructure() shows its recording
  if (!openStructure(structure, quiet)) {
    recordedRun_.clear();
    return false;
  }
  documentName_ = folder;
  updateTitle();
  rememberRecent(folder);
  return true;
}

void ProjectDocument::setStructure(Structure structure, const QString& name) {
  structure_ = std::move(structure);
  auto frame = render::snapshotOf(*structure_);
  panels_.scene->setFrame(frame);
  panels_.viewSettings->syncFrom(*panels_.scene);
  panels_.model->setStructureElements(elements());
  panels_.atomInfo->showAtom(nullptr, nullptr, -1);
  emit structureShown(std::move(frame), name, std::exchange(recordedRun_, QString()));
  documentName_ = name;
  updateTitle();
  status_.show(tr("%1: %2 atoms").arg(name).arg(structure_->size()));
  emit runnableChanged();
  panels_.view->update();
}

bool ProjectDocument::openModel(const QString& path, bool quiet) {
  if (controller_.active()) {
    status_.fail(tr("Stop the run before loading another model."), quiet);
    return false;
  }
  try {
    model_ = std::make_shared<const NepModel>(readNepModel(path.toStdString()));
  } catch (const std::exception& e) {
    status_.fail(QString::fromUtf8(e.what()), quiet);
    return false;
  }
  modelSha256_ = sha256OfFile(model_->path);
  panels_.model->setModel(model_);
  rememberRecent(path);
  status_.show(tr("Model %1 loaded").arg(QFileInfo(path).fileName()));
  emit runnableChanged();
  return true;
}

bool ProjectDocument::openDemo(bool quiet) {
  // The demo project builds a water slab from its recipe and finds qnep_mode2_water.txt on the
  // model search path (../shared/models beside the checkout by default).
  const QString project = examplesFolder() + "/" + kDemoProject;
  if (!QFileInfo::exists(project)) {
    status_.fail(tr("The demo project %1 is missing.").arg(project), quiet);
    return false;
  }
  if (!openProject(project, quiet)) return false;
  if (!model_) {
    status_.fail(tr("The demo needs %1 on the model search path (searched: %2). Add its folder "
                    "in File \u25b8 Preferences.")
                     .arg(kDemoModel, ModelSearchPath::directories().join(", ")),
                 quiet);
    return false;
  }
  return true;
}

void ProjectDocument::rememberRecent(const QString& path) {
  QSettings settings;
  QStringList recent = settings.value("recentFiles").toStringList();
  const QString full = QFileInfo(path).absoluteFilePath();
  recent.removeAll(full);
  recent.prepend(full);
  while (recent.size() > kMaxRecentFiles) recent.removeLast();
  settings.setValue("recentFiles", recent);
  emit recentFilesChanged();
}

void ProjectDocument::connectBuilder() {
  connect(panels_.builder, &BuilderPanel::built, this,
          [this](std::shared_ptr<const Structure> structure, const BuildReport&) {
            if (controller_.active()) {
              status_.show(tr("Built; stop the run to use the new structure."));
              return;
            }
            structurePath_.clear();
            setStructure(*structure, tr("built interface"));
            // Packed molecules start with strained contacts: outside a project (whose run says
            // what it wants), a freshly built system is relaxed before MD unless unticked.
            if (!project_) {
              RunSettings s = panels_.run->settings();
              s.run.relax = true;
              panels_.run->setSettings(s);
            }
            showLastCheckpoint();
            if (baselinePending_) markSaved();  // the project as opened, its recipe built
            emit buildFinished(true);
          });
  connect(panels_.builder, &BuilderPanel::buildFailed, this, [this](const QString& message) {
    status_.fail(tr("Build failed: %1").arg(message), true);
    recordedRun_.clear();  // the recorded run belongs to the structure that was not built
    if (baselinePending_) markSaved();
    emit runnableChanged();
    emit buildFinished(false);
  });
}

void ProjectDocument::closed() {
  ProjectRecovery::discard(std::exchange(recoveryPath_, QString()));
}

QString ProjectDocument::outputsFolder() const {
  // An example's runs go where runs without a project go (or to a folder chosen for them): never
  // into the shipped folder.
  if (!project_ || (example_ && !outputsChosen_)) return {};
  return QFileInfo(QFileInfo(projectPath_).absoluteDir(), QString::fromStdString(project_->outputs))
      .absoluteFilePath();
}

bool ProjectDocument::setOutputsFolder(const QString& folder) {
  if (!project_) {
    status_.fail(tr("Open or save a project to choose its outputs folder."), true);
    return false;
  }
  if (isExamplePath(QDir(folder).filePath("run.in"))) {
    status_.fail(tr("%1 is among the shipped examples (%2), which stay as shipped: choose "
                    "another folder for the outputs.")
                     .arg(folder, examplesFolder()),
                 true);
    return false;
  }
  project_->outputs = relativeIfInside(QFileInfo(projectPath_).absoluteDir(), folder);
  outputsChosen_ = true;
  // Editing the recipe would now replace the structure of the run in the new folder, if any.
  const QString outputs = outputsFolder();
  const bool outputsExist = hasRunOutputs(outputs.toStdString());
  panels_.builder->setOutputsExist(outputsExist, outputsExist ? outputs : QString());
  updateTitle();
  emit runnableChanged();
  return true;
}

void ProjectDocument::adoptProject(const Project& project, const QString& path) {
  project_ = project;
  projectPath_ = QFileInfo(path).absoluteFilePath();
  example_ = isExamplePath(projectPath_);
  outputsChosen_ = false;
  projectProblem_.clear();
  rememberRecent(path);
}

bool ProjectDocument::openProject(const QString& path, bool quiet) {
  if (!quiet && !controller_.active() && !building() && !settleUnsavedChanges()) return false;
  return loadProject(path, path, quiet);
}

bool ProjectDocument::loadProject(const QString& file, const QString& path, bool quiet) {
  if (controller_.active() || building()) {
    status_.fail(tr("Stop the run (or build) before opening a project."), quiet);
    return false;
  }
  Project project;
  try {
    project = readProject(file.toStdString());
  } catch (const std::exception& e) {
    status_.fail(QString::fromUtf8(e.what()), quiet);
    return false;
  }
  return showProject(project, path, quiet);
}

bool ProjectDocument::showProject(const Project& project, const QString& path, bool quiet) {
  adoptProject(project, path);
  recoveryPath_.clear();
  const QDir base = QFileInfo(path).absoluteDir();
  panels_.run->setSettings(runSettingsOf(runFormOf(project)));
  panels_.plots->applySettings(
      QJsonDocument::fromJson(QByteArray::fromStdString(project.analysis)).object(),
      QJsonDocument::fromJson(QByteArray::fromStdString(project.plots)).object());

  model_.reset();
  panels_.model->setModel(nullptr);
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
      status_.warn(QString::fromUtf8(e.what()));
    }
  }
  // A recorded run (a studio or headless run of this project) is shown again with its plots.
  const QString outputs = outputsFolder();
  recordedRun_ = !outputs.isEmpty() && hasRunOutputs(outputs.toStdString()) ? outputs : QString();
  baselinePending_ = false;
  panels_.builder->setOutputsExist(false);  // opening builds this project's own structure
  if (!project.structure.empty()) {
    const QString structure =
        QFileInfo(base, QString::fromStdString(project.structure)).absoluteFilePath();
    if (!openStructure(structure, quiet)) return false;
    showLastCheckpoint();
  } else if (project.recipe) {
    structure_.reset();
    panels_.builder->setRecipe(*project.recipe);
    baselinePending_ = true;  // what the file holds is known once its recipe is built
    panels_.builder->build();
  }
  // Editing the recipe now would replace the structure the recorded run belongs to: ask first.
  panels_.builder->setOutputsExist(!recordedRun_.isEmpty(), recordedRun_);
  if (!baselinePending_) markSaved();
  if (example_)
    status_.show(
        tr("%1 is a shipped example: it opens as a template, Save asks where to save your copy.")
            .arg(QFileInfo(path).fileName()));
  emit runnableChanged();
  return true;
}

std::string ProjectDocument::projectState() const {
  if (!project_) return {};
  try {
    return projectToJson(composeProject(projectPath_));
  } catch (const std::exception&) {
    return {};
  }
}

void ProjectDocument::markSaved() {
  baselinePending_ = false;
  savedState_ = projectState();
  updateTitle();
}

bool ProjectDocument::hasUnsavedChanges() const {
  return project_ && !baselinePending_ && projectState() != savedState_;
}

void ProjectDocument::updateTitle() {
  QString name = documentName_;
  if (project_) {
    name = project_->name.empty() ? QFileInfo(projectPath_).fileName()
                                  : QString::fromStdString(project_->name);
    if (example_) name = tr("%1 (example)").arg(name);
  }
  status_.window().setWindowTitle(name.isEmpty() ? tr("SEI Studio[*]")
                                                 : tr("%1[*] \u2014 SEI Studio").arg(name));
  status_.window().setWindowModified(hasUnsavedChanges());
}

void ProjectDocument::showLastCheckpoint() {
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
    panels_.scene->setFrame(frame);
    panels_.view->update();
    status_.show(tr("Showing the last checkpoint (step %1) of %2").arg(chk.state.step).arg(path));
  } catch (const std::exception&) {
    // An unreadable checkpoint is not this window's business: show the structure.
  }
}

Project ProjectDocument::composeProject(const QString& path) const {
  Project project = project_.value_or(Project{});
  const QDir base = QFileInfo(path).absoluteDir();
  if (!structurePath_.isEmpty()) {
    project.structure = relativeIfInside(base, structurePath_);
    project.recipe.reset();
  } else if (structure_ && panels_.builder->lastBuild()) {  // built by the Builder panel
    project.recipe = panels_.builder->recipe();
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
  applyRunForm(panels_.run->settings().run, project);
  project.analysis =
      QJsonDocument(panels_.plots->analysisSettings()).toJson(QJsonDocument::Compact).toStdString();
  project.plots =
      QJsonDocument(panels_.plots->plotSettings()).toJson(QJsonDocument::Compact).toStdString();
  if (project.name.empty()) project.name = QFileInfo(path).completeBaseName().toStdString();
  if (!project_ || (example_ && path != projectPath_ && !outputsChosen_))
    project.outputs = QFileInfo(path).completeBaseName().toStdString() + ".out";
  return project;
}

bool ProjectDocument::saveProject(const QString& path) {
  if (isExamplePath(path)) {
    status_.fail(
        tr("%1 is among the shipped examples (%2), which stay as shipped: save your project in "
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
    status_.fail(QString::fromUtf8(e.what()), true);
    return false;
  }
  ProjectRecovery::discard(std::exchange(recoveryPath_, QString()));
  adoptProject(project, path);
  modelReference_ = QString::fromStdString(project.model);
  if (model_) modelResolved_ = QString::fromStdString(model_->path);
  markSaved();
  status_.show(tr("Project saved to %1").arg(path));
  emit runnableChanged();
  return true;
}

bool ProjectDocument::saveInteractively(bool askWhere) {
  QString path = projectPath_;
  if (askWhere || path.isEmpty() || example_) {
    // A copy of an example starts in the user's documents, under the example's file name.
    QString start = path.isEmpty() ? QString("project.json") : path;
    if (example_)
      start = QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                  .filePath(QFileInfo(path).fileName());
    path = QFileDialog::getSaveFileName(&status_.window(), tr("Save project"), start,
                                        tr("SEI projects (*.json)"));
    if (path.isEmpty()) return false;
    if (QFileInfo(path).suffix().isEmpty()) path += ".json";
  }
  if (saveProject(path)) return true;
  status_.warnLastError();
  return false;
}

bool ProjectDocument::autosave() {
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
    status_.warn(tr("Autosave failed: %1").arg(QString::fromUtf8(e.what())));
    return false;
  }
  status_.show(tr("Unsaved changes kept in %1").arg(recoveryPath_), 5000);
  return true;
}

bool ProjectDocument::settleUnsavedChanges() {
  if (!hasUnsavedChanges()) return true;
  QMessageBox box(QMessageBox::Warning, tr("SEI Studio"),
                  tr("%1 has unsaved changes.").arg(QFileInfo(projectPath_).fileName()),
                  QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel,
                  &status_.window());
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

bool ProjectDocument::offerRecovery() {
  for (const ProjectRecovery::Entry& e : ProjectRecovery::pending()) {
    QMessageBox box(QMessageBox::Question, tr("Recover unsaved changes"),
                    tr("SEI Studio was not closed cleanly while %1 had unsaved changes.")
                        .arg(QFileInfo(e.project).fileName()),
                    QMessageBox::NoButton, &status_.window());
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

bool ProjectDocument::recoverProject(const QString& recovery, const QString& project, bool quiet) {
  // Paths in the copy are relative to the project's folder, as in the project file.
  if (!loadProject(recovery, project, quiet)) return false;
  recoveryPath_ = recovery;
  savedState_ = "(recovered, not saved)";  // unsaved until saved
  baselinePending_ = false;
  updateTitle();
  return true;
}

}  // namespace sei::studio
