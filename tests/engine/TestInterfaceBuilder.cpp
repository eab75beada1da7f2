// The interface builder end to end: counts follow the molarity/density/volume arithmetic done
// here by hand; every distance guarantee holds on the built structures (checked by brute force
// over all pairs and periodic images); the slab has the bcc lattice and layer spacing; the seed
// fixes the result; every impossible request fails with its message; cancellation works.
#include <QtTest>
#include <atomic>
#include <cmath>

#include "TestSupport.hpp"
#include "builder/InterfaceBuilder.hpp"
#include "builder/Molecule.hpp"
#include "core/Error.hpp"

using namespace sei;

namespace {

constexpr double kNa = 6.02214076e23;  // 1/mol

Recipe ecOnNa100(int repeats = 4, double thickness = 30.0) {
  Recipe r;
  RecipeElectrode e;
  e.slab.repeatsA = e.slab.repeatsB = repeats;
  e.slab.layers = 6;
  r.electrode = e;
  r.electrolyte.solvents = {{{"EC", ""}, 1.0, 0.0}};
  r.electrolyte.salt = RecipeSalt{};
  r.electrolyte.thickness = thickness;
  r.seed = 7;
  return r;
}

double molarMass(const std::string& name) { return shippedMolecule(name, SEI_RESOURCE_DIR).mass(); }

int countOf(const BuildReport& r, const std::string& name) {
  for (const auto& s : r.species)
    if (s.name == name) return s.count;
  return -1;
}

/// Minimum-image distance vector in an orthorhombic cell periodic in x, y, z.
Eigen::Vector3d minimumImage(Eigen::Vector3d d, const Eigen::Vector3d& box) {
  for (int k = 0; k < 3; ++k) d[k] -= box[k] * std::round(d[k] / box[k]);
  return d;
}

struct Distances {
  double intermolecular = 1e300, liquidMetal = 1e300, ionCentres = 1e300;
};

/// All pairs, all nearest images: closest atoms of different molecules, liquid–metal, and ion
/// centres (centroids of molecules with a net charge, unwrapped from their first atom).
Distances bruteForce(const BuiltInterface& b, const std::vector<int>& charge) {
  const Structure& s = b.structure;
  const Eigen::Vector3d box = s.cell.matrix().diagonal();
  Distances d;
  for (std::size_t i = 0; i < s.size(); ++i)
    for (std::size_t j = i + 1; j < s.size(); ++j) {
      const int mi = b.moleculeOf[i], mj = b.moleculeOf[j];
      if (mi == mj) continue;
      const double r = minimumImage(s.positions[j] - s.positions[i], box).norm();
      if (mi >= 0 && mj >= 0) d.intermolecular = std::min(d.intermolecular, r);
      if ((mi < 0) != (mj < 0)) d.liquidMetal = std::min(d.liquidMetal, r);
    }
  std::vector<Eigen::Vector3d> sum(charge.size(), Eigen::Vector3d::Zero()), first(charge.size());
  std::vector<int> n(charge.size(), 0);
  for (std::size_t i = 0; i < s.size(); ++i) {
    const int m = b.moleculeOf[i];
    if (m < 0) continue;
    if (n[m]++ == 0) first[m] = s.positions[i];
    sum[m] += minimumImage(s.positions[i] - first[m], box);
  }
  for (std::size_t a = 0; a < charge.size(); ++a)
    for (std::size_t c = a + 1; c < charge.size(); ++c)
      if (charge[a] != 0 && charge[c] != 0) {
        const Eigen::Vector3d ca = first[a] + sum[a] / n[a], cc = first[c] + sum[c] / n[c];
        d.ionCentres = std::min(d.ionCentres, minimumImage(cc - ca, box).norm());
      }
  return d;
}

/// Net charge of each molecule: the builder orders molecules as its report lists species.
std::vector<int> moleculeCharges(const BuildReport& r) {
  std::vector<int> q;
  for (const auto& s : r.species)
    q.insert(q.end(), s.count, s.role == "cation" ? 1 : s.role == "anion" ? -1 : 0);
  return q;
}

}  // namespace

class TestInterfaceBuilder : public QObject {
  Q_OBJECT

 private slots:
  // n_EC = round(A t ρ N_A / M), n_salt = round(c A t N_A / 10^27), by hand.
  void countsFollowTheArithmetic_data() {
    QTest::addColumn<QString>("solvent");
    QTest::addColumn<double>("density");  // g/cm³, tabulated
    QTest::addColumn<double>("molarity");
    QTest::addColumn<double>("thickness");
    QTest::newRow("1 M NaPF6 in EC") << "EC" << 1.321 << 1.0 << 30.0;
    QTest::newRow("1 M NaPF6 in DME") << "DME" << 0.86 << 1.0 << 34.0;
    QTest::newRow("0.5 M NaPF6 in PC") << "PC" << 1.200 << 0.5 << 40.0;
    QTest::newRow("2 M NaPF6 in DMC") << "DMC" << 1.063 << 2.0 << 25.0;
  }
  void countsFollowTheArithmetic() {
    QFETCH(QString, solvent);
    QFETCH(double, density);
    QFETCH(double, molarity);
    QFETCH(double, thickness);
    Recipe r = ecOnNa100(4, thickness);
    r.electrolyte.solvents[0].molecule.name = solvent.toStdString();
    r.electrolyte.salt->molarity = molarity;
    const BuiltInterface b = buildInterface(r, SEI_RESOURCE_DIR);
    const double area = std::pow(4 * 4.29, 2), volume = area * thickness;  // Å², Å³
    const int solventCount = static_cast<int>(
        std::lround(volume * density * kNa / molarMass(solvent.toStdString()) / 1e24));
    const int saltCount = static_cast<int>(std::lround(molarity * volume / 1e27 * kNa));
    QCOMPARE(countOf(b.report, solvent.toStdString()), solventCount);
    QCOMPARE(countOf(b.report, "Na"), saltCount);
    QCOMPARE(countOf(b.report, "PF6"), saltCount);
    QVERIFY(std::abs(b.report.molarityReached - saltCount / kNa / (volume / 1e27)) < 1e-9);
    QVERIFY(std::abs(b.report.liquidVolume - volume) < 1e-6);
    // Atoms per element: 96 metal Na, the salt's Na+, 6 F and 1 P per PF6-.
    QCOMPARE(b.report.atomsPerElement.at("Na"), 96 + saltCount);
    QCOMPARE(b.report.atomsPerElement.at("P"), saltCount);
    QCOMPARE(b.report.atomsPerElement.at("F"), 6 * saltCount);
    QCOMPARE(static_cast<int>(b.structure.size()), b.report.metalAtoms + b.report.liquidAtoms);
  }

  // A 3:7 EC:DMC mixture by volume and by mass, and a measured solution density.
  void mixturesAndSolutionDensity() {
    Recipe r = ecOnNa100(4, 30.0);
    r.electrolyte.solvents = {{{"EC", ""}, 3.0, 0.0}, {{"DMC", ""}, 7.0, 0.0}};
    const double volume = std::pow(4 * 4.29, 2) * 30.0;
    const double mEc = molarMass("EC"), mDmc = molarMass("DMC");
    BuiltInterface b = buildInterface(r, SEI_RESOURCE_DIR);
    QCOMPARE(countOf(b.report, "EC"), int(std::lround(0.3 * volume * 1.321 * kNa / mEc / 1e24)));
    QCOMPARE(countOf(b.report, "DMC"), int(std::lround(0.7 * volume * 1.063 * kNa / mDmc / 1e24)));
    // Mass fractions 3:7 become volume fractions through the pure densities.
    r.electrolyte.fractions = FractionKind::Mass;
    b = buildInterface(r, SEI_RESOURCE_DIR);
    const double vEc = 0.3 / 1.321, vDmc = 0.7 / 1.063;  // cm³ per g of mixture
    const double phiEc = vEc / (vEc + vDmc);
    QCOMPARE(countOf(b.report, "EC"), int(std::lround(phiEc * volume * 1.321 * kNa / mEc / 1e24)));
    // With ρ = 1.40 g/cm³ measured for the solution, the solvents take ρV minus the salt's mass.
    r.electrolyte.fractions = FractionKind::Volume;
    r.electrolyte.density = 1.40;
    b = buildInterface(r, SEI_RESOURCE_DIR);
    const int salt = static_cast<int>(std::lround(volume / 1e27 * kNa));
    const double saltGrams = salt * (molarMass("Na") + molarMass("PF6")) / kNa;
    const double solventGrams = 1.40 * volume / 1e24 - saltGrams;
    const double wEc = 0.3 * 1.321 / (0.3 * 1.321 + 0.7 * 1.063);
    QCOMPARE(countOf(b.report, "EC"), int(std::lround(wEc * solventGrams * kNa / mEc)));
    QCOMPARE(countOf(b.report, "DMC"), int(std::lround((1 - wEc) * solventGrams * kNa / mDmc)));
    QVERIFY(std::abs(b.report.liquidDensity - 1.40) < 0.01);
  }

  // A given number of solvent molecules fixes the volume, hence the thickness and the salt.
  void solventMoleculeCount() {
    Recipe r = ecOnNa100(4, 0.0);
    r.electrolyte.solventMolecules = 90;
    const BuiltInterface b = buildInterface(r, SEI_RESOURCE_DIR);
    QCOMPARE(countOf(b.report, "EC"), 90);
    const double volume = 90 * molarMass("EC") / kNa / 1.321 * 1e24;
    QVERIFY(std::abs(b.report.liquidVolume - volume) < 1e-6);
    QVERIFY(std::abs(b.report.liquidThickness - volume / std::pow(4 * 4.29, 2)) < 1e-9);
    QCOMPARE(countOf(b.report, "Na"), int(std::lround(volume / 1e27 * kNa)));
  }

  // Every guarantee on one built interface, by brute force over all pairs.
  void distanceGuaranteesHold() {
    Recipe r = ecOnNa100(4, 30.0);
    r.packing.ionDistance = 5.0;
    r.packing.metalTolerance = 2.2;
    const BuiltInterface b = buildInterface(r, SEI_RESOURCE_DIR);
    const Distances d = bruteForce(b, moleculeCharges(b.report));
    QVERIFY2(d.intermolecular >= 2.0 - 1e-9, qPrintable(QString::number(d.intermolecular)));
    QVERIFY2(d.liquidMetal >= 2.2 - 1e-9, qPrintable(QString::number(d.liquidMetal)));
    QVERIFY2(d.ionCentres >= 5.0 - 1e-9, qPrintable(QString::number(d.ionCentres)));
    // The report measured the same (with an independent neighbour list).
    QVERIFY(std::abs(b.report.closestIntermolecular - d.intermolecular) < 1e-9);
    QVERIFY(std::abs(b.report.closestToMetal - d.liquidMetal) < 1e-9);
    QVERIFY(std::abs(b.report.closestIonPair - d.ionCentres) < 1e-9);
    // Liquid atoms stay in their z range: at least the gap above the top metal layer and below
    // the bottom layer's periodic image.
    for (std::size_t i = 0; i < b.structure.size(); ++i)
      if (b.moleculeOf[i] >= 0) {
        const double z = b.structure.positions[i].z();
        QVERIFY(z >= b.report.metalTop + r.gap - 1e-9);
        QVERIFY(z <= b.report.liquidTop + 1e-9);
      }
    QCOMPARE(b.report.netCharge, 0);
  }

  // bcc Na(100): a×a surface cell, layers a/2 apart, 8 neighbours at a√3/2 inside the slab;
  // with both faces wetted Lz = (layers − 1) a/2 + 2 gap + t − tolerance.
  void slabLatticeAndCell() {
    Recipe r = ecOnNa100(4, 30.0);
    r.electrode->slab.latticeConstant = 4.23;
    const BuiltInterface b = buildInterface(r, SEI_RESOURCE_DIR);
    const double a = 4.23;
    QVERIFY(std::abs(b.report.cellLengths.x() - 4 * a) < 1e-12);
    QVERIFY(std::abs(b.report.cellLengths.z() - (5 * a / 2 + 2 * 2.5 + 30.0 - 2.0)) < 1e-9);
    std::vector<double> z;
    for (std::size_t i = 0; i < b.structure.size(); ++i)
      if (b.moleculeOf[i] < 0) z.push_back(b.structure.positions[i].z());
    QCOMPARE(z.size(), std::size_t(6 * 16));
    std::sort(z.begin(), z.end());
    z.erase(std::unique(z.begin(), z.end(), [](double p, double q) { return q - p < 1e-6; }),
            z.end());
    QCOMPARE(z.size(), std::size_t(6));
    for (std::size_t l = 1; l < z.size(); ++l) QVERIFY(std::abs(z[l] - z[l - 1] - a / 2) < 1e-9);
  }

  // One face wetted: vacuum above the liquid, Lz = (layers − 1) a/2 + gap − tol/2 + t + vacuum.
  void oneFaceWithVacuum() {
    Recipe r = ecOnNa100(4, 30.0);
    r.electrode->faces = WettedFaces::One;
    r.vacuum = 15.0;
    const BuiltInterface b = buildInterface(r, SEI_RESOURCE_DIR);
    QVERIFY(std::abs(b.report.cellLengths.z() - (5 * 4.29 / 2 + 2.5 - 1.0 + 30.0 + 15.0)) < 1e-9);
    for (std::size_t i = 0; i < b.structure.size(); ++i)
      if (b.moleculeOf[i] >= 0) QVERIFY(b.structure.positions[i].z() <= b.report.liquidTop + 1e-9);
  }

  // A bulk liquid is periodic in z too: the guarantees hold across every boundary.
  void bulkLiquidIsPeriodic() {
    Recipe r;
    r.electrolyte.solvents = {{{"DMC", ""}, 1.0, 0.0}};
    r.electrolyte.salt = RecipeSalt{};
    r.electrolyte.thickness = 20.0;
    r.electrolyte.lateralSize = {20.0, 20.0};
    r.packing.ionDistance = 5.0;
    const BuiltInterface b = buildInterface(r, SEI_RESOURCE_DIR);
    QVERIFY(std::abs(b.report.cellLengths.z() - 20.0) < 1e-12);
    QCOMPARE(b.report.metalAtoms, 0);
    const Distances d = bruteForce(b, moleculeCharges(b.report));
    QVERIFY2(d.intermolecular >= 2.0 - 1e-9, qPrintable(QString::number(d.intermolecular)));
    QVERIFY2(d.ionCentres >= 5.0 - 1e-9, qPrintable(QString::number(d.ionCentres)));
  }

  // A divalent cation from SMILES pairs with two PF6-: the system is neutral.
  void saltStoichiometryFromCharges() {
    Recipe r = ecOnNa100(4, 30.0);
    r.electrolyte.salt->cation = {"Mg", "[Mg+2]"};
    const BuiltInterface b = buildInterface(r, SEI_RESOURCE_DIR);
    const int mg = countOf(b.report, "Mg"), pf6 = countOf(b.report, "PF6");
    QVERIFY(mg > 0);
    QCOMPARE(pf6, 2 * mg);
    QCOMPARE(b.report.atomsPerElement.at("Mg"), mg);
  }

  void seedFixesTheResult() {
    Recipe r = ecOnNa100(4, 20.0);
    const BuiltInterface a = buildInterface(r, SEI_RESOURCE_DIR);
    const BuiltInterface b = buildInterface(r, SEI_RESOURCE_DIR);
    r.seed = 8;
    const BuiltInterface c = buildInterface(r, SEI_RESOURCE_DIR);
    QVERIFY(a.structure.positions == b.structure.positions);
    QVERIFY(a.structure.symbols == c.structure.symbols);
    QVERIFY(!(a.structure.positions == c.structure.positions));
  }

  void cancelStopsTheBuild() {
    std::atomic<bool> cancel{false};
    BuildControl control;
    control.cancel = &cancel;
    int calls = 0;
    control.progress = [&](const std::string& stage, double) {
      if (stage == "packing" && ++calls == 3) cancel = true;
    };
    QVERIFY_THROWS_EXCEPTION(BuildCancelled,
                             buildInterface(ecOnNa100(6, 40.0), SEI_RESOURCE_DIR, control));
    QCOMPARE(calls, 3);
  }

  void impossibleRequestsFail_data() {
    QTest::addColumn<int>("scenario");
    QTest::addColumn<QString>("message");
    QTest::newRow("vacuum with both faces wetted") << 0 << "recipe vacuum: with both faces";
    QTest::newRow("one face without vacuum") << 1 << "one wetted face needs a vacuum";
    QTest::newRow("density too high") << 2 << "could not pack";
    QTest::newRow("molecule larger than the box") << 3 << "larger than the liquid region";
    QTest::newRow("box too small for the molarity") << 4 << "less than half a salt unit";
    QTest::newRow("liquid too thin") << 5 << "too small to hold one molecule of 'EC'";
    QTest::newRow("unknown molecule") << 6 << "unknown molecule XYZ";
    QTest::newRow("anion given as cation") << 7 << "expected a cation";
    QTest::newRow("charged solvent") << 8 << "solvent 'PF6' carries a net charge";
    QTest::newRow("charged additive") << 9 << "net charge of 2 e";
    QTest::newRow("no lateral size without electrode") << 10 << "needs its lateral size";
    QTest::newRow("thickness and molecule count") << 11 << "exactly one of them";
    QTest::newRow("unknown electrode element") << 12 << "unknown element 'Xx'";
    QTest::newRow("salt heavier than the solution") << 13 << "more than the solution density";
    QTest::newRow("ions too far apart to fit") << 14 << "between ions";
  }
  void impossibleRequestsFail() {
    QFETCH(int, scenario);
    QFETCH(QString, message);
    Recipe r = ecOnNa100(4, 30.0);
    r.packing.maxSweeps = 300;
    switch (scenario) {
      case 0:
        r.vacuum = 10.0;
        break;
      case 1:
        r.electrode->faces = WettedFaces::One;
        break;
      case 2:
        r.electrolyte.density = 2.4;
        break;
      case 3:
        r.electrode->slab.repeatsA = r.electrode->slab.repeatsB = 2;
        r.electrolyte.solvents[0].molecule.name = "G2";
        break;
      case 4:
        r.electrolyte.salt->molarity = 0.01;
        r.electrolyte.thickness = 10.0;
        break;
      case 5:
        r.electrolyte.thickness = 0.1;
        break;
      case 6:
        r.electrolyte.solvents[0].molecule.name = "XYZ";
        break;
      case 7:
        std::swap(r.electrolyte.salt->cation, r.electrolyte.salt->anion);
        break;
      case 8:
        r.electrolyte.solvents[0].molecule.name = "PF6";
        break;
      case 9:
        r.electrolyte.additives = {{"Na", ""}};
        r.electrolyte.additiveCounts = {2};
        break;
      case 10:
        r.electrode.reset();
        break;
      case 11:
        r.electrolyte.solventMolecules = 50;
        break;
      case 12:
        r.electrode->slab.element = "Xx";
        break;
      case 13:
        r.electrolyte.density = 0.5;
        r.electrolyte.salt->molarity = 4.0;
        break;
      case 14:
        r.packing.ionDistance = 15.0;
        break;
    }
    try {
      buildInterface(r, SEI_RESOURCE_DIR);
      QFAIL("impossible request accepted");
    } catch (const InputError& e) {
      QVERIFY2(QString(e.what()).contains(message), e.what());
      QVERIFY(!QString(e.what()).contains('\n'));
    }
  }
};

QTEST_APPLESS_MAIN(TestInterfaceBuilder)
#include "TestInterfaceBuilder.moc"
