// The Interface reactor panel's wiring: the panel plans and asks, the ReactorController runs the
// loop off the GUI thread, a chosen frame shows in the 3D view, the Builder lends its recipe.
#include <QLabel>

#include "BuilderPanel.hpp"
#include "MainWindow.hpp"
#include "ReactorPanel.hpp"
#include "ReactorPlanForm.hpp"
#include "project/JsonFields.hpp"
#include "project/RecipeJson.hpp"

namespace sei::studio {

void MainWindow::connectReactor() {
  ReactorPanel* panel = reactorPanel_;
  connect(panel, &ReactorPanel::startRequested, this,
          [this, panel](const QString& plan, const QString& folder) {
            if (!reactor_.start(plan, folder)) panel->log(reactor_.lastError());
          });
  connect(panel, &ReactorPanel::stopRequested, &reactor_, &ReactorController::stop);
  connect(panel, &ReactorPanel::frameChosen, this,
          [this, panel](const Structure& structure, const QString& name) {
            if (controller_.active()) {
              panel->log(tr("Stop the run to show %1 in the 3D view.").arg(name));
              return;
            }
            document_.setStructure(structure, name);
          });
  connect(panel->form(), &ReactorPlanForm::builderRecipeRequested, this, [this, panel] {
    const std::string text = recipeToJson(builderPanel_->recipe());
    panel->form()->addRecipe(parseJsonText(text, "Builder"), tr("the Builder's recipe"));
  });
  connect(panel, &ReactorPanel::newPlanChosen, this,
          [this, panel](const QString& plan, const QString& dataset, const QString& structure) {
            const std::string recipe = recipeToJson(builderPanel_->recipe());
            panel->newPlan(plan, dataset, structure, parseJsonText(recipe, "Builder"), true);
          });
  connect(&reactor_, &ReactorController::stateChanged, panel, &ReactorPanel::setRunning);
  connect(&reactor_, &ReactorController::message, panel, [panel](const QString& line) {
    panel->log(line);
    panel->refresh();  // a stage ended: its marker holds the generation's record so far
  });
  connect(&reactor_, &ReactorController::finished, panel,
          [panel](reactor::ReactorOutcome, const QString& message) {
            panel->log(tr("Reactor: %1").arg(message));
            panel->statusLabel()->setText(message);
          });
  connect(&reactor_, &ReactorController::failed, panel, [panel](const QString& message) {
    panel->log(tr("Reactor failed: %1").arg(message));
    panel->statusLabel()->setText(message);
  });
}

}  // namespace sei::studio
