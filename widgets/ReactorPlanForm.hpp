#pragma once

#include <QString>
#include <QWidget>
#include <functional>
#include <nlohmann/json.hpp>
#include <vector>

class QLabel;
class QListWidget;
class QPushButton;

namespace sei::studio {

/// A form over a reactor plan (format sei-reactor-plan, README "The interface reactor"): the
/// starting set and model, the committee, the sampling recipes, temperatures, ramp, strain and
/// rattle, the selection, the CP2K labelling (template, cutoff, ranks, local or Slurm), the test
/// MD and the budget. It edits the plan's JSON: a key the form does not show is kept as it is,
/// and a field is written only when the user changed it, so a saved plan holds what the user
/// wrote and the engine's defaults stay the engine's. Checking is the
/// engine's (ReactorPanel): showError() highlights the field its one-line message names.
class ReactorPlanForm : public QWidget {
  Q_OBJECT
 public:
  explicit ReactorPlanForm(QWidget* parent = nullptr);

  /// Shows `plan` (a plan file's JSON object).
  void setPlan(const nlohmann::json& plan);
  /// The plan shown, with the form's edits.
  nlohmann::json plan() const;

  /// Appends a builder recipe (a recipe object) to sampling.recipes, listed as `name`.
  void addRecipe(const nlohmann::json& recipe, const QString& name);

  /// Shows the engine's message under the form and highlights the field it names ("PLAN:
  /// test.temperature: expected ..." → test.temperature); an empty message clears both.
  void showError(const QString& message);
  /// The key ("test.temperature") of the highlighted field; empty when none.
  const QString& highlightedField() const { return highlighted_; }
  /// The widget of a field key ("budget.generations"), nullptr for an unknown key.
  QWidget* field(const QString& key) const;
  QLabel* errorLabel() const { return error_; }
  QListWidget* recipeList() const { return recipes_; }
  QPushButton* addBuilderRecipeButton() const { return addBuilder_; }

 signals:
  /// "Add the Builder's recipe": the main window answers with addRecipe().
  void builderRecipeRequested();
  void edited();

 private:
  /// One form field: its JSON key path and how the widget shows and gives its value.
  struct Field {
    QString key;  ///< "section.name" or "section.sub.name"
    QWidget* widget = nullptr;
    std::function<nlohmann::json()> get;
    std::function<void(const nlohmann::json&)> set;  ///< null JSON: the default
    nlohmann::json shown;                            ///< what setPlan() put in the widget
    QString erase;  ///< a key the field replaces when the user changes it (test.steps)
  };
  void addField(Field field);
  void chooseRecipeFile();
  void listRecipes();

  nlohmann::json plan_ = nlohmann::json::object();
  std::vector<Field> fields_;
  QListWidget* recipes_;
  QPushButton* addBuilder_;
  QLabel* error_;
  QString highlighted_;
};

}  // namespace sei::studio
