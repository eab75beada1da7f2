// Help and scripting (issue 18): --help and --version without a display, Help ▸ About (version,
// backends, citation), the shortcuts list, disabled actions that say why, and --screenshot of a
// live run (--steps, --after) with its size bounded.
#include <QAction>
#include <QMessageBox>
#include <QtTest>
#include <functional>

#include "MainWindow.hpp"
#include "StudioInfo.hpp"
#include "StudioTestMain.hpp"
#include "TestSupport.hpp"
#include "VtkView.hpp"

using namespace sei;
using namespace sei::studio;

namespace {

/// Saves the next modal dialog as `shot`, hands its text to `read` and closes it.
void onNextDialog(const QString& shot, std::function<void(QMessageBox*)> read) {
  auto* poll = new QTimer;
  poll->setInterval(50);
  QObject::connect(poll, &QTimer::timeout, [poll, shot, read] {
    auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
    if (!box || !box->isVisible()) return;
    poll->stop();
    poll->deleteLater();
    saveScreenshot(*box, shot);
    read(box);
    box->done(0);
  });
  poll->start();
}

struct Outcome {
  int status = -1;
  QString out, err;
};

/// Runs build/bin/sei-studio; `display` false: with no X display at all.
Outcome runStudio(const QStringList& args, bool display, const QString& dataHome = QString()) {
  QProcess p;
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  if (!display) env.remove("DISPLAY");
  env.insert("QT_QPA_PLATFORM", "xcb");  // no fallback: a display would be needed if asked for
  if (!dataHome.isEmpty()) env.insert("XDG_DATA_HOME", dataHome);  // where runs go
  env.insert("OMP_WAIT_POLICY", "passive");
  static const QTemporaryDir runtime;  // 0700, so Qt has nothing to warn about on stderr
  env.insert("XDG_RUNTIME_DIR", runtime.path());
  p.setProcessEnvironment(env);
  p.start(test::binDir() + "/sei-studio", args);
  if (!p.waitForFinished(60000)) p.kill();
  Outcome o;
  o.status = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  o.out = QString::fromUtf8(p.readAllStandardOutput());
  o.err = QString::fromUtf8(p.readAllStandardError());
  return o;
}

/// The step that `sei-studio --screenshot` says its image shows.
int shownStep(const Outcome& o) {
  const auto m = QRegularExpression("shows step (\\d+) \\(t = ").match(o.out);
  return m.hasMatch() ? m.captured(1).toInt() : -1;
}

}  // namespace

class TestStudioHelp : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    if (test::sharedDir().isEmpty()) QFAIL("no shared models/structures folder (../shared)");
  }

  void helpAndVersionNeedNoDisplay() {
    Outcome o = runStudio({"--help"}, false);
    QVERIFY2(o.status == 0, qPrintable(o.err));
    for (const char* option : {"--screenshot", "--size", "--after", "--steps", "--demo"})
      QVERIFY2(o.out.contains(option), option);
    o = runStudio({"--version"}, false);
    QVERIFY2(o.status == 0, qPrintable(o.err));
    QVERIFY2(o.out.startsWith("sei-studio " + StudioInfo::version() + "\n"), qPrintable(o.out));
    QVERIFY2(o.out.contains("cpu: usable"), qPrintable(o.out));
    // Bad input is refused before a display is needed: status 2, one line.
    o = runStudio({"--steps", "10"}, false);
    QCOMPARE(o.status, 2);
    QCOMPARE(o.err, QString("sei-studio: error: --after and --steps go with --screenshot FILE\n"));
    o = runStudio({"--screenshot", "x.png", "--after", "soon"}, false);
    QCOMPARE(o.status, 2);
    QVERIFY2(o.err.contains("--after soon"), qPrintable(o.err));
  }

  void aboutNamesVersionBackendsAndCitation() {
    MainWindow w;
    w.show();
    QString text;
    onNextDialog("studio-about", [&](QMessageBox* box) { text = box->text(); });
    auto* about = w.findChild<QAction*>("helpAbout");
    QVERIFY(about);
    about->trigger();
    QVERIFY2(text.contains("SEI Studio " + StudioInfo::version()), qPrintable(text));
    QVERIFY2(text.contains("cpu: usable"), qPrintable(text));
    QVERIFY2(text.contains("Phys. Rev. B 104, 104309"), qPrintable(text));
    QVERIFY2(text.contains("How to cite"), qPrintable(text));

    QString shortcuts;
    onNextDialog("studio-shortcuts", [&](QMessageBox* box) { shortcuts = box->text(); });
    for (QAction* a : w.findChildren<QAction*>())
      if (a->text() == tr("&Keyboard shortcuts")) a->trigger();
    QVERIFY2(shortcuts.contains("<td>F5</td><td>Start</td>"), qPrintable(shortcuts));
    QVERIFY2(shortcuts.contains("<td>Ctrl+Shift+S</td><td>Save project as"), qPrintable(shortcuts));
    QVERIFY2(shortcuts.contains("<td>Ctrl+Z</td><td>Undo"), qPrintable(shortcuts));
  }

  void disabledActionsSayWhy() {
    MainWindow w;
    auto* start = w.findChild<QAction*>("runStart");
    auto* pause = w.findChild<QAction*>("runPause");
    auto* stop = w.findChild<QAction*>("runStop");
    QVERIFY(start && pause && stop);
    QVERIFY(!start->isEnabled());
    QVERIFY2(start->toolTip().contains("Cannot start: Load a structure"),
             qPrintable(start->toolTip()));
    QVERIFY(!pause->isEnabled());
    QCOMPARE(pause->toolTip(), QString("No run is in progress to pause."));
    QCOMPARE(stop->toolTip(), QString("No run is in progress to stop."));
    QVERIFY(w.document().openStructure(test::sharedPath("structures/water63.xyz"), true));
    QVERIFY(w.document().openModel(test::sharedPath("models/nep_C.txt"), true));
    QVERIFY2(start->toolTip().contains("lacks H, O"), qPrintable(start->toolTip()));
    QVERIFY(w.document().openModel(test::sharedPath("models/qnep_mode2_water.txt"), true));
    QVERIFY(start->isEnabled());
    QCOMPARE(start->toolTip(), QString("Start the run (F5)"));
  }

  // --screenshot with --steps N or --after SECONDS starts the run and captures it live.
  void screenshotOfALiveRun() {
    QTemporaryDir dir;
    const QStringList files = {test::sharedPath("structures/water63.xyz"),
                               test::sharedPath("models/qnep_mode2_water.txt")};
    const QString shot = dir.filePath("steps.png");
    Outcome o =
        runStudio(QStringList{"--screenshot", shot, "--size", "900x600", "--steps", "30"} + files,
                  true, dir.path());
    QVERIFY2(o.status == 0, qPrintable(o.err));
    QVERIFY2(shownStep(o) >= 30, qPrintable(o.out));  // the view shows the run at step ≥ 30
    QCOMPARE(QImage(shot).size(), QSize(900, 600));
    const QString later = dir.filePath("after.png");
    o = runStudio(QStringList{"--screenshot", later, "--size", "900x600", "--after", "1"} + files,
                  true, dir.path());
    QVERIFY2(o.status == 0, qPrintable(o.err));
    QVERIFY2(shownStep(o) > 0, qPrintable(o.out));
    QVERIFY(!QImage(later).isNull());
    // Both runs went to the data folder, none beside the inputs.
    QCOMPARE(QDir(dir.filePath("SEI Studio/sei-studio/runs"))
                 .entryList(QDir::Dirs | QDir::NoDotAndDotDot)
                 .size(),
             2);
  }

  // Issue 16: an absurd size is refused with one line naming the bound; nothing is written.
  void screenshotSizeIsBounded() {
    QTemporaryDir dir;
    const QString shot = dir.filePath("big.png");
    for (const char* size : {"40000x40000", "100x20000"}) {
      const Outcome o =
          runStudio({"--screenshot", shot, "--size", size, test::sharedPath("structures/water63.xyz")}, true);
      QCOMPARE(o.status, 2);
      QVERIFY2(QRegularExpression("^sei-studio: error: --size \\d+x\\d+: at most (\\d+)x\\1 "
                                  "pixels \\([^\\n]+\\)\\n$")
                   .match(o.err)
                   .hasMatch(),
               qPrintable(o.err));
      QVERIFY(!QFileInfo::exists(shot));
    }
  }
};

SEI_STUDIO_TEST_MAIN(TestStudioHelp)

#include "TestStudioHelp.moc"
