// The worker-thread run of the studio: frames and progress arrive on the GUI thread, latest-wins,
// pause/resume/stop behave, and stop leaves a checkpoint of exactly the last frame.
#include <QtTest>

#include "SimulationController.hpp"
#include "TestSupport.hpp"
#include "io/ExtXyz.hpp"
#include "md/Checkpoint.hpp"

using namespace sei;
using namespace sei::studio;

class TestSimulationController : public QObject {
  Q_OBJECT

  std::shared_ptr<const NepModel> model_;
  Structure water_;
  QTemporaryDir scratch_;

  QString runFolder() const { return scratch_.filePath("run"); }

  /// A studio run (no project file) of `structure` for `steps` steps in runFolder().
  RunRequest request(std::int64_t steps, const Structure& structure) const {
    RunRequest r;
    r.projectPath = QDir(runFolder()).filePath("studio run").toStdString();
    r.project.model = model_->path;
    r.project.outputs = runFolder().toStdString();
    ProjectRunSettings form = studioRunDefaults();
    form.ensemble = "nvt_bdp";
    form.steps = steps;
    applyRunForm(form, r.project);
    r.structure = std::make_shared<const Structure>(structure);
    r.model = model_;
    return r;
  }
  bool start(SimulationController& c, std::int64_t steps, int interval) const {
    return c.start(request(steps, water_), interval, 1);
  }

  /// Waits (processing events) until the controller reaches a state.
  static bool reach(SimulationController& c, SimulationController::State state, int ms = 60000) {
    QDeadlineTimer deadline(ms);
    while (c.state() != state && !deadline.hasExpired()) QTest::qWait(5);
    return c.state() == state;
  }

 private slots:
  void initTestCase() {
    const QString shared = test::sharedDir();
    if (shared.isEmpty()) QFAIL("../shared (models, structures) not found: set SEI_SHARED_DIR");
    model_ = std::make_shared<const NepModel>(
        readNepModel((shared + "/models/qnep_mode2_water.txt").toStdString()));
    water_ = readExtXyz((shared + "/structures/water63.xyz").toStdString());
  }

  void fiftyStepsDeliverFramesAndCheckpoint() {
    SimulationController c;
    std::vector<std::int64_t> steps;
    connect(&c, &SimulationController::frameReady,
            [&](std::shared_ptr<const Snapshot> f) { steps.push_back(f->step); });
    QSignalSpy finished(&c, &SimulationController::finished);
    QVERIFY(start(c, 50, 10));
    QCOMPARE(c.state(), SimulationController::State::Preparing);
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QCOMPARE(c.state(), SimulationController::State::Finished);
    QVERIFY(!steps.empty());
    QCOMPARE(steps.back(), std::int64_t(50));
    QVERIFY(std::is_sorted(steps.begin(), steps.end()));
    QCOMPARE(c.framesDelivered(), long(steps.size()));
    QCOMPARE(c.latestProgress().step, std::int64_t(50));
    // qNEP frames carry neutral charges for every atom.
    const auto frame = c.latestSnapshot();
    QCOMPARE(frame->charges.size(), water_.size());
    double total = 0.0;
    for (double q : frame->charges) total += q;
    QVERIFY(std::abs(total) < 1e-8);
    QVERIFY(frame->thermo.temperature > 50.0 && frame->thermo.temperature < 1000.0);
    // The checkpoint holds the state of the last frame.
    const CheckpointData chk = readCheckpoint((runFolder() + "/checkpoint.chk").toStdString());
    QCOMPARE(chk.state.step, std::int64_t(50));
    for (std::size_t i = 0; i < water_.size(); ++i)
      QVERIFY((chk.state.positions[i] - frame->positions[i]).norm() < 1e-12);
  }

  void pauseResumeStop() {
    SimulationController c;
    QSignalSpy finished(&c, &SimulationController::finished);
    QVERIFY(start(c, 1000000, 2));
    QVERIFY(!start(c, 10, 1));  // one run at a time
    QVERIFY(reach(c, SimulationController::State::Running));
    QTRY_VERIFY_WITH_TIMEOUT(c.latestProgress().step > 0, 30000);
    c.pause();
    QCOMPARE(c.state(), SimulationController::State::Paused);
    QTest::qWait(300);  // the chunk under way finishes, its frame arrives
    const std::int64_t held = c.latestProgress().step;
    QTest::qWait(400);
    QCOMPARE(c.latestProgress().step, held);  // nothing moves while paused
    c.resume();
    QCOMPARE(c.state(), SimulationController::State::Running);
    QTRY_VERIFY_WITH_TIMEOUT(c.latestProgress().step > held, 30000);
    c.stop();
    QCOMPARE(c.state(), SimulationController::State::Stopping);
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QCOMPARE(c.state(), SimulationController::State::Stopped);
    const CheckpointData chk = readCheckpoint((runFolder() + "/checkpoint.chk").toStdString());
    QCOMPARE(chk.state.step, c.latestSnapshot()->step);
    QVERIFY(chk.state.step < 1000000);
  }

  // run.in's watchdog pauses a studio run where it fires (a headless run stops): at the first
  // check (step 10 of a check every 10 steps), every atom's force is above 0.01 eV/Å.
  void watchdogPausesTheRun() {
    SimulationController c;
    QSignalSpy fired(&c, &SimulationController::watchdogFired);
    QSignalSpy finished(&c, &SimulationController::finished);
    RunRequest r = request(1000000, water_);
    r.project.run.watchdog.interval = 10;
    r.project.run.watchdog.maxForce = 0.01;  // eV/Å
    QVERIFY(c.start(std::move(r), 5, 1));
    QVERIFY(fired.wait(60000));
    QCOMPARE(c.state(), SimulationController::State::Paused);
    QVERIFY2(fired.at(0).at(0).toString().startsWith("step 10: "),
             qPrintable(fired.at(0).at(0).toString()));
    QVERIFY2(fired.at(0).at(0).toString().contains("above 0.01 eV/"),
             qPrintable(fired.at(0).at(0).toString()));
    const QString frames = fired.at(0).at(1).toString();
    QCOMPARE(frames, runFolder() + "/watchdog/frames.xyz");
    QCOMPARE(readExtXyz(frames.toStdString()).size(), water_.size());
    QTest::qWait(300);
    QCOMPARE(c.latestProgress().step, std::int64_t(10));  // held at the offending step
    c.stop();
    QVERIFY(finished.wait(30000));
    QCOMPARE(c.state(), SimulationController::State::Stopped);
  }

  void stopWhilePausedEndsTheRun() {
    SimulationController c;
    QSignalSpy finished(&c, &SimulationController::finished);
    QVERIFY(start(c, 1000000, 5));
    c.pause();  // before the worker has even built the simulation
    QVERIFY(reach(c, SimulationController::State::Paused));
    c.stop();
    QVERIFY(finished.wait(30000));
    QCOMPARE(c.state(), SimulationController::State::Stopped);
    QCOMPARE(c.latestSnapshot()->step, std::int64_t(0));
  }

  void staleFramesAreDropped() {
    SimulationController c;
    std::vector<std::int64_t> steps;
    connect(&c, &SimulationController::frameReady,
            [&](std::shared_ptr<const Snapshot> f) { steps.push_back(f->step); });
    QSignalSpy finished(&c, &SimulationController::finished);
    QVERIFY(start(c, 400, 1));
    QVERIFY(reach(c, SimulationController::State::Running));
    // A GUI thread that is busy for a while gets only the newest frame afterwards.
    QThread::msleep(400);
    QVERIFY(finished.wait(120000));
    QVERIFY2(c.framesDropped() > 0, qPrintable(QString::number(c.framesDropped())));
    QVERIFY(c.framesDelivered() + c.framesDropped() <= 401);
    QVERIFY(std::adjacent_find(steps.begin(), steps.end(), [](auto a, auto b) {
              return b - a > 1;
            }) != steps.end());  // some step numbers were skipped
    QCOMPARE(steps.back(), std::int64_t(400));
  }

  void badInputFails() {
    SimulationController c;
    Structure gold = water_;
    gold.symbols[0] = "Au";
    QSignalSpy failed(&c, &SimulationController::failed);
    QVERIFY(c.start(request(10, gold), 1, 1));
    QVERIFY(failed.wait(30000));
    QCOMPARE(c.state(), SimulationController::State::Failed);
    QVERIFY2(c.lastError().contains("Au"), qPrintable(c.lastError()));
  }
};

QTEST_GUILESS_MAIN(TestSimulationController)
#include "TestSimulationController.moc"
