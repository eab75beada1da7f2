// The 3D view's analysis-driven features as the user meets them: Atom info lists a picked atom's
// species and bonded neighbours; the main window draws the bonds of an opened structure once the
// analysis worker has seen it, and the View panel's bond, species and slab controls act on the
// scene.
#include <vtkRenderer.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QtTest>

#include "AnalysisSupport.hpp"
#include "AtomInfoPanel.hpp"
#include "MainWindow.hpp"
#include "RunPanel.hpp"
#include "StudioTestMain.hpp"
#include "TestSupport.hpp"
#include "ViewPanel.hpp"
#include "VtkView.hpp"
#include "analysis/Species.hpp"

using namespace sei;
using namespace sei::studio;

namespace {

/// EC, a water and a Na+ 2.3 Å from EC's carbonyl O, in a 16 Å box; `carbonylO`, `carbonylC`
/// and `water` (its O) are atom indices.
struct Molecules {
  Structure structure;
  int carbonylO = -1, carbonylC = -1, water = -1, sodium = -1;
};

Molecules molecules() {
  Molecules m;
  Structure& s = m.structure;
  s = test::cubicBox(16.0);
  const Molecule ec = test::shipped("EC");
  test::placeMolecule(s, ec, {6.0, 8.0, 8.0});
  // The carbonyl O is EC's only O with one neighbour within 1.5 Å: the O farthest from the ring
  // centre, i.e. from the centroid.
  double far = 0.0;
  for (std::size_t i = 0; i < ec.size(); ++i)
    if (ec.symbols[i] == "O" && ec.positions[i].norm() > far) {
      far = ec.positions[i].norm();
      m.carbonylO = static_cast<int>(i);
    }
  double near = 1e9;
  for (std::size_t i = 0; i < ec.size(); ++i) {
    const double d = (ec.positions[i] - ec.positions[m.carbonylO]).norm();
    if (ec.symbols[i] == "C" && d < near) {
      near = d;
      m.carbonylC = static_cast<int>(i);
    }
  }
  const Eigen::Vector3d o = s.positions[m.carbonylO], c = s.positions[m.carbonylC];
  m.water = static_cast<int>(s.size());
  test::placeMolecule(s, test::shipped("H2O"), {12.0, 8.0, 3.0});
  m.sodium = static_cast<int>(s.size());
  test::placeAtom(s, "Na", o + 2.3 * (o - c).normalized());
  return m;
}

std::shared_ptr<const analysis::SpeciesFrame> analysed(const Structure& s) {
  analysis::SpeciesTracker tracker;
  return std::make_shared<const analysis::SpeciesFrame>(tracker.update(analysis::Frame(s)));
}

/// Na(100) 4 × 4 × 4 under a layer of EC, PF6- and Na+, 20 Å of vacuum above: four species.
Structure interface() {
  double top = 0.0;
  Structure s = test::naSlab(4, 4, 24.0, &top);
  const double step = s.cell.matrix()(0, 0) / 3.0;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      const Eigen::Vector3d at((i + 0.5) * step, (j + 0.5) * step, top + 5.0 + 3.5 * (i % 2));
      if ((i + j) % 4 == 1)
        test::placeMolecule(s, test::shipped("PF6"), at);
      else if ((i + j) % 4 == 3)
        test::placeAtom(s, "Na", at);
      else
        test::placeMolecule(s, test::shipped("EC"), at);
    }
  return s;
}

}  // namespace

class TestViewFeatures : public QObject {
  Q_OBJECT
 private slots:
  void atomInfoListsSpeciesAndNeighbours() {
    const Molecules m = molecules();
    auto frame = render::snapshotOf(m.structure);
    const auto species = analysed(m.structure);
    AtomInfoPanel panel;
    panel.showAtom(frame, nullptr, m.water);
    QCOMPARE(panel.speciesText(), QString("species: not analysed yet"));
    QVERIFY(panel.neighbors().isEmpty());

    panel.showAtom(frame, species.get(), m.water);
    QVERIFY2(panel.speciesText().startsWith("species: H2O, unit "),
             qPrintable(panel.speciesText()));
    QVERIFY(panel.speciesText().endsWith("(3 atoms)"));
    const QStringList waterBonds = panel.neighbors();
    QCOMPARE(waterBonds.size(), 2);
    const Molecule water = test::shipped("H2O");
    const double oh = (water.positions[1] - water.positions[0]).norm();
    for (const QString& line : waterBonds) {
      QVERIFY2(line.startsWith("H ") && line.endsWith(", bond"), qPrintable(line));
      QVERIFY2(line.contains(QString::number(oh, 'f', 3)), qPrintable(line));
    }

    panel.showAtom(frame, species.get(), m.carbonylC);
    QVERIFY(panel.speciesText().startsWith("species: EC, "));
    QVERIFY(panel.speciesText().endsWith("(10 atoms)"));
    QCOMPARE(panel.neighbors().size(), 3);  // two ring O and the carbonyl O
    for (const QString& line : panel.neighbors()) QVERIFY2(line.startsWith("O "), qPrintable(line));

    // The Na+ beside the carbonyl O: an ion with one ionic contact at 2.300 Å.
    panel.showAtom(frame, species.get(), m.sodium);
    QVERIFY(panel.speciesText().startsWith("species: Na+, "));
    QCOMPARE(panel.neighbors(),
             QStringList{QString("O %1 at 2.300 \u00c5, ionic contact").arg(m.carbonylO + 1)});
    panel.showAtom(frame, species.get(), -1);
    QCOMPARE(panel.atom(), -1);
    QCOMPARE(panel.speciesText(), QString());
  }

  void windowDrawsBondsAndTheViewPanelActs() {
    MainWindow w;
    const QString water = test::sharedDir() + "/structures/water63.xyz";
    QVERIFY2(w.document().openStructure(water, true), qPrintable(w.lastError()));
    w.resize(1280, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    // 21 waters (63 atoms): 42 O–H bonds once the analysis worker's species arrive.
    QTRY_COMPARE_WITH_TIMEOUT(w.scene().drawnBonds(), std::size_t(42), 20000);
    auto* panel = w.findChild<ViewPanel*>();
    QVERIFY(panel);
    auto* bonds = panel->findChild<QCheckBox*>("showBonds");
    QVERIFY(bonds && bonds->isChecked());
    bonds->click();
    QCOMPARE(w.scene().drawnBonds(), std::size_t(0));
    bonds->click();
    QCOMPARE(w.scene().drawnBonds(), std::size_t(42));

    auto* h2o = panel->findChild<QCheckBox*>("species:H2O");
    QVERIFY(h2o && h2o->isChecked());
    h2o->click();
    QCOMPARE(w.scene().drawnAtoms(), std::size_t(0));
    h2o->click();
    QCOMPARE(w.scene().drawnAtoms(), std::size_t(63));

    // Slab clipping to 4 Å ≤ z ≤ 8 Å draws exactly the atoms in that range.
    const auto& positions = w.document().structure()->positions;
    std::size_t inside = 0;
    for (const auto& r : positions) inside += r.z() >= 4.0 && r.z() <= 8.0;
    QVERIFY(inside > 10 && inside < positions.size() / 2);
    // Untouched, the controls span the atoms' heights (rounded outwards to 0.1 Å).
    auto* low = panel->findChild<QDoubleSpinBox*>("clipLow");
    auto* high = panel->findChild<QDoubleSpinBox*>("clipHigh");
    const auto range = w.scene().heightRange();
    QVERIFY(low->value() <= range[0] && low->value() > range[0] - 0.1);
    QVERIFY(high->value() >= range[1] && high->value() < range[1] + 0.1);
    low->setValue(4.0);
    high->setValue(8.0);
    QCOMPARE(w.scene().drawnAtoms(), std::size_t(63));  // not clipping yet
    panel->syncFrom(w.scene());                         // as each analysed frame does
    QCOMPARE(low->value(), 4.0);
    panel->findChild<QGroupBox*>("slabClip")->setChecked(true);
    QCOMPARE(w.scene().drawnAtoms(), inside);

    // Picking an atom names its species and its bonded neighbours.
    const auto frame = w.scene().frame();
    int target = -1;
    for (std::size_t i = 0; i < positions.size() && target < 0; ++i)
      if ((*frame->symbols)[i] == "O" && positions[i].z() >= 4.0 && positions[i].z() <= 8.0)
        target = static_cast<int>(i);
    vtkRenderer* r = w.scene().renderer();
    r->SetWorldPoint(positions[target].x(), positions[target].y(), positions[target].z(), 1.0);
    r->WorldToDisplay();
    double d[3];
    r->GetDisplayPoint(d);
    const double ratio = w.view()->devicePixelRatioF();
    QTest::mouseClick(w.view(), Qt::LeftButton, {},
                      QPoint(static_cast<int>(d[0] / ratio),
                             w.view()->height() - static_cast<int>(d[1] / ratio)));
    const int picked = w.atomInfoPanel()->atom();
    QVERIFY(picked >= 0);
    QVERIFY(positions[picked].z() >= 4.0 && positions[picked].z() <= 8.0);  // clipped atoms
    QVERIFY2(w.atomInfoPanel()->speciesText().startsWith("species: H2O, "),
             qPrintable(w.atomInfoPanel()->speciesText()));
    QCOMPARE(w.atomInfoPanel()->neighbors().size(), (*frame->symbols)[picked] == "O" ? 2 : 1);
  }

  // During a run the bonds come from the analysed run frames (their step > 0) and are drawn at the
  // shown frame's positions; the last frame's are those of step 50.
  void bondsFollowALiveRun() {
    MainWindow w;
    QVERIFY(w.document().openStructure(test::sharedDir() + "/structures/water63.xyz", true));
    QVERIFY(w.document().openModel(test::sharedDir() + "/models/qnep_mode2_water.txt", true));
    RunSettings settings;
    settings.run.steps = 50;
    settings.snapshotInterval = 5;
    w.runPanel()->setSettings(settings);
    QSignalSpy finished(&w.controller(), &SimulationController::finished);
    QVERIFY(w.runs().startRun());
    QVERIFY(finished.wait(120000));
    w.runs().flushFrames();
    QTRY_VERIFY_WITH_TIMEOUT(w.scene().species() && w.scene().species()->step == 50, 30000);
    QCOMPARE(w.scene().frame()->step, std::int64_t(50));
    QCOMPARE(w.scene().drawnBonds(), std::size_t(42));
  }

  // The screenshot of the README: an interface coloured by species, with its legend.
  void speciesViewOfAnInterface() {
    MainWindow w;
    w.document().setStructure(interface(), "interface");
    w.resize(1280, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTRY_VERIFY_WITH_TIMEOUT(w.scene().species() != nullptr, 20000);
    QCOMPARE(w.scene().speciesNames(),
             (std::vector<std::string>{"EC", "Na(metal)", "Na+", "PF6-"}));
    auto* panel = w.findChild<ViewPanel*>();
    auto* mode = panel->findChild<QComboBox*>();
    mode->setCurrentIndex(mode->findData(static_cast<int>(render::ColorMode::Species)));
    QCOMPARE(w.scene().colorMode(), render::ColorMode::Species);
    std::set<std::string> colours;
    for (const auto& name : w.scene().speciesNames()) {
      const render::Rgb c = w.scene().speciesColor(name);
      colours.insert(QColor::fromRgbF(c[0], c[1], c[2]).name().toStdString());
    }
    QCOMPARE(colours.size(), std::size_t(4));
    w.scene().setCameraPreset(render::CameraPreset::Oblique);
    w.view()->update();
    QTest::qWait(100);
    QVERIFY(saveScreenshot(w, "studio-species"));
  }
};

SEI_STUDIO_TEST_MAIN(TestViewFeatures)

#include "TestViewFeatures.moc"
