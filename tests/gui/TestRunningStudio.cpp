// Running as in LAMMPS-GUI (issue 18, item 6): the log pane shows a run's start, its thermo lines
// and its end; every thermo.out column is plottable and the plot holds thermo.out's numbers; Run
// more continues a finished run to a new total; the outputs folder is shown and changeable.
#include <QApplication>
#include <QChartView>
#include <QClipboard>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QInputDialog>
#include <QLineEdit>
#include <QLineSeries>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QtTest>
#include <functional>

#include "LogPanel.hpp"
#include "MainWindow.hpp"
#include "PlotPanel.hpp"
#include "RunPanel.hpp"
#include "StudioTestMain.hpp"
#include "TestSupport.hpp"
#include "md/Checkpoint.hpp"
#include "project/Project.hpp"

using namespace sei;
using namespace sei::studio;

namespace {

/// thermo.out's number lines, read here by splitting on white space (not by the studio's reader).
std::vector<std::vector<double>> thermoColumns(const QString& path) {
  std::vector<std::vector<double>> rows;
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return rows;
  for (const QByteArray& line : f.readAll().split('\n')) {
    const QList<QByteArray> words = line.simplified().split(' ');
    if (line.trimmed().isEmpty() || words[0].startsWith('#')) continue;
    std::vector<double> row;
    for (const QByteArray& w : words) row.push_back(w.toDouble());
    rows.push_back(row);
  }
  return rows;
}

/// Answers the next modal dialog of type D (a file or input dialog the action opens) by `answer`.
template <class D>
void answerDialog(std::function<void(D*)> answer) {
  auto attempt = std::make_shared<std::function<void(int)>>();
  *attempt = [answer, attempt](int left) {
    if (auto* d = qobject_cast<D*>(QApplication::activeModalWidget())) {
      answer(d);
    } else if (left > 0) {
      QTimer::singleShot(50, [attempt, left] { (*attempt)(left - 1); });
    }
  };
  QTimer::singleShot(50, [attempt] { (*attempt)(100); });
}

/// A project of water63 (qNEP water) in `dir`: NPT (the cell changes), thermo and dump every 5
/// steps, `steps` steps.
QString writeWaterProject(const QTemporaryDir& dir, std::int64_t steps) {
  Project p;
  p.name = "running";
  p.structure = test::sharedPath("structures/water63.xyz").toStdString();
  p.model = test::sharedPath("models/qnep_mode2_water.txt").toStdString();
  ProjectRunSettings form;
  form.ensemble = "npt_scr";
  form.coupling = PressureCouplingMode::Isotropic;
  form.pressureCoupling = 100.0;  // τ_p = 50 fs: the volume moves within 20 steps
  form.steps = steps;
  form.thermoInterval = 5;
  form.dumpInterval = 5;
  form.checkpointInterval = 0;
  applyRunForm(form, p);
  const QString path = dir.filePath("running.json");
  writeProject(path.toStdString(), p);
  return path;
}

/// Index of the first log line containing `text` at or after `from`; -1 if none.
int lineWith(const QStringList& lines, const QString& text, int from = 0) {
  for (int i = from; i < lines.size(); ++i)
    if (lines[i].contains(text)) return i;
  return -1;
}

QLineSeries* thermoLine(PlotPanel* plots) {
  const auto series = plots->chartView(PlotPanel::Plot::Thermo)->chart()->series();
  return series.isEmpty() ? nullptr : qobject_cast<QLineSeries*>(series.front());
}

}  // namespace

class TestRunningStudio : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    if (test::sharedDir().isEmpty()) QFAIL("no shared models/structures folder (../shared)");
  }

  // A 20-step NPT run started with the Run panel's button: the log holds its start, a header and
  // thermo.out's four lines, then its end, in that order; the thermo plot's volume and potential
  // energy are thermo.out's. Run more… (20 more) continues it to step 40: the checkpoint is at
  // step 40 and the plots show the whole run, steps 5 to 40.
  void logPlotsAndRunMore() {
    QTemporaryDir dir;
    MainWindow w;
    QVERIFY2(w.document().openProject(writeWaterProject(dir, 20), true), qPrintable(w.lastError()));
    RunSettings s = w.runPanel()->settings();
    s.snapshotInterval = 5;
    w.runPanel()->setSettings(s);
    w.resize(1280, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QString outputs = dir.filePath("outputs");
    QCOMPARE(w.runPanel()->outputsFolder(), outputs);
    QVERIFY(!w.runPanel()->runMoreButton()->isEnabled());  // nothing to continue yet
    QVERIFY2(w.runPanel()->runMoreButton()->toolTip().contains("no checkpoint.chk"),
             qPrintable(w.runPanel()->runMoreButton()->toolTip()));

    QSignalSpy finished(&w.controller(), &SimulationController::finished);
    QTest::mouseClick(w.runPanel()->startButton(), Qt::LeftButton);
    QVERIFY(finished.wait(60000));
    LogPanel* log = w.logPanel();
    QTRY_VERIFY_WITH_TIMEOUT(lineWith(log->lines(), "Run finished at step 20") >= 0, 10000);
    QStringList lines = log->lines();
    const int start = lineWith(lines, "Run started in " + outputs + ": 20 steps");
    const int header = lineWith(lines, "T(K)");
    const int end = lineWith(lines, "Run finished at step 20 in " + outputs);
    QVERIFY2(start >= 0 && header > start && end == header + 5, qPrintable(lines.join('\n')));
    QVERIFY2(lines[header].contains("step") && lines[header].contains("U(eV)") &&
                 lines[header].contains("Pxx(GPa)") && lines[header].contains("cz("),
             qPrintable(lines[header]));
    // The thermo lines: step, time, then thermo.out's 18 columns as written (6 digits).
    const auto file = thermoColumns(outputs + "/thermo.out");
    QCOMPARE(file.size(), std::size_t(4));
    for (int k = 0; k < 4; ++k) {
      const QStringList words = lines[header + 1 + k].simplified().split(' ');
      QCOMPARE(words.size(), 20);
      QCOMPARE(words[0].toInt(), 5 * (k + 1));
      QCOMPARE(words[1].toDouble(), 0.0025 * (k + 1));  // ps
      for (int c = 0; c < 18; ++c)
        QVERIFY2(
            std::abs(words[2 + c].toDouble() - file[k][c]) <= 1e-5 * std::abs(file[k][c]) + 1e-12,
            qPrintable(lines[header + 1 + k]));
    }

    // Volume (det of thermo.out's cell) and potential energy, chosen in the plot's list.
    w.plotPanel()->setCurrentPlot(PlotPanel::Plot::Thermo);
    auto* quantity = w.plotPanel()->findChild<QComboBox*>();
    QVERIFY(quantity);
    QVERIFY(quantity->count() >= 24);  // 18 columns, E, P, V, |a| |b| |c|
    quantity->setCurrentIndex(quantity->findData("volume"));
    QTRY_VERIFY_WITH_TIMEOUT(thermoLine(w.plotPanel()) && thermoLine(w.plotPanel())->count() == 4,
                             10000);
    QLineSeries* volume = thermoLine(w.plotPanel());
    QCOMPARE(volume->name(), QString::fromUtf8("volume V (\u00c5\u00b3)"));
    double smallest = 1e300, largest = 0.0;
    for (int k = 0; k < 4; ++k) {
      const auto& r = file[k];
      // a = (r9, r10, r11), b = (r12, r13, r14), c = (r15, r16, r17): a · (b × c)
      const double v = r[9] * (r[13] * r[17] - r[14] * r[16]) -
                       r[10] * (r[12] * r[17] - r[14] * r[15]) +
                       r[11] * (r[12] * r[16] - r[13] * r[15]);
      QCOMPARE(volume->at(k).x(), 0.0025 * (k + 1));
      QVERIFY2(
          std::abs(volume->at(k).y() - std::abs(v)) <= 1e-9 * std::abs(v),
          qPrintable(QString("%1 vs %2").arg(volume->at(k).y(), 0, 'g', 17).arg(v, 0, 'g', 17)));
      smallest = std::min(smallest, std::abs(v));
      largest = std::max(largest, std::abs(v));
    }
    QVERIFY2(largest > smallest, "NPT: the volume changes");
    quantity->setCurrentIndex(quantity->findData("potential_energy"));
    QLineSeries* energy = thermoLine(w.plotPanel());
    QCOMPARE(energy->count(), 4);
    for (int k = 0; k < 4; ++k) QCOMPARE(energy->at(k).y(), file[k][2]);

    // The window with the log: the log dock raised over the plots.
    auto* logDock = w.findChild<QDockWidget*>("logDock");
    QVERIFY(logDock);
    logDock->raise();
    QTest::qWait(200);
    QVERIFY(log->isVisible());
    QVERIFY(saveScreenshot(w, "studio-log"));

    // Run more…: 20 more steps from the checkpoint at step 20.
    QTRY_VERIFY(w.runPanel()->runMoreButton()->isEnabled());
    QVERIFY(w.runs().runMoreAction()->isEnabled());
    finished.clear();
    answerDialog<QInputDialog>([](QInputDialog* d) {
      QVERIFY(d->labelText().contains("(step 20)"));
      d->setIntValue(20);
      d->accept();
    });
    QTest::mouseClick(w.runPanel()->runMoreButton(), Qt::LeftButton);
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QCOMPARE(w.runPanel()->settings().run.steps, std::int64_t(40));  // the total
    QCOMPARE(readCheckpoint((outputs + "/checkpoint.chk").toStdString()).state.step,
             std::int64_t(40));
    QTRY_VERIFY_WITH_TIMEOUT(lineWith(log->lines(), "Run finished at step 40") >= 0, 10000);
    lines = log->lines();
    const int more = lineWith(lines, "Run continued in " + outputs + " from step 20 to step 40");
    QVERIFY2(more > end, qPrintable(lines.join('\n')));
    const int moreHeader = lineWith(lines, "T(K)", more);
    // Only the new lines, 25 to 40, then the end.
    QCOMPARE(lines[moreHeader + 1].simplified().split(' ')[0], QString("25"));
    QCOMPARE(lines[moreHeader + 4].simplified().split(' ')[0], QString("40"));
    QCOMPARE(lineWith(lines, "Run finished at step 40"), moreHeader + 5);
    // The plots: the whole run, steps 5 to 40, and frames from 0 to 20 fs.
    QTRY_VERIFY_WITH_TIMEOUT(w.plotPanel()->data() && w.plotPanel()->data()->thermo.size() == 8 &&
                                 w.plotPanel()->data()->species.size() == 9,
                             10000);
    const PlotData& whole = *w.plotPanel()->data();
    QCOMPARE(whole.thermo.front().step, std::int64_t(5));
    QCOMPARE(whole.thermo.back().step, std::int64_t(40));
    QCOMPARE(whole.species.back().time, 20.0);
    const auto all = thermoColumns(outputs + "/thermo.out");
    QCOMPARE(all.size(), std::size_t(8));
    QTRY_COMPARE_WITH_TIMEOUT(thermoLine(w.plotPanel())->count(), 8, 5000);
    for (int k = 0; k < 8; ++k) QCOMPARE(thermoLine(w.plotPanel())->at(k).y(), all[k][2]);

    // Copy, Save as and Clear.
    lines = log->lines();
    log->view()->selectAll();
    log->copyAction()->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), lines.join('\n'));
    const QString saved = dir.filePath("studio.log");
    QVERIFY2(log->saveAs(saved), qPrintable(log->lastError()));
    QFile text(saved);
    QVERIFY(text.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(text.readAll()), lines.join('\n') + '\n');
    log->clearAction()->trigger();
    QCOMPARE(log->lines(), QStringList{QString()});
  }

  // Change… beside the outputs folder: a folder chosen in the file dialog becomes the project's
  // outputs (the project is modified) and the next run writes there; the shipped examples folder
  // is refused.
  void outputsFolderIsShownAndChangeable() {
    QTemporaryDir dir;
    MainWindow w;
    QVERIFY2(w.document().openProject(writeWaterProject(dir, 5), true), qPrintable(w.lastError()));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(!w.document().hasUnsavedChanges());
    const QString chosen = dir.filePath("elsewhere");
    QVERIFY(QDir().mkpath(chosen));
    answerDialog<QFileDialog>([chosen](QFileDialog* d) {
      d->setDirectory(chosen);
      QMetaObject::invokeMethod(d, "accept");  // Choose
    });
    QTest::mouseClick(w.runPanel()->outputsButton(), Qt::LeftButton);
    QCOMPARE(w.runPanel()->outputsFolder(), chosen);
    QVERIFY(w.document().hasUnsavedChanges());
    QTRY_VERIFY(w.isWindowModified());  // the title's *
    QVERIFY2(lineWith(w.logPanel()->lines(), "Runs write to " + chosen) >= 0,
             qPrintable(w.logPanel()->lines().join('\n')));

    QSignalSpy finished(&w.controller(), &SimulationController::finished);
    QTest::mouseClick(w.runPanel()->startButton(), Qt::LeftButton);
    QVERIFY(finished.wait(60000));
    QCOMPARE(thermoColumns(chosen + "/thermo.out").size(), std::size_t(1));
    QVERIFY(QFileInfo::exists(chosen + "/checkpoint.chk"));
    QVERIFY(!QFileInfo::exists(dir.filePath("outputs")));
    // Saved, the project names the folder (inside the project's folder: relatively).
    QVERIFY(w.document().saveProject(dir.filePath("running.json")));
    QCOMPARE(readProject(dir.filePath("running.json").toStdString()).outputs,
             std::string("elsewhere"));

    // Never into the shipped examples.
    QVERIFY(!w.runs().setOutputsFolder(ProjectDocument::examplesFolder()));
    QVERIFY2(w.lastError().contains("shipped examples"), qPrintable(w.lastError()));
    QCOMPARE(w.runPanel()->outputsFolder(), chosen);
    QVERIFY(!w.document().hasUnsavedChanges());
  }

  // A long run's thermo lines: the log keeps its last kMaxLines lines, the newest at the end.
  void logKeepsItsLastLines() {
    LogPanel log;
    std::vector<ThermoSample> samples(LogPanel::kMaxLines + 1000);
    for (std::size_t k = 0; k < samples.size(); ++k) {
      samples[k].step = static_cast<std::int64_t>(10 * (k + 1));
      samples[k].time = 5.0 * (k + 1);
      samples[k].record.temperature = 300.0 + k;
    }
    log.add(LogLevel::Info, "Run started");
    log.addThermo(samples);
    log.add(LogLevel::Warning, "something to look at");
    const QStringList lines = log.lines();
    QCOMPARE(lines.size(), LogPanel::kMaxLines);
    QVERIFY2(lines.back().endsWith("warning: something to look at"), qPrintable(lines.back()));
    const QStringList last = lines[lines.size() - 2].simplified().split(' ');
    QCOMPARE(last[0].toLongLong(), samples.back().step);
    QCOMPARE(last[2].toDouble(), 300.0 + double(samples.size() - 1));
  }

  // Without a project, Change… chooses the folder that receives a folder per run; Run more
  // continues the last run in its own folder.
  void runsWithoutAProjectGoWhereChosen() {
    QTemporaryDir dir;
    MainWindow w;
    QVERIFY(w.document().openStructure(test::sharedPath("structures/water63.xyz"), true));
    QVERIFY(w.document().openModel(test::sharedPath("models/qnep_mode2_water.txt"), true));
    RunSettings s = w.runPanel()->settings();
    s.run.steps = 5;
    s.run.thermoInterval = 5;
    s.snapshotInterval = 5;
    w.runPanel()->setSettings(s);
    QVERIFY2(w.runPanel()->outputsFolder().startsWith(RunCoordinator::runsFolder() + "/"),
             qPrintable(w.runPanel()->outputsFolder()));
    QVERIFY(w.runs().setOutputsFolder(dir.path()));
    QCOMPARE(RunCoordinator::runsFolder(), dir.path());
    QSignalSpy finished(&w.controller(), &SimulationController::finished);
    QVERIFY2(w.runs().startRun(), qPrintable(w.lastError()));
    QVERIFY(finished.wait(60000));
    const QStringList folders = QDir(dir.path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCOMPARE(folders.size(), 1);
    const QString run = dir.filePath(folders[0]);
    QCOMPARE(w.runPanel()->outputsFolder(), run);  // the last run's folder
    QVERIFY2(w.runs().runMore(5), qPrintable(w.lastError()));
    QVERIFY(finished.wait(60000));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size(), 1);
    QCOMPARE(readCheckpoint((run + "/checkpoint.chk").toStdString()).state.step, std::int64_t(10));
    QCOMPARE(thermoColumns(run + "/thermo.out").size(), std::size_t(2));
    QSettings().remove("runs/folder");
  }
};

SEI_STUDIO_TEST_MAIN(TestRunningStudio)

#include "TestRunningStudio.moc"
