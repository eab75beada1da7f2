// Colouring by per-atom properties, their colour maps, per-run and fixed ranges and legends; the
// legend's text sized from the image height; figure backgrounds; the picked atom's halo; zoom to
// fit in both projections. Checked on numbers of the scene and on offscreen pixels.
#include <vtkCamera.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkTextProperty.h>
#include <vtkUnsignedCharArray.h>
#include <vtkVariant.h>

#include <QtTest>
#include <cmath>

#include "AnalysisSupport.hpp"
#include "AtomProperty.hpp"
#include "AtomScene.hpp"
#include "ColorLegend.hpp"
#include "ColorMaps.hpp"
#include "FigureExporter.hpp"
#include "SceneProbe.hpp"
#include "VtkView.hpp"
#include "analysis/Species.hpp"

using namespace sei;
using namespace sei::render;

namespace {

using Range = std::array<double, 2>;
}  // namespace

namespace QTest {
template <>
char* toString(const Range& r) {
  return qstrdup(qPrintable(QString("[%1, %2]").arg(r[0], 0, 'g', 17).arg(r[1], 0, 'g', 17)));
}
}  // namespace QTest

namespace {

/// Two waters and a Na+ in a 12 Å box, with charges scaled so that max |q| = `maxCharge`, forces
/// and per-atom energies of known values.
std::shared_ptr<Snapshot> watersAndSodium(double maxCharge) {
  Structure s = test::cubicBox(12.0);
  test::placeMolecule(s, test::shipped("H2O"), {3.0, 6.0, 4.0});
  test::placeMolecule(s, test::shipped("H2O"), {9.0, 6.0, 8.0});
  test::placeAtom(s, "Na", {6.0, 1.0, 6.0});
  auto frame = std::const_pointer_cast<Snapshot>(snapshotOf(s));
  for (const std::string& e : *frame->symbols)
    frame->charges.push_back(e == "O" ? -0.8 : e == "H" ? 0.4 : 1.0);
  for (double& q : frame->charges) q *= maxCharge / 1.0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    frame->forces.emplace_back(0.3 * double(i), 0.4 * double(i), 0.0);  // |F| = 0.5 i eV/Å
    frame->perAtomEnergy.push_back(-3.0 - 0.1 * double(i));             // eV
  }
  return frame;
}

std::shared_ptr<const analysis::SpeciesFrame> analysed(const Snapshot& frame) {
  analysis::SpeciesTracker tracker;
  return std::make_shared<const analysis::SpeciesFrame>(tracker.update(analysis::Frame(frame)));
}

/// Renders the scene's live renderer offscreen at `size` and returns the picture (top row first).
QImage renderLive(AtomScene& scene, QSize size) {
  auto window = vtkSmartPointer<vtkRenderWindow>::New();
  window->SetOffScreenRendering(1);
  window->SetSize(size.width(), size.height());
  window->AddRenderer(scene.renderer());
  window->Render();
  QImage image(size, QImage::Format_RGB32);
  auto rgb = vtkSmartPointer<vtkUnsignedCharArray>::New();
  window->GetPixelData(0, 0, size.width() - 1, size.height() - 1, 1, rgb);
  for (int y = 0; y < size.height(); ++y)
    for (int x = 0; x < size.width(); ++x) {
      const unsigned char* p = rgb->GetPointer(3 * (vtkIdType(y) * size.width() + x));
      image.setPixel(x, size.height() - 1 - y, qRgb(p[0], p[1], p[2]));
    }
  window->RemoveRenderer(scene.renderer());
  return image;
}

/// Bounding box of the pixels that differ from the background colour of the top-left corner.
QRect inkBox(const QImage& image) {
  const QRgb background = image.pixel(0, 0);
  int x0 = image.width(), y0 = image.height(), x1 = -1, y1 = -1;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x)
      if (image.pixel(x, y) != background) {
        x0 = std::min(x0, x);
        y0 = std::min(y0, y);
        x1 = std::max(x1, x);
        y1 = std::max(y1, y);
      }
  return x1 < 0 ? QRect() : QRect(QPoint(x0, y0), QPoint(x1, y1));
}

bool isHalo(QRgb p) { return qRed(p) > 200 && qGreen(p) > 170 && qBlue(p) < 80; }

}  // namespace

class TestColorByProperty : public QObject {
  Q_OBJECT
 private slots:
  void propertyValuesAndWhatIsMissing() {
    auto frame = watersAndSodium(1.0);
    const auto species = analysed(*frame);
    const auto& symbols = *frame->symbols;
    // |F| of atom i is 0.5 i eV/Å (a 3-4-5 triangle), energies as given, heights the z.
    const auto force = propertyValues(ColorMode::Force, *frame, nullptr);
    const auto energy = propertyValues(ColorMode::Energy, *frame, nullptr);
    const auto height = propertyValues(ColorMode::Height, *frame, nullptr);
    QCOMPARE(force.size(), symbols.size());
    for (std::size_t i = 0; i < symbols.size(); ++i) {
      QVERIFY(std::abs(force[i] - 0.5 * double(i)) < 1e-12);
      QCOMPARE(energy[i], -3.0 - 0.1 * double(i));
      QCOMPARE(height[i], frame->positions[i].z());
    }
    // Coordination counts the contact graph: O two bonds, H one; the Na+ over 6 Å from both O
    // has none.
    const auto coordination = propertyValues(ColorMode::Coordination, *frame, species.get());
    for (std::size_t i = 0; i < symbols.size(); ++i) {
      int expected = 0;
      for (const auto& c : species->contacts) expected += (c.a == int(i)) + (c.b == int(i));
      QCOMPARE(coordination[i], double(expected));
      if (symbols[i] == "O") QCOMPARE(coordination[i], 2.0);
      if (symbols[i] == "H") QCOMPARE(coordination[i], 1.0);
    }
    QVERIFY(propertyValues(ColorMode::Coordination, *frame, nullptr).empty());
    // A structure file without charges, energies or forces: those modes say why not.
    const auto bare = snapshotOf(test::cubicBox(5.0));
    QVERIFY(colorModeMissing(ColorMode::Charge, bare.get(), nullptr).find("no partial charges") !=
            std::string::npos);
    QVERIFY(colorModeMissing(ColorMode::Energy, bare.get(), nullptr).find("per-atom energies") !=
            std::string::npos);
    QVERIFY(colorModeMissing(ColorMode::Force, bare.get(), nullptr).find("no forces") !=
            std::string::npos);
    QVERIFY(!colorModeMissing(ColorMode::Coordination, frame.get(), nullptr).empty());
    QVERIFY(colorModeMissing(ColorMode::Coordination, frame.get(), species.get()).empty());
    for (ColorMode m : {ColorMode::Charge, ColorMode::Energy, ColorMode::Force, ColorMode::Height})
      QVERIFY(colorModeMissing(m, frame.get(), nullptr).empty());
    QCOMPARE(QString::fromUtf8(colorModeTitle(ColorMode::Force)), QString("|F| (eV/\u00c5)"));
    QCOMPARE(QString::fromUtf8(colorModeTitle(ColorMode::Charge)), QString("charge (e)"));
    QCOMPARE(QString::fromUtf8(colorModeTitle(ColorMode::Energy)), QString("energy (eV)"));
  }

  void roundedRanges() {
    QCOMPARE(roundedRange(ColorMode::Charge, {-0.62, 0.70}), (Range{-0.7, 0.7}));
    QCOMPARE(roundedRange(ColorMode::Charge, {-0.58, 0.31}), (Range{-0.6, 0.6}));
    QCOMPARE(roundedRange(ColorMode::Force, {0.2, 3.7}), (Range{0.0, 4.0}));
    QCOMPARE(roundedRange(ColorMode::Coordination, {1, 4, 2}), (Range{0.0, 4.0}));
    // A spread of 0.73 eV: steps of 0.05 eV.
    const Range e = roundedRange(ColorMode::Energy, {-3.24, -2.51});
    QVERIFY2(std::abs(e[0] + 3.25) < 1e-12 && std::abs(e[1] + 2.5) < 1e-12, QTest::toString(e));
    QCOMPARE(roundedRange(ColorMode::Height, {1.2, 26.0}), (Range{0.0, 30.0}));
  }

  // The case: the automatic charge range went ±0.70 → ±0.60 between frames. Per run it
  // only widens, resets with another system or a new run, and a fixed range is kept.
  void perRunRangeOnlyWidensAndFixedIsKept() {
    AtomScene scene;
    scene.setFrame(watersAndSodium(0.70));
    QCOMPARE(scene.colorMode(), ColorMode::Charge);
    QCOMPARE(scene.colorMap(), ColorMap::CoolWarm);
    QCOMPARE(scene.colorRange(), (Range{-0.7, 0.7}));
    double range[2];
    scene.colorTable()->GetTableRange(range);
    QCOMPARE(range[0], -0.7);
    QCOMPARE(range[1], 0.7);
    auto second = watersAndSodium(0.60);
    second->symbols = scene.frame()->symbols;  // the next frame of the same run
    scene.setFrame(second);
    QCOMPARE(scene.colorRange(), (Range{-0.7, 0.7}));  // not ±0.6
    scene.colorTable()->GetTableRange(range);
    QCOMPARE(range[1], 0.7);
    // The same charge has the same colour in both frames: +0.6 e on the ±0.7 map.
    double c[3], expected[3];
    scene.colorTable()->GetColor(0.6, c);
    colorMapTable(ColorMap::CoolWarm, -0.7, 0.7)->GetColor(0.6, expected);
    for (int k = 0; k < 3; ++k) QCOMPARE(c[k], expected[k]);
    auto third = watersAndSodium(0.83);
    third->symbols = scene.frame()->symbols;
    scene.setFrame(third);
    QCOMPARE(scene.colorRange(), (Range{-0.9, 0.9}));
    // Another system (a structure of other atoms) starts afresh; so does a new run.
    Structure other = test::cubicBox(10.0);
    test::placeAtom(other, "Na", {5, 5, 5});
    test::placeAtom(other, "F", {7, 5, 5});
    auto otherFrame = std::const_pointer_cast<Snapshot>(snapshotOf(other));
    otherFrame->charges = {0.6, -0.6};
    scene.setFrame(otherFrame);
    QCOMPARE(scene.colorRange(), (Range{-0.6, 0.6}));
    scene.setFrame(third);
    QCOMPARE(scene.colorRange(), (Range{-0.9, 0.9}));
    scene.setFrame(second);
    scene.resetRunRanges();
    QCOMPARE(scene.colorRange(), (Range{-0.6, 0.6}));
    // Fixed: the entered values stay whatever the frames hold.
    scene.setFixedRange(Range{-0.5, 0.5});
    scene.setFrame(third);
    QVERIFY(scene.rangeFixed());
    QCOMPARE(scene.colorRange(), (Range{-0.5, 0.5}));
    scene.colorTable()->GetTableRange(range);
    QCOMPARE(range[1], 0.5);
    // Per mode: heights have their own (per-run) range and map.
    scene.setColorMode(ColorMode::Height);
    QVERIFY(!scene.rangeFixed());
    QCOMPARE(scene.colorMap(), ColorMap::Viridis);
    scene.setColorMap(ColorMap::Plasma);
    double low[3];
    scene.colorTable()->GetColor(scene.colorRange()[0], low);
    QVERIFY(std::abs(low[0] - 0.050) < 0.01 && std::abs(low[2] - 0.528) < 0.01);  // plasma's start
    scene.setColorMode(ColorMode::Charge);
    QCOMPARE(scene.colorRange(), (Range{-0.5, 0.5}));
    scene.setFixedRange(std::nullopt);
    QCOMPARE(scene.colorRange(), (Range{-0.9, 0.9}));
  }

  void legendsForEveryColouring() {
    AtomScene scene;
    auto frame = watersAndSodium(0.7);
    scene.setFrame(frame);
    scene.setColorMode(ColorMode::Element);
    // One swatch per element present, in the elements' colours.
    QVERIFY(scene.colorBarShown());
    vtkLookupTable* table = scene.colorTable();
    QCOMPARE(table->GetNumberOfAnnotatedValues(), vtkIdType(3));
    const std::vector<std::string> elements = {"H", "Na", "O"};
    for (int k = 0; k < 3; ++k) {
      QCOMPARE(table->GetAnnotation(k), vtkStdString(elements[k]));
      double c[4];
      table->GetIndexedColor(k, c);
      const Rgb e = elementColor(elements[k]);
      for (int j = 0; j < 3; ++j) QVERIFY(std::abs(c[j] - e[j]) < 1e-9);
    }
    for (ColorMode m :
         {ColorMode::Charge, ColorMode::Energy, ColorMode::Force, ColorMode::Height}) {
      scene.setColorMode(m);
      QVERIFY(scene.colorBarShown());
      QCOMPARE(QString(scene.colorBar()->GetTitle()), QString::fromUtf8(colorModeTitle(m)));
    }
    // Labels at round steps where the range allows: |F| over 0..3.5 in steps of 0.5 eV/Å, charges
    // over ±0.6 in steps of 0.2 e with 0 labelled.
    scene.setColorMode(ColorMode::Force);
    scene.setFixedRange(Range{0.0, 3.5});
    QCOMPARE(scene.colorBar()->GetNumberOfLabels(), 8);
    QCOMPARE(QString(scene.colorBar()->GetLabelFormat()), QString("%.1f"));
    scene.setColorMode(ColorMode::Charge);
    scene.setFixedRange(Range{-0.6, 0.6});
    QCOMPARE(scene.colorBar()->GetNumberOfLabels(), 7);
    scene.setColorMode(ColorMode::Coordination);
    QVERIFY(!scene.colorBarShown());  // before the analysis: no values, no bar
    scene.setSpecies(analysed(*frame), frame->symbols);
    QVERIFY(scene.colorBarShown());
    QCOMPARE(scene.colorRange(), (Range{0.0, 2.0}));
    QCOMPARE(scene.colorBar()->GetNumberOfLabels(), 3);  // 0, 1, 2
  }

  // The legend's fonts follow the image height, not its width or the bar's box: two figures of
  // one width and heights 400 and 800 px have legends of twice the size.
  void legendTextScalesWithTheImageHeight() {
    QCOMPARE(legendFonts(1000).title, 28);
    QCOMPARE(legendFonts(1000).labels, 24);
    QCOMPARE(legendFonts(500).labels, 12);
    QCOMPARE(legendFonts(100).labels, 8);  // legible minimum
    Structure s;  // no cell box: the legend is all that is drawn besides the atoms
    s.symbols = {"O", "H"};
    s.positions = {{0, 0, 0}, {0, 0, 1}};
    auto frame = std::const_pointer_cast<Snapshot>(snapshotOf(s));
    frame->charges = {-0.4, 0.4};
    AtomScene scene;
    scene.setFrame(frame);
    scene.setElementVisible("O", false);
    scene.setElementVisible("H", false);
    FigureOptions options;
    options.background = Rgb{1, 1, 1};
    QRect boxes[2];
    int k = 0;
    for (int h : {400, 800}) {
      options.size = QSize(1000, h);
      const QImage image = FigureExporter::render(scene, options);
      QDir().mkpath(SEI_SCREENSHOT_DIR);
      image.save(QString(SEI_SCREENSHOT_DIR "/legend-%1.png").arg(h));
      boxes[k++] = inkBox(image);
    }
    const double widthRatio = double(boxes[1].width()) / boxes[0].width();
    const double heightRatio = double(boxes[1].height()) / boxes[0].height();
    QVERIFY2(
        std::abs(widthRatio - 2.0) < 0.25,
        qPrintable(
            QString("legend %1 px and %2 px wide").arg(boxes[0].width()).arg(boxes[1].width())));
    QVERIFY2(std::abs(heightRatio - 2.0) < 0.25, qPrintable(QString::number(heightRatio)));
    // A legend is a modest share of the picture: under a fifth of its width at 1000 × 800.
    QVERIFY2(boxes[1].width() < 200, qPrintable(QString::number(boxes[1].width())));
  }

  void figureBackgroundWhiteOrDark() {
    AtomScene scene;
    scene.setFrame(watersAndSodium(0.7));
    FigureOptions options;
    options.size = QSize(320, 240);
    options.background = Rgb{1, 1, 1};
    QImage image = FigureExporter::render(scene, options);
    QCOMPARE(image.pixelColor(0, 0), QColor(255, 255, 255));
    QCOMPARE(image.pixelColor(319, 239), QColor(255, 255, 255));
    // The legend's text is black on white.
    int black = 0;
    for (int y = 0; y < 240; ++y)
      for (int x = 240; x < 320; ++x) black += qGray(image.pixel(x, y)) < 60;
    QVERIFY2(black > 30, qPrintable(QString::number(black)));
    options.background.reset();  // the view's dark grey
    image = FigureExporter::render(scene, options);
    QCOMPARE(image.pixelColor(0, 0), QColor(26, 28, 33));
  }

  void pickedAtomHasAHalo() {
    AtomScene scene;
    auto frame = watersAndSodium(0.7);
    scene.setFrame(frame);
    scene.setColorMode(ColorMode::Element);
    const QSize size(480, 360);
    const QImage before = renderLive(scene, size);
    const int na = int(frame->positions.size()) - 1;
    scene.setPickedAtom(na);
    QCOMPARE(scene.pickedAtom(), na);
    const QImage picked = renderLive(scene, size);
    QDir().mkpath(SEI_SCREENSHOT_DIR);
    picked.save(SEI_SCREENSHOT_DIR "/picked-atom-halo.png");
    const QPointF at = test::imagePixelOf(scene, frame->positions[na], size);
    int near = 0, anywhere = 0, beforeCount = 0;
    for (int y = 0; y < size.height(); ++y)
      for (int x = 0; x < size.width(); ++x) {
        beforeCount += isHalo(before.pixel(x, y));
        if (!isHalo(picked.pixel(x, y))) continue;
        ++anywhere;
        near += std::hypot(x - at.x(), y - at.y()) < 60.0;
      }
    QCOMPARE(beforeCount, 0);
    QVERIFY2(near > 150, qPrintable(QString::number(near)));
    QCOMPARE(near, anywhere);  // around the picked atom only
    // The ring follows the atom to the next frame and goes with another system or −1.
    scene.setFrame(frame);
    QCOMPARE(scene.pickedAtom(), na);
    scene.setPickedAtom(-1);
    const QImage cleared = renderLive(scene, size);
    int left = 0;
    for (int y = 0; y < size.height(); ++y)
      for (int x = 0; x < size.width(); ++x) left += isHalo(cleared.pixel(x, y));
    QCOMPARE(left, 0);
    scene.setPickedAtom(0);
    scene.setFrame(snapshotOf(test::cubicBox(5.0)));
    QCOMPARE(scene.pickedAtom(), -1);
  }

  // Every preset in both projections: all atoms project inside the viewport and the cell's
  // projected box fills at least 85 % of the viewport's width or height.
  void zoomToFitInBothProjections_data() {
    QTest::addColumn<QSize>("size");
    QTest::newRow("landscape") << QSize(640, 400);
    QTest::newRow("portrait") << QSize(300, 500);
  }

  void zoomToFitInBothProjections() {
    QFETCH(QSize, size);
    double top = 0.0;
    const Structure slab = test::naSlab(3, 3, 15.0, &top);
    AtomScene scene;
    scene.setFrame(snapshotOf(slab));
    auto window = vtkSmartPointer<vtkRenderWindow>::New();
    window->SetOffScreenRendering(1);
    window->SetSize(size.width(), size.height());
    window->AddRenderer(scene.renderer());
    vtkRenderer* r = scene.renderer();
    const Eigen::Matrix3d h = slab.cell.matrix();
    for (bool parallel : {false, true}) {
      scene.setParallelProjection(parallel);
      QCOMPARE(scene.parallelProjection(), parallel);
      QCOMPARE(bool(r->GetActiveCamera()->GetParallelProjection()), parallel);
      for (CameraPreset preset :
           {CameraPreset::Side, CameraPreset::Front, CameraPreset::Top, CameraPreset::Oblique}) {
        scene.setCameraPreset(preset);
        r->GetActiveCamera()->Zoom(0.5);  // the user zoomed out; fit brings it back
        scene.zoomToFit();
        auto display = [&](const Eigen::Vector3d& p) { return test::displayOf(r, p); };
        for (const auto& p : slab.positions) {
          const Eigen::Vector2d d = display(p);
          QVERIFY(d.x() > 0 && d.x() < size.width() && d.y() > 0 && d.y() < size.height());
        }
        Eigen::Vector2d low(1e9, 1e9), high(-1e9, -1e9);
        for (int c = 0; c < 8; ++c) {
          const Eigen::Vector2d d = display(h * Eigen::Vector3d(c & 1, (c >> 1) & 1, c >> 2));
          low = low.cwiseMin(d);
          high = high.cwiseMax(d);
        }
        const double share =
            std::max((high.x() - low.x()) / size.width(), (high.y() - low.y()) / size.height());
        const QString where =
            QString("%1 preset %2").arg(parallel ? "ortho" : "persp").arg(int(preset));
        QVERIFY2(share > 0.85 && share <= 1.0, qPrintable(where + QString(": %1").arg(share)));
        QVERIFY2(low.x() >= -0.5 && low.y() >= -0.5 && high.x() <= size.width() + 0.5 &&
                     high.y() <= size.height() + 0.5,
                 qPrintable(where));
      }
    }
    window->RemoveRenderer(r);
  }
};

int main(int argc, char** argv) {
  QSurfaceFormat::setDefaultFormat(VtkView::defaultFormat());
  QGuiApplication app(argc, argv);
  TestColorByProperty suite;
  return QTest::qExec(&suite, argc, argv);
}

#include "TestColorByProperty.moc"
