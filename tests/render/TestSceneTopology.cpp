// What the scene draws from the analysis: bonds between atom centres (and as halves at both faces
// for a bond across the cell boundary), colours by species with hidden species leaving no pixels,
// and slab clipping along z; checked on offscreen pixels at the projected atom positions.
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>

#include <QtTest>
#include <cmath>

#include "AnalysisSupport.hpp"
#include "AtomScene.hpp"
#include "ColorMaps.hpp"
#include "FigureExporter.hpp"
#include "SceneProbe.hpp"
#include "VtkView.hpp"
#include "analysis/Species.hpp"

using namespace sei;
using namespace sei::render;

namespace {

const QSize kSize(900, 600);

/// The analysis of a frame as the studio's worker hands it to the scene.
void analyse(AtomScene& scene, const std::shared_ptr<const Snapshot>& frame) {
  analysis::SpeciesTracker tracker;
  scene.setSpecies(
      std::make_shared<const analysis::SpeciesFrame>(tracker.update(analysis::Frame(*frame))),
      frame->symbols);
}

/// Image pixel (x right, y down) of a point of the scene's frame in a figure of kSize.
QPointF project(AtomScene& scene, const Eigen::Vector3d& r) {
  return test::imagePixelOf(scene, r, kSize);
}

/// EC at x = 4 Å beside water at x = 10.5 Å in a 14 Å box, shown side-on on black, coloured by
/// species and analysed; returns EC's atom count (the water's atoms follow).
int showEcBesideWater(AtomScene& scene) {
  Structure s = test::cubicBox(14.0);
  test::placeMolecule(s, test::shipped("EC"), {4.0, 7.0, 7.0});
  const int ecAtoms = int(s.size());
  test::placeMolecule(s, test::shipped("H2O"), {10.5, 7.0, 7.0});
  auto frame = snapshotOf(s);
  scene.setBackground(0, 0, 0);
  scene.setFrame(frame);
  scene.setColorMode(ColorMode::Species);
  scene.setCameraPreset(CameraPreset::Side);
  analyse(scene, frame);
  return ecAtoms;
}

QImage figure(const AtomScene& scene, bool colorBar = false) {
  FigureOptions options;
  options.size = kSize;
  options.colorBar = colorBar;
  return FigureExporter::render(scene, options);
}

/// Whether a pixel within ±1 of `at` has colour `c` (each channel within 12 of 255·c).
bool colourNear(const QImage& image, QPointF at, const Rgb& c) {
  for (int dy = -1; dy <= 1; ++dy)
    for (int dx = -1; dx <= 1; ++dx) {
      const QColor p =
          image.pixelColor(int(std::lround(at.x())) + dx, int(std::lround(at.y())) + dy);
      if (std::abs(p.red() - 255 * c[0]) < 12 && std::abs(p.green() - 255 * c[1]) < 12 &&
          std::abs(p.blue() - 255 * c[2]) < 12)
        return true;
    }
  return false;
}

/// Pixels whose hue is within 10° of c's and whose saturation is at least 0.4 (shading scales
/// a colour, keeping hue and saturation; the background and the cell box are grey).
int hueCount(const QImage& image, const Rgb& c, const QRect& area) {
  const QColor target = QColor::fromRgbF(c[0], c[1], c[2]);
  int n = 0;
  for (int y = area.top(); y <= area.bottom(); ++y)
    for (int x = area.left(); x <= area.right(); ++x) {
      const QColor p = image.pixelColor(x, y);
      const int dh = std::abs(p.hsvHue() - target.hsvHue());
      n += p.hsvSaturationF() >= 0.4 && p.valueF() > 0.1 && std::min(dh, 360 - dh) <= 10;
    }
  return n;
}

std::shared_ptr<const Snapshot> waterAt(const Eigen::Vector3d& centre, Structure* out = nullptr) {
  Structure s = test::cubicBox(12.0);
  test::placeMolecule(s, test::shipped("H2O"), centre);
  for (auto& r : s.positions) r.x() -= 12.0 * std::floor(r.x() / 12.0);  // into the cell
  if (out) *out = s;
  return snapshotOf(s);
}

}  // namespace

class TestSceneTopology : public QObject {
  Q_OBJECT
 private slots:
  // Water in the xz plane seen from the side: along each O–H, bond pixels in the colour of the
  // nearer atom between the two spheres, background there when bonds are off.
  void bondsBetweenAtomCentres() {
    Structure s;
    auto frame = waterAt({6.0, 6.0, 6.0}, &s);
    AtomScene scene;
    scene.setBackground(0, 0, 0);
    scene.setFrame(frame);
    scene.setAtomScale(0.3);
    scene.setCameraPreset(CameraPreset::Side);
    QCOMPARE(scene.drawnBonds(), std::size_t(0));  // nothing analysed yet
    analyse(scene, frame);
    QCOMPARE(scene.drawnBonds(), std::size_t(2));
    const QImage on = figure(scene);
    QDir().mkpath(SEI_SCREENSHOT_DIR);
    on.save(QString(SEI_SCREENSHOT_DIR) + "/figure-bonds.png");
    // A later frame of the system, read anew (an equal symbol list), keeps the bonds; a frame of
    // another system with as many atoms has none.
    scene.setFrame(snapshotOf(s));
    QCOMPARE(scene.drawnBonds(), std::size_t(2));
    Structure other = s;
    other.symbols = {"O", "H", "F"};
    scene.setFrame(snapshotOf(other));
    QVERIFY(scene.species() == nullptr);
    QCOMPARE(scene.drawnBonds(), std::size_t(0));
    scene.setFrame(frame);
    QCOMPARE(scene.drawnBonds(), std::size_t(2));
    scene.setBondsVisible(false);
    QCOMPARE(scene.drawnBonds(), std::size_t(0));
    const QImage off = figure(scene);
    const Eigen::Vector3d o = s.positions[0];
    const double ro = 0.3 * elementRadius("O"), rh = 0.3 * elementRadius("H");
    for (int h : {1, 2}) {
      const Eigen::Vector3d& rH = s.positions[h];
      const double length = (rH - o).norm(), gap = length - ro - rh;
      QVERIFY2(gap > 0.4 * length, qPrintable(QString::number(gap)));
      const Eigen::Vector3d u = (rH - o) / length;
      const QPointF nearO = project(scene, o + (ro + 0.2 * gap) * u);
      const QPointF nearH = project(scene, o + (ro + 0.8 * gap) * u);
      QVERIFY2(colourNear(on, nearO, elementColor("O")),
               qPrintable(on.pixelColor(nearO.toPoint()).name()));
      QVERIFY2(colourNear(on, nearH, elementColor("H")),
               qPrintable(on.pixelColor(nearH.toPoint()).name()));
      QVERIFY(colourNear(off, nearO, {0, 0, 0}) && colourNear(off, nearH, {0, 0, 0}));
      QVERIFY(!colourNear(off, nearO, elementColor("O")));
    }
  }

  // A water cut by the x = 0 face: its O–H across the face is drawn as two halves at the faces;
  // nothing crosses the middle of the cell.
  void bondAcrossTheFaceIsDrawnAtBothFaces() {
    Structure s;
    auto frame = waterAt({0.05, 6.0, 6.0}, &s);
    QVERIFY(s.positions[2].x() > 11.0);  // the H at −0.7 Å went to the far face
    AtomScene scene;
    scene.setBackground(0, 0, 0);
    scene.setFrame(frame);
    scene.setAtomScale(0.3);
    scene.setCameraPreset(CameraPreset::Side);
    analyse(scene, frame);
    QCOMPARE(scene.drawnBonds(), std::size_t(2));
    const QImage on = figure(scene);
    scene.setBondsVisible(false);
    const QImage off = figure(scene);
    const double left = project(scene, {2.0, 6.0, 6.0}).x();
    const double right = project(scene, {10.0, 6.0, 6.0}).x();
    int inside = 0, changed = 0;
    for (int y = 0; y < kSize.height(); ++y)
      for (int x = 0; x < kSize.width(); ++x)
        if (on.pixel(x, y) != off.pixel(x, y)) {
          ++changed;
          inside += x > left && x < right;
        }
    QVERIFY2(changed > 30, qPrintable(QString::number(changed)));
    QCOMPARE(inside, 0);
  }

  // EC beside water, coloured by species: two palette colours, each only on its own side; the
  // colour bar lists both; hiding EC removes every pixel of its colour.
  void speciesColoursAndHiddenSpecies() {
    AtomScene scene;
    showEcBesideWater(scene);
    QCOMPARE(scene.speciesNames(), (std::vector<std::string>{"EC", "H2O"}));
    const Rgb ec = scene.speciesColor("EC"), water = scene.speciesColor("H2O");
    QCOMPARE(ec, categoricalColor(0));
    QCOMPARE(water, categoricalColor(1));
    const int split = int(project(scene, {7.5, 7.0, 7.0}).x());
    const QRect leftSide(0, 0, split, kSize.height());
    const QRect rightSide(split, 0, kSize.width() - split, kSize.height());
    const QImage image = figure(scene);
    QVERIFY2(hueCount(image, ec, leftSide) > 1000,
             qPrintable(QString::number(hueCount(image, ec, leftSide))));
    QVERIFY2(hueCount(image, water, rightSide) > 300,
             qPrintable(QString::number(hueCount(image, water, rightSide))));
    QCOMPARE(hueCount(image, ec, rightSide), 0);
    QCOMPARE(hueCount(image, water, leftSide), 0);
    // The legend: a swatch of each colour in the colour bar's strip at the right.
    const QImage withBar = figure(scene, true);
    QDir().mkpath(SEI_SCREENSHOT_DIR);
    withBar.save(QString(SEI_SCREENSHOT_DIR) + "/figure-species.png");
    const QRect bar(int(0.88 * kSize.width()), 0, int(0.12 * kSize.width()), kSize.height());
    QVERIFY(hueCount(withBar, ec, bar) > 50 && hueCount(withBar, water, bar) > 50);

    scene.setSpeciesVisible("EC", false);
    QCOMPARE(scene.drawnAtoms(), std::size_t(3));
    QCOMPARE(scene.drawnBonds(), std::size_t(2));
    const QImage hidden = figure(scene);
    QCOMPARE(hueCount(hidden, ec, hidden.rect()), 0);
    QVERIFY(hueCount(hidden, water, rightSide) > 300);
  }

  // The species palette is one: the scene's species colours are ColorMaps' speciesColor. A
  // reaction's atoms highlighted (the water's): the EC fades towards grey, water keeps its colour.
  void highlightedAtomsKeepTheirColours() {
    AtomScene scene;
    const int ecAtoms = showEcBesideWater(scene);
    for (const char* name : {"EC", "H2O", "PF6-", "Na+", "Na(metal)", "C3H6O2"})
      QCOMPARE(scene.speciesColor(name), speciesColor(name));
    const Rgb ec = scene.speciesColor("EC"), water = scene.speciesColor("H2O");
    std::vector<int> waterAtoms;
    for (int a = ecAtoms; a < int(scene.frame()->positions.size()); ++a) waterAtoms.push_back(a);
    scene.setHighlightedAtoms(waterAtoms);
    QCOMPARE(scene.highlightedAtoms(), waterAtoms);
    const QImage image = figure(scene);
    QCOMPARE(hueCount(image, ec, image.rect()), 0);
    QVERIFY(hueCount(image, water, image.rect()) > 300);
    scene.setHighlightedAtoms({});
    QVERIFY(hueCount(figure(scene), ec, image.rect()) > 1000);
  }

  // A Na(100) slab clipped to its second layer: only that layer's atoms are drawn, and no Na
  // pixels remain at the heights of the other layers.
  void slabClippingKeepsOneLayer() {
    const Structure slab = test::naSlab(3, 4, 10.0);
    const double lx = slab.cell.matrix()(0, 0);
    auto frame = snapshotOf(slab);
    std::set<double> layers;
    for (const auto& r : slab.positions) layers.insert(std::round(r.z() * 1000) / 1000);
    QCOMPARE(layers.size(), std::size_t(4));
    const double kept = *std::next(layers.begin());
    std::size_t expected = 0;
    for (const auto& r : slab.positions) expected += std::abs(r.z() - kept) < 0.1;
    AtomScene scene;
    scene.setBackground(0, 0, 0);
    scene.setFrame(frame);
    scene.setColorMode(ColorMode::Element);
    // Orthographic: a layer's atoms at every depth are drawn on the rows of its height (zoom to
    // fit brings a perspective camera close enough for the far atoms to drift by a layer).
    scene.setParallelProjection(true);
    scene.setCameraPreset(CameraPreset::Side);
    QCOMPARE(scene.drawnAtoms(), slab.size());
    scene.setSlabClip({true, kept - 0.5, kept + 0.5});
    QCOMPARE(scene.drawnAtoms(), expected);
    QCOMPARE(expected, std::size_t(9));
    const QImage image = figure(scene);
    const Rgb na = elementColor("Na");
    for (double z : layers) {
      const int row = int(std::lround(project(scene, {0.5 * lx, 0.0, z}).y()));
      const int n = hueCount(image, na, QRect(0, row - 2, kSize.width(), 5));
      if (z == kept)
        QVERIFY2(n > 100, qPrintable(QString::number(n)));
      else
        QCOMPARE(n, 0);
    }
    scene.setSlabClip({false, kept - 0.5, kept + 0.5});
    QCOMPARE(scene.drawnAtoms(), slab.size());
  }
};

int main(int argc, char** argv) {
  QSurfaceFormat::setDefaultFormat(VtkView::defaultFormat());
  QGuiApplication app(argc, argv);
  TestSceneTopology suite;
  return QTest::qExec(&suite, argc, argv);
}

#include "TestSceneTopology.moc"
