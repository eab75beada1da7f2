// Species identification: built molecules and gases are recognised exactly, also packed at
// liquid density; the lifetime filter suppresses vibrations and dates real reactions; salts are
// counted as formula units; metal atoms are told from dissolved ions.
#include <QtTest>
#include <cmath>

#include "AnalysisSupport.hpp"
#include "analysis/Species.hpp"
#include "builder/MetalSlab.hpp"
#include "builder/Packer.hpp"
#include "core/Error.hpp"

using namespace sei;
using namespace sei::analysis;
using sei::test::placeAtom;

namespace {

const double kPi = std::acos(-1.0);

/// Small gas molecules from experimental bond lengths and angles (NIST CCCBDB), Å.
Molecule gas(const std::string& name) {
  Molecule m;
  m.name = name;
  auto add = [&](const char* s, double x, double y, double z) {
    m.symbols.push_back(s);
    m.positions.emplace_back(x, y, z);
  };
  if (name == "H2") {
    add("H", -0.3707, 0, 0);
    add("H", 0.3707, 0, 0);
  } else if (name == "CO") {
    add("C", 0, 0, 0);
    add("O", 1.128, 0, 0);
  } else if (name == "CO2") {
    add("O", -1.160, 0, 0);
    add("C", 0, 0, 0);
    add("O", 1.160, 0, 0);
  } else if (name == "CH4") {
    const double d = 1.087 / std::sqrt(3.0);
    add("C", 0, 0, 0);
    add("H", d, d, d);
    add("H", d, -d, -d);
    add("H", -d, d, -d);
    add("H", -d, -d, d);
  } else if (name == "C2H4") {
    const double t = (180.0 - 121.3) * kPi / 180.0;
    add("C", -0.6695, 0, 0);
    add("C", 0.6695, 0, 0);
    for (int sx : {-1, 1})
      for (int sy : {-1, 1})
        add("H", sx * (0.6695 + 1.087 * std::cos(t)), sy * 1.087 * std::sin(t), 0);
  } else if (name == "C2H6") {
    const double t = (180.0 - 111.2) * kPi / 180.0;
    add("C", -0.7645, 0, 0);
    add("C", 0.7645, 0, 0);
    for (int sx : {-1, 1})
      for (int k = 0; k < 3; ++k) {
        const double phi = (2 * k + (sx > 0 ? 1 : 0)) * kPi / 3.0;
        add("H", sx * (0.7645 + 1.094 * std::cos(t)), 1.094 * std::sin(t) * std::cos(phi),
            1.094 * std::sin(t) * std::sin(phi));
      }
  }
  return m;
}

SpeciesOptions unfiltered() {
  SpeciesOptions o;
  o.lifetime = 1;
  return o;
}

}  // namespace

class TestAnalysisSpecies : public QObject {
  Q_OBJECT

 private slots:
  // Molecules 12 Å apart in a periodic box: each is one unit with its name, nothing else appears.
  void isolatedMoleculesAreNamed() {
    const std::vector<std::string> names = {"EC", "PC", "DMC", "DME", "G2",   "FEC",  "PF6",
                                            "H2", "CO", "CO2", "CH4", "C2H4", "C2H6", "Na"};
    Structure s = test::cubicBox(12.0 * names.size());
    for (std::size_t k = 0; k < names.size(); ++k) {
      const Molecule built = gas(names[k]);
      const Molecule m = built.size() > 0 ? built : test::shipped(names[k]);
      test::placeMolecule(s, m, Eigen::Vector3d(12.0 * k + 6.0, 6.0, 6.0));
    }
    SpeciesTracker tracker(unfiltered());
    const SpeciesFrame& f = tracker.update(Frame(s));
    const std::map<std::string, int> expected = {
        {"EC", 1}, {"PC", 1}, {"DMC", 1}, {"DME", 1}, {"G2", 1},   {"FEC", 1},  {"PF6-", 1},
        {"H2", 1}, {"CO", 1}, {"CO2", 1}, {"CH4", 1}, {"C2H4", 1}, {"C2H6", 1}, {"Na+", 1}};
    QCOMPARE(f.counts, expected);
    QCOMPARE(f.units.size(), names.size());
    QVERIFY(f.events.empty());
  }

  // 1 M NaPF6 in EC/DME packed at liquid density (every intermolecular distance ≥ 2 Å): the
  // units are exactly the packed molecules.
  void packedElectrolyteIsRecognisedExactly() {
    const std::vector<Molecule> species = {test::shipped("EC"), test::shipped("DME"),
                                           test::shipped("Na"), test::shipped("PF6")};
    const std::vector<int> counts = {40, 20, 6, 6};
    const double side = 22.0;
    const PackedAtoms p = packMolecules(species, counts, {side, side, 1.0, side - 1.0}, {}, {});
    Structure s = test::cubicBox(side);
    s.symbols = p.symbols;
    s.positions = p.positions;
    SpeciesTracker tracker(unfiltered());
    const SpeciesFrame& f = tracker.update(Frame(s));
    const std::map<std::string, int> expected = {{"EC", 40}, {"DME", 20}, {"Na+", 6}, {"PF6-", 6}};
    QCOMPARE(f.counts, expected);
    QCOMPARE(f.units.size(), std::size_t(72));
    for (const SpeciesUnit& u : f.units)
      for (int a : u.atoms) QCOMPARE(p.molecule[a], p.molecule[u.atoms.front()]);
  }

  // H2 stretched beyond the cutoff for fewer than `lifetime` frames stays H2 with no event;
  // stretched for longer it breaks once, dated to the first stretched frame.
  void lifetimeFilterSuppressesVibrations() {
    Structure s = test::cubicBox(10.0);
    placeAtom(s, "H", {5.0, 5.0, 5.0});
    placeAtom(s, "H", {5.74, 5.0, 5.0});
    SpeciesOptions options;
    options.lifetime = 3;
    SpeciesTracker tracker(options);
    const std::vector<double> lengths = {0.74, 1.2, 1.1, 0.74, 1.3, 1.4, 1.5, 1.6, 0.74};
    std::vector<BondEvent> events;
    std::vector<int> h2;
    for (std::size_t k = 0; k < lengths.size(); ++k) {
      s.positions[1].x() = 5.0 + lengths[k];
      const SpeciesFrame& f = tracker.update(Frame(s, 100 * static_cast<std::int64_t>(k)));
      events.insert(events.end(), f.events.begin(), f.events.end());
      h2.push_back(f.counts.count("H2") ? f.counts.at("H2") : 0);
    }
    // Frames 1-2 are a vibration; the break starting at frame 4 is confirmed at frame 6.
    QCOMPARE(h2, (std::vector<int>{1, 1, 1, 1, 1, 1, 0, 0, 0}));
    QCOMPARE(events.size(), std::size_t(1));
    QCOMPARE(events[0].formed, false);
    QCOMPARE(events[0].frame, std::size_t(4));
    QCOMPARE(events[0].step, std::int64_t(400));
    QCOMPARE(events[0].atomA, 0);
    QCOMPARE(events[0].atomB, 1);
  }

  // A hand-made rock-salt NaF cluster (d = 2.31 Å) in vacuum: all of it is one salt domain,
  // counted as formula units, one per F.
  void rockSaltClusterCountsFormulaUnits() {
    for (int n : {2, 3, 4}) {
      Structure s = test::cubicBox(40.0);
      test::placeRockSalt(s, "Na", "F", n, 2.31, Eigen::Vector3d::Constant(20.0));
      const int fluorides = (n * n * n) / 2;
      SpeciesTracker tracker(unfiltered());
      const SpeciesFrame& f = tracker.update(Frame(s));
      QCOMPARE(f.counts, (std::map<std::string, int>{{"NaF", fluorides}}));
      QCOMPARE(f.units.size(), std::size_t(1));
      QCOMPARE(f.units[0].kind, UnitKind::Salt);
      QCOMPARE(f.largestSaltDomain, fluorides);
    }
  }

  // Na2O and carbonate: Na2CO3 counted per CO3, Na2O per O, MgF2 per two F; a lone F far from
  // any metal is the molecule F-.
  void otherSaltsAndFreeAnions() {
    Structure s = test::cubicBox(30.0);
    const Eigen::Vector3d c(10.0, 10.0, 10.0);
    placeAtom(s, "C", c);
    for (int k = 0; k < 3; ++k) {
      const double phi = 2.0 * kPi * k / 3.0;
      const Eigen::Vector3d o = c + 1.28 * Eigen::Vector3d(std::cos(phi), std::sin(phi), 0.0);
      placeAtom(s, "O", o);
      placeAtom(s, "Na", c + 3.3 * Eigen::Vector3d(std::cos(phi), std::sin(phi), 0.0));
    }
    placeAtom(s, "O", {20.0, 20.0, 20.0});
    placeAtom(s, "Na", {22.4, 20.0, 20.0});
    placeAtom(s, "Na", {17.6, 20.0, 20.0});
    placeAtom(s, "F", {5.0, 25.0, 25.0});
    // A divalent metal: MgF2 has two F per formula unit.
    placeAtom(s, "Mg", {25.0, 5.0, 5.0});
    placeAtom(s, "F", {26.9, 5.0, 5.0});
    placeAtom(s, "F", {23.1, 5.0, 5.0});
    SpeciesTracker tracker(unfiltered());
    const SpeciesFrame& f = tracker.update(Frame(s));
    QCOMPARE(f.counts,
             (std::map<std::string, int>{{"Na2CO3", 1}, {"Na2O", 1}, {"F-", 1}, {"MgF2", 1}}));
  }

  // A bcc Na slab with vacuum is all metal; Na+ ions beside it and a NaF layer on it are not.
  void metalIsToldFromIonsAndSalt() {
    SlabSpec spec;
    spec.repeatsA = spec.repeatsB = 4;
    spec.layers = 6;
    Slab slab = buildMetalSlab(spec);
    Structure s = slab.structure;
    Eigen::Matrix3d h = s.cell.matrix();
    h(2, 2) += 30.0;
    s.cell = Cell(h);
    const std::size_t metal = s.size();
    placeAtom(s, "Na", {2.0, 2.0, slab.top + 15.0});  // a lone ion in the "liquid"
    // A 2 × 2 × 2 NaF seed whose lowest F sit 2.4 Å above the surface.
    test::placeRockSalt(s, "Na", "F", 2, 2.31, {6.0, 6.0, slab.top + 2.4 + 1.155});
    SpeciesTracker tracker(unfiltered());
    const SpeciesFrame& f = tracker.update(Frame(s));
    QCOMPARE(f.counts,
             (std::map<std::string, int>{{"Na(metal)", int(metal)}, {"Na+", 1}, {"NaF", 4}}));
    QCOMPARE(f.units.size(), std::size_t(3));
  }

  // The studio's path: a Snapshot with shared symbols and charges is read like a Structure.
  void snapshotsAreFrames() {
    Structure s = test::cubicBox(15.0);
    test::placeMolecule(s, test::shipped("EC"), {7.0, 7.0, 7.0});
    test::placeAtom(s, "Na", {7.0, 7.0, 11.5});
    Snapshot snap;
    snap.step = 42;
    snap.time = 21.0;
    snap.symbols = std::make_shared<const std::vector<std::string>>(s.symbols);
    snap.positions = s.positions;
    snap.charges.assign(s.size(), 0.0);
    snap.cell = s.cell;
    const Frame frame(snap);
    QVERIFY(frame.hasCharges());
    QCOMPARE(frame.step(), std::int64_t(42));
    SpeciesTracker tracker(unfiltered());
    const SpeciesFrame& f = tracker.update(frame);
    QCOMPARE(f.counts, (std::map<std::string, int>{{"EC", 1}, {"Na+", 1}}));
    QCOMPARE(f.time, 21.0);
    snap.symbols.reset();
    QVERIFY_THROWS_EXCEPTION(InputError, Frame{snap});
  }

  void badOverridesAreRejected() {
    BondCriteria b;
    b.applyOverrides("Na-O:2.9,C-H:1.3", "--bonds");
    QCOMPARE(b.cutoff(8, 11), 2.9);
    QCOMPARE(b.cutoff(1, 6), 1.3);
    QCOMPARE(b.cutoff(6, 6), 1.2 * 2 * 0.76);
    for (const char* bad : {"Na-O", "Xx-O:2", "Na-O:-1", "NaO:2", "Na-O:abc"}) {
      try {
        b.applyOverrides(bad, "--bonds");
        QFAIL(bad);
      } catch (const InputError& e) {
        QVERIFY(QString(e.what()).contains("--bonds"));
      }
    }
  }
};

QTEST_APPLESS_MAIN(TestAnalysisSpecies)
#include "TestAnalysisSpecies.moc"
