#pragma once

#include <QMainWindow>

#include "AtomScene.hpp"
#include "ExportController.hpp"
#include "ProjectDocument.hpp"
#include "ReactionTimeline.hpp"
#include "ReactorController.hpp"
#include "RunCoordinator.hpp"
#include "SimulationController.hpp"
#include "StatusReporter.hpp"
#include "StudioPanels.hpp"  // the panels, declared
#include "TrainController.hpp"

class QDockWidget;
class QMenu;

namespace sei::studio {

class ReactorPanel;

/// The studio's main window: the 3D view in the centre with the trajectory timeline under it,
/// dockable Model, Run, View and Atom info panels, menus, toolbar, shortcuts, a log (warnings,
/// errors, run events, thermo lines) and a status bar with the run's step, time, speed and ETA.
/// What is open is its ProjectDocument, runs are its RunCoordinator's, exports its
/// ExportController's; the window builds the docks and menus and wires them together. Layout,
/// recent files and preferences persist in QSettings.
class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  /// Opens a run folder (followed), a project (.json), a structure (a name readStructureFile
  /// knows) or a model (anything else). Errors go to a dialog unless `quiet`, and always to
  /// lastError(). Returns success.
  bool openFile(const QString& path, bool quiet = false);

  ProjectDocument& document() { return document_; }
  RunCoordinator& runs() { return runs_; }
  ExportController& exports() { return exports_; }
  const QString& lastError() const { return status_.lastError(); }
  SimulationController& controller() { return controller_; }
  render::AtomScene& scene() { return scene_; }
  render::VtkView* view() const { return view_; }
  RunPanel* runPanel() const { return runPanel_; }
  ModelPanel* modelPanel() const { return modelPanel_; }
  AtomInfoPanel* atomInfoPanel() const { return atomInfo_; }
  BuilderPanel* builderPanel() const { return builderPanel_; }
  PlotPanel* plotPanel() const { return plotPanel_; }
  ReactionTimeline* reactionTimeline() const { return reactions_; }
  LogPanel* logPanel() const { return log_; }
  TrainPanel* trainPanel() const { return trainPanel_; }
  TimelineBar* timeline() const { return timeline_; }
  TrainController& trainer() { return trainer_; }
  ReactorPanel* reactorPanel() const { return reactorPanel_; }
  ReactorController& reactor() { return reactor_; }

 signals:
  /// A Builder panel build ended and its structure is shown; `ok` false if it failed.
  void buildFinished(bool ok);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void showEvent(QShowEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  StudioPanels panels();
  void createDocks();
  // MainWindowLayout.cpp: the first-start layout, restoring and saving it, View ▸ Reset layout.
  void restoreLayout();
  void saveLayout() const;
  void resetLayout();
  QRect firstStartGeometry() const;
  void arrangeDocks(int windowWidth);
  void fitDocks();
  void createMenus();
  void createEditMenu();
  void connectViewFeatures();  ///< MainWindowView.cpp
  void connectTraining();      ///< MainWindowTrain.cpp
  void connectReactor();       ///< MainWindowReactor.cpp
  /// View ▸ Orthographic projection and Zoom to fit (MainWindowView.cpp).
  void addProjectionActions(QMenu* view);
  void setParallelProjection(bool parallel);
  void pick(double x, double y);
  void rebuildRecentMenu();
  void editPreferences();
  void showShortcuts();

  render::AtomScene scene_;
  render::VtkView* view_;
  SimulationController controller_;
  ModelPanel* modelPanel_;
  RunPanel* runPanel_;
  ViewPanel* viewPanel_;
  QAction* orthographic_ = nullptr;
  AtomInfoPanel* atomInfo_;
  BuilderPanel* builderPanel_;
  PlotPanel* plotPanel_;
  ReactionTimeline* reactions_;
  LogPanel* log_;
  TrainPanel* trainPanel_;
  TimelineBar* timeline_;  ///< under the 3D view
  TrainController trainer_;
  QDockWidget* trainDock_ = nullptr;
  ReactorPanel* reactorPanel_;
  ReactorController reactor_;
  QDockWidget* reactorDock_ = nullptr;
  StatusReporter status_;
  ProjectDocument document_;
  RunCoordinator runs_;
  ExportController exports_;
  QMenu* recentMenu_ = nullptr;
  bool fitDocksOnShow_ = false;  ///< the docks get their first-start sizes once laid out
  QSize fitDocksAt_;             ///< ... or once the window has this size (View ▸ Reset layout)
};

}  // namespace sei::studio
