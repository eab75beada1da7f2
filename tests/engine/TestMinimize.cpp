// Energy minimisation (steepest descent as GPUMD's `sd`, FIRE as Bitzek et al. 2006): both
// reach the analytic minimum of a spring lattice, stop when asked, and `minimize` in run.in
// relaxes a freshly packed water slab so that a 300 K Bussi run starts without a heat spike.
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include "SpringLattice.hpp"
#include "TestSupport.hpp"
#include "builder/InterfaceBuilder.hpp"
#include "io/ExtXyz.hpp"
#include "md/Minimizer.hpp"
#include "md/Random.hpp"
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
