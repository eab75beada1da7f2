// The Train panel's wiring: the panel asks, the TrainController trains off the GUI thread, the
// document opens the trained model.
#include <QDockWidget>

#include "MainWindow.hpp"
#include "TrainPanel.hpp"

namespace sei::studio {

void MainWindow::connectTraining() {
  TrainPanel* panel = trainPanel_;
  connect(panel, &TrainPanel::startRequested, this, [this, panel](const QString& dir, bool resume) {
    if (!trainer_.start(dir, resume)) panel->log(trainer_.lastError());
  });
  connect(panel, &TrainPanel::pauseRequested, &trainer_, &TrainController::setPaused);
  connect(panel, &TrainPanel::stopRequested, &trainer_, &TrainController::stop);
  connect(panel, &TrainPanel::useModelRequested, this, [this, panel](const QString& path) {
    if (document_.openModel(path, true))
      panel->log(tr("Using %1 in the Model panel.").arg(path));
    else
      panel->log(status_.lastError());
  });
  connect(&trainer_, &TrainController::stateChanged, panel, [panel](TrainController::State s) {
    panel->setTraining(s != TrainController::State::Idle, s == TrainController::State::Paused);
  });
  connect(&trainer_, &TrainController::lossRows, panel, &TrainPanel::addLossRows);
  connect(&trainer_, &TrainController::message, panel, &TrainPanel::log);
  connect(&trainer_, &TrainController::finished, panel, [panel](bool completed) {
    panel->log(completed ? tr("Training finished.") : tr("Training stopped."));
    panel->trainingEnded();
  });
  connect(&trainer_, &TrainController::failed, panel, [panel](const QString& message) {
    panel->log(tr("Training failed: %1").arg(message));
    panel->trainingEnded();
  });
}

}  // namespace sei::studio
