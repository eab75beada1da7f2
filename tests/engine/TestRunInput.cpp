#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <sstream>

#include "core/Error.hpp"
#include "md/EnsembleRegistry.hpp"
#include "run/RunInput.hpp"

using sei::BarostatCoupling;
using sei::RunPlan;

namespace {

RunPlan parse(const std::string& text) {
  std::istringstream in(text);
  return sei::parseRunInput(in, "run.in");
}

// The InputError message for text, or "" when it parses.
QString errorOf(const std::string& text) {
  try {
    parse(text);
  } catch (const sei::InputError& e) {
    return QString::fromUtf8(e.what());
  }
  return QString();
}

// A qNEP SEI-formation protocol as a user would write it for GPUMD: warm-up, lateral NPT of the
// Na slab | electrolyte cell, production with trajectories, then two short checks.
const char* const kRealistic = R"(# Na(100) slab | 1 M NaPF6 in EC, qNEP mode 2
potential ../models/qnep_mode2_sei.txt   # charge-aware NEP
kspace ewald
velocity 300 seed 42

time_step 0.5
checkpoint 10000

# 1. Langevin warm-up, target ramped from 100 K to 300 K
ensemble nvt_lan 100 300 100
dump_thermo 100
run 20000

# 2. lateral NPT: z frozen by a modulus above 2000 GPa
ensemble npt_scr 300 300 100 0.0001 0.0001 0 20 20 3000 1000
dump_thermo 100
dump_xyz 1000 sei.xyz velocity force charge potential precision double
dump_restart 50000
run 100000

	# 3. production, tabs and trailing spaces   
time_step 1.0 0.05
ensemble nvt_bdp 300 300 100
dump_thermo 1000
dump_netcdf 500 traj.nc velocity charge
dump_xyz 5000 frames/frame_* charge bec
checkpoint 0
run 1000000

ensemble nvt_nhc 300 300 100
dump_exyz 100 1 1 1
run 1000

ensemble nve
run 10
)";

}  // namespace

class TestRunInput : public QObject {
  Q_OBJECT

 private slots:
  void realisticProtocol();
  void writtenTextReadsBackThePlan();
  void defaults();
  void ensembleRegistry();
  void barostatForms();
  void minimizeCommands();
  void olderGpumdSyntax();
  void commentsAndWhitespace();
  void readsFile();
  void errors_data();
  void errors();
};

// runInputText writes what parseRunInput reads back into the same plan: every block's steps,
// time step, checkpoint, ensemble with its parameters and dumps (only line numbers differ).
void TestRunInput::writtenTextReadsBackThePlan() {
  const RunPlan plan = parse(kRealistic);
  const std::string text = sei::runInputText(plan);
  const RunPlan back = parse(text);
  QCOMPARE(back.potential, plan.potential);
  QVERIFY(back.kspace == plan.kspace);
  QCOMPARE(back.velocity->temperature, plan.velocity->temperature);
  QCOMPARE(*back.velocity->seed, *plan.velocity->seed);
  QCOMPARE(back.runs.size(), plan.runs.size());
  for (std::size_t k = 0; k < plan.runs.size(); ++k) {
    const sei::RunBlock &a = plan.runs[k], &b = back.runs[k];
    QCOMPARE(b.steps, a.steps);
    QCOMPARE(b.timeStep, a.timeStep);
    QCOMPARE(b.timeStepSet, a.timeStepSet);
    QCOMPARE(b.maxDistancePerStep, a.maxDistancePerStep);
    QCOMPARE(b.checkpoint, a.checkpoint);
    QCOMPARE(b.dumpThermo, a.dumpThermo);
    QCOMPARE(b.dumpRestart, a.dumpRestart);
    const sei::EnsembleSettings &e = a.ensemble, &f = b.ensemble;
    QCOMPARE(f.keyword, e.keyword);
    QCOMPARE(f.temperatureStart, e.temperatureStart);
    QCOMPARE(f.temperatureEnd, e.temperatureEnd);
    QCOMPARE(f.temperatureCoupling, e.temperatureCoupling);
    QVERIFY(f.barostat.coupling == e.barostat.coupling);
    QVERIFY(f.barostat.pressure == e.barostat.pressure);
    QVERIFY(f.barostat.modulus == e.barostat.modulus);
    QCOMPARE(f.barostat.pressureCoupling, e.barostat.pressureCoupling);
    QCOMPARE(b.dumpXyz.size(), a.dumpXyz.size());
    for (std::size_t d = 0; d < a.dumpXyz.size(); ++d) {
      QCOMPARE(b.dumpXyz[d].interval, a.dumpXyz[d].interval);
      QCOMPARE(b.dumpXyz[d].file, a.dumpXyz[d].file);
      QCOMPARE(b.dumpXyz[d].filePerFrame, a.dumpXyz[d].filePerFrame);
      QVERIFY(b.dumpXyz[d].precision == a.dumpXyz[d].precision);
      const sei::DumpQuantities &q = a.dumpXyz[d].quantities, &r = b.dumpXyz[d].quantities;
      QVERIFY(q.mass == r.mass && q.charge == r.charge && q.bec == r.bec &&
              q.velocity == r.velocity && q.force == r.force && q.potential == r.potential &&
              q.unwrappedPosition == r.unwrappedPosition && q.virial == r.virial);
    }
    QCOMPARE(b.dumpNetcdf.size(), a.dumpNetcdf.size());
    for (std::size_t d = 0; d < a.dumpNetcdf.size(); ++d) {
      QCOMPARE(b.dumpNetcdf[d].interval, a.dumpNetcdf[d].interval);
      QCOMPARE(b.dumpNetcdf[d].file, a.dumpNetcdf[d].file);
      QVERIFY(b.dumpNetcdf[d].quantities.velocity == a.dumpNetcdf[d].quantities.velocity &&
              b.dumpNetcdf[d].quantities.charge == a.dumpNetcdf[d].quantities.charge);
    }
  }
  QCOMPARE(sei::runInputText(back), text);  // and writing it again changes nothing
  // Minimisations before their blocks and a k-space accuracy are written too; without the
  // potential line (a project's commands) the same plan reads back.
  const RunPlan relaxed = parse(
      "potential m.txt\nkspace pppm 1e-05\nminimize fire 0.05 500\nensemble nve\nrun 10\n"
      "minimize sd 0.1 20\nensemble nve\nrun 5\n");
  std::istringstream commands(sei::runCommandsText(relaxed));
  const RunPlan again = sei::parseRunCommands(commands, "commands");
  QCOMPARE(again.kspaceAccuracy, 1e-5);
  QCOMPARE(again.minimizations.size(), std::size_t(2));
  QVERIFY(again.minimizations[0].fire && !again.minimizations[1].fire);
  QCOMPARE(again.minimizations[0].forceTolerance, 0.05);
  QCOMPARE(again.minimizations[1].maxSteps, std::int64_t(20));
  QCOMPARE(again.minimizations[1].beforeRun, std::size_t(1));
  RunPlan named = again;
  named.potential = "m.txt";
  QCOMPARE(sei::runInputText(named), sei::runInputText(relaxed));
  std::istringstream withPotential("potential m.txt\nensemble nve\nrun 1\n");
  QVERIFY_THROWS_EXCEPTION(sei::InputError, sei::parseRunCommands(withPotential, "commands"));
  // The protocol's lateral barostat, as GPUMD reads it: z frozen above the rigid modulus.
  QVERIFY(QString::fromStdString(text).contains(
      "ensemble npt_scr 300 300 100 0.0001 0.0001 0 20 20 3000 1000\n"));
}

void TestRunInput::realisticProtocol() {
  const RunPlan plan = parse(kRealistic);
  QCOMPARE(QString::fromStdString(plan.potential), QString("../models/qnep_mode2_sei.txt"));
  QCOMPARE(plan.potentialLine, 2);
  QVERIFY(plan.kspace == sei::KSpaceMethod::Ewald);
  QVERIFY(plan.velocity.has_value());
  QCOMPARE(plan.velocity->temperature, 300.0);
  QVERIFY(plan.velocity->seed.has_value());
  QCOMPARE(*plan.velocity->seed, std::uint64_t(42));
  QCOMPARE(plan.runs.size(), std::size_t(5));

  const sei::RunBlock& warm = plan.runs[0];
  QCOMPARE(warm.line, 12);
  QCOMPARE(warm.steps, std::int64_t(20000));
  QCOMPARE(warm.timeStep, 0.5);
  QVERIFY(warm.timeStepSet);
  QCOMPARE(warm.maxDistancePerStep, 0.0);
  QCOMPARE(warm.ensemble.keyword, std::string("nvt_lan"));
  QCOMPARE(warm.ensemble.line, 10);
  QCOMPARE(warm.ensemble.temperatureStart, 100.0);
  QCOMPARE(warm.ensemble.temperatureEnd, 300.0);
  QCOMPARE(warm.ensemble.temperatureCoupling, 100.0);
  QCOMPARE(warm.dumpThermo, std::int64_t(100));
  QVERIFY(warm.dumpXyz.empty() && warm.dumpNetcdf.empty());
  QCOMPARE(warm.dumpRestart, std::int64_t(0));
  QCOMPARE(warm.checkpoint, std::int64_t(10000));

  const sei::RunBlock& npt = plan.runs[1];
  QCOMPARE(npt.steps, std::int64_t(100000));
  QCOMPARE(npt.timeStep, 0.5);  // time_step propagates
  QCOMPARE(npt.ensemble.keyword, std::string("npt_scr"));
  const sei::Barostat& b = npt.ensemble.barostat;
  QVERIFY(b.coupling == BarostatCoupling::Orthogonal);
  QCOMPARE(b.pressure[0], 0.0001);
  QCOMPARE(b.pressure[1], 0.0001);
  QCOMPARE(b.pressure[2], 0.0);
  QCOMPARE(b.modulus[0], 20.0);
  QCOMPARE(b.modulus[1], 20.0);
  QCOMPARE(b.modulus[2], 3000.0);
  QVERIFY(b.modulus[2] > sei::kRigidModulus && b.modulus[0] < sei::kRigidModulus);
  QCOMPARE(b.modulus[3], 0.0);
  QCOMPARE(b.pressureCoupling, 1000.0);
  QCOMPARE(npt.dumpThermo, std::int64_t(100));
  QCOMPARE(npt.dumpRestart, std::int64_t(50000));
  QCOMPARE(npt.checkpoint, std::int64_t(10000));  // checkpoint propagates
  QCOMPARE(npt.dumpXyz.size(), std::size_t(1));
  const sei::DumpXyz& xyz = npt.dumpXyz[0];
  QCOMPARE(xyz.line, 17);
  QCOMPARE(xyz.interval, std::int64_t(1000));
  QCOMPARE(QString::fromStdString(xyz.file), QString("sei.xyz"));
  QVERIFY(!xyz.filePerFrame);
  QVERIFY(xyz.precision == sei::DumpPrecision::Double);
  QVERIFY(xyz.quantities.velocity && xyz.quantities.force && xyz.quantities.charge &&
          xyz.quantities.potential);
  QVERIFY(!xyz.quantities.mass && !xyz.quantities.bec && !xyz.quantities.virial &&
          !xyz.quantities.unwrappedPosition);

  const sei::RunBlock& production = plan.runs[2];
  QCOMPARE(production.timeStep, 1.0);
  QCOMPARE(production.maxDistancePerStep, 0.05);
  QCOMPARE(production.ensemble.keyword, std::string("nvt_bdp"));
  QCOMPARE(production.dumpThermo, std::int64_t(1000));
  QCOMPARE(production.dumpRestart, std::int64_t(0));  // dump_* do not propagate
  QCOMPARE(production.checkpoint, std::int64_t(0));
  QCOMPARE(production.steps, std::int64_t(1000000));
  QCOMPARE(production.dumpNetcdf.size(), std::size_t(1));
  QCOMPARE(QString::fromStdString(production.dumpNetcdf[0].file), QString("traj.nc"));
  QCOMPARE(production.dumpNetcdf[0].interval, std::int64_t(500));
  QVERIFY(production.dumpNetcdf[0].quantities.velocity &&
          production.dumpNetcdf[0].quantities.charge && !production.dumpNetcdf[0].quantities.force);
  QCOMPARE(production.dumpXyz.size(), std::size_t(1));
  QCOMPARE(QString::fromStdString(production.dumpXyz[0].file), QString("frames/frame_*"));
  QVERIFY(production.dumpXyz[0].filePerFrame);
  QVERIFY(production.dumpXyz[0].precision == sei::DumpPrecision::Single);
  QVERIFY(production.dumpXyz[0].quantities.charge && production.dumpXyz[0].quantities.bec);

  const sei::RunBlock& nhc = plan.runs[3];
  QCOMPARE(nhc.ensemble.keyword, std::string("nvt_nhc"));
  QCOMPARE(nhc.timeStep, 1.0);
  QCOMPARE(nhc.maxDistancePerStep, 0.0);  // the distance limit holds for one block only
  QCOMPARE(nhc.dumpThermo, std::int64_t(0));
  QCOMPARE(nhc.dumpXyz.size(), std::size_t(1));
  QCOMPARE(QString::fromStdString(nhc.dumpXyz[0].file), QString("dump.xyz"));
  QVERIFY(!nhc.dumpXyz[0].filePerFrame);
  QVERIFY(nhc.dumpXyz[0].quantities.velocity && nhc.dumpXyz[0].quantities.force &&
          nhc.dumpXyz[0].quantities.potential && !nhc.dumpXyz[0].quantities.charge);

  const sei::RunBlock& nve = plan.runs[4];
  QCOMPARE(nve.ensemble.keyword, std::string("nve"));
  QCOMPARE(nve.ensemble.temperatureCoupling, 0.0);
  QCOMPARE(nve.steps, std::int64_t(10));
  QCOMPARE(nve.line, 35);
  QCOMPARE(sei::findEnsemble(nve.ensemble.keyword)->form, sei::EnsembleForm::Plain);
  QCOMPARE(sei::findEnsemble(npt.ensemble.keyword)->form, sei::EnsembleForm::ThermostatBarostat);
}

// Every registered ensemble: its keyword reads in run.in, the ensemble it builds records that
// keyword in checkpoints, and the run.in messages list exactly the registered ones.
void TestRunInput::ensembleRegistry() {
  QStringList keywords;
  for (const sei::EnsembleDescriptor& d : sei::registeredEnsembles()) {
    keywords << QString::fromStdString(d.keyword);
    QVERIFY(!d.label.empty());
    std::string line = "ensemble " + d.keyword;
    if (d.form != sei::EnsembleForm::Plain) line += " 300 300 100";
    if (d.form == sei::EnsembleForm::ThermostatBarostat) line += " 0.0001 2 1000";
    const RunPlan plan = parse("potential nep.txt\n" + line + "\nrun 10\n");
    const sei::EnsembleSettings& e = plan.runs[0].ensemble;
    QCOMPARE(e.keyword, d.keyword);
    QCOMPARE(sei::makeEnsemble(e, 0.5, "run.in")->name(), d.keyword);
    QCOMPARE(sei::ensembleParameters(d.form).size(),
             std::size_t(d.form == sei::EnsembleForm::Plain        ? 0
                         : d.form == sei::EnsembleForm::Thermostat ? 3
                                                                   : 10));
  }
  QCOMPARE(keywords, QStringList({"nve", "nvt_lan", "nvt_bdp", "nvt_nhc", "npt_scr"}));
  QCOMPARE(QString::fromStdString(sei::ensembleKeywords()),
           QString("nve, nvt_lan, nvt_bdp, nvt_nhc or npt_scr"));
  sei::EnsembleSettings unknown;
  unknown.keyword = "nvt_xyz";
  unknown.line = 4;
  QVERIFY_THROWS_EXCEPTION(sei::InputError, sei::makeEnsemble(unknown, 0.5, "run.in"));
}

void TestRunInput::defaults() {
  const RunPlan plan = parse("potential nep.txt\nensemble nve\nrun 10\n");
  QVERIFY(plan.kspace == sei::KSpaceMethod::Pppm);  // GPUMD's default
  QVERIFY(!plan.velocity.has_value());
  QCOMPARE(plan.runs.size(), std::size_t(1));
  QCOMPARE(plan.runs[0].timeStep, sei::kDefaultTimeStep);
  QCOMPARE(sei::kDefaultTimeStep, 0.5);
  QVERIFY(!plan.runs[0].timeStepSet);
  QCOMPARE(plan.runs[0].checkpoint, std::int64_t(0));
  QCOMPARE(plan.runs[0].dumpThermo, std::int64_t(0));

  // Settings may come in any order inside a block, and potential after velocity.
  const RunPlan later = parse(
      "velocity 50\ndump_thermo 5\nensemble nvt_lan 50 50 10\npotential nep.txt\n"
      "kspace pppm\nrun 1\n");
  QVERIFY(!later.velocity->seed.has_value());
  QCOMPARE(later.runs[0].dumpThermo, std::int64_t(5));
  // kspace may even follow the runs: GPUMD reads it before anything else.
  QVERIFY(parse("potential a\nensemble nve\nrun 1\nkspace ewald\n").kspace ==
          sei::KSpaceMethod::Ewald);
  QCOMPARE(plan.kspaceAccuracy, 0.0);  // GPUMD's mesh and k rules
  const RunPlan accurate = parse("potential a\nkspace pppm 1e-6\nensemble nve\nrun 1\n");
  QVERIFY(accurate.kspace == sei::KSpaceMethod::Pppm);
  QCOMPARE(accurate.kspaceAccuracy, 1e-6);
}

// GPUMD runs `minimize` where it stands: before the run block that follows it.
void TestRunInput::minimizeCommands() {
  const RunPlan plan = parse(
      "potential a\nminimize sd 1.0e-6 10000\nensemble nve\nrun 10\n"
      "minimize fire -1 100\nensemble nvt_bdp 300 300 100\nrun 5\n");
  QCOMPARE(plan.minimizations.size(), std::size_t(2));
  const sei::MinimizeCommand& sd = plan.minimizations[0];
  QCOMPARE(sd.line, 2);
  QVERIFY(!sd.fire);
  QCOMPARE(sd.forceTolerance, 1e-6);
  QCOMPARE(sd.maxSteps, std::int64_t(10000));
  QCOMPARE(sd.beforeRun, std::size_t(0));
  const sei::MinimizeCommand& fire = plan.minimizations[1];
  QVERIFY(fire.fire);
  QCOMPARE(fire.forceTolerance, -1.0);  // GPUMD: all MAX_STEPS steps
  QCOMPARE(fire.maxSteps, std::int64_t(100));
  QCOMPARE(fire.beforeRun, std::size_t(1));
  QVERIFY(fire.cell == sei::CellRelaxation::None);
  // Our extension: the lateral cell relaxed too, with the stress tolerance in GPa.
  const RunPlan box = parse(
      "potential a\nminimize fire 0.01 500 box xy\nensemble nve\nrun 1\n"
      "minimize sd 0.01 500 box xy tilt 0.002\nensemble nve\nrun 1\n");
  QVERIFY(box.minimizations[0].cell == sei::CellRelaxation::Lateral);
  QCOMPARE(box.minimizations[0].stressTolerance, sei::kDefaultStressTolerance);
  QVERIFY(box.minimizations[1].cell == sei::CellRelaxation::LateralTilt);
  QCOMPARE(box.minimizations[1].stressTolerance, 0.002);
  // Written and read back the same.
  const RunPlan again = parse(sei::runInputText(box));
  QVERIFY(again.minimizations[1].cell == sei::CellRelaxation::LateralTilt);
  QCOMPARE(again.minimizations[1].stressTolerance, 0.002);
}

void TestRunInput::barostatForms() {
  const RunPlan iso = parse("potential a\nensemble npt_scr 300 310 100 1.5 80 2000\nrun 5\n");
  const sei::EnsembleSettings& e = iso.runs[0].ensemble;
  QCOMPARE(e.temperatureStart, 300.0);
  QCOMPARE(e.temperatureEnd, 310.0);
  QVERIFY(e.barostat.coupling == BarostatCoupling::Isotropic);
  QCOMPARE(e.barostat.pressure[0], 1.5);
  QCOMPARE(e.barostat.modulus[0], 80.0);
  QCOMPARE(e.barostat.pressure[1], 0.0);
  QCOMPARE(e.barostat.modulus[1], 0.0);
  QCOMPARE(e.barostat.pressureCoupling, 2000.0);

  const RunPlan tri = parse(
      "potential a\nensemble npt_scr 300 300 100 1 2 3 -0.4 0.5 -0.6 10 20 30 40 50 60 500\n"
      "run 5\n");
  const sei::Barostat& b = tri.runs[0].ensemble.barostat;
  QVERIFY(b.coupling == BarostatCoupling::Triclinic);
  const double pressure[6] = {1, 2, 3, -0.4, 0.5, -0.6};  // xx yy zz yz xz xy
  for (int k = 0; k < 6; ++k) {
    QCOMPARE(b.pressure[k], pressure[k]);
    QCOMPARE(b.modulus[k], 10.0 * (k + 1));
  }
  QCOMPARE(b.pressureCoupling, 500.0);

  // z-only coupling of a slab: lateral moduli above kRigidModulus.
  const RunPlan z =
      parse("potential a\nensemble npt_scr 300 300 100 0 0 1 1e4 1e4 50 1000\nrun 1\n");
  QVERIFY(z.runs[0].ensemble.barostat.modulus[0] > sei::kRigidModulus);
  QVERIFY(z.runs[0].ensemble.barostat.modulus[2] < sei::kRigidModulus);
}

void TestRunInput::olderGpumdSyntax() {
  const RunPlan plan = parse(
      "potential a\nensemble nve\n"
      "dump_xyz -1 1 1000 positions.xyz charge force\n"
      "dump_netcdf 100 1\n"
      "dump_exyz 200 0 1 1 1\n"
      "run 10\n"
      "ensemble nve\n"
      "dump_netcdf 100 0 precision single\n"
      "dump_exyz 50\n"
      "run 10\n");
  const sei::RunBlock& first = plan.runs[0];
  QCOMPARE(first.dumpXyz.size(), std::size_t(2));
  QCOMPARE(first.dumpXyz[0].interval, std::int64_t(1000));
  QCOMPARE(QString::fromStdString(first.dumpXyz[0].file), QString("positions.xyz"));
  QVERIFY(first.dumpXyz[0].quantities.charge && first.dumpXyz[0].quantities.force);
  QCOMPARE(QString::fromStdString(first.dumpXyz[1].file), QString("dump.*.xyz"));
  QVERIFY(first.dumpXyz[1].filePerFrame);
  QVERIFY(!first.dumpXyz[1].quantities.velocity && first.dumpXyz[1].quantities.force &&
          first.dumpXyz[1].quantities.potential);
  QCOMPARE(first.dumpNetcdf.size(), std::size_t(1));
  QCOMPARE(QString::fromStdString(first.dumpNetcdf[0].file), QString("movie.nc"));
  QVERIFY(first.dumpNetcdf[0].quantities.velocity);
  const sei::RunBlock& second = plan.runs[1];
  QVERIFY(!second.dumpNetcdf[0].quantities.velocity);
  QCOMPARE(QString::fromStdString(second.dumpXyz[0].file), QString("dump.xyz"));
  QVERIFY(!second.dumpXyz[0].quantities.velocity && !second.dumpXyz[0].quantities.force);
}

void TestRunInput::commentsAndWhitespace() {
  // CRLF line ends, a byte-order mark, tabs, comment-only and blank lines, and GPUMD's rule that
  // only a token starting with '#' opens a comment.
  const std::string text =
      "\xEF\xBB\xBFpotential\tnep.txt\r\n"
      "# a comment line\r\n"
      "   \t  \r\n"
      "\r\n"
      "ensemble nve   # nve needs no parameters\r\n"
      "dump_xyz 10 out#1.xyz#x\r\n"
      "#run 5\r\n";
  // "7#" is one token, not a number followed by a comment.
  QCOMPARE(errorOf(text + "run 7#\r\n"),
           QString("run.in:8: STEPS must be an integer >= 1, found '7#'; expected 'run STEPS'"));
  const RunPlan plan = parse(text + "run 7 #\r\n");
  QCOMPARE(QString::fromStdString(plan.potential), QString("nep.txt"));
  QCOMPARE(plan.runs.size(), std::size_t(1));
  QCOMPARE(plan.runs[0].line, 8);
  QCOMPARE(plan.runs[0].steps, std::int64_t(7));
  QCOMPARE(QString::fromStdString(plan.runs[0].dumpXyz[0].file), QString("out#1.xyz#x"));
  // No trailing newline is fine too.
  QCOMPARE(parse("potential a\nensemble nve\nrun 3").runs[0].steps, std::int64_t(3));
}

void TestRunInput::readsFile() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = dir.filePath("run.in");
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(kRealistic);
  f.close();
  const RunPlan plan = sei::parseRunInput(path.toStdString());
  QCOMPARE(plan.runs.size(), std::size_t(5));

  QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
  f.write("potential a\nensemble nvt_ber 300 300 100\nrun 1\n");
  f.close();
  try {
    sei::parseRunInput(path.toStdString());
    QFAIL("expected sei::InputError");
  } catch (const sei::InputError& e) {
    QVERIFY2(QString(e.what()).startsWith(path + ":2: GPUMD ensemble 'nvt_ber'"), e.what());
  }
  for (const QString& bad : {dir.filePath("missing.in"), dir.path()}) {
    try {
      sei::parseRunInput(bad.toStdString());
      QFAIL("expected sei::InputError");
    } catch (const sei::InputError& e) {
      QVERIFY2(QString(e.what()).startsWith(bad + ": "), e.what());
    }
  }
}

void TestRunInput::errors_data() {
  QTest::addColumn<QString>("text");
  QTest::addColumn<QString>("message");
  const QString head = "potential nep.txt\nensemble nve\n";  // lines 1-2

  auto row = [](const char* name, const QString& text, const QString& message) {
    QTest::newRow(name) << text << message;
  };

  // Unknown and unsupported commands, with the line after comments and blank lines.
  row("unknown", "potential a\n# note\n\nfoo 1 2\n", "run.in:4: unknown command 'foo'");
  row("case matters", "potential a\nensemble nve\nRun 10\n", "run.in:3: unknown command 'Run'");
  row("long garbage", "potential a\n" + QString(60, 'x') + "\n",
      "run.in:2: unknown command '" + QString(40, 'x') + "...'");
  for (const char* command : {"compute_msd", "compute_hac", "dftd3", "plumed", "deform", "fix",
                              "replicate", "compute_rdf", "mc", "add_efield", "change_box",
                              "correct_velocity", "dump_observer", "deposit"}) {
    row(command, head + command + " 1 2 3\nrun 1\n",
        QString("run.in:3: GPUMD command '%1' is not supported by SEI Studio").arg(command));
  }
  const QString minimizeUsage =
      "expected 'minimize sd|fire FORCE_TOLERANCE MAX_STEPS [box xy [tilt] [STRESS_TOLERANCE]]'";
  row("minimize method", head + "minimize cg 1e-3 10\nrun 1\n",
      "run.in:3: unknown minimizer 'cg'; " + minimizeUsage);
  row("minimize box", head + "minimize fire 1e-3 10 1 0\nrun 1\n",
      "run.in:3: GPUMD's box_change is not supported, relaxing the lateral cell is 'box xy'; " +
          minimizeUsage);
  row("minimize box z", head + "minimize fire 1e-3 10 box xyz\nrun 1\n",
      "run.in:3: 'box' relaxes only 'xy'; " + minimizeUsage);
  row("minimize stress tolerance", head + "minimize fire 1e-3 10 box xy 0\nrun 1\n",
      "run.in:3: STRESS_TOLERANCE must be a number > 0 (GPa), found '0'; " + minimizeUsage);
  row("minimize box extra", head + "minimize fire 1e-3 10 box xy 0.1 2\nrun 1\n",
      "run.in:3: unexpected '2'; " + minimizeUsage);
  row("minimize count", head + "minimize fire 1e-3\nrun 1\n",
      "run.in:3: minimize takes 3 to 7 parameters, found 2; " + minimizeUsage);
  row("minimize steps", head + "minimize sd 1e-3 0\nrun 1\n",
      "run.in:3: MAX_STEPS must be an integer >= 1, found '0'; " + minimizeUsage);
  row("minimize tolerance", head + "minimize sd tight 10\nrun 1\n",
      "run.in:3: FORCE_TOLERANCE (eV/Å) must be a number, found 'tight'; " + minimizeUsage);
  row("minimize before potential", "minimize sd 1e-3 10\npotential a\n",
      "run.in:1: 'minimize' before any 'potential'; expected 'potential FILE' first");
  row("minimize after last run", head + "run 1\nminimize fire 1e-3 10\n",
      "run.in:4: 'minimize' after the last 'run' would never be used; expected a 'run STEPS' "
      "after it");
  row("retired", head + "dump_velocity 100\n",
      "run.in:3: GPUMD command 'dump_velocity' is not supported by SEI Studio (GPUMD replaced it "
      "by 'dump_xyz INTERVAL FILE velocity')");

  // Ensembles.
  for (const char* ensemble : {"nvt_ber", "npt_ber", "nvt_mttk", "npt_mttk", "heat_lan", "heat_nhc",
                               "nvt_bao", "pimd", "msst", "ti_spring"}) {
    row(ensemble, QString("potential a\n\nensemble %1 300 300 100\nrun 1\n").arg(ensemble),
        QString("run.in:3: GPUMD ensemble '%1' is not supported by SEI Studio; expected nve, "
                "nvt_lan, nvt_bdp, nvt_nhc or npt_scr")
            .arg(ensemble));
  }
  row("unknown ensemble", "ensemble nvt_foo 1 2 3\n",
      "run.in:1: unknown ensemble 'nvt_foo'; expected nve, nvt_lan, nvt_bdp, nvt_nhc or npt_scr");
  row("ensemble without type", "ensemble\n",
      "run.in:1: ensemble needs a type (nve, nvt_lan, nvt_bdp, nvt_nhc or npt_scr); expected "
      "'ensemble TYPE ...'");
  row("nvt_lan count", "ensemble nvt_lan 300 300\n",
      "run.in:1: ensemble nvt_lan takes 3 parameters, found 2; expected 'ensemble nvt_lan "
      "T_start T_end T_coup'");
  row("nve count", "ensemble nve 300\n",
      "run.in:1: ensemble nve takes 0 parameters, found 1; expected 'ensemble nve'");
  const QString nptUsage =
      "expected 'ensemble npt_scr T_start T_end T_coup {p_hydro C_hydro | p_xx p_yy p_zz C_xx "
      "C_yy C_zz | p_xx p_yy p_zz p_yz p_xz p_xy C_xx C_yy C_zz C_yz C_xz C_xy} p_coup'";
  row("npt_scr count", "ensemble npt_scr 300 300 100 0 0 0 20 20 20\n",
      "run.in:1: ensemble npt_scr takes 6, 10 or 16 parameters, found 9; " + nptUsage);
  row("T_end text", "ensemble nvt_bdp 300 abc 100\n",
      "run.in:1: T_end must be a number > 0 (K), found 'abc'; expected 'ensemble nvt_bdp T_start "
      "T_end T_coup'");
  row("T_start negative", "ensemble nvt_nhc -5 300 100\n",
      "run.in:1: T_start must be a number > 0 (K), found '-5'; expected 'ensemble nvt_nhc "
      "T_start T_end T_coup'");
  row("T_start nan", "ensemble nvt_lan nan 300 100\n",
      "run.in:1: T_start must be a number > 0 (K), found 'nan'; expected 'ensemble nvt_lan "
      "T_start T_end T_coup'");
  row("T_coup below 1", "ensemble nvt_lan 300 300 0.5\n",
      "run.in:1: T_coup must be a number >= 1 (time steps), found '0.5'; expected 'ensemble "
      "nvt_lan T_start T_end T_coup'");
  row("pressure text", "ensemble npt_scr 300 300 100 0 x 0 20 20 20 1000\n",
      "run.in:1: p_yy must be a number, found 'x'; " + nptUsage);
  row("modulus negative", "ensemble npt_scr 300 300 100 0 0 0 20 20 -20 1000\n",
      "run.in:1: C_zz must be a number > 0 (GPa), found '-20'; " + nptUsage);
  row("hydro modulus zero", "ensemble npt_scr 300 300 100 0 0 1000\n",
      "run.in:1: C_hydro must be a number > 0 (GPa), found '0'; " + nptUsage);
  row("p_coup below 1", "ensemble npt_scr 300 300 100 0 20 0\n",
      "run.in:1: p_coup must be a number >= 1 (time steps), found '0'; " + nptUsage);
  row("triclinic modulus", "ensemble npt_scr 300 300 100 0 0 0 0 0 0 9 9 9 9 C 9 1000\n",
      "run.in:1: C_xz must be a number > 0 (GPa), found 'C'; " + nptUsage);
  row("two ensembles", head + "ensemble nvt_lan 300 300 100\nrun 1\n",
      "run.in:3: second 'ensemble' in one run block (first on line 2); expected one per 'run'");

  // time_step, run.
  row("time_step zero", "time_step 0\n",
      "run.in:1: DT must be a number > 0 (fs), found '0'; expected 'time_step DT "
      "[MAX_DISTANCE]'");
  row("time_step count", "time_step 1 2 3\n",
      "run.in:1: time_step takes 1 or 2 parameters, found 3; expected 'time_step DT "
      "[MAX_DISTANCE]'");
  row("max distance", "time_step 1 -0.1\n",
      "run.in:1: MAX_DISTANCE must be a number > 0 (Å), found '-0.1'; expected 'time_step DT "
      "[MAX_DISTANCE]'");
  row("run fraction", head + "run 1.5\n",
      "run.in:3: STEPS must be an integer >= 1, found '1.5'; expected 'run STEPS'");
  row("run zero", head + "run 0\n",
      "run.in:3: STEPS must be an integer >= 1, found '0'; expected 'run STEPS'");
  row("run exponent", head + "run 1e6\n",
      "run.in:3: STEPS must be an integer >= 1, found '1e6'; expected 'run STEPS'");
  row("run overflow", head + "run 99999999999999999999\n",
      "run.in:3: STEPS must be an integer >= 1, found '99999999999999999999'; expected 'run "
      "STEPS'");
  row("run count", head + "run\n",
      "run.in:3: run takes 1 parameter, found 0; expected 'run STEPS'");
  row("run before potential", "ensemble nve\n\nrun 10\n",
      "run.in:3: 'run' before any 'potential'; expected 'potential FILE' first");
  row("run without ensemble", "potential a\nrun 10\n",
      "run.in:2: 'run' without an 'ensemble' in its block; expected one 'ensemble TYPE ...' "
      "before each 'run'");
  row("ensemble does not propagate", head + "run 1\ndump_thermo 10\nrun 2\n",
      "run.in:5: 'run' without an 'ensemble' in its block; expected one 'ensemble TYPE ...' "
      "before each 'run'");
  row("no run", head, "run.in: no 'run' command; expected at least one 'run STEPS'");
  row("empty", "", "run.in: no 'run' command; expected at least one 'run STEPS'");
  row("comments only", "# nothing\n\n",
      "run.in: no 'run' command; expected at least one 'run STEPS'");
  row("after last run", head + "run 1\n\nensemble nve\ndump_thermo 10\n",
      "run.in:5: 'ensemble' after the last 'run' would never be used; expected a 'run STEPS' "
      "after it");

  // Global commands.
  row("potential twice", "potential a\npotential b\n",
      "run.in:2: second 'potential' (first on line 1); SEI Studio runs a single potential, "
      "expected one 'potential FILE'");
  row("potential count", "potential a b\n",
      "run.in:1: potential takes 1 parameter, found 2; expected 'potential FILE'");
  row("kspace method", "kspace p3m\n",
      "run.in:1: unknown k-space method 'p3m'; expected 'kspace ewald|pppm [ACCURACY] [slab "
      "[FACTOR]]'");
  row("kspace accuracy", "kspace pppm 0\n",
      "run.in:1: ACCURACY must be a number > 0 (relative RMS force error), found '0'; expected "
      "'kspace ewald|pppm [ACCURACY] [slab [FACTOR]]'");
  row("kspace accuracy above 1", "kspace ewald 2\n",
      "run.in:1: ACCURACY must be below 1 (relative RMS force error), found '2'; expected "
      "'kspace ewald|pppm [ACCURACY] [slab [FACTOR]]'");
  row("kspace not slab", "kspace ewald 1e-5 fast\n",
      "run.in:1: expected 'slab', found 'fast'; expected 'kspace ewald|pppm [ACCURACY] [slab "
      "[FACTOR]]'");
  row("kspace too many", "kspace ewald 1e-5 slab 3 4\n",
      "run.in:1: kspace takes 1 to 4 parameters, found 5; expected 'kspace ewald|pppm [ACCURACY] "
      "[slab [FACTOR]]'");
  row("kspace twice", "kspace ewald\n#\nkspace pppm\n",
      "run.in:3: second 'kspace' (first on line 1); the method holds for the whole run.in, "
      "expected one 'kspace'");
  row("velocity zero", "velocity 0\n",
      "run.in:1: T must be a number > 0 (K), found '0'; expected 'velocity T [seed SEED]'");
  row("velocity count", "velocity 300 42\n",
      "run.in:1: velocity takes 1 or 3 parameters, found 2; expected 'velocity T [seed SEED]'");
  row("velocity seed word", "velocity 300 sed 42\n",
      "run.in:1: expected the word 'seed', found 'sed'; expected 'velocity T [seed SEED]'");
  row("velocity seed negative", "velocity 300 seed -1\n",
      "run.in:1: SEED must be an integer >= 0, found '-1'; expected 'velocity T [seed SEED]'");
  row("velocity twice", "velocity 300\nvelocity 200\n",
      "run.in:2: second 'velocity' (first on line 1); expected one 'velocity' before the first "
      "'run'");
  row("velocity after run", head + "run 1\nvelocity 300\n",
      "run.in:4: 'velocity' after a 'run' is not supported by SEI Studio; expected it before the "
      "first 'run'");

  // Dumps.
  row("dump_thermo zero", "dump_thermo 0\n",
      "run.in:1: INTERVAL must be an integer >= 1, found '0'; expected 'dump_thermo INTERVAL'");
  row("dump_thermo twice", head + "dump_thermo 10\ndump_thermo 20\nrun 1\n",
      "run.in:4: second 'dump_thermo' in one run block (first on line 3); expected one per "
      "'run'");
  row("dump_restart twice", head + "dump_restart 10\ndump_restart 20\nrun 1\n",
      "run.in:4: second 'dump_restart' in one run block (first on line 3); expected one per "
      "'run'");
  row("dump_restart text", "dump_restart ten\n",
      "run.in:1: INTERVAL must be an integer >= 1, found 'ten'; expected 'dump_restart "
      "INTERVAL'");
  const QString xyzUsage =
      "expected 'dump_xyz INTERVAL FILE [precision single|double] [mass] [charge] [bec] "
      "[velocity] [force] [potential] [unwrapped_position] [virial]'";
  row("dump_xyz no file", "dump_xyz 100\n",
      "run.in:1: dump_xyz takes at least 2 parameters, found 1; " + xyzUsage);
  row("dump_xyz unknown", "dump_xyz 100 a.xyz speed\n",
      "run.in:1: unknown dump_xyz argument 'speed'; " + xyzUsage);
  row("dump_xyz quantity twice", "dump_xyz 100 a.xyz force charge force\n",
      "run.in:1: quantity 'force' given twice; " + xyzUsage);
  row("dump_xyz precision", "dump_xyz 100 a.xyz precision half\n",
      "run.in:1: precision must be single or double, found 'half'; " + xyzUsage);
  row("dump_xyz star only", "dump_xyz 100 *\n",
      "run.in:1: FILE must name a file before the '*'; " + xyzUsage);
  row("dump_xyz group option", "dump_xyz 100 a.xyz group 0 1\n",
      "run.in:1: dump_xyz argument 'group' is not supported by SEI Studio (it has no grouping "
      "methods)");
  row("dump_xyz group labels", "dump_xyz 100 a.xyz group_labels\n",
      "run.in:1: dump_xyz argument 'group_labels' is not supported by SEI Studio (it has no "
      "grouping methods)");
  row("dump_xyz old group", "dump_xyz 0 1 100 a.xyz\n",
      "run.in:1: dump_xyz for a group is not supported by SEI Studio (it has no grouping "
      "methods); expected 'dump_xyz INTERVAL FILE ...' for all atoms");
  row("same file twice", head + "dump_xyz 10 a.xyz\ndump_xyz 20 a.xyz force\nrun 1\n",
      "run.in:4: 'a.xyz' is written by two dumps in one run block (first on line 3); expected a "
      "different file name");
  row("dump_exyz clashes", head + "dump_xyz 10 dump.xyz\ndump_exyz 20\nrun 1\n",
      "run.in:4: 'dump.xyz' is written by two dumps in one run block (first on line 3); "
      "expected a different file name");
  row("dump_exyz flag", "dump_exyz 100 2\n",
      "run.in:1: HAS_VELOCITY must be 0 or 1, found '2'; expected 'dump_exyz INTERVAL "
      "[HAS_VELOCITY [HAS_FORCE [HAS_POTENTIAL [SEPARATED]]]]'");
  row("dump_exyz count", "dump_exyz 100 1 1 1 0 0\n",
      "run.in:1: dump_exyz takes 1 to 5 parameters, found 6; expected 'dump_exyz INTERVAL "
      "[HAS_VELOCITY [HAS_FORCE [HAS_POTENTIAL [SEPARATED]]]]'");
  const QString ncUsage =
      "expected 'dump_netcdf INTERVAL FILE [velocity] [force] [charge] [precision single] "
      "[compression none]'";
  row("netcdf double", "dump_netcdf 100 a.nc precision double\n",
      "run.in:1: dump_netcdf 'precision double' is not supported by SEI Studio (its NetCDF "
      "trajectories are single precision)");
  row("netcdf deflate", "dump_netcdf 100 a.nc compression deflate 1\n",
      "run.in:1: dump_netcdf 'compression deflate' is not supported by SEI Studio (its NetCDF "
      "trajectories are uncompressed netCDF-3)");
  row("netcdf virial", "dump_netcdf 100 a.nc virial\n",
      "run.in:1: dump_netcdf argument 'virial' is not supported by SEI Studio; expected "
      "velocity, force or charge");
  row("netcdf unknown", "dump_netcdf 100 a.nc fast\n",
      "run.in:1: unknown dump_netcdf argument 'fast'; " + ncUsage);
  row("netcdf interval", "dump_netcdf -100 a.nc\n",
      "run.in:1: INTERVAL must be an integer >= 1, found '-100'; " + ncUsage);
  row("netcdf precision value", "dump_netcdf 100 a.nc precision\n",
      "run.in:1: option 'precision' needs a value; " + ncUsage);
  row("checkpoint negative", "checkpoint -1\n",
      "run.in:1: INTERVAL must be an integer >= 0, found '-1'; expected 'checkpoint INTERVAL'");
  row("checkpoint after last run", head + "run 1\ncheckpoint 100\n",
      "run.in:4: 'checkpoint' after the last 'run' would never be used; expected a 'run STEPS' "
      "after it");
}

void TestRunInput::errors() {
  QFETCH(QString, text);
  QFETCH(QString, message);
  QCOMPARE(errorOf(text.toStdString()), message);
}

QTEST_APPLESS_MAIN(TestRunInput)
#include "TestRunInput.moc"
