// Our batch scripts on a real Slurm (ctest label slurm): tests/slurm/start-local-slurm.sh starts
// Debian's slurm-wlm with munge as a single-node cluster in a temporary folder, and the suite
// submits what `sei label --batch slurm` and `sei export gpumd` write, as a user would, with
// sbatch. The job array's labels must equal those of a direct `sei label` of the same frames,
// and the exported run folder's thermo.out must equal that of a direct `sei run`. Fails, never
// skips, without slurm-wlm, munge, CP2K or root.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>
#include <fstream>

#include "TestSupport.hpp"
#include "io/ExtXyz.hpp"

using namespace sei;

namespace {

struct Finished {
  int status = -1;  ///< exit code; −1: crashed or timed out
  QString out;      ///< stdout and stderr together
};

Finished run(const QString& program, const QStringList& args, const QString& dir = {},
             const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
             int timeoutMs = 120000) {
  QProcess p;
  p.setProcessChannelMode(QProcess::MergedChannels);
  p.setProcessEnvironment(env);
  if (!dir.isEmpty()) p.setWorkingDirectory(dir);
  p.start(program, args);
  Finished f;
  if (!p.waitForStarted()) return f;
  const bool done = p.waitForFinished(timeoutMs);
  f.out = QString::fromUtf8(p.readAll());
  if (!done) {
    p.kill();
    p.waitForFinished();
    f.out += "\n(timed out)";
    return f;
  }
  f.status = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  return f;
}

Finished runSei(const QStringList& args, const QString& dir) {
  return run(QDir(test::binDir()).filePath("sei"), args, dir);
}

/// `sbatch SCRIPT` in `dir`, then waits until the job (every task of an array) has left the
/// queue: the job id, empty if the submission failed. squeue every 0.2 s instead of sbatch
/// --wait, whose polling doubles up to 32 s and would triple the suite's time.
QString submitAndWait(const QString& dir, const QString& script, QString& log,
                      const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
  const Finished submitted = run("sbatch", {"--parsable", script}, dir, env);
  log = submitted.out;
  const QString job = submitted.out.trimmed().section(';', 0, 0);
  if (submitted.status != 0 || job.isEmpty()) return {};
  QElapsedTimer clock;
  clock.start();
  while (clock.elapsed() < 180000) {
    const Finished queued = run("squeue", {"-h", "-j", job, "-o", "%i %T"});
    if (queued.status == 0 && queued.out.trimmed().isEmpty()) return job;
    QThread::msleep(200);
  }
  log += "job " + job + " still queued after 180 s";
  run("scancel", {job});
  return {};
}

/// The jobcomp/filetxt line of each finished job or array task (start-local-slurm.sh's
/// JobCompLoc), for `job`.
QStringList completions(const QString& cluster, const QString& job) {
  QFile f(cluster + "/log/jobcomp.txt");
  QStringList lines;
  if (!f.open(QIODevice::ReadOnly)) return lines;
  const QRegularExpression mine(QString(R"((^JobId=%1 |ArrayJobId=%1 ))").arg(job));
  for (const QString& line : QString::fromUtf8(f.readAll()).split('\n'))
    if (mine.match(line).hasMatch()) lines << line;
  return lines;
}

QString fileText(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

void writeText(const QString& path, const QString& text) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(text.toUtf8());
}

std::vector<double> infoNumbers(const Structure& s, const std::string& key) {
  std::vector<double> out;
  for (const auto& [k, v] : parseExtXyzInfo(s.info, "labelled"))
    if (k == key) {
      std::istringstream in(v);
      for (double x; in >> x;) out.push_back(x);
    }
  return out;
}

const char* const kSlurmTools[] = {"sbatch", "sinfo", "slurmctld", "slurmd", "munged"};

}  // namespace

class TestSlurmLocal : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  QString cluster_;  ///< the running Slurm's folder (configuration, state, logs)

 private slots:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    const QStringList sbin = {"/usr/sbin", "/usr/local/sbin"};
    for (const char* tool : kSlurmTools)
      if (QStandardPaths::findExecutable(tool).isEmpty() &&
          QStandardPaths::findExecutable(tool, sbin).isEmpty())
        QFAIL(qPrintable(QString("%1 is not installed: scripts/install-deps.sh installs Debian's "
                                 "slurm-wlm and munge; ctest -LE slurm leaves these tests out")
                             .arg(tool)));
    if (QStandardPaths::findExecutable("cp2k.psmp").isEmpty())
      QFAIL("CP2K is not installed (no cp2k.psmp on PATH): scripts/install-deps.sh installs it");
    cluster_ = tmp_.filePath("cluster");
    QElapsedTimer clock;
    clock.start();
    const Finished started = run("bash", {SEI_SLURM_SCRIPTS_DIR "/start-local-slurm.sh", cluster_,
                                          QString::number(QCoreApplication::applicationPid())});
    QVERIFY2(started.status == 0, qPrintable(started.out));
    const auto m = QRegularExpression(R"(export SLURM_CONF=(\S+))").match(started.out);
    QVERIFY2(m.hasMatch(), qPrintable(started.out));
    qputenv("SLURM_CONF", m.captured(1).toUtf8());
    qInfo("single-node Slurm up in %.1f s", clock.elapsed() / 1000.0);
  }

  void cleanupTestCase() {
    if (!cluster_.isEmpty()) run("bash", {SEI_SLURM_SCRIPTS_DIR "/stop-local-slurm.sh", cluster_});
  }

  /// A Na atom and a NaF molecule in a 6 Å box at 250 Ry as a two-task job array, each task
  /// CP2K on 2 MPI ranks through srun; collected labels against a direct `sei label` (1 rank).
  void labelJobArrayMatchesDirectLabels() {
    const QString dir = tmp_.filePath("label");
    QVERIFY(QDir().mkpath(dir));
    writeText(dir + "/frames.xyz",
              "1\nLattice=\"6 0 0 0 6 0 0 0 6\" Properties=species:S:1:pos:R:3 pbc=\"T T T\"\n"
              "Na 3.0 3.0 3.0\n"
              "2\nLattice=\"6 0 0 0 6 0 0 0 6\" Properties=species:S:1:pos:R:3 "
              "config_type=naf pbc=\"T T T\"\nNa 2.1 2.3 2.2\nF 3.2 3.4 3.5\n");
    const QStringList common = {"frames.xyz", "--cutoff", "250"};
    const Finished batch = runSei(QStringList{"label"} + common +
                                      QStringList{"--out", "slurm.xyz", "--batch", "slurm", "--np",
                                                  "2", "--time", "00:10:00", "--work", "work"},
                                  dir);
    QVERIFY2(batch.status == 0, qPrintable(batch.out));

    // Submitted from the wrong folder: both tasks fail at once with the script's own line, and
    // no CP2K runs.
    QString log;
    const QString wrong = submitAndWait(dir, "work/label.slurm", log);
    QVERIFY2(!wrong.isEmpty(), qPrintable(log));
    QCOMPARE(completions(cluster_, wrong).filter("JobState=FAILED ").size(), 2);
    QVERIFY2(fileText(dir + "/slurm-" + wrong + "_1.out")
                 .contains("label.slurm: submit it from the sei label work folder"),
             qPrintable(fileText(dir + "/slurm-" + wrong + "_1.out")));
    QVERIFY(!QFile::exists(dir + "/work/frame_0000/cp2k.log"));

    QElapsedTimer clock;
    clock.start();
    const QString job = submitAndWait(dir + "/work", "label.slurm", log);
    qInfo("job array of 2 frames (2 ranks each) through Slurm: %.1f s", clock.elapsed() / 1000.0);
    QVERIFY2(!job.isEmpty(), qPrintable(log));

    // Two array tasks ran and completed, each in its own frame folder, each with 2 MPI ranks in
    // one CP2K.
    const QStringList done = completions(cluster_, job);
    QVERIFY2(done.size() == 2, qPrintable(done.join('\n')));
    for (int task = 0; task < 2; ++task) {
      QVERIFY2(QFile::exists(dir + QString("/work/slurm-%1_%2.out").arg(job).arg(task)),
               qPrintable(QDir(dir + "/work").entryList().join(' ')));
      QVERIFY2(
          done.filter(QString("ArrayTaskId=%1 ").arg(task)).filter("JobState=COMPLETED ").size() ==
              1,
          qPrintable(done.join('\n') +
                     fileText(dir + QString("/work/slurm-%1_%2.out").arg(job).arg(task))));
      const QString out =
          fileText(dir + QString("/work/frame_%1/cp2k.out").arg(task, 4, 10, QChar('0')));
      QVERIFY2(QRegularExpression(R"(Total number of message passing processes\s+2\n)")
                   .match(out)
                   .hasMatch(),
               "CP2K did not run as one 2-rank MPI job under srun");
    }

    const Finished collected = runSei({"label", "--collect", "work", "--out", "slurm.xyz"}, dir);
    QVERIFY2(collected.status == 0, qPrintable(collected.out));
    QVERIFY2(collected.out.contains("2 labelled, 0 failed of 2 frames"), qPrintable(collected.out));
    const Finished direct =
        runSei(QStringList{"label"} + common + QStringList{"--out", "direct.xyz"}, dir);
    QVERIFY2(direct.status == 0, qPrintable(direct.out));

    const auto viaSlurm = readExtXyzFrames((dir + "/slurm.xyz").toStdString());
    const auto local = readExtXyzFrames((dir + "/direct.xyz").toStdString());
    QCOMPARE(viaSlurm.size(), std::size_t(2));
    QCOMPARE(local.size(), std::size_t(2));
    double dE = 0, dF = 0, dW = 0;
    for (std::size_t i = 0; i < 2; ++i) {
      QCOMPARE(viaSlurm[i].symbols, local[i].symbols);
      QCOMPARE(viaSlurm[i].forces.size(), local[i].symbols.size());
      dE = std::max(dE, std::abs(infoNumbers(viaSlurm[i], "energy").at(0) -
                                 infoNumbers(local[i], "energy").at(0)));
      for (std::size_t a = 0; a < local[i].forces.size(); ++a)
        dF = std::max(dF, (viaSlurm[i].forces[a] - local[i].forces[a]).cwiseAbs().maxCoeff());
      const auto w1 = infoNumbers(viaSlurm[i], "virial"), w2 = infoNumbers(local[i], "virial");
      QCOMPARE(w1.size(), std::size_t(9));
      QCOMPARE(w2.size(), std::size_t(9));
      for (int k = 0; k < 9; ++k) dW = std::max(dW, std::abs(w1[k] - w2[k]));
    }
    qInfo("Slurm (2 ranks) vs direct (1 rank): |dE| %.1e eV, |dF| %.1e eV/A, |dW| %.1e eV", dE, dF,
          dW);
    QVERIFY(std::abs(infoNumbers(local[1], "energy").at(0) + 665.405) < 0.01);  // the real label
    // The same SCF on 1 or 2 ranks: only the order of floating-point sums differs (EPS_SCF 1e-6
    // converges the energy far below 1e-6 eV); a wrong frame order or folder gives differences
    // of eV, a missing frame fails above.
    QVERIFY2(dE < 1e-6, qPrintable(QString::number(dE)));
    QVERIFY2(dF < 1e-4, qPrintable(QString::number(dF)));
    QVERIFY2(dW < 1e-4, qPrintable(QString::number(dW)));
  }

  /// `sei export gpumd` of a 16-atom carbon crystal (nep_C), its gpumd.slurm submitted as it is
  /// with `gpumd` standing for `sei run` (which runs GPUMD's run folders, and is what this
  /// machine has): the job must run in the folder and write the same thermo.out as a direct run.
  void gpumdExportRunsThroughSlurm() {
    const QString shared = test::sharedDir();
    if (shared.isEmpty() || !QFile::exists(shared + "/models/nep_C.txt") ||
        !QFile::exists(shared + "/golden/nep_C__C16/model.xyz"))
      QFAIL("needs ../shared/models/nep_C.txt and ../shared/golden/nep_C__C16/model.xyz");
    const QString dir = tmp_.filePath("gpumd");
    QVERIFY(QDir().mkpath(dir + "/bin"));
    QVERIFY(QFile::copy(shared + "/golden/nep_C__C16/model.xyz", dir + "/c16.xyz"));
    writeText(dir + "/c16.json",
              QString(R"({"format": "sei-project", "version": 1, "name": "C16 through Slurm",
 "structure": "c16.xyz", "model": {"path": "%1/models/nep_C.txt", "sha256": ""},
 "run": {"ensemble": "nve", "temperature": 300, "time_step": 1.0, "steps": 40,
         "thermo_interval": 10, "dump_interval": 0, "checkpoint_interval": 0},
 "outputs": "c16.out"})")
                  .arg(shared));
    writeText(dir + "/bin/gpumd", "#!/bin/sh\nexec sei run --threads 1 --quiet\n");
    QVERIFY(QFile::setPermissions(dir + "/bin/gpumd",
                                  QFile::permissions(dir + "/bin/gpumd") | QFileDevice::ExeOwner));
    const Finished exported =
        runSei({"export", "gpumd", "c16.json", "job", "--time", "00:05:00"}, dir);
    QVERIFY2(exported.status == 0, qPrintable(exported.out));
    // The default header asks for one GPU: the test node's gres stand-in schedules it.
    QVERIFY(fileText(dir + "/job/gpumd.slurm").contains("#SBATCH --gres=gpu:1\n"));
    const Finished direct = runSei({"run", "--dir", "job", "--threads", "1", "--quiet"}, dir);
    QVERIFY2(direct.status == 0, qPrintable(direct.out));
    QVERIFY(QFile::rename(dir + "/job/thermo.out", dir + "/direct-thermo.out"));
    for (const QString& f : {"restart.xyz", "checkpoint.chk"}) QFile::remove(dir + "/job/" + f);

    // sbatch exports the submitting environment (PATH with the stand-in) to the job.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("PATH", dir + "/bin:" + test::binDir() + ":" + env.value("PATH"));
    QElapsedTimer clock;
    clock.start();
    QString log;
    const QString job = submitAndWait(dir + "/job", "gpumd.slurm", log, env);
    qInfo("run folder through Slurm: %.1f s", clock.elapsed() / 1000.0);
    QVERIFY2(!job.isEmpty(), qPrintable(log));
    const QStringList done = completions(cluster_, job);
    QVERIFY2(done.size() == 1 && done[0].contains("JobState=COMPLETED "),
             qPrintable(done.join('\n') + fileText(dir + "/job/slurm-" + job + ".out")));
    const QString thermo = fileText(dir + "/job/thermo.out");
    QCOMPARE(thermo.count('\n'), 5 + 4);  // the header and rows at steps 10, 20, 30, 40
    QCOMPARE(thermo, fileText(dir + "/direct-thermo.out"));
  }
};

QTEST_GUILESS_MAIN(TestSlurmLocal)
#include "TestSlurmLocal.moc"
