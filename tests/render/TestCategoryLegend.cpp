// The legend of a categorical colouring (elements, species) as a paper figure needs it: one small
// square per entry, of a fixed size for the image height, filled with the entry's colour and
// outlined in the text colour, so that white H reads on a white figure and every swatch is a
// box, not a bar stretched over the legend's height. Checked on offscreen pixels.
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>

#include <QtTest>
#include <algorithm>
#include <cmath>

#include "CategoryLegend.hpp"
#include "ColorLegend.hpp"
#include "ColorMaps.hpp"
#include "FigureExporter.hpp"

using namespace sei::render;

namespace {

const Rgb kWhite{1.0, 1.0, 1.0};
const Rgb kDark{0.1, 0.11, 0.13};

bool near(const QColor& p, const Rgb& c, int tolerance = 12) {
  return std::abs(p.red() - 255 * c[0]) <= tolerance &&
         std::abs(p.green() - 255 * c[1]) <= tolerance &&
         std::abs(p.blue() - 255 * c[2]) <= tolerance;
}

struct Rendered {
  QImage image;
  std::vector<LegendSwatch> swatches;  ///< VTK pixels: y from the bottom
};

/// The legend of H, Na and O alone on `background`, rendered at `size`.
Rendered renderLegend(const Rgb& background, QSize size) {
  auto renderer = vtkSmartPointer<vtkRenderer>::New();
  renderer->SetBackground(background[0], background[1], background[2]);
  renderer->SetBackgroundAlpha(1.0);
  auto table = categoricalTable(
      {{"H", elementColor("H")}, {"Na", elementColor("Na")}, {"O", elementColor("O")}});
  const auto legend = CategoryLegend::attach(renderer, table);
  legend->setTitle("element");
  legend->setVisible(true);
  Rendered r;
  r.image = FigureExporter::renderImage(renderer, size);
  r.swatches = legend->swatches();
  return r;
}

/// The bounding box (Qt pixels) of the pixels of colour `c` in the right half of the image.
QRect boxOf(const QImage& image, const Rgb& c) {
  QRect box;
  for (int y = 0; y < image.height(); ++y)
    for (int x = image.width() / 2; x < image.width(); ++x)
      if (near(image.pixelColor(x, y), c, 3)) box |= QRect(x, y, 1, 1);
  return box;
}

}  // namespace

class TestCategoryLegend : public QObject {
  Q_OBJECT

 private slots:
  void swatchesAreOutlinedBoxesOnEitherBackground_data() {
    QTest::addColumn<bool>("white");
    QTest::addColumn<QSize>("size");
    QTest::newRow("figure on white") << true << QSize(900, 600);
    QTest::newRow("view on dark") << false << QSize(900, 600);
    QTest::newRow("movie frame on white") << true << QSize(1920, 1080);
  }
  void swatchesAreOutlinedBoxesOnEitherBackground() {
    QFETCH(bool, white);
    QFETCH(QSize, size);
    const Rgb background = white ? kWhite : kDark;
    const Rgb ink = white ? Rgb{0, 0, 0} : Rgb{1, 1, 1};
    const Rendered r = renderLegend(background, size);
    QDir().mkpath(SEI_SCREENSHOT_DIR);
    r.image.save(QString(SEI_SCREENSHOT_DIR) + "/legend-" + QTest::currentDataTag() + ".png");
    QCOMPARE(r.swatches.size(), std::size_t(3));
    const int side = legendFonts(size.height()).labels;
    QVERIFY(side >= 12);  // 2.4 % of the height: legible in a figure and a movie alike
    const std::vector<std::string> names = {"H", "Na", "O"};
    for (std::size_t k = 0; k < 3; ++k) {
      const LegendSwatch& s = r.swatches[k];
      QCOMPARE(s.name, names[k]);
      QCOMPARE(s.size, side);
      // Stacked top to bottom at the right, inside the image, not overlapping.
      QVERIFY(s.x > size.width() / 2 && s.x + s.size < size.width());
      if (k > 0) QVERIFY(s.y + s.size < r.swatches[k - 1].y);
      const int top = size.height() - 1 - (s.y + s.size);  // Qt rows from the top
      const QPoint centre(s.x + s.size / 2, top + s.size / 2);
      QVERIFY2(near(r.image.pixelColor(centre), elementColor(s.name)), s.name.c_str());
      // The outline is in the text colour on all four sides, and the background just beyond.
      for (const QPoint edge : {QPoint(s.x, centre.y()), QPoint(s.x + s.size, centre.y()),
                                QPoint(centre.x(), top), QPoint(centre.x(), top + s.size)}) {
        bool inked = false;
        for (int d = -1; d <= 1; ++d)
          inked = inked || near(r.image.pixelColor(edge + QPoint(d, 0)), ink, 40) ||
                  near(r.image.pixelColor(edge + QPoint(0, d)), ink, 40);
        QVERIFY2(inked, qPrintable(QString("%1: no outline at (%2, %3)")
                                       .arg(s.name.c_str())
                                       .arg(edge.x())
                                       .arg(edge.y())));
      }
      QVERIFY(near(r.image.pixelColor(s.x - 4, centre.y()), background));
      // The name is written to the right of its swatch, in the text colour.
      int inkPixels = 0;
      for (int y = top; y <= top + s.size; ++y)
        for (int x = s.x + s.size + 3; x < size.width(); ++x)
          inkPixels += near(r.image.pixelColor(x, y), ink, 60);
      QVERIFY2(inkPixels > 10, s.name.c_str());
    }
    // Every coloured entry is a small square, not a bar over the legend's height.
    for (const char* e : {"Na", "O"}) {
      const QRect box = boxOf(r.image, elementColor(e));
      QVERIFY2(
          box.isValid() && std::abs(box.width() - box.height()) <= 2 && box.height() <= side + 1,
          qPrintable(QString("%1: %2x%3").arg(e).arg(box.width()).arg(box.height())));
    }
  }

  // Hidden, the legend draws nothing: the image is all background.
  void hiddenLegendDrawsNothing() {
    auto renderer = vtkSmartPointer<vtkRenderer>::New();
    renderer->SetBackground(1, 1, 1);
    auto table = categoricalTable({{"O", elementColor("O")}});
    const auto legend = CategoryLegend::attach(renderer, table);
    legend->setVisible(true);
    legend->setVisible(false);
    const QImage image = FigureExporter::renderImage(renderer, QSize(300, 200));
    for (int y = 0; y < image.height(); ++y)
      for (int x = 0; x < image.width(); ++x) QVERIFY(near(image.pixelColor(x, y), kWhite, 1));
    QVERIFY(legend->swatches().empty());
  }
};

QTEST_MAIN(TestCategoryLegend)
#include "TestCategoryLegend.moc"
