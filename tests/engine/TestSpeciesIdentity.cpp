// Species identity by the bond graph (issue 17): the canonical form does not depend on atom order
// and tells isomers apart (also where colour refinement alone cannot); molecules built by Open
// Babel from SMILES are named from the table; intact and ring-opened EC are different species;
// --names accepts SMILES; with charges, names carry the summed charge where it differs.
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <fstream>
#include <random>

#include "AnalysisSupport.hpp"
#include "analysis/MolecularGraph.hpp"
#include "analysis/Species.hpp"
#include "builder/Molecule.hpp"
#include "core/Error.hpp"

using namespace sei;
using namespace sei::analysis;

namespace {

/// The graph with its atoms renumbered by a random permutation.
MolecularGraph shuffled(const MolecularGraph& g, unsigned seed) {
  std::vector<int> perm(g.z.size());
  std::iota(perm.begin(), perm.end(), 0);
  std::shuffle(perm.begin(), perm.end(), std::mt19937(seed));
  MolecularGraph out;
  out.z.resize(g.z.size());
  for (std::size_t v = 0; v < g.z.size(); ++v) out.z[perm[v]] = g.z[v];
  for (const auto& [a, b] : g.bonds) out.bonds.emplace_back(perm[b], perm[a]);
  return out;
}

SpeciesOptions unfiltered() {
  SpeciesOptions o;
  o.lifetime = 1;
  return o;
}

/// Index of the first atom of `symbol` in `m` with `hydrogens` H within 1.2 Å.
int atomWithHydrogens(const Molecule& m, const std::string& symbol, int hydrogens) {
  for (std::size_t a = 0; a < m.size(); ++a) {
    if (m.symbols[a] != symbol) continue;
    int h = 0;
    for (std::size_t b = 0; b < m.size(); ++b)
      h += m.symbols[b] == "H" && (m.positions[a] - m.positions[b]).norm() < 1.2;
    if (h == hydrogens) return static_cast<int>(a);
  }
  return -1;
}

/// EC with one CH2–O ring bond broken: the CH2 group moved 0.6 Å away from its ring O.
Molecule ringOpenedEc() {
  Molecule m = test::shipped("EC");
  const int c = atomWithHydrogens(m, "C", 2);
  int o = -1;
  for (std::size_t a = 0; a < m.size(); ++a)
    if (m.symbols[a] == "O" && (m.positions[a] - m.positions[c]).norm() < 1.6) o = int(a);
  const Eigen::Vector3d shift = 0.6 * (m.positions[c] - m.positions[o]).normalized();
  const Eigen::Vector3d carbon = m.positions[c];
  for (std::size_t a = 0; a < m.size(); ++a)
    if (int(a) == c || (m.symbols[a] == "H" && (m.positions[a] - carbon).norm() < 1.2))
      m.positions[a] += shift;
  return m;
}

}  // namespace

class TestSpeciesIdentity : public QObject {
  Q_OBJECT

 private slots:
  void canonicalFormIgnoresAtomOrder() {
    for (const char* smiles : {"O=C1OCCO1", "CC1COC(=O)O1", "F[P-](F)(F)(F)(F)F", "COCCOCCOC",
                               "c1ccccc1", "C1CCC2CCCCC2C1", "OCC(O)CO"}) {
      const MolecularGraph g = parseSmiles(smiles);
      const std::string id = canonicalIdentity(g);
      for (unsigned seed = 1; seed <= 20; ++seed)
        QCOMPARE(canonicalIdentity(shuffled(g, seed)), id);
      // The identity is SMILES of the same graph.
      QCOMPARE(canonicalIdentity(parseSmiles(id)), id);
    }
    QCOMPARE(canonicalIdentity(parseSmiles("O=C1OCCO1")),
             std::string("[CH2]1[CH2][O][C]([O])[O]1"));
  }

  void isomersAreDistinct() {
    // C2H4O2, C3H4O3 and CH3O isomers; decalin and bicyclopentyl (C10H18) have the same colour
    // refinement, so only a canonical labelling tells them apart.
    const std::vector<std::vector<std::string>> groups = {
        {"COC=O", "CC(=O)O", "OCC=O", "[O-]CC[O-]"},
        {"O=C1OCCO1", "[CH2]COC(=O)[O-]"},
        {"C[O-]", "[CH2]O"},
        {"C1CCC2CCCCC2C1", "C1CCC(C1)C1CCCC1"}};
    for (const auto& group : groups) {
      std::set<std::string> ids, formulas;
      for (const auto& smiles : group) {
        const MolecularGraph g = parseSmiles(smiles);
        ids.insert(canonicalIdentity(g));
        formulas.insert(graphFormula(g));
      }
      QCOMPARE(formulas.size(), std::size_t(1));
      QCOMPARE(ids.size(), group.size());
    }
    QCOMPARE(graphFormula(parseSmiles("C1CCC2CCCCC2C1")), std::string("C10H18"));
    QCOMPARE(parseSmiles("[O-]C([O-])=O").charge, -2);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseSmiles("C1CC"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseSmiles("C(C"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseSmiles("[Xx]"));
  }

  // Open Babel builds the 3-D molecules (an independent program); the bond graph found from the
  // coordinates is named from the table.
  void builtIsomersAreNamed() {
    const std::vector<std::pair<std::string, std::string>> molecules = {
        {"COC=O", "methyl-formate"}, {"CC(=O)O", "acetic-acid"}, {"OCC=O", "glycolaldehyde"}};
    Structure s = test::cubicBox(12.0 * molecules.size());
    for (std::size_t k = 0; k < molecules.size(); ++k)
      test::placeMolecule(s, moleculeFromSmiles(molecules[k].first, molecules[k].second),
                          Eigen::Vector3d(12.0 * k + 6.0, 6.0, 6.0));
    SpeciesTracker tracker(unfiltered());
    const SpeciesFrame& f = tracker.update(Frame(s));
    std::map<std::string, int> expected;
    for (const auto& m : molecules) expected[m.second] = 1;
    QCOMPARE(f.counts, expected);
  }

  void intactAndRingOpenedEcAreDifferent() {
    Structure s = test::cubicBox(30.0);
    test::placeMolecule(s, test::shipped("EC"), {7.0, 7.0, 7.0});
    test::placeMolecule(s, ringOpenedEc(), {20.0, 20.0, 20.0});
    SpeciesTracker tracker(unfiltered());
    const SpeciesFrame& f = tracker.update(Frame(s));
    QCOMPARE(f.counts, (std::map<std::string, int>{{"EC", 1}, {"EC(open)-", 1}}));
    QCOMPARE(f.units[0].formula, f.units[1].formula);
    QVERIFY(f.units[0].identity != f.units[1].identity);
  }

  void namesFileTakesSmiles() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("names.txt").toStdString();
    std::ofstream(path) << "# methyl formate by SMILES, an unnamed formula, methanol\n"
                           "COC=O MF\nC3H6O2 C3-ester\n[CH3][OH] MeOH\nCO carbon-monoxide\n";
    SpeciesNames names;
    names.read(path);
    auto nameOf = [&](const std::string& smiles) {
      const MolecularGraph g = parseSmiles(smiles);
      return names.nameOf(canonicalIdentity(g), graphFormula(g));
    };
    QCOMPARE(nameOf("COC=O"), std::string("MF"));
    QCOMPARE(nameOf("CC(=O)O"), std::string("acetic-acid"));  // built-in isomer keeps its name
    QCOMPARE(nameOf("CCOC=O"), std::string("C3-ester"));      // formula fallback
    QCOMPARE(nameOf("CO"), std::string("MeOH"));
    QCOMPARE(nameOf("CCCC"), std::string("C4H10"));  // no entry: the formula
    std::ofstream(path) << "COC=O MF\nC1CC bad\n";
    try {
      names.read(path);
      QFAIL("no exception");
    } catch (const InputError& e) {
      QVERIFY2(QString(e.what()).contains("names.txt") && QString(e.what()).contains("2"),
               e.what());
    }
  }

  // Charges summed per fragment and rounded: EC at -1 is the EC radical anion, a lone F at 0 is
  // no fluoride, a Na at 0.1 e is a neutral adatom, CO3 at -1.7 carbonate.
  void chargesNameSpecies() {
    Structure s = test::cubicBox(60.0);
    auto place = [&](const Molecule& m, const Eigen::Vector3d& at, double total) {
      const std::size_t first = s.size();
      test::placeMolecule(s, m, at);
      s.charges.resize(s.size(), 0.0);
      for (std::size_t a = first; a < s.size(); ++a) s.charges[a] = total / m.size();
    };
    Molecule f;
    f.symbols = {"F"};
    f.positions = {Eigen::Vector3d::Zero()};
    Molecule na = f;
    na.symbols = {"Na"};
    Molecule co3;
    co3.symbols = {"C", "O", "O", "O"};
    co3.positions = {Eigen::Vector3d::Zero(), {1.28, 0, 0}, {-0.64, 1.108, 0}, {-0.64, -1.108, 0}};
    place(test::shipped("EC"), {5, 5, 5}, 0.1);
    place(test::shipped("EC"), {5, 20, 5}, -0.95);
    place(ringOpenedEc(), {5, 35, 5}, -0.8);
    place(f, {20, 5, 5}, -0.85);
    place(f, {20, 20, 5}, 0.05);
    place(na, {35, 5, 5}, 0.85);
    place(na, {35, 20, 5}, 0.1);
    place(co3, {50, 5, 5}, -1.7);
    place(co3, {50, 20, 5}, -0.2);
    SpeciesTracker tracker(unfiltered());
    const SpeciesFrame& frame = tracker.update(Frame(s));
    QVERIFY(frame.charged);
    QCOMPARE(frame.counts, (std::map<std::string, int>{{"EC", 1},
                                                       {"EC-", 1},
                                                       {"EC(open)-", 1},
                                                       {"F-", 1},
                                                       {"F(0)", 1},
                                                       {"Na+", 1},
                                                       {"Na(0)", 1},
                                                       {"CO3(2-)", 1},
                                                       {"CO3(0)", 1}}));
    for (const SpeciesUnit& u : frame.units)
      if (u.name == "EC-") QVERIFY(std::abs(u.charge + 0.95) < 1e-9);
    // Without charges the same frame names by the table alone.
    s.charges.clear();
    SpeciesTracker plain(unfiltered());
    QCOMPARE(plain.update(Frame(s)).counts,
             (std::map<std::string, int>{
                 {"EC", 2}, {"EC(open)-", 1}, {"F-", 2}, {"Na+", 2}, {"CO3(2-)", 2}}));
  }
};

QTEST_APPLESS_MAIN(TestSpeciesIdentity)
#include "TestSpeciesIdentity.moc"
