// RDF and coordination numbers: an ideal gas gives g(r) = 1 within Poisson error in cubic,
// triclinic and small cells; bcc Na gives 8 and 6 neighbours in its first two shells; species
// selections; windows; the first minimum.
#include <QtTest>
#include <cmath>
#include <random>

#include "AnalysisSupport.hpp"
#include "analysis/Rdf.hpp"
#include "builder/MetalSlab.hpp"
#include "core/Error.hpp"

using namespace sei;
using namespace sei::analysis;

namespace {

std::vector<std::pair<Selection, Selection>> pairsOf(const std::string& text) {
  return {parseSelectionPair(text, SpeciesNames(), "test")};
}

/// n uniform random atoms (Ar) in the cell h, seeded.
Structure idealGas(const Eigen::Matrix3d& h, int n, unsigned seed) {
  Structure s;
  s.cell = Cell(h);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int i = 0; i < n; ++i) test::placeAtom(s, "Ar", h * Eigen::Vector3d(u(rng), u(rng), u(rng)));
  return s;
}

}  // namespace

class TestAnalysisRdf : public QObject {
  Q_OBJECT

 private slots:
  // Unordered pairs in each bin are Poisson with mean ρ·V_shell·N/2 per frame and each is
  // counted from both atoms, so σ(g) = sqrt(2 / expected ordered count): every bin lies within
  // 4.5 σ of g = 1, χ²/dof is within 0.7..1.3, and CN(r) follows ρ·4πr³/3.
  void idealGasIsFlat_data() {
    QTest::addColumn<Eigen::Matrix3d>("h");
    QTest::addColumn<int>("atoms");
    QTest::addColumn<double>("rMax");
    Eigen::Matrix3d tri;
    tri << 20.0, 5.0, -3.0, 0.0, 18.0, 4.0, 0.0, 0.0, 19.0;
    QTest::newRow("cubic") << Eigen::Matrix3d(Eigen::Matrix3d::Identity() * 20.0) << 800 << 8.0;
    QTest::newRow("triclinic") << tri << 800 << 8.0;
    QTest::newRow("cell thinner than rMax")
        << Eigen::Matrix3d(Eigen::Matrix3d::Identity() * 7.0) << 40 << 6.9;
  }
  void idealGasIsFlat() {
    QFETCH(Eigen::Matrix3d, h);
    QFETCH(int, atoms);
    QFETCH(double, rMax);
    RdfAccumulator rdf(pairsOf("Ar-Ar"), rMax, 0.1);
    const int frames = 30;
    for (int f = 0; f < frames; ++f) {
      const Structure s = idealGas(h, atoms, 17 + f);
      rdf.add(Frame(s));
    }
    const RdfCurve c = rdf.curve(0);
    const double rho = atoms / std::abs(h.determinant());
    double chi2 = 0.0;
    int dof = 0;
    for (std::size_t k = 0; k < c.r.size(); ++k) {
      const double lo = c.r[k] - 0.05, hi = c.r[k] + 0.05;
      const double expected = frames * atoms * (atoms - 1.0) / atoms * rho * 4.0 / 3.0 * M_PI *
                              (hi * hi * hi - lo * lo * lo);
      if (expected < 20.0) continue;
      const double sigma = std::sqrt(2.0 / expected);
      QVERIFY2(std::abs(c.g[k] - 1.0) < 4.5 * sigma,
               qPrintable(QString("r=%1 g=%2 sigma=%3").arg(c.r[k]).arg(c.g[k]).arg(sigma)));
      chi2 += std::pow((c.g[k] - 1.0) / sigma, 2);
      ++dof;
    }
    QVERIFY(dof > 35);
    QVERIFY2(chi2 / dof > 0.7 && chi2 / dof < 1.3, qPrintable(QString::number(chi2 / dof)));
    const double r = c.r.back() + 0.05;
    const double cnIdeal = (atoms - 1.0) / std::abs(h.determinant()) * 4.0 / 3.0 * M_PI * r * r * r;
    QVERIFY2(std::abs(c.cn.back() / cnIdeal - 1.0) < 0.03,
             qPrintable(QString("%1 vs %2").arg(c.cn.back()).arg(cnIdeal)));
  }

  // bcc Na, a = 4.29 Å: 8 neighbours at 3.715 Å, 6 more at 4.29 Å, 12 more at 6.07 Å.
  void bccShells() {
    SlabSpec spec;
    spec.repeatsA = spec.repeatsB = 3;
    spec.layers = 6;  // bulk: the stacking repeats every 2 layers
    const Structure s = buildMetalSlab(spec).structure;
    RdfAccumulator rdf(pairsOf("Na-Na"), 6.5, 0.01);
    rdf.add(Frame(s));
    const RdfCurve c = rdf.curve(0);
    auto cnAt = [&](double r) { return c.cn[static_cast<std::size_t>(r / 0.01)]; };
    QCOMPARE(cnAt(3.6), 0.0);
    QCOMPARE(cnAt(4.0), 8.0);
    QCOMPARE(cnAt(5.0) - cnAt(4.0), 6.0);
    QCOMPARE(cnAt(6.2) - cnAt(5.0), 12.0);
    const double edge = firstMinimum(c);
    QVERIFY2(edge > 3.72 && edge < 4.29, qPrintable(QString::number(edge)));
    // g integrates back to the counts: Σ g ρ shell = CN.
    const double rho = s.size() / s.cell.volume();
    double integral = 0.0;
    for (std::size_t k = 0; k < c.r.size() && c.r[k] < 4.0; ++k) {
      const double lo = c.r[k] - 0.005, hi = c.r[k] + 0.005;
      integral += c.g[k] * (s.size() - 1.0) / s.size() * rho * 4.0 / 3.0 * M_PI *
                  (hi * hi * hi - lo * lo * lo);
    }
    QVERIFY(std::abs(integral - 8.0) < 1e-9);
  }

  // Species selections: Na around the oxygens of EC, only those of EC (not of DME).
  void speciesSelections() {
    Structure s = test::cubicBox(30.0);
    test::placeMolecule(s, test::shipped("EC"), {10.0, 10.0, 10.0});
    test::placeMolecule(s, test::shipped("DME"), {20.0, 20.0, 20.0});
    test::placeAtom(s, "Na", {10.0, 10.0, 14.5});
    test::placeAtom(s, "Na", {20.0, 20.0, 24.5});
    SpeciesOptions so;
    so.lifetime = 1;
    SpeciesTracker species(so);
    const Frame frame(s);
    const SpeciesFrame& sf = species.update(frame);
    RdfAccumulator rdf({parseSelectionPair("Na+-EC:O", SpeciesNames(), "t"),
                        parseSelectionPair("Na-O", SpeciesNames(), "t")},
                       15.0, 0.05);
    QVERIFY(rdf.needsSpecies());
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, rdf.add(frame));
    rdf.add(frame, &sf);
    // Brute force: mean number of EC oxygens within 15 Å of a Na.
    double within = 0.0, allO = 0.0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s.symbols[i] != "Na") continue;
      for (std::size_t j = 0; j < s.size(); ++j) {
        if (s.symbols[j] != "O") continue;
        const double d = (s.positions[j] - s.positions[i]).norm();
        if (d < 15.0) {
          allO += 1.0;
          if (j < 10) within += 1.0;  // EC's atoms come first
        }
      }
    }
    QCOMPARE(rdf.curve(0).cn.back(), within / 2.0);
    QCOMPARE(rdf.curve(1).cn.back(), allO / 2.0);
    QCOMPARE(rdf.curve(0).label, std::string("Na+-EC:O"));
  }

  // A window of 2 frames averages only the last two.
  void windowKeepsLastFrames() {
    Structure s = test::cubicBox(20.0);
    test::placeAtom(s, "Na", {5.0, 5.0, 5.0});
    test::placeAtom(s, "F", {7.0, 5.0, 5.0});
    RdfAccumulator rdf(pairsOf("Na-F"), 5.0, 0.5, 2);
    for (double d : {2.0, 3.0, 4.0}) {
      s.positions[1].x() = 5.0 + d + 0.25;
      rdf.add(Frame(s));
    }
    const RdfCurve c = rdf.curve(0);
    QCOMPARE(rdf.frames(), std::size_t(2));
    QCOMPARE(c.cn[4], 0.0);  // below 2.5 Å: the 2.25 Å frame has left the window
    QCOMPARE(c.cn[6], 0.5);  // 3.25 Å
    QCOMPARE(c.cn[8], 1.0);  // 4.25 Å
  }

  void badPairsAreRejected() {
    for (const char* bad : {"Na", "Na-", "-O", "Xx-O", "Na-EC:Xx"})
      QVERIFY_THROWS_EXCEPTION(InputError, parseSelectionPair(bad, SpeciesNames(), "--rdf"));
    const auto [a, b] = parseSelectionPair("Na-PF6-:F", SpeciesNames(), "--rdf");
    QCOMPARE(a.element, 11);
    QCOMPARE(b.species, std::string("PF6-"));
    QCOMPARE(b.element, 9);
  }
};

QTEST_APPLESS_MAIN(TestAnalysisRdf)
#include "TestAnalysisRdf.moc"
