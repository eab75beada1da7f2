#pragma once

#include <QTimer>
#include <QWidget>
#include <memory>
#include <string>

#include "BackgroundJob.hpp"
#include "builder/InterfaceBuilder.hpp"
#include "builder/Recipe.hpp"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
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
class BuilderPanel : public QWidget {
  Q_OBJECT
 public:
  explicit BuilderPanel(QWidget* parent = nullptr);
  /// Cancels a build under way and waits for its thread.
  ~BuilderPanel() override;

  /// What the panel starts with: Na(100) 3 × 3 × 6 under 15 Å of 1 M NaPF6 in EC, a preview
  /// that builds in a fraction of a second.
  static Recipe defaultRecipe();

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
  const QString& lastError() const { return lastError_; }
  /// The last successful build (null before one).
  std::shared_ptr<const BuiltInterface> lastBuild() const { return last_; }
  QString reportText() const;

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
  void formEdited();
  void applyFromUndo(const std::string& json);
  /// GUI thread: shows a finished build, or why there is none (error; neither: cancelled).
  void finishBuild(std::shared_ptr<const BuiltInterface> result, const QString& error);
  void updateAmountMode();
  void setStatus(const QString& text, bool error);

  QUndoStack* undo_;
  std::string shownJson_;  ///< the recipe the form shows, as JSON (undo entries hold these)
  bool applying_ = false;  ///< the form is being filled programmatically
  QString lastError_;
  QTimer debounce_;
  BackgroundJob build_{"build"};  ///< the interface builds, a newer one restarting the last
  std::shared_ptr<const BuiltInterface> last_;

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
  QPlainTextEdit* report_;
};

}  // namespace sei::studio

Q_DECLARE_METATYPE(std::shared_ptr<const sei::Structure>)
Q_DECLARE_METATYPE(sei::BuildReport)
