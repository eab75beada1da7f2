#pragma once

#include <QObject>
#include <QTimer>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "StudioPanels.hpp"
#include "core/Structure.hpp"
#include "formats/StructureFile.hpp"
#include "md/Snapshot.hpp"
#include "nep/NepModel.hpp"
#include "project/Project.hpp"

namespace sei::studio {

class SimulationController;
class StatusReporter;

/// What the studio has open: a structure (from a file in any format engine/formats reads, or
/// built by the Builder panel), a model, and the project they belong to — opened, saved, its
/// unsaved changes (the window title's `*`), their autosaved recovery copy (ProjectRecovery),
/// and the shipped examples, which open as templates and are never written.
class ProjectDocument : public QObject {
  Q_OBJECT
 public:
  ProjectDocument(const StudioPanels& panels, const SimulationController& controller,
                  StatusReporter& status, QObject* parent = nullptr);

  /// Opens a structure in any format readStructureFile reads: `format`, or the one the name
  /// says. Errors go to a dialog unless `quiet`, and always to the status's lastError(). Returns
  /// success.
  bool openStructure(const QString& path, bool quiet = false,
                     std::optional<StructureFormat> format = std::nullopt);
  bool openModel(const QString& path, bool quiet = false);
  /// Shows the structure of a run folder (its model.xyz), then its recorded run, titled by the
  /// folder.
  bool openRecordedRun(const QString& structure, const QString& folder, bool quiet);
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
  /// Asks whether to save unsaved changes (Save, Discard, Cancel); false if cancelled.
  bool settleUnsavedChanges();
  /// The window closes cleanly: the recovery copy is not needed.
  void closed();
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
  bool hasProject() const { return project_.has_value(); }
  const QString& projectPath() const { return projectPath_; }
  /// Where the project's runs write ("" without a project, and for an example whose folder was
  /// not chosen).
  QString outputsFolder() const;
  /// Makes `folder` the project's outputs folder (relative to the project's folder when inside
  /// it): the project is modified. Refuses (false, the reason in the status's lastError()) a
  /// folder among the shipped examples, and without a project.
  bool setOutputsFolder(const QString& folder);
  /// The project as the window holds it now, for saving at `path`.
  Project composeProject(const QString& path) const;
  /// Why the project cannot run as it is (model changed, ...); "" if nothing.
  const QString& projectProblem() const { return projectProblem_; }
  /// The structure a run would start from (null before one is opened or built).
  const Structure* structure() const { return structure_ ? &*structure_ : nullptr; }
  /// Its elements in order of first appearance.
  std::vector<std::string> elements() const;
  const std::shared_ptr<const NepModel>& model() const { return model_; }
  /// File dialogs of the File menu and the Model panel.
  void chooseStructure();
  void chooseModel();
  void chooseProject();

 signals:
  /// A structure is shown in the view as the one to run; `recordedRun`: the run folder whose
  /// recording belongs to it ("" none).
  void structureShown(std::shared_ptr<const Snapshot> frame, const QString& name,
                      const QString& recordedRun);
  /// A structure file was opened and is shown (after structureShown): a trajectory's first frame
  /// when the file holds several.
  void structureFileOpened(const QString& path);
  /// What a run needs (structure, model, project) changed.
  void runnableChanged();
  void recentFilesChanged();
  /// A Builder panel build ended and its structure is shown; `ok` false if it failed.
  void buildFinished(bool ok);

 private:
  void connectBuilder();
  /// Adds `path` to File ▸ Open recent.
  void rememberRecent(const QString& path);
  /// Makes `project`, saved at or read from `path`, the document's project.
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
  void showLastCheckpoint();

  StudioPanels panels_;
  const SimulationController& controller_;
  StatusReporter& status_;

  std::shared_ptr<const NepModel> model_;
  std::optional<Structure> structure_;
  QString structurePath_;
  std::optional<Project> project_;
  QString projectPath_;
  bool example_ = false;          ///< project_ is a shipped example, opened as a template
  bool outputsChosen_ = false;    ///< the user chose project_->outputs (an example's runs go there)
  std::string savedState_;        ///< projectState() of what the file holds
  bool baselinePending_ = false;  ///< savedState_ is taken when the project's build is shown
  QString recoveryPath_;          ///< the autosaved copy of the open project
  QString modelReference_;        ///< the project's model as it names it (a file name: searched)
  QString modelResolved_;         ///< the file that reference was found at
  std::string modelSha256_;       ///< of model_'s file, when it was read
  QString documentName_;          ///< the structure or run folder shown, without a project
  QString projectProblem_;        ///< why the project cannot run as it is (model changed, ...)
  /// Run folder whose recording is shown once the structure being opened or built is shown.
  QString recordedRun_;
  QTimer modifiedTimer_;
  QTimer autosaveTimer_;
};

}  // namespace sei::studio
