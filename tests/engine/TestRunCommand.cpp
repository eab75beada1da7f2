// `sei run` end to end: a run killed with SIGKILL and resumed with --resume produces exactly
// the output of an uninterrupted run; run.in errors and explosions give their exit statuses.
#include <QDir>
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
#include "io/ExtXyz.hpp"
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
    victim.setWorkingDirectory(killed.path());
    victim.start(seiBinary(), {"run", "--quiet", "--threads", "1"});
    QVERIFY(victim.waitForStarted());
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

  void explosionStopsWithLastGoodFrame() {
    QTemporaryDir dir;
    makeRunFolder(dir.path());
    Structure s = readExtXyz(dir.filePath("model.xyz").toStdString());
    s.positions[1] = s.positions[0] + Eigen::Vector3d(0.2, 0.0, 0.0);
    writeExtXyz(dir.filePath("model.xyz").toStdString(), s);
    QString err;
    QCOMPARE(runSei(dir.path(), {}, &err), 3);
    QVERIFY2(err.contains("blew up") && err.contains("atom"), qPrintable(err));
    QVERIFY(QFile::exists(dir.filePath("lastgood.xyz")));
    QVERIFY(QFile::exists(dir.filePath("lastgood.chk")));
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
