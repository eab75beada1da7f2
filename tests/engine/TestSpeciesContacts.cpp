// What the studio reads from a species update: the contact graph (drawn as bonds, listed for a
// picked atom) equals a brute-force search over periodic images and is filtered like the species;
// an atom's neighbours keep their distances across the cell boundary; the labels species are
// coloured by.
#include <QtTest>
#include <cmath>
#include <set>
#include <tuple>

#include "AnalysisSupport.hpp"
#include "analysis/Contacts.hpp"
#include "analysis/Species.hpp"
#include "core/Elements.hpp"

using namespace sei;
using namespace sei::analysis;

namespace {

using ContactSet = std::set<std::tuple<int, int, ContactKind>>;

/// Every pair closer than its BondCriteria cutoff in any of the 27 neighbouring images.
ContactSet bruteForce(const Structure& s, const BondCriteria& criteria) {
  ContactSet out;
  const Eigen::Matrix3d& h = s.cell.matrix();
  for (std::size_t i = 0; i < s.size(); ++i)
    for (std::size_t j = i + 1; j < s.size(); ++j) {
      const int zi = atomicNumber(s.symbols[i]), zj = atomicNumber(s.symbols[j]);
      double best = 1e300;
      for (int a = -1; a <= 1; ++a)
        for (int b = -1; b <= 1; ++b)
          for (int c = -1; c <= 1; ++c)
            best = std::min(
                best, (s.positions[j] + h * Eigen::Vector3d(a, b, c) - s.positions[i]).norm());
      if (best < criteria.cutoff(zi, zj)) out.insert({int(i), int(j), criteria.kind(zi, zj)});
    }
  return out;
}

ContactSet asSet(const std::vector<Contact>& contacts) {
  ContactSet out;
  for (const Contact& c : contacts) out.insert({c.a, c.b, c.kind});
  return out;
}

/// Moves every atom into the cell, so that molecules placed across a face are cut by it.
void wrap(Structure& s) {
  for (auto& r : s.positions) {
    Eigen::Vector3d f = s.cell.toFractional(r);
    for (int k = 0; k < 3; ++k) f[k] -= std::floor(f[k]);
    r = s.cell.toCartesian(f);
  }
}

}  // namespace

class TestSpeciesContacts : public QObject {
  Q_OBJECT

 private slots:
  void nearestImageRoundsPeriodicDirections() {
    const Cell cell(Eigen::Matrix3d::Identity() * 10.0, {true, true, false});
    const Eigen::Vector3d d = nearestImage(cell, {9.0, -6.0, 8.0});
    QVERIFY((d - Eigen::Vector3d(-1.0, 4.0, 8.0)).norm() < 1e-12);  // z is not periodic
    QVERIFY((nearestImage(Cell(), {9.0, -6.0, 8.0}) - Eigen::Vector3d(9.0, -6.0, 8.0)).norm() <
            1e-12);
  }

  // A Na slab with EC, a water cut by the x face, a Na+ and F- near the surface: the contact
  // graph is the brute-force one, kinds included.
  void contactsAreTheBruteForceGraph() {
    double top = 0.0;
    Structure s = test::naSlab(3, 4, 20.0, &top);
    const std::size_t metal = s.size();
    const double lx = s.cell.matrix()(0, 0), ly = s.cell.matrix()(1, 1);
    test::placeMolecule(s, test::shipped("EC"), {0.5 * lx, 0.5 * ly, top + 6.0});
    test::placeMolecule(s, test::shipped("H2O"), {0.1, 0.5 * ly, top + 11.0});
    test::placeAtom(s, "Na", {0.5 * lx, 0.2 * ly, top + 14.0});
    test::placeAtom(s, "F", {0.2 * lx, 0.2 * ly, top + 2.0});
    wrap(s);
    SpeciesTracker tracker(SpeciesOptions{{}, 1});  // lifetime 1: no filter
    const SpeciesFrame& f = tracker.update(Frame(s));
    const ContactSet expected = bruteForce(s, tracker.options().bonds);
    QCOMPARE(asSet(f.contacts), expected);
    QCOMPARE(f.contacts.size(), expected.size());
    QVERIFY(std::is_sorted(f.contacts.begin(), f.contacts.end(),
                           [](const Contact& x, const Contact& y) {
                             return std::make_pair(x.a, x.b) < std::make_pair(y.a, y.b);
                           }));
    int covalent = 0, metallic = 0;
    for (const Contact& c : f.contacts) {
      covalent += c.kind == ContactKind::Covalent;
      metallic += c.kind == ContactKind::Metallic;
    }
    QCOMPARE(covalent, 10 + 2);          // EC: 5 ring bonds, C=O, 4 C–H; water: 2 O–H
    QVERIFY(metallic > int(metal) * 2);  // ≥ 4 in-plane neighbours per atom
  }

  // Water cut by the x = 0 face: its O sees its two H at the template's bond lengths.
  void neighboursAcrossTheBoundary() {
    Structure s = test::cubicBox(12.0);
    const Molecule water = test::shipped("H2O");
    test::placeMolecule(s, water, {0.05, 6.0, 6.0});
    test::placeMolecule(s, test::shipped("EC"), {6.0, 6.0, 6.0});
    wrap(s);
    const int oxygen =
        int(std::find(water.symbols.begin(), water.symbols.end(), "O") - water.symbols.begin());
    SpeciesTracker tracker(SpeciesOptions{{}, 1});  // lifetime 1: no filter
    const SpeciesFrame& f = tracker.update(Frame(s));
    const std::vector<Neighbor> n = neighborsOf(f, oxygen, s.positions, s.cell);
    QCOMPARE(n.size(), std::size_t(2));
    for (const Neighbor& x : n) {
      QCOMPARE(s.symbols[x.atom], std::string("H"));
      QCOMPARE(x.kind, ContactKind::Covalent);
      const double template_ = (water.positions[x.atom] - water.positions[oxygen]).norm();
      QVERIFY2(std::abs(x.distance - template_) < 1e-9, qPrintable(QString::number(x.distance)));
    }
    QVERIFY(n[0].distance <= n[1].distance);
    // Of EC's three C, only the carbonyl C has three neighbours, all O.
    int carbonyl = 0;
    for (int i = int(water.size()); i < int(s.size()); ++i) {
      const auto nc = neighborsOf(f, i, s.positions, s.cell);
      carbonyl += s.symbols[i] == "C" && nc.size() == 3 &&
                  std::all_of(nc.begin(), nc.end(),
                              [&](const Neighbor& x) { return s.symbols[x.atom] == "O"; });
    }
    QCOMPARE(carbonyl, 1);
  }

  // Salt domains of any size read "salt"; molecules, ions and metal keep their names.
  void labelsForTheView() {
    Structure s = test::cubicBox(30.0);
    test::placeRockSalt(s, "Na", "F", 2, 2.31, {8.0, 8.0, 8.0});
    test::placeRockSalt(s, "Na", "F", 3, 2.31, {20.0, 20.0, 20.0});
    test::placeMolecule(s, test::shipped("EC"), {8.0, 20.0, 8.0});
    test::placeAtom(s, "Na", {20.0, 8.0, 20.0});
    SpeciesTracker tracker(SpeciesOptions{{}, 1});
    const SpeciesFrame& f = tracker.update(Frame(s));
    std::multiset<std::string> labels, names;
    for (const SpeciesUnit& u : f.units) {
      labels.insert(speciesLabel(u));
      names.insert(u.name);
    }
    QCOMPARE(labels, (std::multiset<std::string>{"EC", "Na+", "salt", "salt"}));
    QCOMPARE(names, (std::multiset<std::string>{"EC", "F4Na4", "F13Na14", "Na+"}));
  }

  // The graph is the filtered one: a bond stretched for fewer frames than the lifetime stays.
  void contactsFollowTheLifetimeFilter() {
    Structure s = test::cubicBox(10.0);
    test::placeAtom(s, "H", {5.0, 5.0, 5.0});
    test::placeAtom(s, "H", {5.74, 5.0, 5.0});
    SpeciesOptions options;
    options.lifetime = 3;
    SpeciesTracker tracker(options);
    QCOMPARE(tracker.update(Frame(s)).contacts.size(), std::size_t(1));
    s.positions[1].x() = 6.5;  // 1.5 Å: beyond the 1.0 Å H–H cutoff
    QCOMPARE(tracker.update(Frame(s)).contacts.size(), std::size_t(1));
    QCOMPARE(tracker.update(Frame(s)).contacts.size(), std::size_t(1));
    QCOMPARE(tracker.update(Frame(s)).contacts.size(), std::size_t(0));  // third frame apart
  }
};

QTEST_APPLESS_MAIN(TestSpeciesContacts)
#include "TestSpeciesContacts.moc"
