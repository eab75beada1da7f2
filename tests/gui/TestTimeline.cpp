// The trajectory timeline under the 3D view (issue 18, item 5), as a user meets it: an opened
// trajectory plays, steps and scrubs, with the frame in the view equal to the file's frame and
// the GUI answering while a large trajectory is scrubbed; during a run a recorded frame chosen on
// the timeline or a plot stays in the view until the user goes back to Live, and the status bar
// says which frame is shown; a reopened and a continued run show all their recorded frames.
#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFontMetrics>
#include <QLabel>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>
#include <QtTest>
#include <cmath>

#include "MainWindow.hpp"
#include "PlotPanel.hpp"
#include "RandomModel.hpp"
#include "RecordedFrames.hpp"
#include "RunFollower.hpp"
#include "RunPanel.hpp"
#include "StudioRuns.hpp"
#include "StudioTestMain.hpp"
#include "TestSupport.hpp"
#include "TimelineBar.hpp"
#include "VtkView.hpp"
#include "io/ExtXyz.hpp"
#include "io/NetcdfTrajectory.hpp"
#include "io/TrajectoryReader.hpp"
#include "project/Project.hpp"

using namespace sei;
using namespace sei::studio;

namespace {

constexpr int kAtoms = 1200;
constexpr int kFrames = 300;

/// Where atom `i` is in frame `f` of the generated trajectory (Å): a simple cubic lattice of
/// 4 Å, each atom drifting along x at its own rate.
Eigen::Vector3d generated(int f, int i) {
  return {4.0 * (i % 10) + 0.001 * f * (1 + i % 7), 4.0 * ((i / 10) % 10), 4.0 * (i / 100)};
}

/// Writes the generated trajectory: frame f at step 10 f, Time = 5 f fs.
void writeTrajectory(const QString& path) {
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly));
  QByteArray text;
  for (int f = 0; f < kFrames; ++f) {
    text += QByteArray::number(kAtoms) + "\n";
    text += QStringLiteral(
                "Lattice=\"40 0 0 0 40 0 0 0 48\" Properties=species:S:1:pos:R:3 "
                "pbc=\"T T T\" step=%1 Time=%2\n")
                .arg(10 * f)
                .arg(5 * f)
                .toUtf8();
    for (int i = 0; i < kAtoms; ++i) {
      const Eigen::Vector3d r = generated(f, i);
      text += QStringLiteral("%1 %2 %3 %4\n")
                  .arg(i % 3 == 0 ? "O" : "H")
                  .arg(r.x(), 0, 'f', 6)
                  .arg(r.y(), 0, 'f', 6)
                  .arg(r.z(), 0, 'f', 6)
                  .toUtf8();
    }
  }
  QCOMPARE(file.write(text), qint64(text.size()));
}

/// Frame `index` of `path`, read by the engine's sequential reader (not the timeline's index).
TrajectoryFrame fileFrame(const QString& path, int index) {
  TrajectoryReader reader(path.toStdString());
  TrajectoryFrame f;
  for (int k = 0; k <= index; ++k) reader.next(f);
  return f;
}

/// Largest distance between the view's atoms and `positions` (Å).
double worstDistance(MainWindow& w, const std::vector<Eigen::Vector3d>& positions) {
  const auto& shown = w.scene().frame()->positions;
  if (shown.size() != positions.size()) return 1e9;
  double worst = 0.0;
  for (std::size_t i = 0; i < shown.size(); ++i)
    worst = std::max(worst, (shown[i] - positions[i]).norm());
  return worst;
}

template <class T>
T* child(MainWindow& w, const char* name) {
  T* found = w.timeline()->findChild<T*>(name);
  if (!found) qFatal("no timeline child %s", name);
  return found;
}

/// A project of 63 waters with the shared qNEP water model that records a frame every 10 steps.
QString waterProject(const QTemporaryDir& dir) {
  Project p;
  p.name = "timeline";
  p.structure = test::sharedFile("structures/water63.xyz");
  p.model = test::sharedFile("models/qnep_mode2_water.txt");
  ProjectRunSettings form;
  form.thermoInterval = 10;
  form.dumpInterval = 10;
  form.checkpointInterval = 0;
  applyRunForm(form, p);
  const QString project = dir.filePath("timeline.json");
  writeProject(project.toStdString(), p);
  return project;
}

void setSteps(MainWindow& w, std::int64_t steps) {
  RunSettings s = w.runPanel()->settings();
  s.run.steps = steps;
  s.snapshotInterval = 5;
  w.runPanel()->setSettings(s);
}

/// Frame f of the small NetCDF run: 6 atoms in a 12 Å box, at step 100 f and 50 f fs.
NetcdfFrame netcdfFrame(int f) {
  NetcdfFrame frame;
  frame.step = 100 * f;
  frame.time = 50.0 * f;
  frame.cell = 12.0 * Eigen::Matrix3d::Identity();
  for (int i = 0; i < 6; ++i) frame.positions.emplace_back(1.5 * i + 0.25 * f, 2.0 + 0.1 * i, 3.0);
  return frame;
}

std::vector<std::int64_t> timelineSteps(MainWindow& w) {
  std::vector<std::int64_t> steps;
  for (const auto& m : w.runs().recorded().marks()) steps.push_back(m.step);
  return steps;
}

}  // namespace

class TestTimeline : public QObject {
  Q_OBJECT

 private slots:
  /// An opened trajectory: buttons, keys on the 3D view, play, and scrubbing a 1200-atom,
  /// 300-frame file with the GUI answering and the shown frame equal to the file's.
  void openedTrajectory() {
    QTemporaryDir dir;
    const QString path = dir.filePath("big.xyz");
    writeTrajectory(path);
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.timeline()->isHidden());  // no trajectory yet
    QElapsedTimer indexing;
    indexing.start();
    QVERIFY2(w.openFile(path, true), qPrintable(w.lastError()));
    QTRY_COMPARE_WITH_TIMEOUT(w.timeline()->frameCount(), kFrames, 15000);
    qInfo("indexed %d frames of %d atoms in %lld ms", kFrames, kAtoms, indexing.elapsed());
    QVERIFY(w.timeline()->isVisible());
    QVERIFY(child<QToolButton>(w, "timelineLive")->isHidden());  // nothing runs
    auto* counter = child<QLabel>(w, "timelineCounter");
    QCOMPARE(counter->text(), QString("frame 1 / 300 \u00b7 step 0 \u00b7 t = 0.000 ps"));

    // Buttons: last, one back, first, one forward.
    QTest::mouseClick(child<QToolButton>(w, "timelineLast"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(w.scene().frame()->step, std::int64_t(2990), 5000);
    QCOMPARE(counter->text(), QString("frame 300 / 300 \u00b7 step 2990 \u00b7 t = 1.495 ps"));
    QTest::mouseClick(child<QToolButton>(w, "timelineBack"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(w.scene().frame()->step, std::int64_t(2980), 5000);
    QTest::mouseClick(child<QToolButton>(w, "timelineFirst"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(w.scene().frame()->step, std::int64_t(0), 5000);
    QTest::mouseClick(child<QToolButton>(w, "timelineForward"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(w.scene().frame()->step, std::int64_t(10), 5000);
    QCOMPARE(w.runs().shownText(), QString("shown: recorded frame 2/300, step 10"));

    // Keys while the 3D view has the focus.
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    w.view()->setFocus();
    QTRY_VERIFY(w.view()->hasFocus());
    QTest::keyClick(w.view(), Qt::Key_Right);
    QTest::keyClick(w.view(), Qt::Key_Right);
    QCOMPARE(w.timeline()->position(), 3);
    QTest::keyClick(w.view(), Qt::Key_Left);
    QCOMPARE(w.timeline()->position(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(w.scene().frame()->step, std::int64_t(20), 5000);
    // Space plays at the chosen speed (5 fps: slow enough for a software-rendered 1200-atom
    // view to keep up), and pauses.
    child<QSpinBox>(w, "timelineFps")->setValue(5);
    QElapsedTimer playing;
    playing.start();
    QTest::keyClick(w.view(), Qt::Key_Space);
    QVERIFY(w.timeline()->playing());
    QTest::qWait(1000);
    QTest::keyClick(w.view(), Qt::Key_Space);
    const qint64 playedMs = playing.elapsed();
    QVERIFY(!w.timeline()->playing());
    const int played = w.timeline()->position() - 2;
    qInfo("played %d frames in %lld ms at 5 fps", played, playedMs);
    QVERIFY2(played >= 3 && played <= 6, qPrintable(QString::number(played)));
    QTRY_COMPARE_WITH_TIMEOUT(w.scene().frame()->step, std::int64_t(10 * (2 + played)), 5000);

    // Scrubbing the slider: 100 moves, a frame read per move at most, none on the GUI thread. A
    // heartbeat every 5 ms measures how long the GUI thread is busy at a stretch, first with the
    // window idle (what the machine's load alone costs), then while scrubbing; each move's own
    // handling (the key press up to the read being queued) is timed as well.
    auto* slider = child<QSlider>(w, "timelineSlider");
    slider->setFocus();
    QTest::keyClick(slider, Qt::Key_Home);
    QTRY_COMPARE_WITH_TIMEOUT(w.scene().frame()->step, std::int64_t(0), 5000);
    QElapsedTimer sinceBeat;
    qint64 worstGap = 0;
    QTimer heartbeat;
    heartbeat.setInterval(5);
    connect(&heartbeat, &QTimer::timeout,
            [&] { worstGap = std::max(worstGap, sinceBeat.restart()); });
    sinceBeat.start();
    heartbeat.start();
    QTest::qWait(1000);
    const qint64 idleGap = worstGap;
    worstGap = 0;
    const long skippedBefore = w.runs().recorded().readsSkipped();
    qint64 worstMove = 0;
    QElapsedTimer scrub, move;
    scrub.start();
    for (int k = 0; k < 100; ++k) {
      move.start();
      QTest::keyClick(slider, Qt::Key_Right);
      worstMove = std::max(worstMove, move.elapsed());
      QTest::qWait(5);
    }
    const qint64 scrubMs = scrub.elapsed();
    QCOMPARE(w.timeline()->position(), 100);
    QTRY_COMPARE_WITH_TIMEOUT(w.scene().frame()->step, std::int64_t(1000), 5000);
    heartbeat.stop();
    const long skipped = w.runs().recorded().readsSkipped() - skippedBefore;
    qInfo(
        "scrubbed 100 frames in %lld ms: longest move %lld ms, longest GUI heartbeat gap %lld ms "
        "(idle window: %lld ms), %ld reads superseded",
        scrubMs, worstMove, worstGap, idleGap, skipped);
    QVERIFY2(worstMove < 100, qPrintable(QString::number(worstMove)));
    QVERIFY2(worstGap < std::max<qint64>(300, 2 * idleGap), qPrintable(QString::number(worstGap)));
    // The shown frame is the file's frame 100, as an independent read and the generator have it.
    QCOMPARE(worstDistance(w, fileFrame(path, 100).structure.positions), 0.0);
    std::vector<Eigen::Vector3d> expected;
    for (int i = 0; i < kAtoms; ++i) expected.push_back(generated(100, i));
    QVERIFY(worstDistance(w, expected) < 1e-6);
    QCOMPARE(w.runs().shownText(), QString("shown: recorded frame 101/300, step 1000"));
    w.runs().flushFrames();
    QVERIFY(saveScreenshot(w, "studio-timeline-trajectory"));
  }

  /// During a run: Live follows the run; a plot click leaves Live and its frame stays while live
  /// frames arrive; the range grows without moving the user's position; Live returns.
  void liveRunKeepsTheChosenFrame() {
    QTemporaryDir dir;
    const QString project = waterProject(dir);
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.document().openProject(project, true));
    setSteps(w, 1000000);
    QVERIFY2(w.runs().startRun(RunCoordinator::RunStart::StartOver), qPrintable(w.lastError()));
    QVERIFY(w.timeline()->isLive());
    QTRY_VERIFY_WITH_TIMEOUT(w.timeline()->frameCount() >= 3, 60000);
    QTRY_VERIFY2_WITH_TIMEOUT(w.runs().shownText().startsWith("shown: live step"),
                              qPrintable(w.runs().shownText()), 5000);
    auto* live = child<QToolButton>(w, "timelineLive");
    QVERIFY(live->isVisible() && live->isChecked());

    // A plot click at the second recorded frame's time.
    const TimelineBar::Mark second = w.runs().recorded().marks()[1];
    const int before = w.timeline()->frameCount();
    emit w.plotPanel()->timeClicked(second.time);
    QTRY_COMPARE_WITH_TIMEOUT(w.scene().frame()->step, second.step, 5000);
    QVERIFY(!w.timeline()->isLive() && !live->isChecked());
    // Live frames keep coming and the run records more: the view and the status stay with the
    // chosen frame, at the same slider position.
    const std::int64_t runStep = w.controller().latestProgress().step;
    QTRY_VERIFY_WITH_TIMEOUT(w.controller().latestProgress().step > runStep + 20, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(w.timeline()->frameCount() >= before + 2, 60000);
    w.runs().flushFrames();
    QCOMPARE(w.scene().frame()->step, second.step);
    QCOMPARE(w.timeline()->position(), 1);
    QCOMPARE(child<QSlider>(w, "timelineSlider")->value(), 1);
    QVERIFY2(w.runs().shownText().startsWith(QString("shown: recorded frame 2/%1, step %2")
                                                 .arg(w.timeline()->frameCount())
                                                 .arg(second.step)),
             qPrintable(w.runs().shownText()));
    // The run's own progress is still shown beside it.
    QVERIFY2(w.runs().statusText().startsWith("step ") &&
                 !w.runs().statusText().startsWith(QString("step %1 ").arg(second.step)),
             qPrintable(w.runs().statusText()));
    QVERIFY(saveScreenshot(w, "studio-timeline-recorded-during-run"));
    // Back to Live: the newest frame of the run.
    QTest::mouseClick(live, Qt::LeftButton);
    QVERIFY(w.timeline()->isLive());
    QTRY_VERIFY_WITH_TIMEOUT(w.scene().frame()->step > runStep, 5000);
    QTRY_VERIFY2_WITH_TIMEOUT(w.runs().shownText().startsWith("shown: live step"),
                              qPrintable(w.runs().shownText()), 5000);
    QVERIFY(saveScreenshot(w, "studio-timeline-live"));
    // One step back from Live is the newest recorded frame.
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    w.view()->setFocus();
    QTRY_VERIFY(w.view()->hasFocus());
    QTest::keyClick(w.view(), Qt::Key_Left);
    QVERIFY(!w.timeline()->isLive());
    QCOMPARE(w.timeline()->position(), w.timeline()->frameCount() - 1);
    QVERIFY(w.runs().stopRunAndWait());
  }

  /// A reopened project shows all its recorded frames, in absolute steps; after Continue, those
  /// of both parts.
  void reopenedAndContinuedRun() {
    QTemporaryDir dir;
    const QString project = waterProject(dir);
    {
      MainWindow w;
      QVERIFY(w.document().openProject(project, true));
      setSteps(w, 40);  // and a view frame every 5 steps
      runTo(w, 40, RunCoordinator::RunStart::StartOver);
    }
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.document().openProject(project, true));
    QTRY_COMPARE_WITH_TIMEOUT(w.timeline()->frameCount(), 4, 15000);
    QCOMPARE(timelineSteps(w), (std::vector<std::int64_t>{10, 20, 30, 40}));
    QCOMPARE(w.runs().recorded().marks().back().time, 20.0);
    QTest::mouseClick(child<QToolButton>(w, "timelineFirst"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(w.scene().frame()->step, std::int64_t(10), 5000);
    QCOMPARE(w.runs().shownText(), QString("shown: recorded frame 1/4, step 10"));
    runTo(w, 80, RunCoordinator::RunStart::Continue);
    QTRY_COMPARE_WITH_TIMEOUT(w.timeline()->frameCount(), 8, 15000);
    QCOMPARE(timelineSteps(w), (std::vector<std::int64_t>{10, 20, 30, 40, 50, 60, 70, 80}));
    QTest::mouseClick(child<QToolButton>(w, "timelineFirst"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(w.scene().frame()->step, std::int64_t(10), 5000);
    // The view's frame 1 is the file's first frame.
    const QString dump = QDir(w.document().outputsFolder()).filePath("dump.xyz");
    QVERIFY2(QFileInfo::exists(dump), qPrintable(dump));
    QCOMPARE(worstDistance(w, fileFrame(dump, 0).structure.positions), 0.0);
    w.runs().flushFrames();
    QTest::qWait(50);  // the status bar lays its labels out on the next pass
    // Every label of the status bar reads whole beside the run's message, at 1200 px.
    for (const QLabel* label : w.runs().statusLabels())
      if (label->isVisible())
        QVERIFY2(label->width() >= label->sizeHint().width(),
                 qPrintable(
                     label->text() +
                     QString(": %1 of %2 px").arg(label->width()).arg(label->sizeHint().width())));
    // The species plot's axis titles read whole in this low dock (not elided with "…").
    QChart* species = w.plotPanel()->chartView(PlotPanel::Plot::Species)->chart();
    QVERIFY(!species->axes().isEmpty());
    for (const QAbstractAxis* axis : species->axes()) {
      const int text = QFontMetrics(axis->titleFont()).horizontalAdvance(axis->titleText());
      const qreal room = axis->orientation() == Qt::Vertical ? species->plotArea().height()
                                                             : species->plotArea().width();
      QVERIFY2(text <= room, qPrintable(QString("%1: %2 px of text, %3 px of axis")
                                            .arg(axis->titleText())
                                            .arg(text)
                                            .arg(room)));
    }
    QVERIFY(saveScreenshot(w, "studio-timeline-continued"));
  }

  /// A run folder that records AMBER NetCDF (movie.nc, no dump.xyz; the symbols from model.xyz
  /// beside it): indexed while the run appends, a frame read back as the engine's reader reads
  /// it, and the folder opened as a recorded run shows all its frames on the timeline.
  void netcdfRunFolder() {
    QTemporaryDir dir;
    const QString movie = dir.filePath("movie.nc");
    Structure model;
    model.symbols = {"Na", "Na", "F", "F", "Li", "O"};
    model.positions = netcdfFrame(0).positions;
    model.cell = Cell(netcdfFrame(0).cell);
    writeExtXyz(dir.filePath("model.xyz").toStdString(), model);
    NetcdfTrajectoryWriter writer(movie.toStdString(), 6, NetcdfContents{});
    for (int f = 0; f < 3; ++f) writer.appendFrame(netcdfFrame(f));

    RecordedFrames recorded;
    std::shared_ptr<const Snapshot> loaded;
    int loadedIndex = -1;
    connect(&recorded, &RecordedFrames::frameLoaded, this,
            [&](int index, std::shared_ptr<const Snapshot> frame) {
              loadedIndex = index;
              loaded = std::move(frame);
            });
    recorded.open(movie, dir.filePath("run.in"), true);
    QTRY_COMPARE_WITH_TIMEOUT(recorded.marks().size(), std::size_t(3), 5000);
    for (int f = 3; f < 5; ++f) writer.appendFrame(netcdfFrame(f));  // the run goes on
    QTRY_COMPARE_WITH_TIMEOUT(recorded.marks().size(), std::size_t(5), 5000);
    std::vector<std::int64_t> steps;
    for (const auto& m : recorded.marks()) steps.push_back(m.step);
    QCOMPARE(steps, (std::vector<std::int64_t>{0, 100, 200, 300, 400}));
    for (std::size_t f = 0; f < 5; ++f)  // stored as float ps
      QVERIFY2(std::abs(recorded.marks()[f].time - 50.0 * f) < 1e-4,
               qPrintable(QString::number(f)));
    recorded.request(3);
    QTRY_VERIFY_WITH_TIMEOUT(loaded != nullptr, 5000);
    QCOMPARE(loadedIndex, 3);
    QCOMPARE(loaded->step, std::int64_t(300));
    const TrajectoryFrame expected = fileFrame(movie, 3);
    QCOMPARE(expected.step, std::int64_t(300));
    QCOMPARE(loaded->positions.size(), std::size_t(6));
    for (std::size_t i = 0; i < 6; ++i)
      QCOMPARE(loaded->positions[i], expected.structure.positions[i]);
    // float storage: within 1e-5 Å of what was written
    QVERIFY((loaded->positions[5] - netcdfFrame(3).positions[5]).norm() < 1e-5);
    writer.close();

    // Without model.xyz the frames cannot be read: one message, not one every poll.
    {
      QTemporaryDir bare;
      QFile::copy(movie, bare.filePath("movie.nc"));
      RecordedFrames orphan;
      QStringList failures;
      connect(&orphan, &RecordedFrames::failed, this,
              [&](const QString& message) { failures << message; });
      orphan.open(bare.filePath("movie.nc"), bare.filePath("run.in"), true);
      QTRY_COMPARE_WITH_TIMEOUT(failures.size(), 1, 5000);
      QTest::qWait(1600);  // three more polls
      QCOMPARE(failures.size(), 1);
      QVERIFY2(failures[0].contains("model.xyz"), qPrintable(failures[0]));
    }

    // A run whose run.in writes dump.xyz (here `dump_xyz` to dump.xyz) is followed through
    // dump.xyz, even while only its movie.nc is there yet.
    {
      QTemporaryDir pending;
      QFile::copy(movie, pending.filePath("movie.nc"));
      QFile::copy(dir.filePath("model.xyz"), pending.filePath("model.xyz"));
      test::writeTextFile(pending.filePath("run.in").toStdString(),
                          "potential model.txt\nvelocity 300\ntime_step 0.5\nensemble nve\n"
                          "dump_xyz 100 dump.xyz\ndump_netcdf 100 movie.nc\nrun 400\n");
      RunFollower follower;
      QSignalSpy caught(&follower, &RunFollower::caughtUp);
      follower.follow(pending.path(), true);
      QTRY_VERIFY_WITH_TIMEOUT(!caught.isEmpty(), 5000);
      QCOMPARE(follower.framesIndexed(), std::size_t(0));
      writeExtXyz(pending.filePath("dump.xyz").toStdString(), model);  // its first frame
      follower.pollNow();
      QTRY_COMPARE_WITH_TIMEOUT(follower.framesIndexed(), std::size_t(1), 5000);
    }

    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.document().openRecordedRun(dir.filePath("model.xyz"), dir.path(), true));
    QTRY_COMPARE_WITH_TIMEOUT(w.timeline()->frameCount(), 5, 5000);
    QCOMPARE(w.runs().recorded().path(), movie);
    QCOMPARE(timelineSteps(w), (std::vector<std::int64_t>{0, 100, 200, 300, 400}));
    // The plots analyse the structure the run started from (model.xyz, t = 0) and then the same
    // frames, each at its time.
    auto speciesTimes = [&w] {
      QStringList t;
      if (w.plotPanel()->data())
        for (const auto& s : w.plotPanel()->data()->species) t << QString::number(s.time);
      return t.join(' ');
    };
    QTRY_VERIFY2_WITH_TIMEOUT(speciesTimes() == "0 0 50 100 150 200", qPrintable(speciesTimes()),
                              10000);
    QCOMPARE(w.runs().follower().framesIndexed(), std::size_t(5));
    QTest::mouseClick(child<QToolButton>(w, "timelineFirst"), Qt::LeftButton);
    QTest::mouseClick(child<QToolButton>(w, "timelineForward"), Qt::LeftButton);
    QTest::mouseClick(child<QToolButton>(w, "timelineForward"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(w.scene().frame()->step, std::int64_t(200), 5000);
    QCOMPARE(worstDistance(w, fileFrame(movie, 2).structure.positions), 0.0);
    QCOMPARE(w.scene().frame()->symbols->at(4), std::string("Li"));  // from model.xyz
    w.runs().flushFrames();
    QVERIFY(saveScreenshot(w, "studio-timeline-netcdf"));
  }
};

SEI_STUDIO_TEST_MAIN(TestTimeline)
#include "TestTimeline.moc"
