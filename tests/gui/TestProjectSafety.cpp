// Nothing is lost or changed behind the user's back (issue 18): shipped examples open as
// templates and stay byte-identical whatever the user does; autosave writes a recovery copy,
// never the project; the next start offers it; the title names the project and shows `*`.
#include <QFileDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QtTest>
#include <functional>
#include <map>

#include "BuilderPanel.hpp"
#include "MainWindow.hpp"
#include "ProjectRecovery.hpp"
#include "RunPanel.hpp"
#include "StudioTestMain.hpp"
#include "TestSupport.hpp"
#include "VtkView.hpp"
#include "project/Project.hpp"

using namespace sei;
using namespace sei::studio;

namespace {

QByteArray bytesOf(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// Every file below `folder` with its bytes.
std::map<QString, QByteArray> snapshotFolder(const QString& folder) {
  std::map<QString, QByteArray> files;
  QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
  while (it.hasNext()) {
    const QString path = it.next();
    files[path] = bytesOf(path);
  }
  return files;
}

/// Runs `act` on the next modal dialog that appears (after saving its picture as `shot`).
void onNextDialog(const QString& shot, std::function<void(QWidget*)> act) {
  auto* poll = new QTimer;
  poll->setInterval(50);
  QObject::connect(poll, &QTimer::timeout, [poll, shot, act] {
    QWidget* modal = QApplication::activeModalWidget();
    if (!modal || !modal->isVisible()) return;
    poll->stop();
    poll->deleteLater();
    if (!shot.isEmpty()) {
      saveScreenshot(*modal, shot);
    }
    act(modal);
  });
  poll->start();
}

void clickButton(QWidget* dialog, const QString& text) {
  for (QAbstractButton* b : dialog->findChildren<QAbstractButton*>())
    if (b->text().remove('&') == text) {
      b->click();
      return;
    }
  QFAIL(qPrintable("no button " + text));
}

void waitForBuild(MainWindow& w) {
  if (!w.document().building()) return;
  QSignalSpy built(&w, &MainWindow::buildFinished);
  QVERIFY(built.wait(60000));
  QCOMPARE(built.at(0).at(0).toBool(), true);
}

}  // namespace

class TestProjectSafety : public QObject {
  Q_OBJECT

  /// A project of the water box and the qNEP water model in `dir`.
  static QString waterProject(const QTemporaryDir& dir) {
    Project p;
    p.name = "water box";
    p.structure = test::sharedPath("structures/water63.xyz").toStdString();
    p.model = test::sharedPath("models/qnep_mode2_water.txt").toStdString();
    ProjectRunSettings form;
    form.steps = 300;
    applyRunForm(form, p);
    const QString path = dir.filePath("water.json");
    writeProject(path.toStdString(), p);
    return path;
  }

 private slots:
  void initTestCase() {
    if (test::sharedDir().isEmpty()) QFAIL("no shared models/structures folder (../shared)");
  }

  // The case: the demo opened, its Builder recipe and run settings changed, autosaved,
  // Save tried into projects/, the window closed (Discard): every file in projects/ is as
  // shipped, and nothing was added there.
  void shippedExampleStaysByteIdentical() {
    const QString examples = ProjectDocument::examplesFolder();
    const auto before = snapshotFolder(examples);
    const QString demo = examples + "/water-slab-demo.json";
    QVERIFY(before.count(demo) == 1);
    {
      MainWindow w;
      w.resize(1100, 700);
      w.show();
      QVERIFY(w.document().openProject(demo, true));
      waitForBuild(w);
      QVERIFY(w.document().isExample());
      QVERIFY2(w.windowTitle().contains("(example)"), qPrintable(w.windowTitle()));
      QTest::qWait(1500);  // the analysis of the built slab settles: no change by itself
      QVERIFY(!w.document().hasUnsavedChanges());
      QVERIFY(!w.document().autosave());

      Recipe recipe = w.builderPanel()->recipe();
      recipe.vacuum = 25.0;  // Å
      recipe.seed = 2024;
      QSignalSpy rebuilt(w.builderPanel(), &BuilderPanel::built);
      w.builderPanel()->setRecipe(recipe);  // rebuilds after a short pause
      QVERIFY(rebuilt.wait(60000));
      RunSettings s = w.runPanel()->settings();
      s.run.steps = 1234;
      s.run.velocitySeed = 2024;
      w.runPanel()->setSettings(s);
      QVERIFY(w.document().hasUnsavedChanges());
      QTRY_VERIFY_WITH_TIMEOUT(w.isWindowModified(), 3000);  // the title's `*`

      QVERIFY(w.document().autosave());
      QVERIFY(QFileInfo::exists(w.document().recoveryPath()));
      QVERIFY2(!w.document().recoveryPath().startsWith(examples),
               qPrintable(w.document().recoveryPath()));
      QCOMPARE(runFormOf(readProject(w.document().recoveryPath().toStdString())).steps,
               std::int64_t(1234));
      const QString recovery = w.document().recoveryPath();

      QVERIFY(!w.document().saveProject(demo));  // never into the examples
      QVERIFY2(w.lastError().contains("shipped examples"), qPrintable(w.lastError()));
      QVERIFY(!w.document().saveProject(examples + "/mine.json"));

      bool asked = false;
      onNextDialog("studio-unsaved-example", [&](QWidget* box) {
        asked = true;
        QVERIFY(qobject_cast<QMessageBox*>(box)->informativeText().contains("shipped example"));
        qobject_cast<QMessageBox*>(box)->button(QMessageBox::Discard)->click();
      });
      QVERIFY(w.close());
      QVERIFY(asked);
      QVERIFY(!QFileInfo::exists(recovery));  // discarded on request
    }
    const auto after = snapshotFolder(examples);
    QCOMPARE(after.size(), before.size());
    for (const auto& [path, bytes] : before) {
      QVERIFY2(after.count(path) == 1, qPrintable(path));
      QVERIFY2(after.at(path) == bytes, qPrintable(path + " changed"));
    }
  }

  // Save on an example asks where (never projects/); the copy is an ordinary project, with its
  // own outputs folder, the model still named for the search path.
  void savingAnExampleAsksWhere() {
    QTemporaryDir dir;
    MainWindow w;
    w.show();
    QVERIFY(w.document().openProject(ProjectDocument::examplesFolder() + "/water-slab-demo.json",
                                     true));
    waitForBuild(w);
    const QString copy = dir.filePath("my-slab.json");
    QString startedIn;
    onNextDialog("", [&](QWidget* dialog) {
      auto* files = qobject_cast<QFileDialog*>(dialog);
      QVERIFY(files);
      startedIn = files->directory().absolutePath();
      files->selectFile(copy);
      QMetaObject::invokeMethod(files, "accept");
    });
    QVERIFY(w.document().saveInteractively());
    QVERIFY2(!startedIn.startsWith(ProjectDocument::examplesFolder()), qPrintable(startedIn));
    QCOMPARE(w.document().projectPath(), copy);
    QVERIFY(!w.document().isExample());
    QVERIFY(!w.document().hasUnsavedChanges());
    QVERIFY(!w.isWindowModified());
    const Project saved = readProject(copy.toStdString());
    QCOMPARE(saved.outputs, std::string("my-slab.out"));
    QCOMPARE(saved.model, std::string("qnep_mode2_water.txt"));  // not this machine's path
    QVERIFY(saved.recipe.has_value());
  }

  // Autosave keeps unsaved changes in .NAME.json.recovery beside the project, never in the
  // project; after a crash (the window gone without closing) the next start offers it.
  void recoveryAfterACrash() {
    QTemporaryDir dir;
    const QString project = waterProject(dir);
    const QByteArray original = bytesOf(project);
    const QString recovery = dir.filePath(".water.json.recovery");
    {
      MainWindow w;
      QVERIFY2(w.document().openProject(project, true), qPrintable(w.lastError()));
      QVERIFY2(w.windowTitle().startsWith("water box[*]"), qPrintable(w.windowTitle()));
      QVERIFY(!w.document().autosave());  // nothing changed
      RunSettings s = w.runPanel()->settings();
      s.run.steps = 4321;
      w.runPanel()->setSettings(s);
      QVERIFY(w.document().autosave());
      QCOMPARE(w.document().recoveryPath(), recovery);
      QCOMPARE(bytesOf(project), original);
      QCOMPARE(runFormOf(readProject(recovery.toStdString())).steps, std::int64_t(4321));
      s.run.steps = 300;  // back to what the file holds: the copy is not needed
      w.runPanel()->setSettings(s);
      QVERIFY(!w.document().autosave());
      QVERIFY(!QFileInfo::exists(recovery));
      s.run.steps = 4321;
      w.runPanel()->setSettings(s);
      QVERIFY(w.document().autosave());
    }  // destroyed without closing: as after a crash
    QCOMPARE(ProjectRecovery::pending().size(), std::size_t(1));
    MainWindow next;
    next.resize(1000, 650);
    next.show();
    QString text;
    onNextDialog("studio-recovery", [&](QWidget* box) {
      text = qobject_cast<QMessageBox*>(box)->text();
      clickButton(box, "Recover");
    });
    QVERIFY(next.document().offerRecovery());
    QVERIFY2(text.contains("water.json"), qPrintable(text));
    QCOMPARE(next.document().projectPath(), project);
    QCOMPARE(next.runPanel()->settings().run.steps, std::int64_t(4321));
    QVERIFY(next.document().hasUnsavedChanges());
    QVERIFY(next.isWindowModified());
    QCOMPARE(bytesOf(project), original);
    QVERIFY(
        next.document().saveProject(project));  // Save: the changes reach the file, the copy goes
    QCOMPARE(runFormOf(readProject(project.toStdString())).steps, std::int64_t(4321));
    QVERIFY(!QFileInfo::exists(recovery));
    QVERIFY(ProjectRecovery::pending().empty());
    QVERIFY(!next.document().offerRecovery());  // nothing to offer: no dialog
  }

  void discardedRecoveryIsDeleted() {
    QTemporaryDir dir;
    const QString project = waterProject(dir);
    {
      MainWindow w;
      QVERIFY(w.document().openProject(project, true));
      RunSettings s = w.runPanel()->settings();
      s.run.temperature = 350.0;
      w.runPanel()->setSettings(s);
      QVERIFY(w.document().autosave());
    }
    MainWindow next;
    next.show();
    onNextDialog("", [](QWidget* box) { clickButton(box, "Discard"); });
    QVERIFY(!next.document().offerRecovery());
    QVERIFY(!QFileInfo::exists(dir.filePath(".water.json.recovery")));
    QVERIFY(ProjectRecovery::pending().empty());
    QCOMPARE(runFormOf(readProject(project.toStdString())).temperature, 300.0);
  }
};

SEI_STUDIO_TEST_MAIN(TestProjectSafety)

#include "TestProjectSafety.moc"
