// `sei run` end to end: a run killed with SIGKILL and resumed with --resume produces exactly
// the output of an uninterrupted run; run.in errors and explosions give their exit statuses.
#include <QDir>
#include <QFileInfo>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <thread>

#include "EvalSupport.hpp"
#include "ModelVariants.hpp"
#include "TestSupport.hpp"
#include "md/Checkpoint.hpp"
#include "md/MdState.hpp"
#include "io/ExtXyz.hpp"
#include "io/NetcdfTrajectory.hpp"
#include "io/TrajectoryReader.hpp"
#include "run/RunInput.hpp"

using namespace sei;

namespace {

const char* const kRunIn = R"(potential model.txt
velocity 300 seed 11
kspace ewald
time_step 0.5
ensemble nvt_lan 300 350 100
dump_thermo 20
dump_exyz 100 1 1
checkpoint 100
run 1500
ensemble nve
dump_thermo 20
dump_restart 500
run 500
)";

void makeRunFolder(const QString& dir) {
  // ZBL between C and O keeps random-model atoms from collapsing onto each other.
  test::RandomModelSpec spec = test::modelVariant("nep4_zbl_charge2");
  spec.elements = {"C", "O"};
  test::writeTextFile(QDir(dir).filePath("model.txt").toStdString(), test::randomModelText(spec));
  const Structure s = test::randomStructure(spec.elements, 48, test::testCell(false), 2, 1.2);
  writeExtXyz(QDir(dir).filePath("model.xyz").toStdString(), s);
  test::writeTextFile(QDir(dir).filePath("run.in").toStdString(), kRunIn);
}

QByteArray contents(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString seiBinary() { return QDir(test::binDir()).filePath("sei"); }

int runSei(const QString& dir, const QStringList& extra, QString* err = nullptr,
           const QString& threads = "1") {
  QProcess p;
  p.setWorkingDirectory(dir);
  p.start(seiBinary(), QStringList{"run", "--quiet", "--threads", threads} + extra);
  p.waitForFinished(300000);
  if (err) *err = QString::fromUtf8(p.readAllStandardError());
  return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

/// Starts `sei run` in `dir` in the background (a run to kill).
bool startRun(QProcess& p, const QString& dir) {
  p.setWorkingDirectory(dir);
  p.start(seiBinary(), {"run", "--quiet", "--threads", "1"});
  return p.waitForStarted();
}

void writeRunIn(const QString& dir, const char* text) {
  test::writeTextFile(QDir(dir).filePath("run.in").toStdString(), text);
}

/// The temperatures (first column, K) of thermo.out's data lines.
std::vector<double> thermoTemperatures(const QString& dir) {
  std::vector<double> out;
  for (const QByteArray& line : contents(QDir(dir).filePath("thermo.out")).split('\n'))
    if (!line.isEmpty() && !line.startsWith('#')) out.push_back(line.split(' ').first().toDouble());
  return out;
}

/// The step a blow-up message names ("step N: ...").
long long blowUpStep(const QString& err) {
  const auto m = QRegularExpression("step (\\d+): ").match(err);
  return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

const char* const kExploding = R"(potential model.txt
velocity 300 seed 11
kspace ewald
time_step 50
ensemble nve
dump_thermo 1
checkpoint 1
run 200
)";

}  // namespace

class TestRunCommand : public QObject {
  Q_OBJECT

 private slots:
  void killedRunResumesExactly() {
    QTemporaryDir straight, killed;
    makeRunFolder(straight.path());
    makeRunFolder(killed.path());
    QString err;
    QVERIFY2(runSei(straight.path(), {}, &err) == 0, qPrintable(err));

    QProcess victim;
    QVERIFY(startRun(victim, killed.path()));
    // Kill it hard once a checkpoint in the middle of the first block exists.
    const std::string chk = QDir(killed.path()).filePath("checkpoint.chk").toStdString();
    for (int k = 0; k < 3000; ++k) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      if (!QFile::exists(QString::fromStdString(chk))) continue;
      if (std::stoll(readCheckpoint(chk).extra.at("block_step")) >= 300) break;
    }
    ::kill(static_cast<pid_t>(victim.processId()), SIGKILL);
    victim.waitForFinished();
    const auto at = readCheckpoint(chk);
    QVERIFY2(at.extra.at("block") == "0", "the run finished before it could be killed");
    QVERIFY(QFile::exists(killed.filePath("dump.xyz")));

    QVERIFY2(runSei(killed.path(), {"--resume"}, &err) == 0, qPrintable(err));
    for (const char* file : {"thermo.out", "dump.xyz", "restart.xyz"}) {
      const QByteArray a = contents(straight.filePath(file)), b = contents(killed.filePath(file));
      QVERIFY2(!a.isEmpty(), file);
      QVERIFY2(a == b, qPrintable(QString("%1 differs after kill and resume").arg(file)));
    }
    // 1500/20 + 1 lines of the first block and 500/20 of the second, plus two 5-line headers.
    QCOMPARE(contents(killed.filePath("thermo.out")).count('\n'), qsizetype(75 + 25 + 10));
  }

  // Parallel sums are combined in a fixed order, so the same seed gives the same trajectory
  // on several threads too.
  void sameSeedSameOutputOnTwoThreads() {
    QTemporaryDir a, b;
    makeRunFolder(a.path());
    makeRunFolder(b.path());
    QString err;
    QVERIFY2(runSei(a.path(), {}, &err, "2") == 0, qPrintable(err));
    QVERIFY2(runSei(b.path(), {}, &err, "2") == 0, qPrintable(err));
    QVERIFY(contents(a.filePath("thermo.out")) == contents(b.filePath("thermo.out")));
    QVERIFY(contents(a.filePath("restart.xyz")) == contents(b.filePath("restart.xyz")));
  }

  void runInErrorsStopBeforeRunning() {
    QTemporaryDir dir;
    makeRunFolder(dir.path());
    QString text = QString::fromLatin1(kRunIn);
    text.replace("ensemble nve", "ensemble nvt_ber 300 300 100");
    test::writeTextFile(dir.filePath("run.in").toStdString(), text.toStdString());
    QString err;
    QCOMPARE(runSei(dir.path(), {}, &err), 2);
    QVERIFY2(err.contains("run.in:10:") && err.count('\n') == 1, qPrintable(err));
    QVERIFY(!QFile::exists(dir.filePath("thermo.out")));
  }

  // Two atoms 0.2 Å apart in model.xyz: the starting state fails the guard, so there is no
  // good state to write (guardChecksEveryStep covers the lastgood files).
  void closePairInInputStopsAtStepZero() {
    QTemporaryDir dir;
    makeRunFolder(dir.path());
    Structure s = readExtXyz(dir.filePath("model.xyz").toStdString());
    s.positions[1] = s.positions[0] + Eigen::Vector3d(0.2, 0.0, 0.0);
    writeExtXyz(dir.filePath("model.xyz").toStdString(), s);
    QString err;
    QCOMPARE(runSei(dir.path(), {}, &err), 3);
    QVERIFY2(err.contains("blew up") && blowUpStep(err) == 0, qPrintable(err));
    QVERIFY2(err.contains(QRegularExpression("atoms? 1 \\(")), qPrintable(err));
    QVERIFY(!QFile::exists(dir.filePath("lastgood.xyz")));
    QVERIFY(!QFile::exists(dir.filePath("lastgood.chk")));
  }

  // time_step 50 explodes within a few steps (issue 16): the guard looks at every step, so the
  // run stops at the first step over a limit and no thermo line, checkpoint or lastgood file
  // holds a state that fails it; a resume from a failing checkpoint keeps the lastgood files.
  void guardChecksEveryStep() {
    QTemporaryDir dir;
    makeRunFolder(dir.path());
    writeRunIn(dir.path(), kExploding);
    QString err;
    QCOMPARE(runSei(dir.path(), {}, &err), 3);
    QVERIFY2(err.count('\n') == 1 && err.contains("lastgood.chk"), qPrintable(err));
    const long long failed = blowUpStep(err);
    QVERIFY2(failed >= 1 && failed < 200, qPrintable(err));
    const std::vector<double> temps = thermoTemperatures(dir.path());
    QCOMPARE(static_cast<long long>(temps.size()), failed - 1);  // steps 1 .. failed-1
    for (double t : temps) QVERIFY2(t > 0 && t <= 1e5, qPrintable(QString::number(t)));
    const std::string chkPath = dir.filePath("checkpoint.chk").toStdString();
    QCOMPARE(QFile::exists(dir.filePath("checkpoint.chk")), failed > 1);
    if (failed > 1) {
      const CheckpointData chk = readCheckpoint(chkPath);
      QCOMPARE(static_cast<long long>(chk.state.step), failed - 1);
      QVERIFY(temperature(chk.state) <= 1e5);
    }
    const std::string lastPath = dir.filePath("lastgood.chk").toStdString();
    const CheckpointData last = readCheckpoint(lastPath);
    QVERIFY(last.state.step < failed && temperature(last.state) <= 1e5);

    // A checkpoint of an exploded state (written by an older version): the resume stops at
    // once and lastgood.* stay as they were.
    const QByteArray lastBytes = contents(dir.filePath("lastgood.chk"));
    CheckpointData hot = last;
    for (auto& v : hot.state.velocities) v *= 1e3;
    writeCheckpoint(chkPath, hot);
    QCOMPARE(runSei(dir.path(), {"--resume"}, &err), 3);
    QVERIFY2(err.contains("the temperature is") && err.contains("left as they were"),
             qPrintable(err));
    QVERIFY(contents(dir.filePath("lastgood.chk")) == lastBytes);
  }

  // `velocity 1e9`: the starting state already fails the guard; nothing is run or written.
  void startingStateOverLimitStopsAtStepZero() {
    QTemporaryDir dir;
    makeRunFolder(dir.path());
    QByteArray text(kExploding);
    text.replace("velocity 300", "velocity 1e9").replace("time_step 50", "time_step 0.5");
    writeRunIn(dir.path(), text.constData());
    QString err;
    QCOMPARE(runSei(dir.path(), {}, &err), 3);
    QVERIFY2(blowUpStep(err) == 0 && err.contains("the temperature is") &&
                 err.contains("fastest atom") && err.count('\n') == 1,
             qPrintable(err));
    QVERIFY(thermoTemperatures(dir.path()).empty());
    QVERIFY(!QFile::exists(dir.filePath("checkpoint.chk")));
    QVERIFY(!QFile::exists(dir.filePath("lastgood.chk")));
  }

  // A checkpoint is refused (exit 2, one line, no output touched) when its checksum does not
  // match, a file it names lies outside the run folder, a recorded size exceeds its file, or
  // it lies beyond the run.in it resumes (issue 16).
  void untrustworthyCheckpointsRefused() {
    QTemporaryDir dir, outside;
    makeRunFolder(dir.path());
    writeRunIn(dir.path(), R"(potential model.txt
velocity 300 seed 11
kspace ewald
time_step 0.5
ensemble nve
dump_thermo 10
checkpoint 50
run 100
)");
    QString err;
    QVERIFY2(runSei(dir.path(), {}, &err) == 0, qPrintable(err));
    const QString chkPath = dir.filePath("checkpoint.chk");
    const CheckpointData good = readCheckpoint(chkPath.toStdString());
    const QByteArray thermo = contents(dir.filePath("thermo.out"));
    const QString victim = QDir(outside.path()).filePath("victim.txt");
    test::writeTextFile(victim.toStdString(), "precious\n");

    auto refused = [&](const QString& why, const char* expected) {
      QCOMPARE(runSei(dir.path(), {"--resume"}, &err), 2);
      QVERIFY2(err.count('\n') == 1 && err.contains("checkpoint.chk") && err.contains(expected),
               qPrintable(why + ": " + err));
      QVERIFY2(contents(dir.filePath("thermo.out")) == thermo, qPrintable(why));
      QVERIFY2(contents(victim) == "precious\n", qPrintable(why));
    };
    // One digit of a velocity edited.
    QByteArray text = contents(chkPath);
    const qsizetype atoms = text.indexOf("end-header\n") + 11;
    const qsizetype digit = text.indexOf('3', atoms);
    text[digit] = '4';
    test::writeTextFile(chkPath.toStdString(), text.toStdString());
    refused("edited digit", "checksum does not match");

    CheckpointData bad = good;
    bad.extra["size:" + victim.toStdString()] = "3";
    writeCheckpoint(chkPath.toStdString(), bad);
    refused("absolute path", "outside the run folder");
    bad = good;
    bad.extra["size:../" + QFileInfo(outside.path()).fileName().toStdString() + "/victim.txt"] =
        "3";
    writeCheckpoint(chkPath.toStdString(), bad);
    refused("relative path", "outside the run folder");
    bad = good;
    bad.extra["size:thermo.out"] = "99999999";
    writeCheckpoint(chkPath.toStdString(), bad);
    refused("size beyond the file", "records 99999999 bytes");
    bad = good;
    bad.extra["block_step"] = "300";
    writeCheckpoint(chkPath.toStdString(), bad);
    refused("run shortened", "beyond run.in");
    bad = good;
    bad.randomState = "1 2 3";
    writeCheckpoint(chkPath.toStdString(), bad);
    refused("random state", "corrupt random-number state");

    writeCheckpoint(chkPath.toStdString(), good);  // the untouched one still resumes
    QVERIFY2(runSei(dir.path(), {"--resume"}, &err) == 0, qPrintable(err));
  }

  // dump.xyz on a full disk (/dev/full): the run stops at the first frame with a message naming
  // dump.xyz and a checkpoint; once the file can be written, --resume repeats that step's
  // outputs and ends with exactly the files of an uninterrupted run (issue 16).
  void failedWriteStopsWithCheckpoint() {
    if (!QFile::exists("/dev/full")) QFAIL("this test needs /dev/full (Linux)");
    QTemporaryDir straight, full;
    makeRunFolder(straight.path());
    makeRunFolder(full.path());
    QString err;
    QVERIFY2(runSei(straight.path(), {}, &err) == 0, qPrintable(err));
    QVERIFY(QFile::link("/dev/full", full.filePath("dump.xyz")));
    QCOMPARE(runSei(full.path(), {}, &err), 1);
    QVERIFY2(err.count('\n') == 1 &&
                 err.contains("dump.xyz: writing failed (No space left on device)") &&
                 err.contains("checkpoint written at step 100"),
             qPrintable(err));
    QVERIFY(QFile::remove(full.filePath("dump.xyz")));
    test::writeTextFile(full.filePath("dump.xyz").toStdString(), "");
    QVERIFY2(runSei(full.path(), {"--resume"}, &err) == 0, qPrintable(err));
    for (const char* file : {"thermo.out", "dump.xyz", "restart.xyz"})
      QVERIFY2(contents(straight.filePath(file)) == contents(full.filePath(file)), file);
  }

  // Killed right after a NetCDF frame later than the checkpoint (issue 16): --resume cuts
  // movie.nc back to the checkpoint's frames, so it ends with the frames, steps and times of an
  // uninterrupted run and no duplicate that VMD or OVITO would show.
  void resumeCutsNetcdfBack() {
    const char* runIn = R"(potential model.txt
velocity 300 seed 11
kspace ewald
time_step 0.5
ensemble nvt_lan 300 300 100
dump_netcdf 10 movie.nc velocity
checkpoint 200
run 1200
)";
    QTemporaryDir straight, killed;
    for (const QTemporaryDir* d : {&straight, &killed}) {
      makeRunFolder(d->path());
      writeRunIn(d->path(), runIn);
    }
    QString err;
    QVERIFY2(runSei(straight.path(), {}, &err) == 0, qPrintable(err));

    QProcess victim;
    QVERIFY(startRun(victim, killed.path()));
    const std::string chk = killed.filePath("checkpoint.chk").toStdString();
    const std::string movie = killed.filePath("movie.nc").toStdString();
    std::size_t atCheckpoint = 0, inFile = 0;
    for (int k = 0; k < 20000 && victim.state() == QProcess::Running; ++k) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      if (!QFile::exists(QString::fromStdString(chk))) continue;
      try {
        atCheckpoint = std::stoul(readCheckpoint(chk).extra.at("frames:movie.nc"));
        inFile = NetcdfTrajectoryReader(movie).frameCount();
      } catch (const std::exception&) {
        continue;  // caught mid-rename or mid-frame
      }
      if (inFile > atCheckpoint) break;
    }
    ::kill(static_cast<pid_t>(victim.processId()), SIGKILL);
    victim.waitForFinished();
    const std::size_t left = NetcdfTrajectoryReader(movie).frameCount();
    const std::size_t saved = std::stoul(readCheckpoint(chk).extra.at("frames:movie.nc"));
    QVERIFY2(left > saved && saved < 120,
             qPrintable(QString("kill missed: %1 frames, checkpoint at %2").arg(left).arg(saved)));

    QVERIFY2(runSei(killed.path(), {"--resume"}, &err) == 0, qPrintable(err));
    const NetcdfTrajectoryReader a(straight.filePath("movie.nc").toStdString());
    const NetcdfTrajectoryReader b(movie);
    QCOMPARE(a.frameCount(), std::size_t(120));
    QCOMPARE(b.frameCount(), a.frameCount());
    QVERIFY(a.steps() == b.steps());
    for (std::size_t f = 0; f < a.frameCount(); ++f) {
      const NetcdfFrame x = a.readFrame(f), y = b.readFrame(f);
      QCOMPARE(y.time, x.time);
      QVERIFY(x.positions == y.positions);
    }
  }

  // Blocks with different time steps: our dump.xyz frames carry step=, and GPUMD's (Time=
  // only) are numbered from run.in's blocks; both give the steps the run wrote them at.
  void framesNumberedAcrossTimeSteps() {
    QTemporaryDir dir;
    makeRunFolder(dir.path());
    test::writeTextFile(dir.filePath("run.in").toStdString(),
                        "potential model.txt\nvelocity 300 seed 3\nkspace ewald\n"
                        "time_step 0.5\nensemble nve\ndump_exyz 20\nrun 40\n"
                        "time_step 1.0\nensemble nve\ndump_exyz 20\nrun 40\n");
    QString err;
    QCOMPARE(runSei(dir.path(), {}, &err), 0);
    const std::string dump = dir.filePath("dump.xyz").toStdString();
    const std::vector<std::int64_t> steps{20, 40, 60, 80};
    const std::vector<double> times{10.0, 20.0, 40.0, 60.0};  // fs
    auto check = [&](TrajectoryReader& reader) {
      TrajectoryFrame f;
      for (std::size_t k = 0; k < steps.size(); ++k) {
        QVERIFY(reader.next(f));
        QCOMPARE(f.step, steps[k]);
        QCOMPARE(f.time, times[k]);
      }
      QVERIFY(!reader.next(f));
    };
    TrajectoryReader ours(dump);  // no run.in needed: the frames say their step
    check(ours);
    QVERIFY(contents(dir.filePath("dump.xyz")).contains(" step=60 "));
    // GPUMD's dump.xyz: the same frames without step=, numbered by run.in's two blocks.
    QString gpumd = QString::fromUtf8(contents(dir.filePath("dump.xyz")));
    gpumd.replace(QRegularExpression(" step=[0-9]+"), "");
    QVERIFY(!gpumd.contains("step="));
    test::writeTextFile(dump, gpumd.toStdString());
    TrajectoryReader theirs(dump, "", stepClockBeside(dump));
    check(theirs);
  }
};

QTEST_GUILESS_MAIN(TestRunCommand)
#include "TestRunCommand.moc"
