// Packing electrolyte molecules: the distance guarantees hold on every built structure (checked
// by brute force), the metal is kept clear, impossible requests fail with a message, and the
// seed fixes the result.
#include <QtTest>

#include "TestSupport.hpp"
#include "builder/Composition.hpp"
#include "builder/MetalSlab.hpp"
#include "builder/Packer.hpp"
#include "core/Error.hpp"

using namespace sei;

namespace {

struct Liquid {
  std::vector<Molecule> species;
  std::vector<int> counts;
};

/// 1 M NaPF6 in EC at its liquid density filling side × side × height Å.
Liquid ecElectrolyte(double side, double height, double densityScale = 1.0) {
  const std::string res = SEI_RESOURCE_DIR;
  const Molecule ec = shippedMolecule("EC", res), na = shippedMolecule("Na", res),
                 pf6 = shippedMolecule("PF6", res);
  CompositionRequest r;
  r.solvents = {{"EC", 1.0, 1.321 * densityScale, ec.mass()}};
  r.molarity = 1.0;
  r.saltMolarMass = na.mass() + pf6.mass();
  r.volume = side * side * height;
  const Composition c = computeComposition(r);
  return {{ec, na, pf6}, {c.solventCounts[0], c.saltCount, c.saltCount}};
}

/// Smallest distance between atoms of different molecules (minimum image in x and y).
double closestContact(const PackedAtoms& p, const PackingRegion& r) {
  double best = 1e300;
  for (std::size_t i = 0; i < p.positions.size(); ++i)
    for (std::size_t j = i + 1; j < p.positions.size(); ++j) {
      if (p.molecule[i] == p.molecule[j]) continue;
      Eigen::Vector3d d = p.positions[j] - p.positions[i];
      d.x() -= r.lengthX * std::round(d.x() / r.lengthX);
      d.y() -= r.lengthY * std::round(d.y() / r.lengthY);
      best = std::min(best, d.norm());
    }
  return best;
}

}  // namespace

class TestPacker : public QObject {
  Q_OBJECT

 private slots:
  // EC at its full liquid density with 1 M salt: every intermolecular distance ≥ 2.0 Å.
  void liquidDensityKeepsTolerance() {
    const Liquid l = ecElectrolyte(25.0, 25.0);
    const PackingRegion region{25.0, 25.0, 0.0, 25.0};
    const PackedAtoms p = packMolecules(l.species, l.counts, region, {}, {});
    QCOMPARE(p.positions.size(), std::size_t(l.counts[0] * 10 + l.counts[1] + 7 * l.counts[2]));
    QVERIFY(closestContact(p, region) >= 2.0);
    for (const auto& r : p.positions) {
      QVERIFY(r.z() >= 0.0 && r.z() <= 25.0);
      QVERIFY(r.x() >= 0.0 && r.x() < 25.0 && r.y() >= 0.0 && r.y() < 25.0);
    }
  }

  // Liquid on a Na(100) slab: no liquid atom within the metal tolerance of a metal atom.
  void keepsClearOfTheMetal() {
    SlabSpec spec;
    spec.repeatsA = spec.repeatsB = 6;  // 25.74 Å
    spec.layers = 4;
    const Slab slab = buildMetalSlab(spec);
    const double side = slab.lateral.x();
    // 90 % of the bulk density: next to the two walls molecules cannot reach the edge, which
    // a 15 Å film feels (the recipe's gap will account for this).
    const Liquid l = ecElectrolyte(side, 15.0, 0.9);
    const PackingRegion region{side, side, slab.top + 2.5, slab.top + 17.5};  // gap = tolerance
    PackingSpec packing;
    packing.fixedTolerance = 2.5;
    PackedAtoms p;
    try {
      p = packMolecules(l.species, l.counts, region, slab.structure.positions, packing);
    } catch (const std::exception& e) {
      QFAIL(e.what());
    }
    double closest = 1e300;
    for (const auto& r : p.positions)
      for (const auto& m : slab.structure.positions) {
        Eigen::Vector3d d = r - m;
        d.x() -= side * std::round(d.x() / side);
        d.y() -= side * std::round(d.y() / side);
        closest = std::min(closest, d.norm());
      }
    QVERIFY2(closest >= 2.5,
             qPrintable(QString("closest liquid–metal distance %1 Å").arg(closest)));
  }

  void seedFixesTheResult() {
    const Liquid l = ecElectrolyte(20.0, 20.0, 0.9);
    const PackingRegion region{20.0, 20.0, 0.0, 20.0};
    PackingSpec spec;
    const PackedAtoms a = packMolecules(l.species, l.counts, region, {}, spec);
    const PackedAtoms b = packMolecules(l.species, l.counts, region, {}, spec);
    spec.seed = 2;
    const PackedAtoms c = packMolecules(l.species, l.counts, region, {}, spec);
    QVERIFY(a.positions == b.positions);
    QVERIFY(!(a.positions == c.positions));
  }

  void impossibleRequestsFail_data() {
    QTest::addColumn<int>("scenario");
    QTest::addColumn<QString>("message");
    QTest::newRow("density 1.6 × liquid") << 0 << "could not pack";
    QTest::newRow("molecule larger than region") << 1 << "larger than the liquid region";
    QTest::newRow("empty region") << 2 << "region is empty";
  }
  void impossibleRequestsFail() {
    QFETCH(int, scenario);
    QFETCH(QString, message);
    Liquid l = ecElectrolyte(20.0, 20.0, scenario == 0 ? 1.6 : 1.0);
    PackingRegion region{20.0, 20.0, 0.0, 20.0};
    if (scenario == 1) region.zMax = 3.0;
    if (scenario == 2) region.zMax = region.zMin;
    PackingSpec spec;
    spec.maxSweeps = 60;
    try {
      packMolecules(l.species, l.counts, region, {}, spec);
      QFAIL("impossible packing accepted");
    } catch (const InputError& e) {
      QVERIFY2(QString(e.what()).contains(message), e.what());
    }
  }
};

QTEST_APPLESS_MAIN(TestPacker)
#include "TestPacker.moc"
