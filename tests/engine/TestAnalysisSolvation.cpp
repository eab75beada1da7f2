// Solvation classes on constructed configurations: SSIP, CIP, AGG by anions in the first shell
// and anions shared between cations; metal and salt cations are not classified.
#include <QtTest>

#include "AnalysisSupport.hpp"
#include "analysis/Solvation.hpp"
#include "core/Error.hpp"

using namespace sei;
using namespace sei::analysis;

namespace {

/// Places PF6- at `centre` and returns where a Na+ sits `gap` Å beyond its fluorine `k`, on the
/// P–F axis.
Eigen::Vector3d placePf6(Structure& s, const Eigen::Vector3d& centre, int k, double gap) {
  const Molecule pf6 = test::shipped("PF6");
  test::placeMolecule(s, pf6, centre);
  int fluorine = -1;
  for (std::size_t a = 0; a < pf6.size(); ++a)
    if (pf6.symbols[a] == "F" && ++fluorine == k) {
      const Eigen::Vector3d f = pf6.positions[a];
      return centre + f + gap * f.normalized();
    }
  return centre;
}

struct Classified {
  std::vector<std::string> classes;  ///< per cation, in atom order
  std::array<int, 3> counts;
};

Classified classify(const Structure& s, SolvationOptions options = {}) {
  SpeciesOptions so;
  so.lifetime = 1;
  SpeciesTracker species(so);
  const Frame frame(s);
  SolvationClassifier classifier(options);
  const SolvationFrame& f = classifier.classify(frame, species.update(frame));
  Classified c;
  for (SolvationClass k : f.classes) c.classes.push_back(solvationClassName(k));
  c.counts = f.counts;
  return c;
}

}  // namespace

class TestAnalysisSolvation : public QObject {
  Q_OBJECT

 private slots:
  void classes() {
    Structure s = test::cubicBox(60.0);
    // 1: alone among EC -> SSIP (EC oxygens are no anions).
    test::placeMolecule(s, test::shipped("EC"), {5.0, 5.0, 5.0});
    test::placeAtom(s, "Na", {5.0, 5.0, 9.0});
    // 2: one PF6- at 2.3 Å from a fluorine -> CIP.
    test::placeAtom(s, "Na", placePf6(s, {20.0, 5.0, 5.0}, 0, 2.3));
    // 3: two PF6- in its shell -> AGG.
    const Eigen::Vector3d na3 = placePf6(s, {35.0, 5.0, 5.0}, 0, 2.3);
    test::placeAtom(s, "Na", na3);
    const Molecule pf6 = test::shipped("PF6");
    test::placeMolecule(s, pf6, na3 + (na3 - Eigen::Vector3d(35.0, 5.0, 5.0)));
    // 4 and 5: two cations sharing one PF6- (opposite fluorines) -> both AGG.
    test::placeAtom(s, "Na", placePf6(s, {5.0, 30.0, 5.0}, 0, 2.3));
    {
      const Eigen::Vector3d centre(5.0, 30.0, 5.0);
      // The fluorine opposite to fluorine 0: the one whose direction is most anti-parallel.
      Eigen::Vector3d f0 = Eigen::Vector3d::Zero(), opposite = Eigen::Vector3d::Zero();
      for (std::size_t a = 0; a < pf6.size(); ++a) {
        if (pf6.symbols[a] != "F") continue;
        if (f0.isZero()) f0 = pf6.positions[a];
        if (pf6.positions[a].dot(f0) < opposite.dot(f0)) opposite = pf6.positions[a];
      }
      test::placeAtom(s, "Na", centre + opposite + 2.3 * opposite.normalized());
    }
    // 6: PF6- at 4 Å, beyond the 3.2 Å shell -> SSIP.
    test::placeAtom(s, "Na", placePf6(s, {20.0, 30.0, 5.0}, 0, 4.0));
    // NaF salt seed: its Na are not dissolved cations.
    test::placeRockSalt(s, "Na", "F", 2, 2.31, {40.0, 40.0, 40.0});

    const Classified c = classify(s);
    QCOMPARE(c.classes, (std::vector<std::string>{"SSIP", "CIP", "AGG", "AGG", "AGG", "SSIP"}));
    QCOMPARE(c.counts, (std::array<int, 3>{2, 1, 3}));

    // A 4.5 Å shell takes the far PF6- in: the last cation becomes a contact pair.
    SolvationOptions wide;
    wide.shellRadius = 4.5;
    QCOMPARE(classify(s, wide).classes.back(), std::string("CIP"));
  }

  void fractions() {
    SolvationFrame f;
    QCOMPARE(f.fraction(SolvationClass::Cip), 0.0);
    f.cations = {0, 1, 2, 3};
    f.counts = {1, 2, 1};
    QCOMPARE(f.fraction(SolvationClass::Cip), 0.5);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, SolvationClassifier(SolvationOptions{0.0, {}}));
  }
};

QTEST_APPLESS_MAIN(TestAnalysisSolvation)
#include "TestAnalysisSolvation.moc"
