// Species over time (issue 17): bond events grouped into reactions with reactants, products,
// atoms and the charge transferred; the pipeline's reaction list; species transport as the mean
// height above the metal faces.
#include <QtTest>

#include "AnalysisSupport.hpp"
#include "analysis/Pipeline.hpp"
#include "analysis/Transport.hpp"

using namespace sei;
using namespace sei::analysis;
using sei::test::placeAtom;

class TestSpeciesEvolution : public QObject {
  Q_OBJECT

 private slots:
  // EC's CH2–O ring bond breaks at frame 3 while its atoms gain -0.9 e, and an H2 far away
  // dissociates in the same frame: two reactions, dated to frame 3 after the 3-frame filter.
  void bondEventsBecomeReactions() {
    Structure s = test::cubicBox(30.0);
    const Molecule ec = test::shipped("EC");
    test::placeMolecule(s, ec, {8.0, 8.0, 8.0});
    placeAtom(s, "H", {20.0, 20.0, 20.0});
    placeAtom(s, "H", {20.74, 20.0, 20.0});
    placeAtom(s, "Na", {20.0, 8.0, 8.0});
    s.charges.assign(s.size(), 0.0);
    s.charges.back() = 0.9;
    // The CH2 carbon bonded to a ring O, and that O.
    int c = -1, o = -1;
    for (int a = 0; a < int(ec.size()) && c < 0; ++a) {
      int h = 0;
      for (int b = 0; b < int(ec.size()); ++b)
        h += ec.symbols[b] == "H" && (s.positions[a] - s.positions[b]).norm() < 1.2;
      if (ec.symbols[a] == "C" && h == 2) c = a;
    }
    for (int a = 0; a < int(ec.size()); ++a)
      if (ec.symbols[a] == "O" && (s.positions[a] - s.positions[c]).norm() < 1.6) o = a;
    const Eigen::Vector3d shift = 0.6 * (s.positions[c] - s.positions[o]).normalized();

    PipelineOptions options;
    options.speciesOptions.lifetime = 3;
    AnalysisPipeline pipeline(options);
    for (int frame = 0; frame < 7; ++frame) {
      Structure f = s;
      if (frame >= 3) {
        const Eigen::Vector3d carbon = s.positions[c];
        for (int a = 0; a < int(ec.size()); ++a) {
          if (a == c || (ec.symbols[a] == "H" && (s.positions[a] - carbon).norm() < 1.2))
            f.positions[a] += shift;
          f.charges[a] = -0.09;
        }
        f.positions[int(ec.size()) + 1].x() = 22.0;  // H–H 2 Å
      }
      pipeline.add(Frame(f, 10 * frame, 5.0 * frame));
    }
    const auto& reactions = pipeline.reactions();
    QCOMPARE(reactions.size(), std::size_t(2));
    std::map<std::string, const Reaction*> byType;
    for (const Reaction& r : reactions) byType[r.type()] = &r;
    QVERIFY(byType.count("EC -> EC(open)-") && byType.count("H2 -> H + H"));
    const Reaction& opening = *byType["EC -> EC(open)-"];
    QCOMPARE(opening.frame, std::size_t(3));
    QCOMPARE(opening.step, std::int64_t(30));
    QCOMPARE(opening.time, 15.0);
    QCOMPARE(opening.broken, (std::vector<std::pair<int, int>>{{std::min(c, o), std::max(c, o)}}));
    QVERIFY(opening.formed.empty());
    std::vector<int> ecAtoms(ec.size());
    std::iota(ecAtoms.begin(), ecAtoms.end(), 0);
    QCOMPARE(opening.atoms, ecAtoms);
    QVERIFY2(std::abs(opening.chargeTransferred + 0.9) < 1e-12,
             qPrintable(QString::number(opening.chargeTransferred)));
    const Reaction& h2 = *byType["H2 -> H + H"];
    QCOMPARE(h2.atoms, (std::vector<int>{int(ec.size()), int(ec.size()) + 1}));
    QCOMPARE(h2.chargeTransferred, 0.0);
    // Species summary over the 7 frames: the charge arrives at frame 3, unfiltered, so intact EC
    // reads as the radical anion EC- until the broken bond is confirmed at frame 5.
    const auto& summary = pipeline.speciesSummary();
    QCOMPARE(summary.at("EC").unitFrames, std::size_t(3));
    QCOMPARE(summary.at("EC-").unitFrames, std::size_t(2));
    QCOMPARE(summary.at("EC(open)-").unitFrames, std::size_t(2));
    QVERIFY(std::abs(summary.at("EC(open)-").meanCharge() + 0.9) < 1e-12);
    QCOMPARE(summary.at("Na+").meanCharge(), 0.9);
  }

  // Na+ 7 Å above the upper face, H2 centred 5 Å above it, F- 3 Å below the lower face (across
  // the periodic boundary): their mean heights above the nearer face.
  void transportIsHeightAboveTheMetal() {
    double top = 0.0;
    Structure s = test::naSlab(4, 4, 20.0, &top);
    double bottom = top;
    for (const auto& p : s.positions) bottom = std::min(bottom, p.z());
    placeAtom(s, "Na", {3.0, 3.0, top + 7.0});
    placeAtom(s, "H", {8.0, 8.0, top + 5.0 - 0.37});
    placeAtom(s, "H", {8.0, 8.0, top + 5.0 + 0.37});
    placeAtom(s, "F", {5.0, 9.0, bottom - 3.0});
    SpeciesOptions so;
    so.lifetime = 1;
    SpeciesTracker tracker(so);
    TransportAccumulator transport(2);
    const Frame frame(s);
    const TransportSample& t = transport.add(frame, tracker.update(frame));
    QCOMPARE(t.meanHeight.size(), std::size_t(3));
    QVERIFY(std::abs(t.meanHeight.at("Na+") - 7.0) < 1e-9);
    QVERIFY(std::abs(t.meanHeight.at("H2") - 5.0) < 1e-9);
    QVERIFY(std::abs(t.meanHeight.at("F-") - 3.0) < 1e-9);
    // Without metal there is no surface to measure from.
    Structure liquid = test::cubicBox(20.0);
    placeAtom(liquid, "F", {5.0, 5.0, 5.0});
    SpeciesTracker plain(so);
    const Frame lf(liquid);
    QVERIFY(transport.add(lf, plain.update(lf)).meanHeight.empty());
  }
};

QTEST_APPLESS_MAIN(TestSpeciesEvolution)
#include "TestSpeciesEvolution.moc"
