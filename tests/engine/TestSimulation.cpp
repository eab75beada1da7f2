// The Simulation driver: chunked runs with progress, cancel and pause from another thread,
// immutable snapshots, the blow-up guard, and exact restarts from checkpoints.
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <thread>

#include "EvalSupport.hpp"
#include "ModelVariants.hpp"
#include "SpringLattice.hpp"
#include "core/Error.hpp"
#include "md/Checkpoint.hpp"
#include "md/Simulation.hpp"
#include "md/Units.hpp"

using namespace sei;

namespace {

std::unique_ptr<Ensemble> ensembleNamed(const QString& name) {
  if (name == "nvt_lan") return makeLangevin(300.0, 50.0);
  if (name == "nvt_bdp") return makeBussi(300.0, 50.0);
  if (name == "nvt_nhc") return makeNoseHooverChain(300.0, 50.0);
  if (name == "npt_scr") {
    BarostatSettings b;
    b.pressure = Eigen::Vector3d::Constant(-0.2);
    b.modulus = Eigen::Vector3d::Constant(20.0);
    b.tau = 200.0;
    return makeStochasticCellRescaling(300.0, 50.0, b);
  }
  return makeNve();
}

std::unique_ptr<Simulation> springSimulation(const QString& ensemble, std::uint64_t seed = 4) {
  auto backend = std::make_shared<test::SpringLattice>(5, 3.0, 1.0, 0.5);
  MdState s = backend->initialState(39.948);
  Random rng(seed);
  initializeVelocities(s, 300.0, rng);
  auto sim = std::make_unique<Simulation>(backend, std::move(s), ensembleNamed(ensemble), seed);
  sim->setTimeStep(2.0);
  return sim;
}

/// The CPU evaluator on random atoms with velocities at temperatureK (seed 3) and a lenient
/// blow-up guard (random models are not physical).
std::unique_ptr<Simulation> nepSimulation(std::shared_ptr<const NepModel> model,
                                          const Structure& atoms,
                                          std::unique_ptr<Ensemble> ensemble, double temperatureK,
                                          const NepEvaluatorOptions& options) {
  MdState s = makeMdState(atoms, model->typesOf(atoms, "random"));
  Random rng(3);
  initializeVelocities(s, temperatureK, rng);
  auto sim = std::make_unique<Simulation>(std::make_shared<NepEvaluator>(model, options),
                                          std::move(s), std::move(ensemble), 3);
  sim->setBlowUpGuard({1e4, 0.1, 1e6});
  return sim;
}

double maxDistance(const std::vector<Eigen::Vector3d>& a, const std::vector<Eigen::Vector3d>& b) {
  double m = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, (a[i] - b[i]).norm());
  return m;
}

}  // namespace

class TestSimulation : public QObject {
  Q_OBJECT

 private slots:
  void progressAndSnapshots() {
    auto sim = springSimulation("nvt_bdp");
    std::vector<std::int64_t> reported;
    auto first = sim->snapshot();
    QCOMPARE(first->step, std::int64_t(0));
    const auto done = sim->run(1000, 100, [&](const Progress& p) {
      reported.push_back(p.step);
      QVERIFY(p.nsPerDay > 0.0);
      QCOMPARE(p.totalSteps, std::int64_t(1000));
    });
    QCOMPARE(done, std::int64_t(1000));
    QCOMPARE(reported.size(), std::size_t(10));
    QCOMPARE(reported.back(), std::int64_t(1000));
    auto last = sim->snapshot();
    QCOMPARE(last->step, std::int64_t(1000));
    QCOMPARE(last->time, 2000.0);
    QCOMPARE(first->step, std::int64_t(0));  // earlier snapshots are never modified
    QVERIFY(maxDistance(first->positions, last->positions) > 0.01);
    QCOMPARE(last->symbols.get(), first->symbols.get());  // shared, not copied
    QVERIFY(std::abs(last->thermo.temperature - temperature(sim->state())) < 1e-12);
  }

  void cancelFromAnotherThread() {
    auto sim = springSimulation("nve");
    std::atomic<int> chunks{0};
    std::int64_t done = 0;
    std::thread worker([&] { done = sim->run(1000000, 50, [&](const Progress&) { ++chunks; }); });
    while (chunks < 3) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    // A reader on this thread sees consistent snapshots while the run goes on.
    auto snap = sim->snapshot();
    QCOMPARE(snap->positions.size(), std::size_t(125));
    QCOMPARE(snap->step % 50, std::int64_t(0));
    sim->requestCancel();
    worker.join();
    QVERIFY(done < 1000000);
    QCOMPARE(done % 50, std::int64_t(0));
    QCOMPARE(sim->state().step, done);
  }

  void pauseAndResume() {
    auto sim = springSimulation("nve");
    std::atomic<int> chunks{0};
    std::thread worker([&] { sim->run(400, 20, [&](const Progress&) { ++chunks; }); });
    while (chunks < 2) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    sim->setPaused(true);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const auto held = sim->snapshot()->step;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    QCOMPARE(sim->snapshot()->step, held);
    QVERIFY(held < 400);
    sim->setPaused(false);
    worker.join();
    QCOMPARE(sim->snapshot()->step, std::int64_t(400));
  }

  void blowUpStopsWithMessage() {
    auto sim = springSimulation("nve");
    sim->run(100, 50);
    BlowUpGuard guard;
    guard.maxForce = 0.1;  // thermal forces in the lattice at 300 K exceed this quickly
    sim->setBlowUpGuard(guard);
    try {
      sim->run(1000, 50);
      QFAIL("the guard did not stop the run");
    } catch (const BlowUpError& e) {
      const QString what = e.what();
      QVERIFY2(what.contains("step ") && what.contains("atom ") && what.contains("(Ar)") &&
                   what.contains("limit of 0.1 eV/Å"),
               qPrintable(what));
    }
    QCOMPARE(sim->lastGood().step % 50, std::int64_t(0));
    QVERIFY(sim->lastGood().step >= 100);

    auto close = springSimulation("nve");
    close->mutableState().positions[1] = close->state().positions[0] + Eigen::Vector3d(0.3, 0, 0);
    close->refreshForces();
    guard = BlowUpGuard();
    guard.maxForce = 1e9;
    close->setBlowUpGuard(guard);
    try {
      close->run(1, 1);
      QFAIL("atoms 0.3 Å apart were accepted");
    } catch (const BlowUpError& e) {
      QVERIFY2(QString(e.what()).contains("Å apart (limit 0.4 Å)"), e.what());
    }
  }

  void restartIsExact_data() {
    QTest::addColumn<QString>("ensemble");
    for (const char* e : {"nve", "nvt_lan", "nvt_bdp", "nvt_nhc", "npt_scr"})
      QTest::newRow(e) << QString(e);
  }
  // 200 steps in one go equal 100 steps, a checkpoint file, a fresh Simulation restored from
  // it, and 100 more steps — also for the stochastic ensembles (the random state is saved).
  void restartIsExact() {
    QFETCH(QString, ensemble);
    QTemporaryDir dir;
    auto straight = springSimulation(ensemble);
    straight->run(200, 25);

    auto first = springSimulation(ensemble);
    first->run(100, 25);
    const std::string path = dir.filePath("run.chk").toStdString();
    writeCheckpoint(path, first->checkpoint({{"block", "0"}}));
    auto resumed = springSimulation(ensemble, 99);  // different seed: all comes from the file
    const CheckpointData data = readCheckpoint(path);
    QCOMPARE(data.extra.at("block"), std::string("0"));
    resumed->restore(data);
    resumed->run(100, 25);
    QCOMPARE(resumed->state().step, std::int64_t(200));
    QVERIFY(maxDistance(straight->state().positions, resumed->state().positions) < 1e-10);
    QVERIFY(maxDistance(straight->state().velocities, resumed->state().velocities) < 1e-12);
    QVERIFY((straight->state().cell.matrix() - resumed->state().cell.matrix()).norm() < 1e-10);
  }

  // The same with the real evaluator (qNEP mode 1 with ZBL, Ewald) and NVE.
  void restartIsExactWithQnep() {
    QTemporaryDir dir;
    const test::RandomModelSpec spec = test::modelVariant("nep4_zbl_charge1");
    auto model = test::makeRandomModel(dir.path(), spec);
    const Structure atoms = test::randomStructure(spec.elements, 24, test::testCell(true), 12);
    auto make = [&] { return nepSimulation(model, atoms, makeNve(), 300.0, {}); };
    auto straight = make();
    straight->run(100, 10);
    auto first = make();
    first->run(50, 10);
    const std::string path = dir.filePath("q.chk").toStdString();
    writeCheckpoint(path, first->checkpoint());
    auto resumed = make();
    resumed->restore(readCheckpoint(path));
    resumed->run(50, 10);
    QVERIFY(maxDistance(straight->state().positions, resumed->state().positions) < 1e-10);
  }

  // Langevin thermalises the centre of mass too: its temperature counts 3N degrees of
  // freedom. 27 atoms: 3N − 3 would read 81/78 = 3.8 % hot; the mean of ~1500 independent
  // samples is good to ~0.4 %.
  void langevinTemperatureCountsThreeN() {
    auto backend = std::make_shared<test::SpringLattice>(3, 3.0, 1.0, 0.5);
    MdState s = backend->initialState(39.948);
    Random rng(6);
    initializeVelocities(s, 300.0, rng);
    Simulation sim(backend, std::move(s), makeLangevin(300.0, 40.0), 6);
    sim.setTimeStep(2.0);
    sim.run(2000, 1000);
    double sum = 0.0;
    int samples = 0;
    sim.setStepObserver([&](const MdState&, const Thermo& t) {
      sum += t.temperature;
      ++samples;
    });
    sim.run(60000, 10000);
    const double mean = sum / samples;
    qInfo("Langevin, 27 atoms: mean T %.2f K (target 300)", mean);
    QVERIFY(std::abs(mean / 300.0 - 1.0) < 0.015);
    QCOMPARE(sim.thermo().temperature,
             2.0 * kineticEnergy(sim.state()) / (3 * 27 * units::kBoltzmann));
  }

  // A temperature model reads the thermostat's target as it ramps: after a 100 → 500 K ramp
  // the forces are those of the model at 500 K, and a restart in the middle of the ramp
  // continues from the forces at the ramp's temperature there.
  void temperatureModelFollowsRamp() {
    QTemporaryDir dir;
    const test::RandomModelSpec spec = test::modelVariant("nep4_temperature");
    auto model = test::makeRandomModel(dir.path(), spec);
    const Structure atoms = test::randomStructure(spec.elements, 24, test::testCell(false), 5);
    auto make = [&] {
      NepEvaluatorOptions options;
      options.temperature = 100.0;
      return nepSimulation(model, atoms, makeBussi(100.0, 20.0), 100.0, options);
    };
    auto straight = make();
    straight->setTemperatureRamp(100.0, 500.0, 40);
    straight->run(40, 10);
    NepEvaluatorOptions at500;
    at500.temperature = 500.0;
    Structure last = atoms;
    last.positions = straight->state().positions;
    const ForceResult expected = test::evaluate(model, last, at500);
    QVERIFY(std::abs(straight->state().forces.energy - expected.energy) < 1e-10);
    QVERIFY(maxDistance(straight->state().forces.forces, expected.forces) < 1e-12);
    NepEvaluatorOptions at100;
    at100.temperature = 100.0;
    const ForceResult cold = test::evaluate(model, last, at100);
    QVERIFY(maxDistance(cold.forces, expected.forces) > 1e-6);  // the temperature matters

    auto first = make();
    first->setTemperatureRamp(100.0, 500.0, 40);
    first->run(20, 10);
    const std::string path = dir.filePath("t.chk").toStdString();
    writeCheckpoint(path, first->checkpoint());
    auto resumed = make();
    resumed->restore(readCheckpoint(path));
    resumed->setTemperatureRamp(100.0, 500.0, 40, 20);
    resumed->run(20, 10);
    QVERIFY(maxDistance(straight->state().positions, resumed->state().positions) < 1e-10);
  }

  void rejectsBadCheckpoints() {
    QTemporaryDir dir;
    auto sim = springSimulation("nvt_nhc");
    const std::string path = dir.filePath("a.chk").toStdString();
    writeCheckpoint(path, sim->checkpoint());
    QStringList lines;
    {
      QFile f(QString::fromStdString(path));
      QVERIFY(f.open(QIODevice::ReadOnly));
      lines = QString::fromUtf8(f.readAll()).split('\n');
    }
    const std::string truncated = dir.filePath("t.chk").toStdString();
    test::writeTextFile(truncated, lines.mid(0, 20).join('\n').toStdString());
    try {
      readCheckpoint(truncated);
      QFAIL("truncated checkpoint accepted");
    } catch (const InputError& e) {
      QVERIFY2(QString(e.what()).contains("t.chk:21: file ends") &&
                   QString(e.what()).contains("truncated checkpoint"),
               e.what());
    }
    auto other = springSimulation("nve");
    try {
      other->restore(readCheckpoint(path));
      QFAIL("checkpoint of another ensemble accepted");
    } catch (const InputError& e) {
      QVERIFY2(QString(e.what()).contains("'nvt_nhc'"), e.what());
    }
  }
};

QTEST_APPLESS_MAIN(TestSimulation)
#include "TestSimulation.moc"
