// The main window's layout (issue 18, item 2): the first start fills ~85 % of the screen with the
// 3D view the largest pane and the Plots at least a third of the height; no panel is clipped at
// 1280×800 or more; the layout survives a restart and View ▸ Reset layout restores the first
// one. Item 7: every disabled action and button says why. ctest runs the suite on a 1280×800
// and on a 1600×1000 screen (tests/CMakeLists.txt).
#include <QAbstractButton>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QTabBar>
#include <QToolBar>
#include <QtTest>

#include "MainWindow.hpp"
#include "RunPanel.hpp"
#include "StudioTestMain.hpp"
#include "TestSupport.hpp"
#include "VtkView.hpp"

using namespace sei;
using namespace sei::studio;

namespace {

QRect available() { return QGuiApplication::primaryScreen()->availableGeometry(); }

/// "1600x1000": the screen the suite runs on, in the names of its screenshots.
QString screenName() {
  const QSize s = QGuiApplication::primaryScreen()->size();
  return QStringLiteral("%1x%2").arg(s.width()).arg(s.height());
}

void showFirst(MainWindow& w) {
  w.show();
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  QTest::qWait(50);  // the dock sizes settle after the first layout
}

/// A dock on screen: not hidden, nor a tab behind another.
bool shown(QDockWidget* d) { return d->isVisible() && !d->visibleRegion().isEmpty(); }

QDockWidget* dockNamed(MainWindow& w, const char* name) {
  return w.findChild<QDockWidget*>(QString::fromLatin1(name));
}

/// Every dock a user sees: the visible ones, each of a tab group raised in turn by `visit`.
void visitDocks(MainWindow& w, const std::function<void(QDockWidget*)>& visit) {
  for (QDockWidget* d : w.findChildren<QDockWidget*>()) {
    if (d->isHidden()) continue;
    d->raise();
    QTest::qWait(20);
    visit(d);
  }
}

/// What is clipped in `dock`: buttons and labels narrower than their text, and a side panel
/// that scrolls sideways. Empty when nothing is.
QStringList clippedIn(QDockWidget* dock) {
  QStringList clipped;
  auto* scroll = qobject_cast<QScrollArea*>(dock->widget());
  if (scroll && scroll->horizontalScrollBar()->isVisible())
    clipped << QStringLiteral("%1 scrolls sideways (panel %2 px wide in %3 px)")
                   .arg(dock->objectName())
                   .arg(scroll->widget()->minimumSizeHint().width())
                   .arg(scroll->viewport()->width());
  for (QWidget* child : dock->findChildren<QWidget*>()) {
    if (!child->isVisibleTo(dock) || !child->isVisible()) continue;
    QString text;
    int needed = 0;
    if (auto* b = qobject_cast<QAbstractButton*>(child)) {
      text = b->text();
      if (text.isEmpty()) continue;  // an icon (the dock's float and close buttons)
      needed = b->sizeHint().width();
      if (child->width() >= needed) continue;
    } else if (auto* l = qobject_cast<QLabel*>(child)) {
      text = l->text();
      if (text.isEmpty()) continue;
      // Wrapped labels are clipped when their lines do not fit in their height.
      if (l->wordWrap()) {
        if (l->heightForWidth(l->width()) <= l->height()) continue;
        needed = l->heightForWidth(l->width());
      } else {
        needed = l->sizeHint().width();
        if (l->width() >= needed) continue;
      }
    } else {
      continue;
    }
    clipped << QStringLiteral("%1: %2 \"%3\" is %4x%5, needs %6")
                   .arg(dock->objectName(), child->metaObject()->className(), text.left(40))
                   .arg(child->width())
                   .arg(child->height())
                   .arg(needed);
  }
  return clipped;
}

/// The actions of the menu bar (with submenus) and the tool bars.
QList<QAction*> menuAndToolBarActions(MainWindow& w) {
  QList<QAction*> actions;
  std::function<void(QMenu*)> walk = [&](QMenu* menu) {
    for (QAction* a : menu->actions()) {
      if (a->isSeparator()) continue;
      actions << a;
      if (a->menu()) walk(a->menu());
    }
  };
  for (QAction* top : w.menuBar()->actions())
    if (top->menu()) walk(top->menu());
  for (QToolBar* bar : w.findChildren<QToolBar*>())
    for (QAction* a : bar->actions())
      if (!a->isSeparator()) actions << a;
  return actions;
}

/// Disabled actions and buttons (of the menus, tool bars and docks) that do not say why.
QStringList disabledWithoutReason(MainWindow& w) {
  QStringList silent;
  for (QAction* a : menuAndToolBarActions(w)) {
    if (a->isEnabled()) continue;
    // QAction's tool tip defaults to its text: a reason is a tip of its own.
    const QString plain = QString(a->text()).remove('&').remove(QChar(0x2026));
    const QString tip = QString(a->toolTip()).remove(QChar(0x2026));
    if (a->statusTip().isEmpty() && (tip.isEmpty() || tip == plain))
      silent << QStringLiteral("action \"%1\"").arg(a->text());
  }
  for (QDockWidget* d : w.findChildren<QDockWidget*>())
    for (QAbstractButton* b : d->findChildren<QAbstractButton*>())
      if (!b->isEnabled() && b->toolTip().isEmpty() &&
          !qobject_cast<QTabBar*>(b->parentWidget()))  // a tab bar's scroll arrow at its end
        silent << QStringLiteral("%1 button \"%2\"").arg(d->objectName(), b->text());
  silent.removeDuplicates();
  return silent;
}

/// Where each dock is: its area, floating, shown, and its size.
struct DockPlace {
  Qt::DockWidgetArea area;
  bool floating, hidden, shown;
  QSize size;  ///< of a shown dock
  QStringList tabbedWith;
};

QMap<QString, DockPlace> placesOf(MainWindow& w) {
  QMap<QString, DockPlace> places;
  for (QDockWidget* d : w.findChildren<QDockWidget*>()) {
    QStringList tabs;
    for (QDockWidget* t : w.tabifiedDockWidgets(d)) tabs << t->objectName();
    tabs.sort();
    places[d->objectName()] = {w.dockWidgetArea(d), d->isFloating(), d->isHidden(), shown(d),
                               shown(d) ? d->size() : QSize(), tabs};
  }
  return places;
}

/// Where `got` differs from `want` (sizes within 2 px unless `placesOnly`), one line a dock;
/// empty if nowhere.
QStringList differences(const QMap<QString, DockPlace>& want, const QMap<QString, DockPlace>& got,
                        bool placesOnly = false) {
  QStringList diff;
  for (auto it = want.begin(); it != want.end(); ++it) {
    const DockPlace& a = it.value();
    const DockPlace& b = got.value(it.key());
    const bool sameSize = std::abs(a.size.width() - b.size.width()) <= 2 &&
                          std::abs(a.size.height() - b.size.height()) <= 2;
    if (a.area != b.area || a.floating != b.floating || a.hidden != b.hidden ||
        a.shown != b.shown || (!sameSize && !placesOnly) || a.tabbedWith != b.tabbedWith)
      diff << QStringList{it.key(),
                          QStringLiteral("area %1/%2").arg(int(a.area)).arg(int(b.area)),
                          QStringLiteral("shown %1/%2").arg(a.shown).arg(b.shown),
                          QStringLiteral("size %1x%2/%3x%4")
                              .arg(a.size.width())
                              .arg(a.size.height())
                              .arg(b.size.width())
                              .arg(b.size.height()),
                          QStringLiteral("tabs %1/%2")
                              .arg(a.tabbedWith.join(","), b.tabbedWith.join(","))}
                  .join(" ");
  }
  return diff;
}

}  // namespace

class TestStudioLayout : public QObject {
  Q_OBJECT

  QMap<QString, DockPlace> firstStart_;
  QRect firstGeometry_;

 private slots:
  void initTestCase() {
    // One settings file per screen size: ctest runs the suite on two screens side by side.
    QCoreApplication::setApplicationName(QCoreApplication::applicationName() + "-" +
                                         screenName());
    QSettings().clear();
    if (test::sharedDir().isEmpty()) QFAIL("no shared models/structures folder (../shared)");
  }

  void firstStartFillsTheScreen() {
    MainWindow w;
    showFirst(w);
    QVERIFY(saveScreenshot(w, "layout-first-start-" + screenName()));
    const QRect screen = available();
    const QRect frame = w.frameGeometry();
    qInfo("screen %dx%d, window %dx%d at (%d, %d); 3D view %dx%d", screen.width(), screen.height(),
          frame.width(), frame.height(), frame.x(), frame.y(), w.view()->width(),
          w.view()->height());
    for (QDockWidget* d : w.findChildren<QDockWidget*>())
      if (shown(d))
        qInfo("  %s: %dx%d", qPrintable(d->objectName()), d->width(), d->height());
    // ~85 % of the screen each way, centred.
    QVERIFY2(std::abs(frame.width() - 0.85 * screen.width()) <= 0.02 * screen.width(),
             qPrintable(QString::number(frame.width())));
    QVERIFY2(std::abs(frame.height() - 0.85 * screen.height()) <= 0.02 * screen.height(),
             qPrintable(QString::number(frame.height())));
    QVERIFY(std::abs(frame.center().x() - screen.center().x()) <= 2);
    QVERIFY(std::abs(frame.center().y() - screen.center().y()) <= 2);
    // The 3D view is the largest pane; the Plots get at least a third of the height.
    const int viewArea = w.view()->width() * w.view()->height();
    for (QDockWidget* d : w.findChildren<QDockWidget*>())
      if (shown(d))
        QVERIFY2(d->width() * d->height() < viewArea, qPrintable(d->objectName()));
    QDockWidget* plots = dockNamed(w, "plotsDock");
    QVERIFY(plots && plots->isVisible() && !plots->visibleRegion().isEmpty());
    QVERIFY2(plots->height() >= w.height() / 3,
             qPrintable(QStringLiteral("%1 of %2").arg(plots->height()).arg(w.height())));
    firstStart_ = placesOf(w);
    firstGeometry_ = w.geometry();
  }

  void noPanelIsClipped() {
    MainWindow w;
    showFirst(w);
    QStringList clipped;
    visitDocks(w, [&](QDockWidget* d) {
      clipped << clippedIn(d);
      QVERIFY(saveScreenshot(*d, "layout-" + d->objectName() + "-" + screenName()));
    });
    QVERIFY2(clipped.isEmpty(), qPrintable(clipped.join("\n")));
  }

  // A user's layout (a taller Plots dock, the Log moved beside the 3D view, a smaller window)
  // is there again after a restart.
  void layoutSurvivesARestart() {
    QMap<QString, DockPlace> before;
    QRect geometry;
    {
      MainWindow w;
      showFirst(w);
      QDockWidget* plots = dockNamed(w, "plotsDock");
      const int first = plots->height();
      w.addDockWidget(Qt::RightDockWidgetArea, dockNamed(w, "logDock"));
      w.setGeometry(w.geometry().adjusted(20, 10, -60, -30));
      QTest::qWait(50);
      w.resizeDocks({plots}, {first + 100}, Qt::Vertical);
      QTest::qWait(50);
      QVERIFY(plots->height() > first + 40);  // the drag took effect
      before = placesOf(w);
      geometry = w.geometry();
      QVERIFY(w.close());
    }
    MainWindow again;
    showFirst(again);
    QCOMPARE(again.geometry(), geometry);
    const QStringList diff = differences(before, placesOf(again));
    QVERIFY2(diff.isEmpty(), qPrintable(diff.join("\n")));
    QCOMPARE(again.dockWidgetArea(dockNamed(again, "logDock")), Qt::RightDockWidgetArea);
    QVERIFY(saveScreenshot(again, "layout-restored-" + screenName()));
  }

  // View ▸ Reset layout puts every dock back where and as large as on the first start.
  void resetLayoutRestoresTheFirstStart() {
    MainWindow w;  // with the layout the previous test saved
    showFirst(w);
    QVERIFY(!differences(firstStart_, placesOf(w)).isEmpty());
    // Qt re-applies a restored state when the window changes size within 150 ms of showing
    // (QMainWindowLayout's restoredState); a person takes longer to reach the menu.
    QTest::qWait(300);
    auto* reset = w.findChild<QAction*>("resetLayout");
    QVERIFY(reset && reset->isEnabled());
    reset->trigger();
    // The window system applies the new geometry asynchronously (measured: 100–200 ms under
    // xvfb); the docks are sized once it has.
    QTRY_COMPARE_WITH_TIMEOUT(w.geometry(), firstGeometry_, 3000);
    QTRY_VERIFY2_WITH_TIMEOUT(differences(firstStart_, placesOf(w)).isEmpty(),
                              qPrintable(differences(firstStart_, placesOf(w)).join("\n")), 3000);
    QVERIFY(saveScreenshot(w, "layout-reset-" + screenName()));
  }

  // Item 7: a disabled action of the menus and tool bars, or a disabled button of a panel, says
  // why in its tool tip (and status tip), in each state of the studio.
  void disabledActionsAndButtonsSayWhy() {
    MainWindow w;
    showFirst(w);
    w.findChild<QAction*>("trainModel")->trigger();  // the Train panel's buttons too
    QStringList silent = disabledWithoutReason(w);
    QVERIFY2(silent.isEmpty(), qPrintable("fresh start: " + silent.join(", ")));
    auto* image = w.exports().imageAction();
    QVERIFY(!image->isEnabled());
    QVERIFY2(image->toolTip().contains("No structure"), qPrintable(image->toolTip()));

    QVERIFY(w.document().openStructure(test::sharedPath("structures/water63.xyz"), true));
    silent = disabledWithoutReason(w);
    QVERIFY2(silent.isEmpty(), qPrintable("structure, no model: " + silent.join(", ")));
    QVERIFY(image->isEnabled());
    QVERIFY2(w.runs().startAction()->toolTip().contains("Load a model"),
             qPrintable(w.runs().startAction()->toolTip()));

    QVERIFY(w.document().openModel(test::sharedPath("models/qnep_mode2_water.txt"), true));
    RunSettings quick = w.runPanel()->settings();
    quick.run.steps = 20000;  // longer than the test looks at it
    w.runPanel()->setSettings(quick);
    QVERIFY(w.runs().startRun(RunCoordinator::RunStart::StartOver));
    QTRY_COMPARE_WITH_TIMEOUT(w.controller().state(), RunState::Running, 60000);
    silent = disabledWithoutReason(w);
    QVERIFY2(w.runs().stopRunAndWait(), "the run did not stop");
    QVERIFY2(silent.isEmpty(), qPrintable("running: " + silent.join(", ")));
    QVERIFY(w.runs().startAction()->isEnabled());
    silent = disabledWithoutReason(w);
    QVERIFY2(silent.isEmpty(), qPrintable("stopped: " + silent.join(", ")));
    QVERIFY(saveScreenshot(w, "layout-after-a-run-" + screenName()));
  }
};

SEI_STUDIO_TEST_MAIN(TestStudioLayout)

#include "TestStudioLayout.moc"
