// The plots and the status bar show the run they name, whole and alone (issue 18): a continued
// run shows its history from step 0 in absolute steps and times, a restarted one nothing of the
// run before, a reopened project its recorded run and no frame of another system.
#include <QtTest>

#include "MainWindow.hpp"
#include "PlotPanel.hpp"
#include "RunPanel.hpp"
#include "StudioRuns.hpp"
#include "StudioTestMain.hpp"
#include "TestSupport.hpp"
#include "VtkView.hpp"
#include "project/Project.hpp"

using namespace sei;
using namespace sei::studio;

namespace {

/// Times of a series strictly increase (no sample of another run, none out of order).
/// "thermo steps 5 10 … | species times 0 2.5 …", for failure messages.
QString describe(const PlotData* d) {
  if (!d) return "no data";
  QString out = "thermo steps";
  for (const auto& t : d->thermo) out += " " + QString::number(t.step);
  out += " | species times";
  for (const auto& s : d->species) out += " " + QString::number(s.time);
  return out;
}

template <class Samples>
bool increasing(const Samples& samples) {
  for (std::size_t i = 1; i < samples.size(); ++i)
    if (!(samples[i].time > samples[i - 1].time)) return false;
  return true;
}

}  // namespace

class TestRunHistory : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    if (test::sharedDir().isEmpty()) QFAIL("no shared models/structures folder (../shared)");
  }

  void continuedRestartedAndReopenedRuns() {
    QTemporaryDir dir;
    Project p;
    p.name = "history";
    p.structure = test::sharedPath("structures/water63.xyz").toStdString();
    p.model = test::sharedPath("models/qnep_mode2_water.txt").toStdString();
    ProjectRunSettings form;
    form.thermoInterval = 5;
    form.dumpInterval = 5;
    form.checkpointInterval = 0;
    applyRunForm(form, p);
    const QString project = dir.filePath("history.json");
    writeProject(project.toStdString(), p);
    {
      MainWindow w;
      QVERIFY(w.document().openProject(project, true));
      RunSettings s = w.runPanel()->settings();
      s.snapshotInterval = 5;
      w.runPanel()->setSettings(s);
      runTo(w, 20, RunCoordinator::RunStart::StartOver);
      QVERIFY2(w.plotPanel()->source().contains("from step 0"),
               qPrintable(w.plotPanel()->source()));

      // Continued to 40: the whole run, read from its files, steps and times absolute.
      runTo(w, 40, RunCoordinator::RunStart::Continue);
      QVERIFY2(w.plotPanel()->source().contains("continued from step 20"),
               qPrintable(w.plotPanel()->source()));
      QVERIFY2(w.runs().statusText().startsWith("step 40 / 40 | t = 0.020 ps"),
               qPrintable(w.runs().statusText()));
      QTRY_VERIFY2_WITH_TIMEOUT(w.plotPanel()->data() &&
                                    w.plotPanel()->data()->thermo.size() == 8 &&
                                    w.plotPanel()->data()->species.size() == 9,
                                qPrintable(describe(w.plotPanel()->data())), 10000);
      const PlotData& continued = *w.plotPanel()->data();
      QCOMPARE(continued.thermo.front().step, std::int64_t(5));  // no (0, 300 K) point
      QCOMPARE(continued.thermo.front().time, 2.5);
      QCOMPARE(continued.thermo.back().step, std::int64_t(40));
      QCOMPARE(continued.species.front().time, 0.0);  // the run's model.xyz
      QCOMPARE(continued.species.back().time, 20.0);
      QVERIFY(increasing(continued.thermo));
      QVERIFY(increasing(continued.species));
      w.resize(1100, 700);
      w.show();
      QVERIFY(QTest::qWaitForWindowExposed(&w));
      w.plotPanel()->setCurrentPlot(PlotPanel::Plot::Thermo);
      w.runs().flushFrames();
      QTest::qWait(300);  // the plot's redraw (at most 4 a second)
      QVERIFY(saveScreenshot(w, "studio-continued-run"));

      // Started over with 10 steps: nothing of the run to step 40 remains.
      runTo(w, 10, RunCoordinator::RunStart::StartOver);
      QVERIFY2(w.runs().statusText().startsWith("step 10 / 10 | t = 0.005 ps | "),
               qPrintable(w.runs().statusText()));
      QVERIFY2(w.runs().statusText().endsWith("ETA \u2013"), qPrintable(w.runs().statusText()));
      QTest::qWait(1500);  // three polls of the follower: stale lines would have arrived
      QTRY_VERIFY2_WITH_TIMEOUT(w.plotPanel()->data() &&
                                    w.plotPanel()->data()->thermo.size() >= 2 &&
                                    !w.plotPanel()->data()->species.empty(),
                                qPrintable(describe(w.plotPanel()->data())), 15000);
      const PlotData& restarted = *w.plotPanel()->data();
      QVERIFY(restarted.thermo.back().step <= 10);
      QVERIFY(restarted.thermo.back().time <= 5.0);
      QVERIFY(restarted.species.back().time <= 5.0);
      QVERIFY(increasing(restarted.thermo));
      QVERIFY(increasing(restarted.species));
    }
    // Reopened after the project's structure was changed to another system: the plots show the
    // recorded run (water, steps 0–10) and no frame of the new structure.
    Project changed = readProject(project.toStdString());
    changed.structure = test::sharedPath("structures/water126_2x1x1_triclinic_s3.xyz").toStdString();
    writeProject(project.toStdString(), changed);
    MainWindow again;
    QVERIFY(again.document().openProject(project, true));
    QVERIFY2(again.plotPanel()->source().startsWith("Recorded run in"),
             qPrintable(again.plotPanel()->source()));
    QTRY_VERIFY2_WITH_TIMEOUT(again.plotPanel()->data() &&
                                  again.plotPanel()->data()->thermo.size() == 2 &&
                                  again.plotPanel()->data()->species.size() == 3,
                              qPrintable(describe(again.plotPanel()->data())), 10000);
    const PlotData& reopened = *again.plotPanel()->data();
    QCOMPARE(reopened.species.front().time, 0.0);
    QCOMPARE(reopened.thermo.back().step, std::int64_t(10));
    int molecules = 0;
    for (const auto& [name, count] : reopened.species.front().counts) molecules += count;
    QCOMPARE(molecules, 21);  // water63's 21 molecules, not water126's 42

    // Started over from there (the new structure): no line or frame of the recorded run.
    runTo(again, 10, RunCoordinator::RunStart::StartOver);
    QTest::qWait(1500);
    QTRY_VERIFY_WITH_TIMEOUT(
        again.plotPanel()->data() && !again.plotPanel()->data()->thermo.empty(), 10000);
    const PlotData& fresh = *again.plotPanel()->data();
    QVERIFY(increasing(fresh.thermo));
    QVERIFY(increasing(fresh.species));
    for (const auto& sample : fresh.species) {
      int n = 0;
      for (const auto& [name, count] : sample.counts) n += count;
      QCOMPARE(n, 42);
    }
  }
};

SEI_STUDIO_TEST_MAIN(TestRunHistory)

#include "TestRunHistory.moc"
