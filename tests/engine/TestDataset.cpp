// sei dataset's readers on small fixtures written by hand in the formats VASP 6, CP2K 2023.1
// (the project's labelling template) and ASE/GPUMD print: units converted to GPUMD's (eV, Å,
// virial W = −V·σ in eV) against values computed by hand, stress and virial signs, reference
// energies, statistics, splits and farthest-point sampling.
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "DatasetFixtures.hpp"
#include "RandomModel.hpp"
#include "TestSupport.hpp"
#include "core/Error.hpp"
#include "core/FarthestPoints.hpp"
#include "dataset/Cp2kRun.hpp"
#include "dataset/DatasetStats.hpp"
#include "dataset/ExtXyzLabels.hpp"
#include "dataset/Import.hpp"
#include "dataset/ReferenceEnergies.hpp"
#include "dataset/VaspOutcar.hpp"
#include "dataset/Vasprun.hpp"
#include "io/ExtXyz.hpp"
#include "training/TrainingSet.hpp"

using namespace sei;
using namespace sei::dataset;
using namespace sei::test;

namespace {

bool near(double a, double b, double tol = 1e-10) {
  return std::abs(a - b) <= tol * (1 + std::abs(b));
}

}  // namespace

class TestDataset : public QObject {
  Q_OBJECT
  test::ScratchFolder scratch_;

 private slots:
  void outcarSteps() {
    const std::string path = scratch_.write("OUTCAR", kOutcar);
    QVERIFY(detectFormat(path) == InputFormat::Outcar);
    const auto steps = readOutcar(path, EnergyKind::Free);
    QCOMPARE(steps.size(), std::size_t(2));
    const LabelledStructure& a = steps[0];
    QCOMPARE(a.structure.symbols, (std::vector<std::string>{"Na", "F"}));
    QVERIFY(near(a.energy, -10.5));  // TOTEN of the ionic step, not the SCF line's −99
    QVERIFY(near(a.structure.positions[1].y(), 2.5));
    QVERIFY(near(a.structure.forces[0].z(), 0.3));
    // W = V·σ_VASP: 120 Å³ × 10 kB × 0.1 GPa/kB / 160.21766208 GPa/(eV/Å³) = 0.748981095106 eV;
    // VASP's positive (compressive) stress gives a positive virial.
    QVERIFY(a.hasVirial);
    QVERIFY(near(a.virial(0, 0), 0.748981095105991));
    QVERIFY(near(a.virial(1, 1), 1.497962190211982));
    QVERIFY(near(a.virial(2, 2), 2.246943285317973));
    QVERIFY(near(a.virial(0, 1), 0.0748981095105991));  // XY
    QVERIFY(near(a.virial(1, 2), 0.1497962190211982));  // YZ
    QVERIFY(near(a.virial(2, 0), 0.2246943285317973));  // ZX
    QVERIFY(near(a.virial(0, 2), a.virial(2, 0)));
    const LabelledStructure& b = steps[1];
    QVERIFY(near(b.structure.cell.matrix()(0, 0), 4.1));
    QVERIFY(near(b.virial(0, 0), -0.3070822489934563));  // 123 Å³ × (−4 kB)
    QVERIFY(near(b.energy, -10.6));
    QVERIFY(near(readOutcar(path, EnergyKind::WithoutEntropy)[1].energy, -10.7));
    QVERIFY(near(readOutcar(path, EnergyKind::Sigma0)[0].energy, -10.45));
  }

  void outcarErrors() {
    std::string cut = kOutcar;
    cut.resize(cut.rfind("  FREE ENERGIE"));  // the second step loses its energy
    const std::string truncated = scratch_.write("OUTCAR.cut", cut);
    try {
      readOutcar(truncated, EnergyKind::Free);
      QFAIL("a step without energy was accepted");
    } catch (const InputError& e) {
      QVERIFY2(QString(e.what()).contains("OUTCAR.cut:35: ") &&
                   QString(e.what()).contains("ionic step 2 has no free energy"),
               e.what());
    }
    std::string nan = kOutcar;
    nan.replace(nan.find("-0.200000"), 9, "      NaN");
    try {
      readOutcar(scratch_.write("OUTCAR.nan", nan), EnergyKind::Free);
      QFAIL("NaN force accepted");
    } catch (const InputError& e) {
      QVERIFY2(QString(e.what()).contains("OUTCAR.nan:19: ") && QString(e.what()).contains("NaN"),
               e.what());
    }
  }

  void vasprun() {
    const std::string path = scratch_.write("vasprun.xml", kVasprun);
    QVERIFY(detectFormat(path) == InputFormat::Vasprun);
    const auto calcs = readVasprun(path, EnergyKind::Free);
    QCOMPARE(calcs.size(), std::size_t(1));
    const LabelledStructure& c = calcs[0];
    QCOMPARE(c.structure.symbols, (std::vector<std::string>{"Na", "F"}));
    QVERIFY(near(c.energy, -8.1));
    // Fractional (0.5, 0.5, 0.2) in a = (4,0,0), b = (1,4,0), c = (0,0,5): (2.5, 2, 1) Å.
    QVERIFY(near(c.structure.positions[1].x(), 2.5));
    QVERIFY(near(c.structure.positions[1].y(), 2.0));
    QVERIFY(near(c.structure.positions[1].z(), 1.0));
    QVERIFY(near(c.structure.forces[0].y(), -0.25));
    // V = 80 Å³: W_xx = 80 × 10 kB × 6.241509125883e-4 eV/Å³ per kB = 0.499320730071 eV.
    QVERIFY(near(c.virial(0, 0), 0.4993207300706606));
    QVERIFY(near(c.virial(0, 1), 0.04993207300706606));
    QVERIFY(near(c.virial(2, 2), 1.497962190211982));
    // σ → 0 and without entropy: e_fr + (last scstep difference), not the calculation's e_0.
    QVERIFY(near(readVasprun(path, EnergyKind::Sigma0)[0].energy, -8.3));
    QVERIFY(near(readVasprun(path, EnergyKind::WithoutEntropy)[0].energy, -8.4));
    std::string noForces = kVasprun;
    noForces.replace(noForces.find("\"forces\""), 8, "\"other\"");
    try {
      readVasprun(scratch_.write("vasprun-noforces.xml", noForces), EnergyKind::Free);
      QFAIL("missing forces accepted");
    } catch (const InputError& e) {
      QVERIFY2(QString(e.what()).contains("vasprun-noforces.xml:27: ") &&
                   QString(e.what()).contains("has no forces"),
               e.what());
    }
  }

  void cp2k() {
    scratch_.write("label.inp", kCp2kInput);
    scratch_.write("naf.xyz", "2\nNaF\nNa 0.0 0.0 0.0\nF 2.5 2.5 2.5\n");
    const std::string path = scratch_.write("label.out", kCp2kOutput);
    QVERIFY(detectFormat(path) == InputFormat::Cp2k);
    const label::Cp2kOutput out = readCp2kOutput(path);
    QCOMPARE(out.inputName, std::string("label.inp"));
    const LabelledStructure l = readCp2kRun(path, EnergyKind::Free);
    // −1.5 Ha × 27.211386245988 eV/Ha.
    QVERIFY(near(l.energy, -40.817079368982));
    // 0.01 Ha/bohr × 27.211386245988 / 0.529177210903 = 0.514220674763 eV/Å.
    QVERIFY(near(l.structure.forces[0].x(), 0.514220674763259));
    QVERIFY(near(l.structure.forces[0].y(), -1.028441349526518));
    QVERIFY(near(l.structure.forces[1].z(), -1.5426620242897766));
    QVERIFY(near(l.structure.positions[1].x(), 2.5));
    QVERIFY(near(l.structure.cell.matrix()(1, 1), 5.0));
    QCOMPARE(l.structure.cell.matrix()(0, 1), 0.0);  // right angles exactly
    // W = V·σ_CP2K: 125 Å³ × 16.0217662080 GPa / 160.21766208 GPa/(eV/Å³) = 12.5 eV.
    QVERIFY(near(l.virial(0, 0), 12.5));
    QVERIFY(near(l.virial(1, 1), -25.0));
    QVERIFY_EXCEPTION_THROWN(readCp2kRun(path, EnergyKind::Sigma0), InputError);
    // &COORD in bohr inside the input instead of an XYZ file.
    scratch_.write(
        "coord.inp",
        "&FORCE_EVAL\n &SUBSYS\n  &CELL\n   A 4 0 0\n   B 0 4 0\n   C 1 0 4\n  &END CELL\n"
        "  &COORD\n   UNIT bohr\n   Na 0 0 0\n   F 1 2 3\n  &END COORD\n &END SUBSYS\n"
        "&END FORCE_EVAL\n");
    const Structure g = readCp2kGeometry(scratch_.path("coord.inp"));
    QVERIFY(near(g.positions[1].z(), 3 * 0.529177210903));
    QVERIFY(near(g.cell.matrix()(0, 2), 1.0));  // c = (1, 0, 4): column 2
    // Later CP2K versions name the unit [hartree].
    std::string hartree = kCp2kOutput;
    hartree.replace(hartree.find("[a.u.]:"), 6, "[hartree]");
    QVERIFY(near(readCp2kOutput(scratch_.write("hartree.out", hartree)).energy, -40.817079368982));
    std::string twoEnergies = kCp2kOutput;
    twoEnergies += " ENERGY| Total FORCE_EVAL ( QS ) energy [a.u.]:     -1.4\n";
    try {
      readCp2kOutput(scratch_.write("md.out", twoEnergies));
      QFAIL("two energies accepted");
    } catch (const InputError& e) {
      QVERIFY2(QString(e.what()).contains("md.out:19: second FORCE_EVAL energy"), e.what());
    }
  }

  // The sign and size of CP2K's stress against the energy: H2 in a 4 Å box, PBE, CUTOFF 400,
  // EPS_SCF 1e-8, run with CP2K 2023.1 here (the lines below are its output of the unstrained
  // box) and again with the box and the atoms stretched by ±1 % along x. The imported virial
  // W_xx = V·σ_xx must equal −dE/dε_xx from the central difference of the two energies.
  void cp2kStressMatchesStrainDerivative() {
    scratch_.write("h2.inp",
                   "&FORCE_EVAL\n &SUBSYS\n  &CELL\n   ABC 4.0 4.0 4.0\n  &END CELL\n  &TOPOLOGY\n"
                   "   COORD_FILE_NAME h2.xyz\n  &END TOPOLOGY\n &END SUBSYS\n&END FORCE_EVAL\n");
    scratch_.write("h2.xyz", "2\n\nH 0.0 0.0 0.0\nH 0.7400000000 0.1 0.0\n");
    const std::string out = scratch_.write(
        "h2.out",
        " CP2K| Input file name                                                    h2.inp\n"
        " ENERGY| Total FORCE_EVAL ( QS ) energy [a.u.]:               -1.178846203936917\n\n"
        " ATOMIC FORCES in [a.u.]\n\n"
        " # Atom   Kind   Element          X              Y              Z\n"
        "      1      1      H           0.00523056     0.00071709     0.00000000\n"
        "      2      1      H          -0.00523040    -0.00072681     0.00000000\n"
        " SUM OF ATOMIC FORCES           0.00000016    -0.00000972     0.00000000     "
        "0.00000972\n\n"
        " STRESS| Analytical stress tensor [GPa]\n"
        " STRESS|                        x                   y                   z\n"
        " STRESS|      x       -3.96484794426E+00  -4.32406694974E-02  -6.78173563506E-12\n"
        " STRESS|      y       -4.32406694974E-02  -2.54561941616E+00   1.23077888896E-10\n"
        " STRESS|      z       -6.78173563506E-12   1.23077888896E-10  -2.52274919375E+00\n");
    const LabelledStructure l = readCp2kRun(out, EnergyKind::Free);
    const double minus = -1.179396714643802, plus = -1.178233644599103;  // Ha, ε_xx = ∓0.01
    const double derivative = -(plus - minus) * 27.211386245988 / 0.02;  // −dE/dε_xx, eV
    QVERIFY2(std::abs(l.virial(0, 0) - derivative) < 0.005 * std::abs(derivative),
             qPrintable(QString("W_xx %1 eV, -dE/deps %2 eV").arg(l.virial(0, 0)).arg(derivative)));
  }

  void aseVariants() {
    // ASE from a VASP calculation: energy (σ → 0) and free_energy; 9-component stress with ASE's
    // sign σ = −W/V. GPUMD-style virial and config_type. MACE-style REF_ labels with model
    // values beside them and a Voigt stress (xx yy zz yz xz xy).
    const std::string path = scratch_.write(
        "ase.xyz",
        "2\nLattice=\"2 0 0 0 3 0 0 0 4\" Properties=species:S:1:pos:R:3:forces:R:3 energy=-5.0 "
        "free_energy=-5.1 stress=\"0.01 0.001 0 0.001 0.02 0 0 0 0.03\" pbc=\"T T T\"\n"
        "Na 0 0 0 0.1 0.2 0.3\nF 1 1 1 -0.1 -0.2 -0.3\n"
        "2\nLattice=\"2 0 0 0 3 0 0 0 4\" Properties=species:S:1:pos:R:3:force:R:3 energy=-3 "
        "virial=\"1 2 3 2 5 6 3 6 9\" config_type=na_bulk pbc=\"T T T\"\n"
        "Na 0 0 0 1 0 0\nF 1 1 1 -1 0 0\n"
        "2\nLattice=\"2 0 0 0 3 0 0 0 4\" "
        "Properties=species:S:1:pos:R:3:MACE_forces:R:3:REF_forces:R:3 REF_energy=-7 "
        "MACE_energy=-6 REF_stress=\"0.01 0.02 0.03 0.004 0.005 0.006\" pbc=\"T T T\"\n"
        "Na 0 0 0 9 9 9 0.5 0 0\nF 1 1 1 9 9 9 -0.5 0 0\n");
    QVERIFY(detectFormat(path) == InputFormat::ExtXyz);
    const auto free = readExtXyzLabels(path, EnergyKind::Free);
    QCOMPARE(free.size(), std::size_t(3));
    QVERIFY(near(free[0].energy, -5.1));
    QVERIFY(near(readExtXyzLabels(path, EnergyKind::Sigma0)[0].energy, -5.0));
    // V = 24 Å³: W = −24 × σ.
    QVERIFY(near(free[0].virial(0, 0), -0.24));
    QVERIFY(near(free[0].virial(0, 1), -0.024));
    QVERIFY(near(free[0].virial(2, 2), -0.72));
    QVERIFY(near(free[0].structure.forces[1].z(), -0.3));
    QVERIFY(near(free[1].virial(1, 2), 6.0));
    QVERIFY(near(free[1].structure.forces[0].x(), 1.0));
    QCOMPARE(free[1].structure.info, std::string("config_type=na_bulk"));
    QVERIFY(near(free[2].energy, -7.0));
    QVERIFY(near(free[2].structure.forces[0].x(), 0.5));  // REF_forces, not MACE_forces
    // Voigt: yz = 0.004, xz = 0.005, xy = 0.006.
    QVERIFY(near(free[2].virial(1, 2), -0.096));
    QVERIFY(near(free[2].virial(0, 2), -0.12));
    QVERIFY(near(free[2].virial(1, 0), -0.144));
    QVERIFY(near(free[2].virial(2, 2), -0.72));

    // GPUMD's training format out, read back by the trainer's reader: the stress sign survives
    // the round trip (GPUMD: virial = −stress·V, our W per atom).
    const std::string out = scratch_.path("train.xyz");
    writeTrainingXyz(out, free);
    const auto back = training::readTrainingSet(out, {"Na", "F"});
    QCOMPARE(back.size(), std::size_t(3));
    QVERIFY(near(back[0].energy, -5.1 / 2));
    QVERIFY(near(back[0].virial[0], -0.24 / 2));   // xx per atom
    QVERIFY(near(back[2].virial[4], -0.096 / 2));  // yz per atom
    QVERIFY(near(back[2].structure.forces[1].x(), -0.5));
  }

  void referenceEnergies() {
    auto structure = [](int na, int f, double energy) {
      LabelledStructure l;
      l.source = "test";
      for (int i = 0; i < na + f; ++i) {
        l.structure.symbols.push_back(i < na ? "Na" : "F");
        l.structure.positions.emplace_back(i, 0, 0);
      }
      l.hasEnergy = true;
      l.energy = energy;
      return l;
    };
    // μ_Na = −5, μ_F = −655 reproduce these totals exactly.
    std::vector<LabelledStructure> set = {structure(2, 0, -10), structure(0, 2, -1310),
                                          structure(1, 1, -660), structure(3, 1, -670)};
    const ReferenceEnergies ref = fitReferenceEnergies(set);
    QVERIFY(near(ref.perElement.at("Na"), -5.0, 1e-12));
    QVERIFY(near(ref.perElement.at("F"), -655.0, 1e-12));
    QVERIFY(ref.residualRms < 1e-10);
    subtractReferenceEnergies(set, ref, "fit");
    QVERIFY(std::abs(set[3].energy) < 1e-9);
    // Every structure 1:1 NaF: only μ_Na + μ_F is determined.
    QVERIFY_EXCEPTION_THROWN(fitReferenceEnergies({structure(1, 1, -660), structure(2, 2, -1321)}),
                             InputError);
    const std::string file =
        scratch_.write("ref.txt", "# isolated atoms\nNa -5.19185\nF  -655.31909\n");
    const ReferenceEnergies read = readReferenceEnergies(file);
    QVERIFY(near(read.perElement.at("F"), -655.31909));
    QVERIFY_EXCEPTION_THROWN(readReferenceEnergies(scratch_.write("bad-ref.txt", "Xx 1\n")),
                             InputError);
  }

  void statistics() {
    std::vector<LabelledStructure> set(6);
    for (std::size_t k = 0; k < set.size(); ++k) {
      set[k].source = "s";
      set[k].structure.symbols = {"Na", "F"};
      set[k].structure.positions = {Eigen::Vector3d::Zero(), Eigen::Vector3d::Ones()};
      const double f = k == 4 ? 30.0 : 1.0;  // structure 5 is the outlier
      set[k].structure.forces = {Eigen::Vector3d(f, 0, 0), Eigen::Vector3d(-f, 0, 0)};
      set[k].hasEnergy = k != 2;
      set[k].energy = -2.0 * static_cast<double>(k);
    }
    set[3].structure.forces.clear();
    const DatasetStats st = datasetStats(set, 1.9);
    QCOMPARE(st.structures, std::size_t(6));
    QCOMPARE(st.atomsPerElement.at("F"), std::size_t(6));
    QCOMPARE(st.missingEnergy, (std::vector<std::size_t>{2}));
    QCOMPARE(st.missingForces, (std::vector<std::size_t>{3}));
    QVERIFY(near(st.energyPerAtomMin, -5.0));
    QVERIFY(near(st.energyPerAtomMax, 0.0));
    QVERIFY(near(st.energyPerAtomMean, -2.6));  // (0 − 1 − 3 − 4 − 5)/5 per atom
    QVERIFY(near(st.forceMax, 30.0));
    // RMS over the 30 components of the 5 structures with forces: sqrt((8·1 + 2·900)/30).
    QVERIFY(near(st.forceRms, std::sqrt(1808.0 / 30.0)));
    // Largest |F| per structure: 1, 1, 1, 30, 1 → mean 6.8, σ = sqrt((4·5.8² + 23.2²)/5) = 11.6;
    // structure 5 lies 2.0 σ above the mean.
    QVERIFY(near(st.maxForceMean, 6.8));
    QVERIFY(near(st.maxForceSigma, 11.6));
    QVERIFY(near(st.maxForce[4], 30.0));
    QCOMPARE(datasetStats(set, 1.9).outliers, (std::vector<std::size_t>{4}));
    QVERIFY(datasetStats(set, 2.1).outliers.empty());
  }

  // The project's CP2K labels against the numbers their README states: 80 labels, force RMS
  // 0.83 eV/Å, largest component 15.7 eV/Å, every label with energy, forces and virial.
  void naFLabelsMatchTheirReadme() {
    const QString shared = test::sharedDir();
    const QString path = shared + "/training/NaF/train.xyz";
    if (shared.isEmpty() || !QFile::exists(path))
      QFAIL("../shared/training/NaF/train.xyz is missing");
    const auto set = readExtXyzLabels(path.toStdString(), EnergyKind::Free);
    const DatasetStats st = datasetStats(set);
    QCOMPARE(st.structures, std::size_t(80));
    QCOMPARE(st.withEnergy, std::size_t(80));
    QCOMPARE(st.withVirial, std::size_t(80));
    QCOMPARE(std::round(st.forceRms * 100) / 100, 0.83);
    QCOMPARE(std::round(std::max(-st.forceMin, st.forceMax) * 10) / 10, 15.7);
  }

  void splitAndSample() {
    const auto test = testIndices(10, 0.3, 1);
    QCOMPARE(test.size(), std::size_t(3));
    QCOMPARE(testIndices(10, 0.3, 1), test);  // deterministic
    QVERIFY(testIndices(10, 0.3, 2) != test || testIndices(10, 0.3, 3) != test);
    QCOMPARE(testIndices(3, 0.01, 5).size(), std::size_t(1));
    QVERIFY_EXCEPTION_THROWN(testIndices(1, 0.5, 1), InputError);
    // 1-D points 0, 1, 10, 11, 5: centroid 5.4, farthest 11; then 0; then 5 (distance 5).
    const std::vector<std::vector<double>> points = {{0}, {1}, {10}, {11}, {5}};
    QCOMPARE(farthestPointSample(points, 3), (std::vector<std::size_t>{3, 0, 4}));
    // Identical points are never chosen twice.
    QCOMPARE(farthestPointSample({{1}, {1}, {1}}, 3).size(), std::size_t(3));
    QCOMPARE(farthestPointSample({{1}, {1}, {1}}, 3), (std::vector<std::size_t>{0, 1, 2}));
  }
};

QTEST_GUILESS_MAIN(TestDataset)
#include "TestDataset.moc"
