// sei label without running CP2K: the output parser on real CP2K 2023.1 outputs
// (tests/data/cp2k, written by `sei label` on a NaF molecule: converged, SCF not converged,
// aborted on a bad keyword), the template's --set edits and per-frame inputs, the work folder
// (resume, changed inputs, collect), the Slurm job array, and bad input of the command line.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <sstream>

#include "TestSupport.hpp"
#include "core/Error.hpp"
#include "io/ExtXyz.hpp"
#include "label/Cp2kInput.hpp"
#include "label/Cp2kOutput.hpp"
#include "label/LabelFolder.hpp"
#include "label/LabelSlurm.hpp"

using namespace sei;
using namespace sei::label;

namespace {

constexpr double kHartree = 27.211386245988;  ///< eV
constexpr double kBohr = 0.529177210903;      ///< Å
constexpr double kGpa = 160.21766208;         ///< GPa per eV/Å³

std::string readAll(const QString& path) {
  std::ifstream in(path.toStdString(), std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string dataFile(const char* name) {
  return readAll(QString(SEI_TEST_DATA_DIR "/cp2k/") + name);
}

std::string shippedTemplate() { return readAll(SEI_RESOURCE_DIR "/cp2k/label.inp"); }

/// The frame of the outputs in tests/data/cp2k.
Structure naf() {
  Structure s;
  s.symbols = {"Na", "F"};
  s.positions = {Eigen::Vector3d(2.1, 2.3, 2.2), Eigen::Vector3d(3.2, 3.4, 3.5)};
  s.cell = Cell(6.0 * Eigen::Matrix3d::Identity());
  s.info = "config_type=naf_molecule energy=1.5 weight=2";
  return s;
}

std::string applied(const std::string& setting) {
  return applyCp2kSettings(shippedTemplate(), {parseCp2kSetting(setting)}, "label.inp");
}

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

struct Cli {
  int status = -1;
  QString out, err;
};

Cli labelCli(const QString& dir, const QStringList& args, const QString& path = "/nonexistent") {
  QProcess p;
  p.setWorkingDirectory(dir);
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert("PATH", path);
  p.setProcessEnvironment(env);
  p.start(QDir(test::binDir()).filePath("sei"), QStringList{"label"} + args);
  p.waitForFinished(60000);
  return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
          QString::fromUtf8(p.readAllStandardOutput()),
          QString::fromUtf8(p.readAllStandardError())};
}

}  // namespace

class TestCp2kFiles : public QObject {
  Q_OBJECT

 private slots:
  // Numbers as printed in naf-converged.out, converted with CODATA 2018 factors.
  void parsesConvergedOutput() {
    const Cp2kOutput out = parseCp2kOutput(dataFile("naf-converged.out"));
    QVERIFY(out.finished && out.scfConverged && out.hasEnergy && out.hasStress);
    QCOMPARE(cp2kOutputProblem(out, 2), std::string());
    QCOMPARE(out.energy, -24.453180510049730 * kHartree);
    QCOMPARE(out.forces.size(), std::size_t(2));
    const double f = kHartree / kBohr;
    QCOMPARE(out.forces[0], Eigen::Vector3d(0.01341906, 0.01341906, 0.01477841) * f);
    QCOMPARE(out.forces[1], Eigen::Vector3d(-0.01323372, -0.01323370, -0.01458435) * f);
    QCOMPARE(out.stress(0, 0), -1.30616278409 / kGpa);
    QCOMPARE(out.stress(1, 0), -4.76096725728E-01 / kGpa);
    QCOMPARE(out.stress(0, 2), -5.33979917028E-01 / kGpa);
    QVERIFY(out.abortMessage.empty());
    QCOMPARE(cp2kOutputProblem(out, 3), std::string("2 forces in the output for 3 atoms"));
  }

  // CP2K 2023.1 prints energy and forces after a failed SCF: only the warning tells.
  void failedOutputsAreNoLabels() {
    const Cp2kOutput scf = parseCp2kOutput(dataFile("naf-scf-not-converged.out"));
    QVERIFY(scf.finished && scf.hasEnergy && scf.forces.size() == 2 && !scf.scfConverged);
    QCOMPARE(cp2kOutputProblem(scf, 2), std::string("SCF run NOT converged"));

    const Cp2kOutput abort = parseCp2kOutput(dataFile("naf-aborted.out"));
    QCOMPARE(abort.abortMessage, std::string("found an unknown keyword MAX_SCFX in section SCF "
                                             "input/input_parsing.F:246"));
    QVERIFY(cp2kOutputProblem(abort, 2).rfind("CP2K stopped: found an unknown keyword", 0) == 0);

    std::string text = dataFile("naf-converged.out");
    const Cp2kOutput killed = parseCp2kOutput(text.substr(0, text.find(" ATOMIC FORCES")));
    QVERIFY(!killed.finished && killed.forces.empty());
    QVERIFY(cp2kOutputProblem(killed, 2).rfind("CP2K did not finish", 0) == 0);
  }

  void settingsEditTheTemplate() {
    QVERIFY(applied("MAX_SCF=10").find("\n      MAX_SCF 10\n") != std::string::npos);
    QVERIFY(applied("scf/max_scf=10").find("\n      MAX_SCF 10\n") != std::string::npos);
    QVERIFY(applied("MGRID/CUTOFF=250").find("\n      CUTOFF 250\n") != std::string::npos);
    QVERIFY(applied("ELECTRONIC_TEMPERATURE=[K] 300").find("ELECTRONIC_TEMPERATURE [K] 300") !=
            std::string::npos);
    // A section with a parameter: "KIND Na" names one of the ten KIND sections.
    const std::string q9 = applied("KIND Na/POTENTIAL=GTH-PBE-q9");
    QCOMPARE(count(q9, "POTENTIAL GTH-PBE-q9"), 1);
    QVERIFY(q9.find("&KIND Na\n      BASIS_SET DZVP-MOLOPT-PBE-GTH-q1\n      POTENTIAL "
                    "GTH-PBE-q9\n") != std::string::npos);
    // A keyword the template lacks goes into the section named.
    QVERIFY(applied("QS/METHOD=GPW").find("&QS\n      METHOD GPW\n      EPS_DEFAULT") !=
            std::string::npos);
    // Settings apply in order: --cutoff first, a later --set wins.
    const std::string both = applyCp2kSettings(
        shippedTemplate(), {parseCp2kSetting("MGRID/CUTOFF=250"), parseCp2kSetting("CUTOFF=300")},
        "label.inp");
    QVERIFY(both.find("\n      CUTOFF 300\n") != std::string::npos);

    auto refused = [](const std::string& setting, const std::string& message) {
      try {
        applied(setting);
      } catch (const InputError& e) {
        QVERIFY2(std::string(e.what()).find(message) != std::string::npos, e.what());
        return;
      }
      QFAIL(qPrintable(QString::fromStdString(setting) + " was accepted"));
    };
    refused("POTENTIAL=GTH-PBE-q9", "--set POTENTIAL=GTH-PBE-q9: the keyword is in several places");
    refused("MAX_SCFX=3", "no keyword MAX_SCFX; to add it, name its section");
    refused("NOSECTION/X=1", "no such section in label.inp");
    for (const char* bad : {"MAX_SCF", "=3", "SCF//MAX_SCF=3", "MAX_SCF=", "TWO WORDS=1"})
      QVERIFY_THROWS_EXCEPTION(InputError, parseCp2kSetting(bad));
  }

  void frameInputHoldsCellAtomsAndTheirKinds() {
    const std::string in = cp2kInputForFrame(shippedTemplate(), naf(), "label.inp", "frame 0");
    for (const char* line :
         {"      A 6.0000000000 0.0000000000 0.0000000000\n",
          "      C 0.0000000000 0.0000000000 6.0000000000\n",
          "      Na 2.1000000000 2.3000000000 2.2000000000\n",
          "      F 3.2000000000 3.4000000000 3.5000000000\n", "    &KIND Na\n", "    &KIND F\n"})
      QVERIFY2(in.find(line) != std::string::npos, line);
    QCOMPARE(count(in, "\n    &KIND "), 2);
    QCOMPARE(count(in, "&END KIND"), 2);
    QCOMPARE(count(in, "      {{"), 0);  // the placeholder lines (the header comment names them)

    Structure open = naf();
    open.cell = Cell(6.0 * Eigen::Matrix3d::Identity(), {true, true, false});
    QVERIFY_THROWS_EXCEPTION(InputError,
                             cp2kInputForFrame(shippedTemplate(), open, "label.inp", "frame 0"));
    Structure xenon = naf();
    xenon.symbols[1] = "Xe";
    try {
      cp2kInputForFrame(shippedTemplate(), xenon, "label.inp", "x.xyz frame 3");
      QFAIL("Xe has no &KIND in the template");
    } catch (const InputError& e) {
      QCOMPARE(std::string(e.what()),
               std::string("label.inp: no &KIND section for element Xe (x.xyz frame 3); add one "
                           "with its BASIS_SET and POTENTIAL"));
    }
    std::string noCell = shippedTemplate();
    noCell.erase(noCell.find("      {{CELL}}"), 14);
    QVERIFY_THROWS_EXCEPTION(InputError, cp2kInputForFrame(noCell, naf(), "t", "frame 0"));
  }

  // A work folder with finished outputs copied in: resume and collect as after a batch.
  void workFolderResumesAndCollects() {
    QTemporaryDir tmp;
    const std::string dir = tmp.path().toStdString();
    const std::vector<Structure> frames = {naf(), naf(), naf()};
    const std::vector<std::string> inputs = {"input 0\n", "input 1\n", "input 2\n"};
    QCOMPARE(prepareLabelFolder(dir, frames, inputs, false), (std::vector<std::size_t>{0, 1, 2}));
    QCOMPARE(readAll(tmp.filePath("frame_0001/cp2k.inp")), std::string("input 1\n"));
    QVERIFY(QFile::copy(SEI_TEST_DATA_DIR "/cp2k/naf-converged.out",
                        tmp.filePath("frame_0000/cp2k.out")));
    QVERIFY(QFile::copy(SEI_TEST_DATA_DIR "/cp2k/naf-scf-not-converged.out",
                        tmp.filePath("frame_0001/cp2k.out")));
    QCOMPARE(prepareLabelFolder(dir, frames, inputs, false), (std::vector<std::size_t>{2}));
    QCOMPARE(prepareLabelFolder(dir, frames, inputs, true), (std::vector<std::size_t>{1, 2}));

    const LabelCollection c = collectLabels(dir);
    QCOMPARE(c.frames, std::size_t(3));
    QCOMPARE(c.labelled.size(), std::size_t(1));
    QCOMPARE(c.failures.size(), std::size_t(2));
    QCOMPARE(c.failures[0].folder, std::string("frame_0001"));
    QCOMPARE(c.failures[0].reason, std::string("SCF run NOT converged"));
    QCOMPARE(c.failures[1].reason, std::string("not run yet (no cp2k.out)"));

    // Written and read back as GPUMD training data: virial = V × CP2K's tensor (216 Å³).
    writeLabelledXyz(tmp.filePath("l.xyz").toStdString(), c.labelled);
    const std::vector<Structure> l = readExtXyzFrames(tmp.filePath("l.xyz").toStdString());
    QCOMPARE(l.size(), std::size_t(1));
    QCOMPARE(l[0].positions[1], naf().positions[1]);
    QVERIFY(
        (l[0].forces[0] - Eigen::Vector3d(0.01341906, 0.01341906, 0.01477841) * kHartree / kBohr)
            .norm() < 1e-12);
    std::map<std::string, std::string> keys;
    for (const auto& [k, v] : parseExtXyzInfo(l[0].info, "l.xyz")) keys[k] = v;
    QCOMPARE(keys.at("config_type"), std::string("naf_molecule"));
    QCOMPARE(keys.at("weight"), std::string("2"));
    QVERIFY(std::abs(std::stod(keys.at("energy")) - -24.453180510049730 * kHartree) < 1e-9);
    std::istringstream w(keys.at("virial"));
    std::vector<double> virial(9);
    for (double& x : virial) w >> x;
    QVERIFY(std::abs(virial[0] - 216.0 * -1.30616278409 / kGpa) < 1e-9);
    QVERIFY(std::abs(virial[1] - 216.0 * -4.76096725728E-01 / kGpa) < 1e-9);
    QVERIFY(std::abs(virial[8] - 216.0 * -1.67586915437 / kGpa) < 1e-9);

    // A changed input deletes its frame's old output, so a label never mixes settings.
    const std::vector<std::string> changed = {"input 0 at 300 Ry\n", "input 1\n", "input 2\n"};
    QCOMPARE(prepareLabelFolder(dir, frames, changed, false), (std::vector<std::size_t>{0, 2}));
    QVERIFY(!QFile::exists(tmp.filePath("frame_0000/cp2k.out")));
    QVERIFY(QFile::exists(tmp.filePath("frame_0001/cp2k.out")));
  }

  void slurmJobArray() {
    QCOMPARE(arrayIndices({0, 1, 2, 5, 7, 8}), std::string("0-2,5,7-8"));
    QCOMPARE(arrayIndices({3}), std::string("3"));
    SlurmScript job;
    job.jobName = "cp2k-label";
    job.tasksPerNode = 4;
    job.gpus = 0;
    job.setup = {"module load cp2k"};
    const std::string text = slurmScriptText(labelJobArray(job, {0, 1, 2, 7}));
    for (const char* line : {"#SBATCH --array=0-2,7\n", "#SBATCH --output=slurm-%A_%a.out\n",
                             "#SBATCH --ntasks-per-node=4\n", "module load cp2k\n",
                             "export SLURM_MPI_TYPE=${SLURM_MPI_TYPE:-pmix}\n",
                             "srun \"$CP2K\" -i cp2k.inp -o cp2k.out > cp2k.log 2>&1\n"})
      QVERIFY2(text.find(line) != std::string::npos, line);
    QVERIFY(text.find("--gres") == std::string::npos);
    // Task 7 runs in frame_0007 (bash does the printf of the script's cd line).
    const std::string cd = text.substr(text.find("\ncd \"$(printf") + 1);
    QProcess bash;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("SLURM_ARRAY_TASK_ID", "7");
    bash.setProcessEnvironment(env);
    QTemporaryDir tmp;
    QVERIFY(QDir(tmp.path()).mkdir(QString::fromStdString(frameFolderName(7))));
    bash.setWorkingDirectory(tmp.path());
    bash.start("bash", {"-c", QString::fromStdString(cd.substr(0, cd.find('\n'))) + " && pwd"});
    QVERIFY(bash.waitForFinished());
    QVERIFY2(bash.readAllStandardOutput().trimmed().endsWith("frame_0007"), "task folder");
    QCOMPARE(frameFolderName(7), std::string("frame_0007"));
    job.array = "0-2;5";
    QVERIFY_THROWS_EXCEPTION(InputError, slurmScriptText(job));
  }

  // Exit status 2 and one line naming the problem; the work folder is not even created.
  void badInputWritesNothing() {
    QTemporaryDir tmp;
    {
      std::ofstream f(tmp.filePath("naf.xyz").toStdString());
      writeExtXyzFrame(f, naf());
    }
    const Cli noCp2k = labelCli(tmp.path(), {"naf.xyz", "--out", "l.xyz"});
    QCOMPARE(noCp2k.status, 2);
    QVERIFY2(noCp2k.err.startsWith("sei label: error: CP2K not found: no cp2k.psmp or cp2k on "
                                   "PATH"),
             qPrintable(noCp2k.err));
    QCOMPARE(noCp2k.err.count('\n'), 1);
    const Cli badSet = labelCli(tmp.path(), {"naf.xyz", "--out", "l.xyz", "--set", "NOSUCH=1"});
    QCOMPARE(badSet.status, 2);
    QVERIFY2(badSet.err.contains("--set NOSUCH=1: no keyword NOSUCH"), qPrintable(badSet.err));
    const Cli badCutoff = labelCli(tmp.path(), {"naf.xyz", "--out", "l.xyz", "--cutoff", "-5"});
    QCOMPARE(badCutoff.status, 2);
    QVERIFY(!QFile::exists(tmp.filePath("l-cp2k")));
    QVERIFY(!QFile::exists(tmp.filePath("l.xyz")));

    // The batch needs no CP2K here: it writes the folder and the job array.
    const Cli batch = labelCli(tmp.path(), {"naf.xyz", "--out", "l.xyz", "--batch", "slurm",
                                            "--module", "cp2k/2023.1", "--np", "8"});
    QVERIFY2(batch.status == 0, qPrintable(batch.err));
    const std::string script = readAll(tmp.filePath("l-cp2k/label.slurm"));
    QVERIFY(script.find("#SBATCH --array=0\n") != std::string::npos);
    QVERIFY(script.find("#SBATCH --ntasks-per-node=8\n") != std::string::npos);
    QVERIFY(QFile::exists(tmp.filePath("l-cp2k/frame_0000/cp2k.inp")));
    // Collect before the job ran: nothing labelled, exit status 1, nothing written.
    const Cli early = labelCli(tmp.path(), {"--collect", "l-cp2k", "--out", "l.xyz"});
    QCOMPARE(early.status, 1);
    QVERIFY2(early.out.contains("frame_0000: not run yet"), qPrintable(early.out));
    QVERIFY(!QFile::exists(tmp.filePath("l.xyz")));
    // After it: the label.
    QVERIFY(QFile::copy(SEI_TEST_DATA_DIR "/cp2k/naf-converged.out",
                        tmp.filePath("l-cp2k/frame_0000/cp2k.out")));
    const Cli done = labelCli(tmp.path(), {"--collect", "l-cp2k", "--out", "l.xyz"});
    QVERIFY2(done.status == 0, qPrintable(done.out + done.err));
    QVERIFY(done.out.contains("1 labelled, 0 failed of 1 frames"));
    QCOMPARE(readExtXyzFrames(tmp.filePath("l.xyz").toStdString()).size(), std::size_t(1));
  }
};

QTEST_GUILESS_MAIN(TestCp2kFiles)
#include "TestCp2kFiles.moc"
