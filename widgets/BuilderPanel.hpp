#pragma once

#include <QTimer>
#include <QWidget>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "BackgroundJob.hpp"
#include "BuilderErrors.hpp"
#include "builder/InterfaceBuilder.hpp"
#include "builder/Recipe.hpp"

class QAction;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QUndoStack;

namespace sei::studio {

/// Every field of a builder recipe as form controls with units. Each edit goes on an undo stack
/// and, after a short pause, rebuilds the interface in a worker thread (a newer edit cancels the
/// build under way), so the 3D preview follows the form without blocking the GUI.
///
/// Trust: the wheel changes a field only while it has focus; a failed build names the field in
/// the form's words and frames it red until it is edited; the report says when it no longer
/// matches the form; during a run the form is read-only, and an edit that would replace a
/// structure whose run has outputs asks first.
class BuilderPanel : public QWidget {
  Q_OBJECT
 public:
  /// Asked before an edit replaces a structure whose run has outputs; true: go ahead.
  using Confirm = std::function<bool(const QString& question)>;

  explicit BuilderPanel(QWidget* parent = nullptr);
  /// Cancels a build under way and waits for its thread.
  ~BuilderPanel() override;

  /// What the panel starts with: defaultElectrode() under 15 Å of 1 M NaPF6 in EC, a preview
  /// that builds in about a second.
  static Recipe defaultRecipe();
  /// The electrode the form offers when ticked on a recipe without one: Na(100), 6 layers and
  /// at least kMinimumLateral Å of surface each way (4 × 4 cells).
  static RecipeElectrode defaultElectrode();
  /// Å; twice an 8 Å cutoff, the largest of the shipped models, so no atom sees its own image.
  static constexpr double kMinimumLateral = 16.0;

  Recipe recipe() const;
  /// Shows `recipe` in the form as one undoable edit (and rebuilds when auto-rebuild is on).
  void setRecipe(const Recipe& recipe);
  /// Reads a recipe JSON file into the form; false with the error in lastError().
  bool loadRecipe(const QString& path);
  bool saveRecipe(const QString& path);

  /// Builds the form's recipe now (cancelling a build under way).
  void build();
  void cancelBuild();
  bool building() const { return build_.busy(); }
  void setAutoRebuild(bool on);
  /// ms between the last edit and the automatic rebuild.
  void setRebuildDelay(int milliseconds) { debounce_.setInterval(milliseconds); }

  QUndoStack* undoStack() const { return undo_; }
  /// Edit ▸ Undo/Redo recipe edit (Ctrl+Z, Ctrl+Shift+Z): disabled while a run is active.
  QAction* undoAction() const { return undoAction_; }
  QAction* redoAction() const { return redoAction_; }
  const QString& lastError() const { return lastError_; }
  /// The last successful build (null before one).
  std::shared_ptr<const BuiltInterface> lastBuild() const { return last_; }
  QString reportText() const;
  /// The report describes an earlier recipe than the form's (edited since the last build).
  bool reportOutOfDate() const;
  /// The field the last build error pointed at, framed red until it is edited.
  RecipeField errorField() const { return errorField_; }

  /// A run is under way: every editing control is disabled (tooltip "Stop the run to edit the
  /// system") and a pending rebuild is dropped; false makes the form editable again.
  void setRunActive(bool running);
  bool runActive() const { return runActive_; }
  /// The shown structure has a run with outputs in `folder`: the next edit that would rebuild
  /// it (or Build) asks first, and on No the form goes back to the recipe it showed.
  void setOutputsExist(bool exist, const QString& folder = {});
  bool outputsExist() const { return outputsExist_; }
  /// Replaces the question's dialog (tests answer it; the default asks with a QMessageBox).
  void setConfirm(Confirm confirm) { confirm_ = std::move(confirm); }

 signals:
  void built(std::shared_ptr<const sei::Structure> structure, const sei::BuildReport& report);
  void buildFailed(const QString& message);
  void buildCancelled();
  /// The form's recipe changed (by the user, undo/redo or a load).
  void recipeChanged();

 private:
  void buildForm();
  QWidget* electrodeBox();
  QWidget* electrolyteBox();
  QWidget* geometryBox();
  void addSolventRow(const RecipeSolvent& solvent);
  void addAdditiveRow(const MoleculeSource& molecule, int count);
  void showRecipe(const Recipe& recipe);
  /// Gives every spin box and combo box under `root` focus-only wheel handling.
  void guardWheels(QWidget* root);
  void registerField(RecipeField field, const QString& label, std::vector<QWidget*> widgets);
  /// A form row "label:" for `widget`; an error about `field` frames `framed` (default: widget).
  void addFieldRow(QFormLayout* form, RecipeField field, const QString& label, QWidget* widget,
                   std::vector<QWidget*> framed = {});
  /// `source` (a control, or its table) was edited: an error framing it is cleared.
  void noteEdit(QObject* source);
  void formEdited();
  void electrodeToggled(bool on);
  /// The user's edit needs the confirmation of setOutputsExist; asks and commits or reverts.
  void confirmEdit();
  bool askToReplace();
  void commitEdit(std::string json);
  void applyFromUndo(const std::string& json);
  /// GUI thread: shows a finished build of `json`, or why there is none (error; neither:
  /// cancelled).
  void finishBuild(std::shared_ptr<const BuiltInterface> result, const QString& error,
                   const std::string& json = {});
  void updateAmountMode();
  void setStatus(const QString& text, bool error);
  void showError(const QString& engineError);
  void clearErrorField();
  /// Greys the report with its out-of-date line while it describes another recipe.
  void updateReportState();
  void updateUndoRedo();
  /// The widgets a run freezes (their children follow) and the editing controls under them.
  std::vector<QWidget*> frozenWidgets() const;
  std::vector<QWidget*> editingWidgets() const;
  /// Tooltip from the state: run message, else error message, else the widget's own.
  void updateToolTip(QWidget* w);

  QUndoStack* undo_;
  std::string shownJson_;  ///< the recipe the form shows, as JSON (undo entries hold these)
  bool applying_ = false;  ///< the form is being filled programmatically
  QString lastError_;
  QTimer debounce_;
  BackgroundJob build_{"build"};  ///< the interface builds, a newer one restarting the last
  std::shared_ptr<const BuiltInterface> last_;
  std::string builtJson_;  ///< the recipe of last_, as JSON
  bool runActive_ = false;
  bool outputsExist_ = false;
  QString outputsFolder_;
  Confirm confirm_;
  bool confirmPending_ = false;  ///< a confirmEdit() is queued
  struct Field {
    QString label;                  ///< as the form shows it, without the colon
    std::vector<QWidget*> widgets;  ///< framed when an error points here
  };
  std::map<RecipeField, Field> fields_;
  RecipeField errorField_ = RecipeField::None;

  QPushButton* loadButton_;
  QPushButton* undoButton_;
  QPushButton* redoButton_;
  QAction* undoAction_;
  QAction* redoAction_;
  QGroupBox* electrode_;
  QLineEdit* metal_;
  QDoubleSpinBox* latticeConstant_;
  QComboBox* facet_;
  QSpinBox* repeatsA_;
  QSpinBox* repeatsB_;
  QSpinBox* layers_;
  QComboBox* faces_;
  QTableWidget* solvents_;
  QComboBox* fractionKind_;
  QGroupBox* salt_;
  QLineEdit* cation_;
  QLineEdit* anion_;
  QDoubleSpinBox* molarity_;
  QTableWidget* additives_;
  QGroupBox* electrolyte_;
  QGroupBox* geometry_;
  QDoubleSpinBox* density_;
  QComboBox* amountMode_;
  QDoubleSpinBox* thickness_;
  QSpinBox* molecules_;
  QDoubleSpinBox* lateralX_;
  QDoubleSpinBox* lateralY_;
  QDoubleSpinBox* gap_;
  QDoubleSpinBox* vacuum_;
  QSpinBox* seed_;
  QDoubleSpinBox* tolerance_;
  QDoubleSpinBox* metalTolerance_;
  QDoubleSpinBox* ionDistance_;
  QSpinBox* maxSweeps_;
  QCheckBox* autoRebuild_;
  QPushButton* buildButton_;
  QPushButton* cancelButton_;
  QProgressBar* progress_;
  QLabel* status_;
  QLabel* staleNote_;
  QPlainTextEdit* report_;
};

}  // namespace sei::studio

Q_DECLARE_METATYPE(std::shared_ptr<const sei::Structure>)
Q_DECLARE_METATYPE(sei::BuildReport)
