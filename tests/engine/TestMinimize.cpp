// Energy minimisation (steepest descent as GPUMD's `sd`, FIRE as Bitzek et al. 2006): both
// reach the analytic minimum of a spring lattice, stop when asked, relax a squeezed crystal's
// lateral cell (`box xy`), and `minimize` in run.in relaxes a freshly packed water slab so that
// a 300 K Bussi run starts without a heat spike.
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include "EvalSupport.hpp"
#include "SpringLattice.hpp"
#include "TestSupport.hpp"
#include "builder/InterfaceBuilder.hpp"
#include "io/ExtXyz.hpp"
#include "md/Minimizer.hpp"
#include "md/Random.hpp"
#include "md/Units.hpp"
#include "nep/NepEvaluator.hpp"
#include "project/RecipeJson.hpp"
#include "run/RunDriver.hpp"

using namespace sei;

namespace {

/// The spring lattice with every atom displaced by up to 0.3 Å: its minimum is the perfect
/// lattice, E = 0.
MdState displacedLattice(test::SpringLattice& lattice) {
  MdState s = lattice.initialState(39.948);
  Random rng(11);
  for (auto& r : s.positions) r += 0.1 * Eigen::Vector3d(rng.normal(), rng.normal(), rng.normal());
  return s;
}

/// Diamond, `cells`³ conventional cells of lattice constant a (Å), every atom displaced by a
/// normal 0.05 Å.
Structure rattledDiamond(double a, int cells) {
  Structure s;
  const double fcc[4][3] = {{0, 0, 0}, {0, 0.5, 0.5}, {0.5, 0, 0.5}, {0.5, 0.5, 0}};
  Random rng(5);
  for (int x = 0; x < cells; ++x)
    for (int y = 0; y < cells; ++y)
      for (int z = 0; z < cells; ++z)
        for (const auto& f : fcc)
          for (double shift : {0.0, 0.25}) {
            const Eigen::Vector3d r(x + f[0] + shift, y + f[1] + shift, z + f[2] + shift);
            s.positions.push_back(a * r +
                                  0.05 * Eigen::Vector3d(rng.normal(), rng.normal(), rng.normal()));
            s.symbols.push_back("C");
          }
  s.cell = Cell(Eigen::Matrix3d::Identity() * (a * cells));
  return s;
}

/// Virial stress W/V of one fresh evaluation, GPa.
Eigen::Matrix3d stressOf(const std::shared_ptr<const NepModel>& model, const Structure& s) {
  const ForceResult r = test::evaluate(model, s);
  return r.virial / s.cell.volume() * units::kEvPerCubicAngstromToGpa;
}

/// Highest temperature in thermo.out (first column after the '#' header), K.
double hottest(const QString& folder) {
  std::ifstream in(QDir(folder).filePath("thermo.out").toStdString());
  double t = 0.0;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') t = std::max(t, std::stod(line));
  return t;
}

}  // namespace

class TestMinimize : public QObject {
  Q_OBJECT

 private slots:
  void reachesTheMinimum_data() {
    QTest::addColumn<int>("method");
    QTest::newRow("sd") << int(MinimizeMethod::SteepestDescent);
    QTest::newRow("fire") << int(MinimizeMethod::Fire);
  }
  void reachesTheMinimum() {
    QFETCH(int, method);
    test::SpringLattice lattice(4, 3.0, 1.0, 0.5);
    MdState s = displacedLattice(lattice);
    MinimizeSettings settings{MinimizeMethod(method), 1e-5, 5000};
    std::vector<double> energies;
    const MinimizeOutcome out =
        minimizeEnergy(lattice, s, settings, [&](const MinimizeProgress& p) {
          energies.push_back(p.energy);
          return true;
        });
    qInfo("%lld steps, E = %.3e eV, f_max = %.2e eV/A", static_cast<long long>(out.last.step),
          out.last.energy, out.last.maxForce);
    QVERIFY(out.converged && !out.cancelled);
    QVERIFY(out.last.maxForce < 1e-5);
    QVERIFY(out.last.step < 5000);
    QVERIFY(energies.front() > 1.0);
    // The minimum is E = 0, reached only slowly along the lattice's soft shear modes (quartic).
    QVERIFY(std::abs(s.forces.energy) < 1e-5);
    ForceResult check;  // forces belong to the final positions
    lattice.compute(s.types, s.positions, s.cell, {}, check);
    QCOMPARE(check.energy, s.forces.energy);
    // Steepest descent only accepts moves that do not raise the energy.
    if (MinimizeMethod(method) == MinimizeMethod::SteepestDescent)
      QVERIFY(std::is_sorted(energies.rbegin(), energies.rend()));
  }

  void stopsWhenAsked() {
    test::SpringLattice lattice(3, 3.0, 1.0, 0.5);
    MdState s = displacedLattice(lattice);
    int calls = 0;
    const MinimizeOutcome out =
        minimizeEnergy(lattice, s, {MinimizeMethod::Fire, 1e-8, 1000},
                       [&](const MinimizeProgress&) { return ++calls < 3; });
    QVERIFY(out.cancelled && !out.converged);
    QCOMPARE(out.last.step, std::int64_t(200));  // reports at 0, 100, 200: stopped at the third
  }

  // Our `box xy [tilt]` extension: diamond (nep_C, 64 atoms rattled by 0.05 Å) squeezed by 3 %
  // in x and y (and sheared by 3 % in xy for the tilt) relaxes to a lateral stress within the
  // tolerance, below the energy of the same minimisation with the cell fixed, with z untouched.
  // Independent checks on the structure written to extxyz and read back: a fresh evaluation's
  // virial stress and the central difference −(1/V) ∂E/∂ε of its energy under lateral strain.
  void relaxesTheLateralCell_data() {
    QTest::addColumn<int>("method");
    QTest::addColumn<int>("cell");
    QTest::newRow("fire, lengths") << int(MinimizeMethod::Fire) << int(CellRelaxation::Lateral);
    QTest::newRow("fire, lengths and tilt")
        << int(MinimizeMethod::Fire) << int(CellRelaxation::LateralTilt);
    QTest::newRow("sd, lengths") << int(MinimizeMethod::SteepestDescent)
                                 << int(CellRelaxation::Lateral);
  }
  void relaxesTheLateralCell() {
    QFETCH(int, method);
    QFETCH(int, cell);
    const QString shared = test::sharedDir();
    QVERIFY2(!shared.isEmpty(), "../shared (SEI_SHARED_DIR) is missing");
    const auto model = std::make_shared<const NepModel>(
        readNepModel(QDir(shared).filePath("models/nep_C.txt").toStdString()));
    const bool tilt = CellRelaxation(cell) == CellRelaxation::LateralTilt;
    Eigen::Matrix3d strain = Eigen::Matrix3d::Zero();
    strain(0, 0) = strain(1, 1) = -0.03;
    if (tilt) strain(0, 1) = 0.03;
    const Structure squeezed = test::deformed(rattledDiamond(3.567, 2), strain);
    const std::vector<int> types = model->typesOf(squeezed, "diamond");
    NepEvaluator evaluator(model, {1});
    constexpr double kForceTolerance = 1e-3, kStressTolerance = 0.005;  // eV/Å, GPa
    MdState fixed = makeMdState(squeezed, types), s = fixed;
    const MinimizeOutcome still =
        minimizeEnergy(evaluator, fixed, {MinimizeMethod(method), kForceTolerance, 5000});
    const MinimizeOutcome out = minimizeEnergy(
        evaluator, s,
        {MinimizeMethod(method), kForceTolerance, 5000, CellRelaxation(cell), kStressTolerance});
    const Eigen::Matrix3d h = s.cell.matrix();
    qInfo(
        "fixed cell: E = %.6f eV in %lld steps; relaxed cell: E = %.6f eV in %lld steps, "
        "f_max %.2e eV/A, lateral stress %.2e GPa, a = (%.5f, %.5f), b = (%.5f, %.5f) A "
        "(squeezed %.5f)",
        still.last.energy, static_cast<long long>(still.last.step), out.last.energy,
        static_cast<long long>(out.last.step), out.last.maxForce, out.last.maxStress, h(0, 0),
        h(1, 0), h(0, 1), h(1, 1), squeezed.cell.matrix()(0, 0));
    QVERIFY(still.converged && out.converged);
    QVERIFY(out.last.maxForce < kForceTolerance && out.last.maxStress <= kStressTolerance);
    QVERIFY(out.last.energy < still.last.energy - 0.1);
    // z untouched, the lengths back by more than 2 % and equal by symmetry, no tilt left.
    QCOMPARE(Eigen::Vector3d(h.row(2)), Eigen::Vector3d(squeezed.cell.matrix().row(2)));
    QCOMPARE(Eigen::Vector3d(h.col(2)), Eigen::Vector3d(squeezed.cell.matrix().col(2)));
    QVERIFY(h(0, 0) > 1.02 * squeezed.cell.matrix()(0, 0));
    QVERIFY(std::abs(h(0, 0) - h(1, 1)) < 2e-3);
    if (tilt) QVERIFY(std::abs(h(0, 1)) < 2e-3);

    QTemporaryDir dir;
    Structure relaxed = squeezed;
    relaxed.positions = s.positions;
    relaxed.cell = s.cell;
    writeExtXyz(dir.filePath("relaxed.xyz").toStdString(), relaxed);
    const Structure back = readExtXyz(dir.filePath("relaxed.xyz").toStdString());
    const Eigen::Matrix3d stress = stressOf(model, back);
    std::vector<std::pair<int, int>> components = {{0, 0}, {1, 1}};
    if (tilt) components.push_back({0, 1});
    for (const auto& [a, b] : components) {
      constexpr double kStrain = 1e-5;
      Eigen::Matrix3d e = Eigen::Matrix3d::Zero();
      e(a, b) = kStrain;
      const double plus = test::evaluate(model, test::deformed(back, e)).energy;
      const double minus = test::evaluate(model, test::deformed(back, -e)).energy;
      const double difference =
          -(plus - minus) / (2 * kStrain * back.cell.volume()) * units::kEvPerCubicAngstromToGpa;
      qInfo("stress %d%d: virial %.2e GPa, central difference %.2e GPa", a, b, stress(a, b),
            difference);
      QVERIFY(std::abs(stress(a, b)) <= kStressTolerance * 1.01);
      QVERIFY(std::abs(difference) <= kStressTolerance * 1.01);
      QVERIFY(std::abs(difference - stress(a, b)) < 1e-3);
    }
  }

  // `minimize fire ... box xy` in run.in: the run starts from the relaxed cell (restart.xyz of
  // its first step) and the log reports the lateral stress and the final cell.
  void boxRelaxationInRunInput() {
    const QString shared = test::sharedDir();
    QVERIFY2(!shared.isEmpty(), "../shared (SEI_SHARED_DIR) is missing");
    Eigen::Matrix3d strain = Eigen::Matrix3d::Zero();
    strain(0, 0) = strain(1, 1) = -0.03;
    QTemporaryDir dir;
    writeExtXyz(dir.filePath("model.xyz").toStdString(),
                test::deformed(rattledDiamond(3.567, 2), strain));
    std::ofstream(dir.filePath("run.in").toStdString())
        << "potential " << QDir(shared).filePath("models/nep_C.txt").toStdString()
        << "\nminimize fire 0.001 2000 box xy 0.005\nensemble nve\ntime_step 0.5\n"
        << "dump_restart 1\nrun 1\n";
    RunFolderOptions options;
    options.folder = dir.path().toStdString();
    options.threads = 1;
    std::string log;
    options.log = [&](const std::string& line) { log += line + "\n"; };
    QCOMPARE(int(executeRunFolder(options)), int(RunOutcome::Finished));
    QVERIFY2(log.find("lateral stress") != std::string::npos, log.c_str());
    QVERIFY2(log.find("minimize fire: converged") != std::string::npos, log.c_str());
    QVERIFY2(log.find("minimize fire: cell a = (7.159") != std::string::npos, log.c_str());
    const Structure restart = readExtXyz(dir.filePath("restart.xyz").toStdString());
    QVERIFY(std::abs(restart.cell.matrix()(0, 0) - 7.1594) < 1e-3);  // as relaxesTheLateralCell
    QVERIFY(std::abs(restart.cell.matrix()(2, 2) - 2 * 3.567) < 1e-6);  // z untouched
  }

  // A water slab packed by the builder (rigid molecules, 2 Å apart) with the qNEP water model:
  // `minimize fire 0.05 1000` before a 300 K Bussi run keeps the first 200 steps below 400 K;
  // without it the packing's strain heats the slab far above (measured 952 K).
  void relaxedSlabStartsCool() {
    try {
      relaxedSlab();
    } catch (const std::exception& e) {
      QFAIL(e.what());
    }
  }

 private:
  void relaxedSlab() {
    const QString shared = test::sharedDir();
    QVERIFY2(!shared.isEmpty(), "../shared (SEI_SHARED_DIR) is missing");
    const Recipe recipe = parseRecipe(R"({"format": "sei-recipe", "version": 1, "seed": 1,
      "electrolyte": {"solvents": [{"name": "H2O", "fraction": 1.0}], "thickness": 14.0,
                      "lateral_size": [12.4, 12.4]},
      "vacuum": 20.0, "packing": {"tolerance": 2.0}})",
                                      "slab recipe");
    const Structure slab = buildInterface(recipe, SEI_RESOURCE_DIR).structure;
    const QString model = QDir(shared).filePath("models/qnep_mode2_water.txt");
    double peak[2];
    for (int relax = 0; relax < 2; ++relax) {
      QTemporaryDir dir;
      writeExtXyz(dir.filePath("model.xyz").toStdString(), slab);
      std::ofstream(dir.filePath("run.in").toStdString())
          << "potential " << model.toStdString() << "\nvelocity 300 seed 1\n"
          << (relax ? "minimize fire 0.05 1000\n" : "")
          << "ensemble nvt_bdp 300 300 100\ntime_step 0.5\ndump_thermo 1\nrun 200\n";
      RunFolderOptions options;
      options.folder = dir.path().toStdString();
      options.threads = 1;
      QCOMPARE(int(executeRunFolder(options)), int(RunOutcome::Finished));
      peak[relax] = hottest(dir.path());
    }
    qInfo("%zu-atom water slab, 300 K Bussi: peak %.0f K unrelaxed, %.0f K after minimize",
          slab.positions.size(), peak[0], peak[1]);
    QVERIFY(peak[1] < 400.0);
    QVERIFY(peak[0] > 600.0);  // the check has something to show
  }
};

QTEST_APPLESS_MAIN(TestMinimize)
#include "TestMinimize.moc"
