// Studio projects: JSON round trip and errors; the run.in written from the run settings says what
// the project says (read back by the run.in parser); a project's run folder is prepared from its
// recipe with the model checked by SHA-256; `sei run PROJECT.json` runs it headless.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <sstream>

#include "RandomModel.hpp"
#include "TestSupport.hpp"
#include "core/Error.hpp"
#include "core/Paths.hpp"
#include "core/Sha256.hpp"
#include "io/ExtXyz.hpp"
#include "project/Project.hpp"
#include "project/ProjectRun.hpp"
#include "run/RunInput.hpp"

using namespace sei;

namespace {

/// A water box project (no electrode): small enough to build in milliseconds.
Project waterProject(const std::string& model) {
  Project p;
  p.name = "water";
  Recipe r;
  r.electrolyte.solvents = {{{"H2O", ""}, 1.0, 0.0}};
  r.electrolyte.thickness = 12.0;
  r.electrolyte.lateralSize = {12.0, 12.0};
  p.recipe = r;
  p.model = model;
  ProjectRunSettings form;
  form.steps = 20;
  form.thermoInterval = 5;
  form.dumpInterval = 10;
  form.checkpointInterval = 10;
  form.kspace = KSpaceMethod::Ewald;
  applyRunForm(form, p);
  return p;
}

RunPlan parseText(const std::string& text) {
  std::istringstream in(text);
  return parseRunInput(in, "run.in");
}

}  // namespace

class TestProject : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  std::string model_;

 private slots:
  void initTestCase() {
    // The user's model folders are read from here, never from the tester's own configuration.
    qputenv("SEI_CONFIG_DIR", QDir(dir_.path()).filePath("config").toUtf8());
    test::RandomModelSpec spec;
    spec.token = "nep4_charge1";
    model_ = QDir(dir_.path()).filePath("nep_HO.txt").toStdString();
    test::writeTextFile(model_, test::randomModelText(spec));
  }

  // A project stores its run as run.in commands: a form written into it reads back the same,
  // and a second block, a minimisation and a k-space accuracy the form does not show survive
  // the round trip and a later form edit.
  void roundTrip() {
    Project p = waterProject("nep.txt");
    p.modelSha256 = std::string(64, 'a');
    ProjectRunSettings form = runFormOf(p);
    form.ensemble = "npt_scr";
    form.coupling = PressureCouplingMode::AxialZ;
    form.temperatureEnd = 450.0;
    form.pressure = 0.25;
    form.netcdfInterval = 7;
    form.backend = "cuda";
    applyRunForm(form, p);
    std::istringstream more("minimize fire 0.05 100\nensemble nve\nrun 20\nensemble nve\nrun 5\n");
    const RunPlan extra = parseRunCommands(more, "more");
    p.run.kspaceAccuracy = 1e-5;
    p.run.minimizations = extra.minimizations;
    p.run.runs.push_back(extra.runs[1]);
    p.analysis = R"({"rdf":["Na-O"]})";
    p.plots = R"({"species":{"log":true}})";
    p.outputs = "runs/a";
    const std::string json = projectToJson(p);
    QVERIFY2(QString::fromStdString(json).contains("\"ensemble npt_scr 300 450 100 "),
             json.c_str());
    Project back = parseProject(json, "p.json");
    QCOMPARE(projectToJson(back), json);
    const ProjectRunSettings shown = runFormOf(back);
    QCOMPARE(shown.coupling, PressureCouplingMode::AxialZ);
    QCOMPARE(shown.temperatureEnd, 450.0);
    QCOMPARE(shown.pressure, 0.25);
    QCOMPARE(shown.netcdfInterval, std::int64_t(7));
    QCOMPARE(shown.steps, std::int64_t(20));
    QCOMPARE(shown.checkpointInterval, std::int64_t(10));
    QCOMPARE(back.backend, std::string("cuda"));
    QCOMPARE(back.run.runs.size(), std::size_t(2));
    QCOMPARE(back.run.kspaceAccuracy, 1e-5);
    QCOMPARE(back.run.minimizations.size(), std::size_t(1));
    form = shown;
    form.steps = 40;
    applyRunForm(form, back);
    QCOMPARE(back.run.runs.size(), std::size_t(2));
    QCOMPARE(back.run.runs[0].steps, std::int64_t(40));
    QCOMPARE(back.run.runs[1].steps, std::int64_t(5));
    QCOMPARE(back.run.minimizations.size(), std::size_t(1));
    QCOMPARE(back.analysis, std::string(R"({"rdf":["Na-O"]})"));
    QCOMPARE(back.recipe->electrolyte.solvents[0].molecule.name, std::string("H2O"));
  }

  // "Relax first" is a minimisation before the first block: ticked it adds FIRE to 0.05 eV/Å,
  // an existing one is kept as the user wrote it (its lateral cell relaxation follows the form),
  // unticked removes it; later ones stay.
  void relaxFirstIsAMinimisation() {
    Project p = waterProject("nep.txt");
    QVERIFY(!runFormOf(p).relax);
    ProjectRunSettings form = runFormOf(p);
    form.relax = true;
    applyRunForm(form, p);
    QCOMPARE(p.run.minimizations.size(), std::size_t(1));
    const MinimizeCommand& m = p.run.minimizations[0];
    QVERIFY(m.fire && m.beforeRun == 0);
    QCOMPARE(m.forceTolerance, kRelaxForceTolerance);
    QCOMPARE(m.maxSteps, kRelaxMaxSteps);
    QVERIFY(QString::fromStdString(projectToJson(p)).contains("\"minimize fire 0.05 1000\""));
    p.run.minimizations[0].forceTolerance = 0.01;  // the user's own
    p.run.runs.push_back(p.run.runs[0]);
    p.run.minimizations.push_back({0, false, 0.1, 10, 1});
    applyRunForm(runFormOf(p), p);
    QCOMPARE(p.run.minimizations.size(), std::size_t(2));
    QCOMPARE(p.run.minimizations[0].forceTolerance, 0.01);
    form = runFormOf(p);
    QVERIFY(form.relax && !form.relaxCell);
    // The lateral cell too: the kept minimisation gains `box xy`, in the project's JSON as well.
    form.relaxCell = true;
    applyRunForm(form, p);
    QVERIFY(p.run.minimizations[0].cell == CellRelaxation::Lateral);
    QCOMPARE(p.run.minimizations[0].forceTolerance, 0.01);
    QVERIFY(QString::fromStdString(projectToJson(p))
                .contains("\"minimize fire 0.01 1000 box xy 0.01\""));
    QVERIFY(runFormOf(parseProject(projectToJson(p), "p.json")).relaxCell);
    form.relaxCell = false;
    applyRunForm(form, p);
    QVERIFY(p.run.minimizations[0].cell == CellRelaxation::None);
    form = runFormOf(p);
    QVERIFY(form.relax);
    form.relax = false;
    applyRunForm(form, p);
    QCOMPARE(p.run.minimizations.size(), std::size_t(1));
    QCOMPARE(p.run.minimizations[0].beforeRun, std::size_t(1));
  }

  // Version-1 projects (one block of named settings, as the shipped examples) still read.
  void versionOneProjectsRead() {
    const Project p = parseProject(R"({"format": "sei-project", "version": 1,
        "structure": "a.xyz", "run": {"ensemble": "nvt_lan", "temperature": 250,
        "time_step": 0.25, "steps": 400, "dump_interval": 40, "velocity_seed": 9,
        "backend": "cuda"}})",
                                   "p.json");
    QCOMPARE(p.run.runs.size(), std::size_t(1));
    QCOMPARE(p.run.runs[0].ensemble.keyword, std::string("nvt_lan"));
    QCOMPARE(p.run.runs[0].ensemble.temperatureStart, 250.0);
    QCOMPARE(p.run.runs[0].timeStep, 0.25);
    QCOMPARE(p.run.runs[0].steps, std::int64_t(400));
    QCOMPARE(*p.run.velocity->seed, std::uint64_t(9));
    QCOMPARE(p.backend, std::string("cuda"));
    QCOMPARE(runFormOf(p).dumpInterval, std::int64_t(40));
    QVERIFY(projectToJson(p).find("\"version\": 2") != std::string::npos);
  }

  void malformedProjectsAreRefused_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("recipe file given as project")
        << R"({"format": "sei-recipe", "version": 1})"
        << "p.json: format: expected \"sei-project\" (is this a project file?)";
    QTest::newRow("neither recipe nor structure") << R"({"format": "sei-project", "version": 1})"
                                                  << "p.json: recipe: a project builds from";
    QTest::newRow("bad sha") << R"({"format": "sei-project", "version": 1, "structure": "a.xyz",
        "model": {"path": "m.txt", "sha256": "xyz"}})"
                             << "p.json: model.sha256: expected 64 lowercase hexadecimal";
    QTest::newRow("ensemble") << R"({"format": "sei-project", "version": 1, "structure": "a.xyz",
        "run": {"ensemble": "nvt_ber"}})"
                              << "p.json: run.ensemble: expected one of \"nve\"";
    QTest::newRow("run command")
        << R"({"format": "sei-project", "version": 2, "structure": "a.xyz",
        "run": {"commands": ["ensemble nvt_ber 300 300 100", "run 10"]}})"
        << "p.json: run.commands:1: GPUMD ensemble 'nvt_ber' is not supported";
    QTest::newRow("potential in the commands")
        << R"({"format": "sei-project", "version": 2, "structure": "a.xyz",
        "run": {"commands": ["potential m.txt", "ensemble nve", "run 10"]}})"
        << "p.json: run.commands:1: 'potential' in a project's run commands";
    QTest::newRow("newer version") << R"({"format": "sei-project", "version": 3})"
                                   << "p.json: version: this project needs a newer SEI Studio "
                                      "(supported: 1 to 2), got 3";
    QTest::newRow("outputs in the project folder (issue 16)")
        << R"({"format": "sei-project", "version": 1, "structure": "a.xyz", "outputs": "./"})"
        << "p.json: outputs: expected a folder of its own for the run";
    QTest::newRow("duplicate key (issue 16)")
        << R"({"format": "sei-project", "version": 1, "structure": "a.xyz",
        "run": {"steps": 10, "steps": 20}})"
        << "p.json: duplicate key \"steps\"";
    QTest::newRow("recipe field") << R"({"format": "sei-project", "version": 1,
        "recipe": {"electrolyte": {"solvents": ["EC"], "thickness": -1}}})"
                                  << "p.json: recipe.electrolyte.thickness: expected a number";
    QTest::newRow("analysis not an object")
        << R"({"format": "sei-project", "version": 1, "structure": "a.xyz", "analysis": 3})"
        << "p.json: analysis: expected a JSON object, got 3";
  }
  void malformedProjectsAreRefused() {
    QFETCH(QString, text);
    QFETCH(QString, message);
    try {
      parseProject(text.toStdString(), "p.json");
      QFAIL("malformed project accepted");
    } catch (const InputError& e) {
      QVERIFY2(QString(e.what()).startsWith(message), e.what());
    }
  }

  // The run.in read back gives the project's ensemble, temperatures, couplings and pressures;
  // lateral coupling freezes z with a modulus above GPUMD's rigid limit.
  void runInputSaysWhatTheProjectSays() {
    ProjectRunSettings r;
    r.ensemble = "npt_scr";
    r.coupling = PressureCouplingMode::Lateral;
    r.temperature = 310.0;
    r.temperatureEnd = 400.0;
    r.temperatureCoupling = 150.0;
    r.pressure = 0.001;
    r.modulus = 1.5;
    r.pressureCoupling = 2000.0;
    r.timeStep = 0.25;
    r.steps = 1234;
    r.velocitySeed = 99;
    r.netcdfInterval = 20;
    Project p;
    applyRunForm(r, p);
    const RunPlan plan = parseText(projectRunInput(p, "/models/nep.txt", true));
    QCOMPARE(plan.potential, std::string("/models/nep.txt"));
    QCOMPARE(plan.kspace, KSpaceMethod::Pppm);
    QCOMPARE(plan.velocity->temperature, 310.0);
    QCOMPARE(*plan.velocity->seed, std::uint64_t(99));
    QCOMPARE(plan.runs.size(), std::size_t(1));
    const RunBlock& b = plan.runs[0];
    QCOMPARE(b.steps, std::int64_t(1234));
    QCOMPARE(b.timeStep, 0.25);
    QCOMPARE(b.ensemble.keyword, std::string("npt_scr"));
    QCOMPARE(b.ensemble.temperatureStart, 310.0);
    QCOMPARE(b.ensemble.temperatureEnd, 400.0);
    QCOMPARE(b.ensemble.temperatureCoupling, 150.0);
    const Barostat& baro = b.ensemble.barostat;
    QCOMPARE(baro.coupling, BarostatCoupling::Orthogonal);
    QCOMPARE(baro.pressure[0], 0.001);
    QCOMPARE(baro.modulus[0], 1.5);
    QVERIFY(baro.modulus[2] > kRigidModulus);
    QCOMPARE(baro.pressureCoupling, 2000.0);
    QCOMPARE(b.dumpThermo, std::int64_t(100));
    QCOMPARE(b.checkpoint, std::int64_t(10000));
    r.checkpointInterval = 0;  // only at the end
    applyRunForm(r, p);
    const RunPlan uncharged = parseText(projectRunInput(p, "/m.txt", false));
    QCOMPARE(uncharged.runs[0].checkpoint, std::int64_t(1234));
    QVERIFY(!uncharged.runs[0].dumpXyz[0].quantities.charge);  // charges follow the model
    QVERIFY(b.dumpXyz.size() == 1 && b.dumpXyz[0].quantities.charge);
    QVERIFY(b.dumpNetcdf.size() == 1 && b.dumpNetcdf[0].interval == 20);
  }

  // The folder gets model.xyz built from the recipe and run.in; a changed model file is
  // refused; a resumed run keeps its structure.
  void prepareRunFolder() {
    const QString projectPath = QDir(dir_.path()).filePath("prep/project.json");
    QDir().mkpath(QFileInfo(projectPath).path());
    Project p = waterProject(model_);
    PreparedRun run = prepareProjectRun(projectPath.toStdString(), p, false, SEI_RESOURCE_DIR);
    QCOMPARE(QString::fromStdString(run.folder), QDir(dir_.path()).filePath("prep/outputs"));
    QCOMPARE(run.modelSha256, sha256OfFile(model_));
    QVERIFY(run.structureWritten);
    const Structure built = readExtXyz(run.folder + "/model.xyz");
    // 12 × 12 × 12 Å of water at 0.99705 g/cm³: round(1728 ρ N_A / M / 10^24) molecules.
    const int waters =
        static_cast<int>(std::lround(1728 * 0.99705 * 6.02214076e23 / 18.015 / 1e24));
    QCOMPARE(static_cast<int>(built.size()), 3 * waters);
    QVERIFY(parseRunInput(run.folder + "/run.in").runs[0].steps == 20);
    QCOMPARE(parseRunInput(run.folder + "/run.in").slabFactor, 0.0);  // periodic water
    // A recipe with vacuum (a liquid film) runs with the slab correction.
    Project film = p;
    film.recipe->vacuum = 15.0;
    film.outputs = "film";
    const PreparedRun filmRun =
        prepareProjectRun(projectPath.toStdString(), film, false, SEI_RESOURCE_DIR);
    QCOMPARE(parseRunInput(filmRun.folder + "/run.in").slabFactor, kDefaultSlabFactor);
    // Resuming keeps model.xyz even if the recipe changed.
    p.recipe->seed = 5;
    run = prepareProjectRun(projectPath.toStdString(), p, true, SEI_RESOURCE_DIR);
    QVERIFY(!run.structureWritten);
    QVERIFY(readExtXyz(run.folder + "/model.xyz").positions == built.positions);
    // A project that ran with another model file refuses this one.
    p.modelSha256 = std::string(64, '0');
    QVERIFY_THROWS_EXCEPTION(
        InputError, prepareProjectRun(projectPath.toStdString(), p, false, SEI_RESOURCE_DIR));
    // A model without the structure's elements stops before anything runs.
    test::RandomModelSpec spec;
    spec.elements = {"C", "H"};
    const std::string other = QDir(dir_.path()).filePath("nep_CH.txt").toStdString();
    test::writeTextFile(other, test::randomModelText(spec));
    p = waterProject(other);
    try {
      prepareProjectRun(projectPath.toStdString(), p, false, SEI_RESOURCE_DIR);
      QFAIL("a model without oxygen was accepted");
    } catch (const InputError& e) {
      QVERIFY2(QString(e.what()).contains("O"), e.what());
    }
  }

  // A start that fails leaves nothing behind: no empty outputs folder, and an earlier run's
  // outputs stay where they were; outputs naming a file is refused by name.
  void failedStartLeavesNoFolder() {
    const QString projectPath = QDir(dir_.path()).filePath("fail/project.json");
    QDir().mkpath(QFileInfo(projectPath).path());
    test::RandomModelSpec spec;
    spec.elements = {"C", "H"};
    const std::string other = QDir(dir_.path()).filePath("fail/nep_CH.txt").toStdString();
    test::writeTextFile(other, test::randomModelText(spec));
    Project p = waterProject(other);
    try {
      prepareProjectRun(projectPath.toStdString(), p, false, SEI_RESOURCE_DIR);
      QFAIL("a model without oxygen was accepted");
    } catch (const InputError& e) {
      QVERIFY2(QString(e.what()).contains("built from its recipe"), e.what());
    }
    QVERIFY(!QFileInfo::exists(QDir(dir_.path()).filePath("fail/outputs")));
    // An earlier run's outputs are not moved aside by a start that fails.
    const QString earlier = QDir(dir_.path()).filePath("fail/outputs/thermo.out");
    QDir().mkpath(QFileInfo(earlier).path());
    test::writeTextFile(earlier.toStdString(), "300 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
    QVERIFY_THROWS_EXCEPTION(
        InputError, prepareProjectRun(projectPath.toStdString(), p, false, SEI_RESOURCE_DIR));
    QVERIFY(QFileInfo::exists(earlier));
    QVERIFY(!QFileInfo::exists(QDir(dir_.path()).filePath("fail/outputs/previous-runs")));
    // Outputs naming a file.
    p = waterProject(model_);
    p.outputs = "notes.txt";
    test::writeTextFile(QDir(dir_.path()).filePath("fail/notes.txt").toStdString(), "mine\n");
    try {
      prepareProjectRun(projectPath.toStdString(), p, false, SEI_RESOURCE_DIR);
      QFAIL("outputs naming a file was accepted");
    } catch (const InputError& e) {
      QVERIFY2(QString(e.what()).contains("outputs: expected a folder"), e.what());
      QVERIFY2(QString(e.what()).contains("notes.txt is a file"), e.what());
    }
  }

  // The model folders of the studio's Preferences are searched by a headless run too, before
  // $SEI_MODEL_PATH.
  void userModelFoldersAreSearched() {
    const QDir root(dir_.path());
    QVERIFY(root.mkpath("config") && root.mkpath("mine") && root.mkpath("env"));
    test::RandomModelSpec spec;
    for (const char* folder : {"mine", "env"})
      test::writeTextFile(root.filePath(QString(folder) + "/nep_x.txt").toStdString(),
                          test::randomModelText(spec));
    qputenv("SEI_MODEL_PATH", root.filePath("env").toUtf8());
    const std::string env = root.filePath("env/nep_x.txt").toStdString();
    QCOMPARE(findModel("nep_x.txt", "/nonexistent"), env);
    QCOMPARE(userModelFoldersFile(), root.filePath("config/model-folders").toStdString());
    test::writeTextFile(userModelFoldersFile(),
                        "\n  " + root.filePath("mine").toStdString() + "  \n");
    QCOMPARE(userModelFolders(), std::vector<std::string>{root.filePath("mine").toStdString()});
    QCOMPARE(findModel("nep_x.txt", "/nonexistent"), root.filePath("mine/nep_x.txt").toStdString());
    Project p = waterProject("nep_x.txt");
    p.outputs = root.filePath("userfolders").toStdString();
    const PreparedRun run =
        prepareProjectRun(root.filePath("u.json").toStdString(), p, false, SEI_RESOURCE_DIR);
    QCOMPARE(QString::fromStdString(run.modelPath),
             QFileInfo(root.filePath("mine/nep_x.txt")).canonicalFilePath());
    QFile::remove(QString::fromStdString(userModelFoldersFile()));
    qunsetenv("SEI_MODEL_PATH");
  }

  void missingModelNamesTheSearchPath() {
    Project p = waterProject("no-such-model.txt");
    try {
      prepareProjectRun(QDir(dir_.path()).filePath("x.json").toStdString(), p, false,
                        SEI_RESOURCE_DIR);
      QFAIL("missing model accepted");
    } catch (const InputError& e) {
      QVERIFY2(QString(e.what()).contains("model file 'no-such-model.txt' not found"), e.what());
      QVERIFY2(QString(e.what()).contains("models/no-such-model.txt"), e.what());
    }
  }

  // Headless: `sei run PROJECT.json` builds, runs 20 steps and writes the run folder.
  void headlessRun() {
    const QString projectPath = QDir(dir_.path()).filePath("headless/water.json");
    QDir().mkpath(QFileInfo(projectPath).path());
    writeProject(projectPath.toStdString(), waterProject(model_));
    const test::SeiRun run = test::runSei({"run", projectPath, "--quiet", "--backend", "cpu"});
    QVERIFY2(run.status == 0, qPrintable(run.err));
    const QString out = QDir(dir_.path()).filePath("headless/outputs");
    QFile thermo(out + "/thermo.out");
    QVERIFY(thermo.open(QIODevice::ReadOnly));
    int lines = 0;
    for (const QByteArray& line : thermo.readAll().split('\n'))
      lines += !line.isEmpty() && !line.startsWith('#');
    QCOMPARE(lines, 20 / 5);
    QVERIFY(QFile::exists(out + "/checkpoint.chk"));
    QVERIFY(QFile::exists(out + "/dump.xyz"));
  }
};

QTEST_GUILESS_MAIN(TestProject)
#include "TestProject.moc"
