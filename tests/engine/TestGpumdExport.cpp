// `sei export gpumd`: a shipped project becomes a folder GPUMD runs as it is (model copied byte
// for byte as nep.txt, `potential nep.txt`, only GPUMD run.in keywords, a Slurm script), with a
// warning naming each of our settings GPUMD does not run; our followers read the outputs GPUMD
// writes into such a folder (thermo.out with its header, dump.xyz with Time=).
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <set>
#include <sstream>

#include "TestSupport.hpp"
#include "core/Error.hpp"
#include "io/ExtXyz.hpp"
#include "io/ExtXyzTail.hpp"
#include "io/ThermoTail.hpp"
#include "project/GpumdExport.hpp"
#include "project/Project.hpp"
#include "run/GpumdRunInput.hpp"
#include "run/SlurmScript.hpp"

using namespace sei;

namespace {

/// Every keyword GPUMD's run.in parser accepts (Run::parse_one_keyword in src/main_gpumd/run.cu,
/// GPUMD master d98135d, August 2026), typed from its source: the independent reference.
const std::set<std::string> kGpumdKeywords = {"potential",
                                              "replicate",
                                              "minimize",
                                              "compute_phonon",
                                              "compute_cohesive",
                                              "compute_elastic",
                                              "change_box",
                                              "velocity",
                                              "ensemble",
                                              "time_step",
                                              "correct_velocity",
                                              "dump_thermo",
                                              "dump_position",
                                              "dump_netcdf",
                                              "plumed",
                                              "dump_restart",
                                              "dump_velocity",
                                              "dump_force",
                                              "dump_exyz",
                                              "dump_xyz",
                                              "dump_cg",
                                              "dump_beads",
                                              "dump_observer",
                                              "dump_shock_nemd",
                                              "dump_dipole",
                                              "dump_polarizability",
                                              "active",
                                              "compute_extrapolation",
                                              "compute_dos",
                                              "compute_sdc",
                                              "compute_msd",
                                              "compute_ic",
                                              "compute_rdf",
                                              "compute_adf",
                                              "compute_orientorder",
                                              "compute_angular_rdf",
                                              "compute_dpdt",
                                              "compute_es",
                                              "compute_hac",
                                              "compute_viscosity",
                                              "compute_hnemd",
                                              "compute_hnemdec",
                                              "compute_shc",
                                              "compute_gkma",
                                              "compute_hnema",
                                              "deform",
                                              "compute_chunk",
                                              "compute",
                                              "fix",
                                              "move",
                                              "electron_stop",
                                              "add_random_force",
                                              "add_force",
                                              "add_spring",
                                              "add_efield",
                                              "mc",
                                              "kspace",
                                              "dftd3",
                                              "compute_lsqt",
                                              "run"};

QByteArray bytesOf(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

std::vector<std::vector<std::string>> commandsOf(const std::string& text) {
  std::vector<std::vector<std::string>> commands;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::vector<std::string> w;
    for (std::string word; words >> word && word[0] != '#';) w.push_back(word);
    if (!w.empty()) commands.push_back(w);
  }
  return commands;
}

/// What GPUMD's parser demands of the commands we write beyond the keyword (run.cu,
/// nep_charge.cu): kspace exactly one method; velocity T or T seed S; time_step 1 or 2 numbers.
QString gpumdProblem(const std::vector<std::string>& c) {
  if (!kGpumdKeywords.count(c[0])) return "unknown keyword " + QString::fromStdString(c[0]);
  if (c[0] == "kspace" && (c.size() != 2 || (c[1] != "ewald" && c[1] != "pppm")))
    return "kspace takes exactly ewald or pppm";
  if (c[0] == "velocity" && c.size() != 2 && !(c.size() == 4 && c[2] == "seed"))
    return "velocity takes T [seed S]";
  if (c[0] == "time_step" && c.size() != 2 && c.size() != 3) return "time_step takes 1 or 2";
  return {};
}

void writeText(const QString& path, const std::string& text) {
  std::ofstream out(path.toStdString(), std::ios::binary);
  out << text;
}

}  // namespace

class TestGpumdExport : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QString out_;
  test::SeiRun run_;

 private slots:
  void initTestCase() {
    if (test::sharedDir().isEmpty()) QFAIL("../shared (models/) is missing");
    out_ = dir_.filePath("water-gpumd");
    run_ = test::runSei({"export", "gpumd", SEI_PROJECTS_DIR "/water-slab-demo.json", out_,
                         "--time", "02:30:00", "--partition", "gpu", "--module", "gpumd/4.0"});
    QVERIFY2(run_.status == 0, qPrintable(run_.err));
  }

  void modelIsCopiedByteForByte() {
    const QByteArray source = bytesOf(test::sharedDir() + "/models/qnep_mode2_water.txt");
    QVERIFY(!source.isEmpty());
    QVERIFY(bytesOf(out_ + "/nep.txt") == source);
    QCOMPARE(QDir(out_).entryList(QDir::Files),
             (QStringList{"gpumd.slurm", "model.xyz", "nep.txt", "run.in"}));
  }

  // The system the project builds, as prepareRun writes it (same recipe, seed and writer).
  void structureIsTheProjects() {
    RunRequest request;
    request.projectPath = SEI_PROJECTS_DIR "/water-slab-demo.json";
    request.project = readProject(request.projectPath);
    request.resourceDir = SEI_RESOURCE_DIR;
    const QString expected = dir_.filePath("expected.xyz");
    writeExtXyz(expected.toStdString(), *projectStructure(request).structure);
    QVERIFY(bytesOf(out_ + "/model.xyz") == bytesOf(expected));
    QCOMPARE(int(readExtXyz((out_ + "/model.xyz").toStdString()).size()), 693);
  }

  void runInHasOnlyGpumdCommands() {
    const QByteArray text = bytesOf(out_ + "/run.in");
    const auto commands = commandsOf(text.toStdString());
    QVERIFY(!commands.empty());
    for (const auto& c : commands) {
      const QString problem = gpumdProblem(c);
      QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
    QCOMPARE(commands.front(), (std::vector<std::string>{"potential", "nep.txt"}));
    QVERIFY(text.contains("\n# SEI Studio only: checkpoint 1000\n"));
    // Read back by our parser: the project's run, without the checkpoint.
    const RunPlan plan = parseRunInput((out_ + "/run.in").toStdString());
    const Project project = readProject(SEI_PROJECTS_DIR "/water-slab-demo.json");
    QCOMPARE(plan.runs.size(), std::size_t(1));
    QCOMPARE(project.run.runs.size(), std::size_t(1));
    QCOMPARE(plan.runs[0].steps, project.run.runs[0].steps);
    QCOMPARE(plan.runs[0].timeStep, project.run.runs[0].timeStep);
    QCOMPARE(plan.runs[0].ensemble.keyword, project.run.runs[0].ensemble.keyword);
    QCOMPARE(plan.runs[0].dumpXyz.size(), std::size_t(1));
    QVERIFY(plan.runs[0].dumpXyz[0].quantities.charge);
    QCOMPARE(plan.runs[0].checkpoint, std::int64_t(0));
    // Two warnings, naming the settings GPUMD does not run: the slab correction the demo's
    // vacuum switches on, and the checkpoints.
    const QStringList warnings = run_.err.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(warnings.size(), 2);
    QVERIFY2(warnings[0].startsWith("sei export: warning: kspace ... slab: GPUMD has no slab "
                                    "correction"),
             qPrintable(warnings[0]));
    QVERIFY2(warnings[1].startsWith("sei export: warning: checkpoint 1000: GPUMD writes no "
                                    "checkpoints"),
             qPrintable(warnings[1]));
  }

  void slurmScriptRunsGpumd() {
    const QStringList lines =
        QString::fromUtf8(bytesOf(out_ + "/gpumd.slurm")).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.first(), QString("#!/bin/bash"));
    for (const char* l :
         {"#SBATCH --job-name=water-gpumd", "#SBATCH --time=02:30:00", "#SBATCH --gres=gpu:1",
          "#SBATCH --partition=gpu", "#SBATCH --nodes=1", "module load gpumd/4.0"})
      QVERIFY2(lines.contains(l), l);
    QCOMPARE(lines.last(), QString("gpumd"));
    // bash reads it.
    QCOMPARE(QProcess::execute("bash", {"-n", out_ + "/gpumd.slurm"}), 0);
  }

  // The settings GPUMD lacks or reads differently, each named in a warning and left as a
  // comment, and commands GPUMD knows kept.
  void settingsGpumdLacksAreWarnedAbout() {
    RunPlan plan = projectRunPlan(Project{}, "nep.txt", true);
    plan.kspaceAccuracy = 1e-6;
    plan.slabFactor = 3.0;
    plan.velocity->seed = 5000000000ULL;
    plan.runs[0].dumpNetcdf.push_back({0, 100, "movie.nc", {}});
    plan.minimizations.push_back({0, true, 0.05, 200, 0});
    plan.minimizations.push_back({0, true, 0.05, 200, 0, CellRelaxation::Lateral, 0.02});
    const GpumdRunInput g = gpumdRunInput(plan);
    for (const auto& c : commandsOf(g.text)) {
      const QString problem = gpumdProblem(c);
      QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
    QVERIFY(g.text.find("\nkspace pppm\n# SEI Studio only: kspace pppm ") != std::string::npos);
    QVERIFY(g.text.find("\nvelocity 300\n") != std::string::npos);
    QVERIFY(g.text.find("\nminimize fire ") != std::string::npos);
    QVERIFY(g.text.find("\nminimize fire 0.05 200\n# SEI Studio only: minimize fire 0.05 200 box "
                        "xy 0.02\n") != std::string::npos);
    QCOMPARE(g.warnings.size(), std::size_t(6));
    const std::string all = [&] {
      std::string s;
      for (const auto& w : g.warnings) s += w + "\n";
      return s;
    }();
    for (const char* named :
         {"kspace accuracy 1e-06:", "kspace ... slab:", "velocity seed 5000000000:", "dump_netcdf:",
          "checkpoint 10000:", "minimize ... box xy:"})
      QVERIFY2(all.find(named) != std::string::npos, named);
  }

  void slurmScriptForOtherJobs() {
    SlurmScript job;
    job.jobName = "label-frames";
    job.nodes = 2;
    job.tasksPerNode = 64;
    job.gpus = 0;
    job.commands = {"srun cp2k.psmp -i label.inp -o label.out"};
    const std::string text = slurmScriptText(job);
    QVERIFY(text.find("--gres") == std::string::npos);
    QVERIFY(text.find("#SBATCH --nodes=2\n#SBATCH --ntasks-per-node=64\n") != std::string::npos);
    job.time = "1:00";
    QVERIFY_THROWS_EXCEPTION(InputError, slurmScriptText(job));
    job.time = "2-00:00:00";
    job.jobName = "two words";
    QVERIFY_THROWS_EXCEPTION(InputError, slurmScriptText(job));
  }

  // Bad input: exit status 2, one line naming the field, the folder not even created.
  void badInputWritesNothing_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("time") << QStringList{SEI_PROJECTS_DIR "/water-slab-demo.json", "--time", "90"}
                          << "time: expected [D-]HH:MM:SS";
    QTest::newRow("no model") << QStringList{SEI_PROJECTS_DIR "/na100-napf6-ec.json"}
                              << "na100-napf6-ec.json: model: the project has no model";
  }
  void badInputWritesNothing() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const QString out = dir_.filePath("refused");
    const test::SeiRun r = test::runSei(QStringList{"export", "gpumd", args[0], out} + args.mid(1));
    QCOMPARE(r.status, 2);
    const QStringList lines = r.err.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines[0].contains(message), qPrintable(lines[0]));
    QVERIFY(!QFileInfo::exists(out));
  }

  // GPUMD's outputs in the exported folder, typed by hand in GPUMD's formats (dump_thermo's
  // format_version 1 header and %20.10e columns; dump_xyz's Time= frames), read by the
  // followers the studio uses, with the exported run.in numbering the frames.
  void followersReadGpumdOutputs() {
    std::string thermo =
        "# dump_thermo 10\n# format_version 1\n# num_atoms 2\n"
        "# dt_output 5.0000000000e+00 fs\n"
        "# columns T KE PE sxx syy szz syz sxz sxy ax ay az bx by bz cx cy cz\n";
    for (int k = 0; k < 2; ++k) {
      char line[400];
      std::snprintf(line, sizeof line,
                    "%20.10e%20.10e%20.10e%20.10e%20.10e%20.10e%20.10e%20.10e%20.10e"
                    "%20.10e%20.10e%20.10e%20.10e%20.10e%20.10e%20.10e%20.10e%20.10e\n",
                    300.0 + k, 0.07, -10.5 - k, 0.1, 0.2, 0.3, 0.0, 0.0, 0.0, 18.6, 0.0, 0.0, 0.0,
                    18.6, 0.0, 0.0, 0.0, 40.0);
      thermo += line;
    }
    writeText(out_ + "/thermo.out", thermo);
    ThermoTail tail((out_ + "/thermo.out").toStdString());
    const auto lines = tail.poll();
    QCOMPARE(lines.size(), std::size_t(2));
    QCOMPARE(lines[1].time, 10.0);
    QCOMPARE(lines[1].record.potentialEnergy, -11.5);
    QCOMPARE(lines[1].record.cell(2, 2), 40.0);

    const std::string frame =
        "2\nTime=%g energy=-10.5 virial=\"0 0 0 0 0 0 0 0 0\" Lattice=\"18.6 0 0 0 18.6 0 0 0 "
        "40\" pbc=\"T T T\" Properties=species:S:1:pos:R:3:charge:R:1\n"
        "O 1 1 1 -0.8\nH 1.9 1 1 0.4\n";
    std::string dump;
    for (double t : {0.0, 25.0}) {
      char text[400];
      std::snprintf(text, sizeof text, frame.c_str(), t);
      dump += text;
    }
    writeText(out_ + "/dump.xyz", dump);
    ExtXyzTail frames((out_ + "/dump.xyz").toStdString());
    frames.setStepClock(readStepClock((out_ + "/run.in").toStdString()));
    const auto got = frames.poll();
    QCOMPARE(got.size(), std::size_t(2));
    QCOMPARE(got[1].time, 25.0);
    QCOMPARE(got[1].step, std::int64_t(50));  // 25 fs at the project's 0.5 fs
    QCOMPARE(got[1].structure.charges[0], -0.8);
  }
};

QTEST_GUILESS_MAIN(TestGpumdExport)
#include "TestGpumdExport.moc"
