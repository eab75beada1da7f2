// Offscreen figures and picking of the atom scene, checked on pixels of known atoms.
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>

#include <QtTest>

#include "AtomScene.hpp"
#include "ColorMaps.hpp"
#include "FigureExporter.hpp"
#include "SceneProbe.hpp"
#include "VtkView.hpp"

using namespace sei;
using namespace sei::render;

namespace {

/// Three atoms in a row along x in a 12 Å cube: O at −1 e, Na at +1 e, H neutral.
Structure threeAtoms() {
  Structure s;
  s.cell = Cell(Eigen::Matrix3d::Identity() * 12.0);
  s.symbols = {"O", "Na", "H"};
  s.positions = {{3, 6, 6}, {6, 6, 6}, {9, 6, 6}};
  s.charges = {-1.0, 1.0, 0.0};
  return s;
}

struct PixelCounts {
  int red = 0, blue = 0, background = 0, transparent = 0;
};

/// Keeps a test figure for inspection in build/tests/screenshots.
void keep(const QImage& image, const QString& name) {
  QDir().mkpath(SEI_SCREENSHOT_DIR);
  image.save(QString(SEI_SCREENSHOT_DIR) + "/" + name + ".png");
}

PixelCounts count(const QImage& image) {
  PixelCounts c;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) {
      const QColor p = image.pixelColor(x, y);
      if (p.alpha() == 0) ++c.transparent;
      if (p.red() < 8 && p.green() < 8 && p.blue() < 8) ++c.background;
      if (p.red() > 90 && p.red() > 2 * p.blue() && p.red() > 2 * p.green()) ++c.red;
      if (p.blue() > 90 && p.blue() > 1.5 * p.red()) ++c.blue;
    }
  return c;
}

}  // namespace

class TestFigureExporter : public QObject {
  Q_OBJECT
 private slots:
  void divergingMapIsCentredOnZero() {
    auto table = divergingTable(0.8);
    double lo[3], mid[3], hi[3];
    table->GetColor(-0.8, lo);
    table->GetColor(0.0, mid);
    table->GetColor(0.8, hi);
    // Moreland's end points, and a neutral middle (equal channels within 3 %).
    QVERIFY(std::abs(lo[0] - 0.230) < 0.01 && std::abs(lo[2] - 0.754) < 0.01);
    QVERIFY(std::abs(hi[0] - 0.706) < 0.01 && std::abs(hi[2] - 0.150) < 0.01);
    QVERIFY(std::abs(mid[0] - mid[2]) < 0.03 && std::abs(mid[0] - mid[1]) < 0.03);
    QVERIFY(mid[1] > 0.8);
  }

  void sequentialMapGetsLighter() {
    auto table = sequentialTable(-2.0, 5.0);
    double previous = -1.0;
    for (int i = 0; i <= 10; ++i) {
      double c[3];
      table->GetColor(-2.0 + 0.7 * i, c);
      const double luminance = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
      QVERIFY2(luminance > previous, qPrintable(QString("step %1").arg(i)));
      previous = luminance;
    }
  }

  void elementColoursFromTheTable() {
    const Rgb o = elementColor("O");
    QCOMPARE(o[0], 1.0);
    QVERIFY(o[1] < 0.06 && o[2] < 0.06);
    QCOMPARE(elementColor("H"), (Rgb{1.0, 1.0, 1.0}));
    QVERIFY(elementRadius("Na") > elementRadius("O"));
    QVERIFY(elementRadius("O") > elementRadius("H"));
  }

  void chargeColoursInTheFigure() {
    AtomScene scene;
    scene.setBackground(0, 0, 0);
    scene.setFrame(snapshotOf(threeAtoms()));
    QCOMPARE(scene.colorMode(), ColorMode::Charge);  // the default for frames with charges
    QCOMPARE(scene.colorRange(), (std::array<double, 2>{-1.0, 1.0}));
    scene.setCameraPreset(CameraPreset::Side);
    FigureOptions options;
    options.size = QSize(480, 320);
    options.colorBar = false;
    const QImage image = FigureExporter::render(scene, options);
    QCOMPARE(image.size(), QSize(480, 320));
    keep(image, "figure-charges");
    const PixelCounts c = count(image);
    // The 12 Å cell fills ~240 px: O (r = 0.50 Å) covers ~ π·10² px, Na (1.12 Å) ~ π·22² px.
    QVERIFY2(c.red > 800, qPrintable(QString::number(c.red)));
    QVERIFY2(c.blue > 150, qPrintable(QString::number(c.blue)));
    QVERIFY(c.background > image.width() * image.height() / 2);
    QCOMPARE(c.transparent, 0);
    // The positive Na (centre) is red, the negative O (left) blue.
    QColor centre = image.pixelColor(image.width() / 2, image.height() / 2);
    QVERIFY2(centre.red() > 2 * centre.blue(), qPrintable(centre.name()));
  }

  void transparentBackgroundAndElementColours() {
    AtomScene scene;
    scene.setFrame(snapshotOf(threeAtoms()));
    scene.setColorMode(ColorMode::Element);
    scene.setCameraPreset(CameraPreset::Side);
    FigureOptions options;
    options.size = QSize(400, 300);
    options.transparentBackground = true;
    options.caption = "three atoms";
    const QImage image = FigureExporter::render(scene, options);
    keep(image, "figure-elements-transparent");
    QCOMPARE(image.pixelColor(0, image.height() - 1).alpha(), 0);  // no caption in this corner
    QCOMPARE(image.pixelColor(image.width() - 1, 0).alpha(), 0);
    const PixelCounts c = count(image);
    QVERIFY(c.transparent > image.width() * image.height() / 2);
    QVERIFY2(c.red > 120, qPrintable(QString::number(c.red)));  // O in Jmol red
    // Hidden elements vanish: without O no red remains.
    scene.setElementVisible("O", false);
    QCOMPARE(count(FigureExporter::render(scene, options)).red, 0);
  }

  void largeFigureAtRequestedSize() {
    AtomScene scene;
    scene.setFrame(snapshotOf(threeAtoms()));
    FigureOptions options;
    options.size = QSize(3000, 1700);
    const QImage image = FigureExporter::render(scene, options);
    QCOMPARE(image.size(), QSize(3000, 1700));
    QVERIFY(count(image).red > 800 * 20);  // the spheres scale with the picture
  }

  void pickingFindsTheAtomUnderTheCursor() {
    AtomScene scene;
    const Structure s = threeAtoms();
    scene.setFrame(snapshotOf(s));
    scene.setCameraPreset(CameraPreset::Oblique);
    auto window = vtkSmartPointer<vtkRenderWindow>::New();
    window->SetOffScreenRendering(1);
    window->SetSize(400, 300);
    window->AddRenderer(scene.renderer());
    window->Render();
    vtkRenderer* r = scene.renderer();
    for (int i = 0; i < 3; ++i) {
      const Eigen::Vector2d d = test::displayOf(r, s.positions[i]);
      QCOMPARE(scene.pickAtom(r, d.x() + 2.0, d.y() - 1.0), i);
    }
    QCOMPARE(scene.pickAtom(r, 2.0, 2.0), -1);
    window->RemoveRenderer(r);
  }
};

int main(int argc, char** argv) {
  QSurfaceFormat::setDefaultFormat(VtkView::defaultFormat());
  QGuiApplication app(argc, argv);
  TestFigureExporter suite;
  return QTest::qExec(&suite, argc, argv);
}

#include "TestFigureExporter.moc"
