// The metal criterion on a thermally rattled slab (issue 17): a Na(100) slab of 216 atoms with
// independent Gaussian noise of 0.18 Å per coordinate, new each frame, is all metal in every
// frame for any seed, while a Na+ 4 Å above the surface among EC stays an ion; anion contacts
// count groups; salt units need their metal atoms; a dissolved contact pair stays ions.
#include <QtTest>
#include <random>

#include "AnalysisSupport.hpp"
#include "analysis/Solvation.hpp"
#include "analysis/Species.hpp"

using namespace sei;
using namespace sei::analysis;
using sei::test::placeAtom;

namespace {

struct RattledInterface {
  Structure s;
  std::size_t slabAtoms = 0;
  std::size_t ion = 0;  ///< index of the solvated Na+
};

/// Na(100), 6 × 6 surface cells × 6 layers (216 atoms), a Na+ 4 Å above a surface atom with three
/// EC around it further up.
RattledInterface interface() {
  RattledInterface r;
  double top = 0.0;
  r.s = test::naSlab(6, 6, 30.0, &top);
  r.slabAtoms = r.s.size();
  Eigen::Vector3d above = Eigen::Vector3d::Zero();
  for (const auto& p : r.s.positions)
    if (p.z() > top - 0.1 && (above.isZero() || p.x() + p.y() < above.x() + above.y())) above = p;
  above += Eigen::Vector3d(0.5 * r.s.cell.matrix()(0, 0), 0.5 * r.s.cell.matrix()(1, 1), 0.0);
  const Eigen::Vector3d na = above + Eigen::Vector3d(0.0, 0.0, 4.0);
  r.ion = r.s.size();
  placeAtom(r.s, "Na", na);
  for (int k = 0; k < 3; ++k) {
    const double phi = 2.0944 * k;
    test::placeMolecule(r.s, test::shipped("EC"),
                        na + Eigen::Vector3d(4.6 * std::cos(phi), 4.6 * std::sin(phi), 2.5));
  }
  return r;
}

/// A bare Na(100) slab, 4 × 4 cells × 4 layers, with 20 Å of vacuum; `site` is its surface atom
/// nearest the middle of the cell.
Structure bareSlab(Eigen::Vector3d* site) {
  double top = 0.0;
  Structure s = test::naSlab(4, 4, 20.0, &top);
  const Eigen::Vector3d middle(0.5 * s.cell.matrix()(0, 0), 0.5 * s.cell.matrix()(1, 1), top);
  *site = s.positions.back();
  for (const auto& p : s.positions)
    if (p.z() > top - 0.1 && (p - middle).norm() < (*site - middle).norm()) *site = p;
  return s;
}

SpeciesFrame analyse(const Structure& s) {
  SpeciesOptions o;
  o.lifetime = 1;
  SpeciesTracker tracker(o);
  return tracker.update(Frame(s));
}

}  // namespace

class TestSpeciesMetal : public QObject {
  Q_OBJECT

 private slots:
  void rattledSlabIsAllMetal() {
    const RattledInterface base = interface();
    const int slab = static_cast<int>(base.slabAtoms);
    for (unsigned seed : {1u, 2u, 3u, 17u, 2024u, 4242u, 99991u, 123456u}) {
      std::mt19937 random(seed);
      std::normal_distribution<double> noise(0.0, 0.18);
      SpeciesTracker tracker;  // default options: lifetime 3
      int worstIons = 0, worstMetal = slab;
      for (int frame = 0; frame < 30; ++frame) {
        Structure s = base.s;
        for (std::size_t i = 0; i <= base.ion; ++i)
          if (i < base.slabAtoms || i == base.ion)
            for (int c = 0; c < 3; ++c) s.positions[i][c] += noise(random);
        const SpeciesFrame& f = tracker.update(Frame(s, frame));
        const int metal = f.counts.count("Na(metal)") ? f.counts.at("Na(metal)") : 0;
        const int ions = f.counts.count("Na+") ? f.counts.at("Na+") : 0;
        worstIons = std::max(worstIons, ions - 1);
        worstMetal = std::min(worstMetal, metal);
        QCOMPARE(f.units[f.unitOfAtom[base.ion]].kind, UnitKind::Ion);
      }
      qInfo("seed %u: at most %d phantom Na+, at least %d of %d metallic", seed, worstIons,
            worstMetal, slab);
      QCOMPARE(worstIons, 0);
      QCOMPARE(worstMetal, slab);
    }
  }

  // A bidentate CO3 over a surface atom: two Na–O contacts and one Na–C, but one anion group, so
  // the atom stays metallic and the carbonate, touching only metal, is adsorbed, not salt.
  void anionContactsCountGroups() {
    Eigen::Vector3d site;
    Structure s = bareSlab(&site);
    const int slab = static_cast<int>(s.size());
    const Eigen::Vector3d c = site + Eigen::Vector3d(0, 0, 3.0);
    placeAtom(s, "C", c);
    placeAtom(s, "O", c + Eigen::Vector3d(0, 0, 1.28));
    placeAtom(s, "O", c + Eigen::Vector3d(-1.108, 0, -0.64));
    placeAtom(s, "O", c + Eigen::Vector3d(1.108, 0, -0.64));
    const SpeciesFrame f = analyse(s);
    int ionic = 0;
    for (const Contact& k : f.contacts) ionic += k.kind == ContactKind::Ionic;
    QCOMPARE(ionic, 3);
    QCOMPARE(f.counts, (std::map<std::string, int>{{"Na(metal)", slab}, {"CO3(2-)", 1}}));
  }

  // F on top of a surface atom touches metal only: no salt unit without metal cations.
  void saltUnitsNeedTheirMetalAtoms() {
    Eigen::Vector3d site;
    Structure s = bareSlab(&site);
    const int slab = static_cast<int>(s.size());
    placeAtom(s, "F", site + Eigen::Vector3d(0, 0, 2.2));
    QCOMPARE(analyse(s).counts, (std::map<std::string, int>{{"Na(metal)", slab}, {"F-", 1}}));
  }

  // A Na+ F- pair 2.2 Å apart far from the metal stays an ion and an anion, and the cation is a
  // contact ion pair; three ions (Na2F+) or a pair on the metal make salt.
  void dissolvedContactPairsStayIons() {
    Eigen::Vector3d site;
    Structure s = bareSlab(&site);
    const int slab = static_cast<int>(s.size());
    const Eigen::Vector3d far = site + Eigen::Vector3d(0, 0, 12.0);
    placeAtom(s, "Na", far);
    placeAtom(s, "F", far + Eigen::Vector3d(2.2, 0, 0));
    const SpeciesFrame f = analyse(s);
    QCOMPARE(f.counts, (std::map<std::string, int>{{"Na(metal)", slab}, {"Na+", 1}, {"F-", 1}}));
    SolvationClassifier solvation;
    const SolvationFrame& c = solvation.classify(Frame(s), f);
    QCOMPARE(c.counts, (std::array<int, 3>{0, 1, 0}));

    Structure triple = s;
    placeAtom(triple, "Na", far + Eigen::Vector3d(4.4, 0, 0));
    QCOMPARE(analyse(triple).counts, (std::map<std::string, int>{{"Na(metal)", slab}, {"NaF", 1}}));
    // The same pair with its Na 3.4 Å above a surface atom touches the metal: salt.
    Structure onMetal = bareSlab(&site);
    placeAtom(onMetal, "Na", site + Eigen::Vector3d(0, 0, 3.4));
    placeAtom(onMetal, "F", site + Eigen::Vector3d(0, 0, 5.6));
    QCOMPARE(analyse(onMetal).counts,
             (std::map<std::string, int>{{"Na(metal)", slab}, {"NaF", 1}}));
  }

  // An adatom in a hollow site has four metal neighbours at 3.72 Å: metal when neutral, a Na+
  // when the frame's charges give it +0.9 e.
  void chargedAdatomIsAnIon() {
    Eigen::Vector3d site;
    Structure s = bareSlab(&site);
    const int slab = static_cast<int>(s.size());
    const double a = 4.29;  // Å, bcc Na lattice constant of the slab
    placeAtom(s, "Na", site + Eigen::Vector3d(0.5 * a, 0.5 * a, 0.5 * a));
    s.charges.assign(s.size(), 0.01);
    QCOMPARE(analyse(s).counts, (std::map<std::string, int>{{"Na(metal)", slab + 1}}));
    s.charges.back() = 0.9;
    QCOMPARE(analyse(s).counts, (std::map<std::string, int>{{"Na(metal)", slab}, {"Na+", 1}}));
  }
};

QTEST_APPLESS_MAIN(TestSpeciesMetal)
#include "TestSpeciesMetal.moc"
