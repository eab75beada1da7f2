// Molecule counts of the electrolyte from molarity, densities and volume, against the
// arithmetic done by hand; every impossible request gives its error.
#include <QtTest>
#include <cmath>

#include "builder/Composition.hpp"
#include "core/Error.hpp"

using namespace sei;

namespace {
constexpr double kNa = 6.02214076e23;
constexpr double kEcMass = 88.062, kDmeMass = 90.122, kPcMass = 102.089;  // g/mol
constexpr double kNaPF6Mass = 151.954;                                    // g/mol

SolventShare solvent(const char* name, double fraction, double mass) {
  SolventShare s;
  s.name = name;
  s.fraction = fraction;
  s.molarMass = mass;
  return s;
}
}  // namespace

class TestComposition : public QObject {
  Q_OBJECT

 private slots:
  // 1 M NaPF6 in EC, 30 × 30 × 40 Å liquid: V = 3.6e4 Å³ = 3.6e-23 L.
  void molarityInEc() {
    CompositionRequest r;
    r.solvents = {solvent("EC", 1.0, kEcMass)};
    r.molarity = 1.0;
    r.saltMolarMass = kNaPF6Mass;
    r.volume = 30.0 * 30.0 * 40.0;
    const Composition c = computeComposition(r);
    // EC: 1.321 g/cm³ / 88.062 g/mol · N_A = 9.0337e-3 molecules/Å³ → 325.2 → 325.
    QCOMPARE(c.solventCounts[0],
             static_cast<int>(std::lround(1.321 / kEcMass * kNa * 1e-24 * 3.6e4)));
    QCOMPARE(c.solventCounts[0], 325);
    // Salt: 1 mol/L · 3.6e-23 L · N_A = 21.68 → 22.
    QCOMPARE(c.saltCount, 22);
    QVERIFY(std::abs(c.molarity - 22 / (3.6e-23 * kNa)) < 1e-12);
    const double grams = 325 * kEcMass + 22 * kNaPF6Mass;
    QVERIFY(std::abs(c.density - grams / kNa / 3.6e-20) < 1e-12);
  }

  // Mixture by volume: EC:DME 1:1 in the same volume.
  void volumeFractions() {
    CompositionRequest r;
    r.solvents = {solvent("EC", 1.0, kEcMass), solvent("DME", 1.0, kDmeMass)};
    r.saltMolarMass = kNaPF6Mass;
    r.volume = 1e5;
    const Composition c = computeComposition(r);
    QCOMPARE(c.solventCounts[0],
             static_cast<int>(std::lround(0.5e5 * 1.321 / kEcMass * kNa * 1e-24)));
    QCOMPARE(c.solventCounts[1],
             static_cast<int>(std::lround(0.5e5 * 0.86 / kDmeMass * kNa * 1e-24)));
  }

  // Mass fractions 30 % EC / 70 % PC become volume fractions through the densities.
  void massFractions() {
    CompositionRequest r;
    r.solvents = {solvent("EC", 0.3, kEcMass), solvent("PC", 0.7, kPcMass)};
    r.fractions = FractionKind::Mass;
    r.saltMolarMass = kNaPF6Mass;
    r.volume = 2e5;
    const Composition c = computeComposition(r);
    const double vEc = 0.3 / 1.321, vPc = 0.7 / 1.200;
    const double phiEc = vEc / (vEc + vPc);
    QCOMPARE(c.solventCounts[0],
             static_cast<int>(std::lround(phiEc * 2e5 * 1.321 / kEcMass * kNa * 1e-24)));
    QCOMPARE(c.solventCounts[1],
             static_cast<int>(std::lround((1 - phiEc) * 2e5 * 1.2 / kPcMass * kNa * 1e-24)));
    // The mass ratio of what was placed is the requested one, up to rounding of the counts.
    const double mEc = c.solventCounts[0] * kEcMass, mPc = c.solventCounts[1] * kPcMass;
    QVERIFY(std::abs(mEc / (mEc + mPc) - 0.3) < 0.01);
  }

  // Given 200 solvent molecules the volume follows from the densities, and the salt from it.
  void solventMoleculeCount() {
    CompositionRequest r;
    r.solvents = {solvent("EC", 1.0, kEcMass), solvent("DME", 1.0, kDmeMass)};
    r.molarity = 1.0;
    r.saltMolarMass = kNaPF6Mass;
    r.solventMolecules = 201;
    const Composition c = computeComposition(r);
    QCOMPARE(c.solventCounts[0] + c.solventCounts[1], 201);
    const double nEc = 1.321 / kEcMass, nDme = 0.86 / kDmeMass;  // mol/cm³
    QVERIFY(std::abs(c.solventCounts[0] - 201 * nEc / (nEc + nDme)) <= 1.0);
    const double volume = (c.solventCounts[0] / nEc + c.solventCounts[1] / nDme) / kNa * 1e24;
    QVERIFY(std::abs(c.volume / volume - 1.0) < 1e-12);
    QCOMPARE(c.saltCount, static_cast<int>(std::lround(volume * 1e-27 * kNa)));
  }

  void userDensityOverridesTable() {
    CompositionRequest r;
    r.solvents = {solvent("ADDITIVE", 1.0, 100.0)};
    r.solvents[0].density = 1.0;
    r.saltMolarMass = kNaPF6Mass;
    r.molarity = 0.0;
    r.volume = 1e4;
    QCOMPARE(computeComposition(r).solventCounts[0],
             static_cast<int>(std::lround(1e4 * 1.0 / 100.0 * kNa * 1e-24)));
    QCOMPARE(computeComposition(r).saltCount, 0);
  }

  void rejectsImpossibleRequests_data() {
    QTest::addColumn<int>("scenario");
    QTest::addColumn<QString>("message");
    QTest::newRow("no solvent") << 0 << "at least one solvent";
    QTest::newRow("unknown solvent") << 1 << "no tabulated density for solvent 'XYZ'";
    QTest::newRow("volume and count") << 2 << "either the liquid volume";
    QTest::newRow("too small for one salt") << 3 << "less than half a salt unit";
    QTest::newRow("negative molarity") << 4 << "outside 0..20";
    QTest::newRow("zero fraction") << 5 << "expected > 0";
  }
  void rejectsImpossibleRequests() {
    QFETCH(int, scenario);
    QFETCH(QString, message);
    CompositionRequest r;
    r.solvents = {solvent("EC", 1.0, kEcMass)};
    r.saltMolarMass = kNaPF6Mass;
    r.volume = 1e5;
    if (scenario == 0) r.solvents.clear();
    if (scenario == 1) r.solvents[0].name = "XYZ";
    if (scenario == 2) r.solventMolecules = 10;
    if (scenario == 3) r.volume = 500.0;
    if (scenario == 4) r.molarity = -1.0;
    if (scenario == 5) r.solvents[0].fraction = 0.0;
    try {
      computeComposition(r);
      QFAIL("impossible request accepted");
    } catch (const InputError& e) {
      QVERIFY2(QString(e.what()).contains(message), e.what());
    }
  }
};

QTEST_APPLESS_MAIN(TestComposition)
#include "TestComposition.moc"
