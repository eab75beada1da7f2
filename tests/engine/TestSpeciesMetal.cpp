// The metal criterion on a thermally rattled slab (issue 17): a Na(100) slab of 216 atoms with
// independent Gaussian noise of 0.18 Å per coordinate, new each frame, is all metal in every
// frame for any seed, while a Na+ 4 Å above the surface among EC stays an ion; anion contacts
// count groups; salt units need their metal atoms; a dissolved contact pair stays ions.
#include <QtTest>
#include <random>

#include "AnalysisSupport.hpp"
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
};

QTEST_APPLESS_MAIN(TestSpeciesMetal)
#include "TestSpeciesMetal.moc"
