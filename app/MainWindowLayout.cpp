// The main window's layout: the first start (and View ▸ Reset layout) fills most of the screen
// with the 3D view the largest pane and the Plots under it at least a third of the height, the
// side panels as wide as their contents; a user's layout is saved on quit and restored.
#include <QDockWidget>
#include <QLayout>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QTabBar>
#include <QResizeEvent>
#include <QShowEvent>
#include <QTimer>
#include <algorithm>
#include <cmath>

#include "MainWindow.hpp"

namespace sei::studio {
namespace {

/// The saved dock state of another arrangement of docks (an older default) is not restored.
constexpr int kLayoutVersion = 2;
/// The first start's window, as a share of the screen's available width and height.
constexpr double kScreenShare = 0.85;
/// The Plots dock's first height, as a share of the window's.
constexpr double kPlotsShare = 0.36;
/// The 3D view keeps at least this share of the window's width; else the right-hand panels
/// join the left-hand tabs.
constexpr double kViewWidthShare = 0.5;

QDockWidget* dockNamed(const QMainWindow* window, const char* name) {
  return window->findChild<QDockWidget*>(QString::fromLatin1(name));
}

/// The width (or height) a dock needs to show its panel without scrolling sideways (or at all).
QSize panelSize(const QDockWidget* d) {
  const auto* scroll = qobject_cast<const QScrollArea*>(d->widget());
  const QSize panel = scroll->widget()->minimumSizeHint();
  const int bar = scroll->verticalScrollBar()->sizeHint().width();
  const int frame = 2 * scroll->frameWidth();
  return {panel.width() + bar + frame, panel.height() + frame};
}

int widest(const QMainWindow* window, std::initializer_list<const char*> names) {
  int width = 0;
  for (const char* name : names) width = std::max(width, panelSize(dockNamed(window, name)).width());
  return width;
}

/// The height of the tab bar under `dock` and the docks tabbed with it (0 if it has none).
int tabBarHeight(const QMainWindow* window, const QDockWidget* dock) {
  for (const QTabBar* bar : window->findChildren<QTabBar*>(Qt::FindDirectChildrenOnly))
    for (int i = 0; i < bar->count(); ++i)
      if (bar->isVisible() && bar->tabText(i) == dock->windowTitle()) return bar->height();
  return 0;
}

}  // namespace

QRect MainWindow::firstStartGeometry() const {
  const QRect screen = this->screen()->availableGeometry();
  QRect r(0, 0, static_cast<int>(std::lround(kScreenShare * screen.width())),
          static_cast<int>(std::lround(kScreenShare * screen.height())));
  r.moveCenter(screen.center());
  return r;
}

void MainWindow::arrangeDocks(int windowWidth) {
  // The side panels run the full height, the Plots as wide as the 3D view above them.
  setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
  setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
  QDockWidget* model = dockNamed(this, "modelDock");
  QDockWidget* run = dockNamed(this, "runDock");
  QDockWidget* builder = dockNamed(this, "builderDock");
  QDockWidget* view = dockNamed(this, "viewDock");
  QDockWidget* info = dockNamed(this, "atomInfoDock");
  QDockWidget* plots = dockNamed(this, "plotsDock");
  QDockWidget* reactions = dockNamed(this, "reactionsDock");
  QDockWidget* log = dockNamed(this, "logDock");
  for (QDockWidget* d : findChildren<QDockWidget*>()) {
    d->setFloating(false);
    d->setVisible(d != trainDock_ && d != reactorDock_);  // tasks opened from Tools
  }
  addDockWidget(Qt::LeftDockWidgetArea, model);
  tabifyDockWidget(model, run);
  tabifyDockWidget(run, builder);
  addDockWidget(Qt::BottomDockWidgetArea, plots);
  tabifyDockWidget(plots, reactions);
  tabifyDockWidget(reactions, log);
  addDockWidget(Qt::RightDockWidgetArea, trainDock_);
  addDockWidget(Qt::RightDockWidgetArea, reactorDock_);
  const int sides = widest(this, {"modelDock", "runDock", "builderDock"}) +
                    widest(this, {"viewDock", "atomInfoDock"});
  if (windowWidth - sides >= kViewWidthShare * windowWidth) {
    addDockWidget(Qt::RightDockWidgetArea, view);
    splitDockWidget(view, info, Qt::Vertical);
  } else {  // a small screen: the 3D view keeps the width
    tabifyDockWidget(builder, view);
    tabifyDockWidget(view, info);
  }
  run->raise();
  plots->raise();
}

void MainWindow::fitDocks() {
  QDockWidget* run = dockNamed(this, "runDock");
  QDockWidget* view = dockNamed(this, "viewDock");
  QDockWidget* plots = dockNamed(this, "plotsDock");
  const bool rightColumn = dockWidgetArea(view) == Qt::RightDockWidgetArea;
  const int left = rightColumn
                       ? widest(this, {"modelDock", "runDock", "builderDock"})
                       : widest(this, {"modelDock", "runDock", "builderDock", "viewDock",
                                       "atomInfoDock"});
  resizeDocks({run}, {left}, Qt::Horizontal);
  if (rightColumn) {
    QDockWidget* info = dockNamed(this, "atomInfoDock");
    resizeDocks({view}, {widest(this, {"viewDock", "atomInfoDock"})}, Qt::Horizontal);
    // The View panel whole, Atom info below it.
    const int column = view->height() + info->height();
    const int viewTitle = view->height() - view->widget()->height();
    const int viewHeight = std::min(panelSize(view).height() + viewTitle, column * 2 / 3);
    resizeDocks({view, info}, {viewHeight, column - viewHeight}, Qt::Vertical);
  }
  // The Plots panel whole below the dock's title; resizeDocks() sizes a group of tabbed docks
  // with its tab bar.
  const int title = plots->height() - plots->widget()->height();
  const int plotsHeight = std::max(static_cast<int>(std::lround(kPlotsShare * height())),
                                   panelSize(plots).height() + title);
  resizeDocks({plots}, {plotsHeight + tabBarHeight(this, plots)}, Qt::Vertical);
}

void MainWindow::restoreLayout() {
  QSettings settings;
  if (!restoreGeometry(settings.value("window/geometry").toByteArray()))
    setGeometry(firstStartGeometry());
  arrangeDocks(width());
  fitDocksOnShow_ = !restoreState(settings.value("window/state").toByteArray(), kLayoutVersion);
}

void MainWindow::saveLayout() const {
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState(kLayoutVersion));
}

void MainWindow::resetLayout() {
  setWindowState(Qt::WindowNoState);
  const QRect first = firstStartGeometry();
  setGeometry(first);
  arrangeDocks(first.width());
  // The docks are sized once the window is laid out at that size (the window system may resize
  // it later).
  if (size() == first.size())
    QTimer::singleShot(0, this, &MainWindow::fitDocks);
  else
    fitDocksAt_ = first.size();
}

void MainWindow::resizeEvent(QResizeEvent* event) {
  QMainWindow::resizeEvent(event);
  if (event->size() != fitDocksAt_) return;
  fitDocksAt_ = QSize();
  QTimer::singleShot(0, this, &MainWindow::fitDocks);
}

void MainWindow::showEvent(QShowEvent* event) {
  QMainWindow::showEvent(event);
  if (!fitDocksOnShow_) return;
  fitDocksOnShow_ = false;
  // Once the window's first layout is done: earlier, later passes scale the sizes again.
  QTimer::singleShot(0, this, &MainWindow::fitDocks);
}

}  // namespace sei::studio
