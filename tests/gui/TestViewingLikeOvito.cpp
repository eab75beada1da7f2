// Viewing as a user meets it (issue 18, "Viewing like OVITO"): colour by any per-atom property
// from the View panel, with the properties a frame lacks disabled and saying why; a chosen map
// and a per-run range that never shrinks during a live run, or a fixed one; legends; the picked
// atom marked in the 3D view; orthographic projection and zoom to fit from the View menu; figures
// on white.
#include <vtkCamera.h>
#include <vtkLookupTable.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QPushButton>
#include <QStandardItemModel>
#include <QtTest>

#include "../render/SceneProbe.hpp"
#include "AtomInfoPanel.hpp"
#include "ExportController.hpp"
#include "MainWindow.hpp"
#include "RunPanel.hpp"
#include "RunSettings.hpp"
#include "StudioTestMain.hpp"
#include "TestSupport.hpp"
#include "ViewPanel.hpp"
#include "VtkView.hpp"

using namespace sei;
using namespace sei::studio;
using render::ColorMode;
using Range = std::array<double, 2>;

namespace {

/// The View panel's colour-mode list entry of `mode`.
QStandardItem* modeItem(QComboBox* modes, ColorMode mode) {
  return qobject_cast<QStandardItemModel*>(modes->model())
      ->item(modes->findData(static_cast<int>(mode)));
}

/// Display position (VTK pixels from the lower left) of a point in the live view.
Eigen::Vector2d display(MainWindow& w, const Eigen::Vector3d& p) {
  return test::displayOf(w.scene().renderer(), p);
}

/// The studio at 1280 × 800 showing water63.xyz (no model).
void openWater(MainWindow& w) {
  QVERIFY2(w.document().openStructure(test::sharedPath("structures/water63.xyz"), true),
           qPrintable(w.lastError()));
  w.resize(1280, 800);
  w.show();
  QVERIFY(QTest::qWaitForWindowExposed(&w));
}

/// The view's pixels in the picked atom's halo colour (bright yellow).
int haloPixels(const QImage& image, QPoint around, int within) {
  int n = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) {
      const QRgb p = image.pixel(x, y);
      if (qRed(p) > 200 && qGreen(p) > 170 && qBlue(p) < 80 &&
          std::hypot(x - around.x(), y - around.y()) < within)
        ++n;
    }
  return n;
}

}  // namespace

class TestViewingLikeOvito : public QObject {
  Q_OBJECT
 private slots:
  void colourByAnyPropertyFromTheViewPanel() {
    MainWindow w;
    openWater(w);
    auto* panel = w.findChild<ViewPanel*>();
    auto* modes = panel->findChild<QComboBox*>("colorMode");
    QVERIFY(modes);
    // A structure file of water: no charges, energies or forces; coordination once analysed.
    QCOMPARE(w.scene().colorMode(), ColorMode::Element);
    for (ColorMode m : {ColorMode::Charge, ColorMode::Energy, ColorMode::Force}) {
      QVERIFY(!modeItem(modes, m)->isEnabled());
      QVERIFY2(modeItem(modes, m)->toolTip().startsWith("Not available: this frame has no"),
               qPrintable(modeItem(modes, m)->toolTip()));
    }
    QVERIFY(modeItem(modes, ColorMode::Height)->isEnabled());
    // Element colours come with a legend of the two elements.
    QVERIFY(w.scene().colorBarShown());
    QCOMPARE(w.scene().colorTable()->GetNumberOfAnnotatedValues(), vtkIdType(2));
    QVERIFY(saveScreenshot(w, "viewing-element-legend"));
    QTRY_VERIFY_WITH_TIMEOUT(modeItem(modes, ColorMode::Coordination)->isEnabled(), 20000);
    modes->setCurrentIndex(modes->findData(static_cast<int>(ColorMode::Coordination)));
    QCOMPARE(w.scene().colorMode(), ColorMode::Coordination);
    QCOMPARE(w.scene().colorRange(), (Range{0.0, 2.0}));  // H one bond, O two
    QCOMPARE(QString(w.scene().colorBar()->GetTitle()), QString("coordination"));

    modes->setCurrentIndex(modes->findData(static_cast<int>(ColorMode::Height)));
    QCOMPARE(QString::fromUtf8(w.scene().colorBar()->GetTitle()), QString("z (\u00c5)"));
    auto* maps = panel->findChild<QComboBox*>("colorMap");
    QVERIFY(maps->isEnabled());
    QCOMPARE(maps->currentText(), QString("viridis (sequential)"));
    maps->setCurrentIndex(maps->findText("plasma (sequential)"));
    QCOMPARE(w.scene().colorMap(), render::ColorMap::Plasma);
    // Fixed range: the user's round numbers are kept.
    auto* rangeMode = panel->findChild<QComboBox*>("rangeMode");
    auto* low = panel->findChild<QDoubleSpinBox*>("rangeLow");
    auto* high = panel->findChild<QDoubleSpinBox*>("rangeHigh");
    QVERIFY(!low->isEnabled());
    rangeMode->setCurrentIndex(1);
    QVERIFY(low->isEnabled() && high->isEnabled());
    low->setValue(0.0);
    high->setValue(10.0);
    QCOMPARE(w.scene().colorRange(), (Range{0.0, 10.0}));
    QVERIFY(w.scene().rangeFixed());
    w.view()->update();
    QTest::qWait(100);
    QVERIFY(saveScreenshot(w, "viewing-height-plasma-fixed"));
    // Element colouring has no map or range.
    modes->setCurrentIndex(modes->findData(static_cast<int>(ColorMode::Element)));
    QVERIFY(!maps->isEnabled() && !rangeMode->isEnabled());
  }

  // During a live qNEP run the charge range only widens, per-atom energies and forces become
  // available, and |F| is drawn with its unit in the bar's title.
  void liveRunKeepsTheChargeRange() {
    MainWindow w;
    QVERIFY2(w.document().openStructure(test::sharedPath("structures/water63.xyz"), true),
             qPrintable(w.lastError()));
    QVERIFY2(w.document().openModel(test::sharedPath("models/qnep_mode2_water.txt"), true),
             qPrintable(w.lastError()));
    RunSettings settings;
    settings.run.steps = 200;  // frames enough to see the range through throttling
    settings.snapshotInterval = 5;
    w.runPanel()->setSettings(settings);
    w.resize(1280, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    std::vector<Range> ranges;
    std::vector<double> maxCharge;
    connect(&w.runs(), &RunCoordinator::frameShown, this, [&] {
      if (w.scene().frame()->charges.empty()) return;
      ranges.push_back(w.scene().colorRange());
      double m = 0.0;
      for (double q : w.scene().frame()->charges) m = std::max(m, std::abs(q));
      maxCharge.push_back(m);
    });
    QSignalSpy finished(&w.controller(), &SimulationController::finished);
    QTest::mouseClick(w.runPanel()->startButton(), Qt::LeftButton);
    QVERIFY(finished.wait(120000));
    w.runs().flushFrames();
    QCOMPARE(w.scene().colorMode(), ColorMode::Charge);
    QVERIFY2(ranges.size() >= 3, qPrintable(QString::number(ranges.size())));
    for (std::size_t k = 0; k < ranges.size(); ++k) {
      QVERIFY(ranges[k][1] >= maxCharge[k] && ranges[k][0] <= -maxCharge[k]);
      if (k > 0) QVERIFY(ranges[k][1] >= ranges[k - 1][1] && ranges[k][0] <= ranges[k - 1][0]);
    }
    qInfo("%zu frames: max |q| %.3f .. %.3f e, range ±%.1f .. ±%.1f e", ranges.size(),
          *std::min_element(maxCharge.begin(), maxCharge.end()),
          *std::max_element(maxCharge.begin(), maxCharge.end()), ranges.front()[1],
          ranges.back()[1]);
    auto* modes = w.findChild<ViewPanel*>()->findChild<QComboBox*>("colorMode");
    QVERIFY(modeItem(modes, ColorMode::Energy)->isEnabled());
    QVERIFY(modeItem(modes, ColorMode::Force)->isEnabled());
    modes->setCurrentIndex(modes->findData(static_cast<int>(ColorMode::Force)));
    QCOMPARE(QString::fromUtf8(w.scene().colorBar()->GetTitle()), QString("|F| (eV/\u00c5)"));
    QCOMPARE(w.scene().colorRange()[0], 0.0);
    w.view()->update();
    QTest::qWait(100);
    QVERIFY(saveScreenshot(w, "viewing-force-magnitude"));
    modes->setCurrentIndex(modes->findData(static_cast<int>(ColorMode::Energy)));
    QCOMPARE(QString::fromUtf8(w.scene().colorBar()->GetTitle()), QString("energy (eV)"));
  }

  void pickedAtomIsMarkedUntilAnEmptyClick() {
    MainWindow w;
    openWater(w);
    QTest::qWait(100);
    // The atom nearest the camera: nothing covers it.
    const auto frame = w.scene().frame();
    const double ratio = w.view()->devicePixelRatioF();
    int target = -1;
    double nearest = 1e9;
    vtkCamera* camera = w.scene().renderer()->GetActiveCamera();
    const Eigen::Vector3d eye(camera->GetPosition());
    for (std::size_t i = 0; i < frame->positions.size(); ++i) {
      const double distance = (frame->positions[i] - eye).norm();
      if (distance < nearest) {
        nearest = distance;
        target = static_cast<int>(i);
      }
    }
    const Eigen::Vector2d d = display(w, frame->positions[target]);
    const QPoint at(int(d.x() / ratio), w.view()->height() - int(d.y() / ratio));
    QCOMPARE(haloPixels(w.view()->grabFramebuffer(), at, 100000), 0);
    QTest::mouseClick(w.view(), Qt::LeftButton, {}, at);
    QCOMPARE(w.atomInfoPanel()->atom(), target);
    QCOMPARE(w.scene().pickedAtom(), target);
    const QImage marked = w.view()->grabFramebuffer();
    const QPoint atPixels(int(d.x()), marked.height() - 1 - int(d.y()));
    const int ring = haloPixels(marked, atPixels, int(80 * ratio));
    QVERIFY2(ring > 100, qPrintable(QString::number(ring)));
    QCOMPARE(haloPixels(marked, atPixels, 100000), ring);  // nowhere else
    QVERIFY(saveScreenshot(w, "viewing-picked-atom"));
    // A click on empty space (the view's corner) clears the pick and its mark.
    QTest::mouseClick(w.view(), Qt::LeftButton, {}, QPoint(3, 3));
    QCOMPARE(w.atomInfoPanel()->atom(), -1);
    QCOMPARE(w.scene().pickedAtom(), -1);
    QCOMPARE(haloPixels(w.view()->grabFramebuffer(), atPixels, 100000), 0);
  }

  void orthographicAndZoomToFitFromTheViewMenu() {
    MainWindow w;
    openWater(w);
    auto* orthographic = w.findChild<QAction*>("orthographicProjection");
    auto* fit = w.findChild<QAction*>("zoomToFit");
    QVERIFY(orthographic && fit);
    QCOMPARE(fit->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_0));
    auto* box = w.findChild<ViewPanel*>()->findChild<QCheckBox*>("orthographic");
    QVERIFY(!box->isChecked());
    orthographic->trigger();
    QVERIFY(w.scene().parallelProjection());
    QVERIFY(box->isChecked());
    vtkCamera* camera = w.scene().renderer()->GetActiveCamera();
    camera->Zoom(0.3);  // the user zoomed far out
    camera->Azimuth(30.0);
    fit->trigger();
    const auto frame = w.scene().frame();
    const double ratio = w.view()->devicePixelRatioF();
    const double width = w.view()->width() * ratio, height = w.view()->height() * ratio;
    for (const auto& p : frame->positions) {
      const Eigen::Vector2d d = display(w, p);
      QVERIFY(d.x() > 0 && d.x() < width && d.y() > 0 && d.y() < height);
    }
    Eigen::Vector2d low(1e9, 1e9), high(-1e9, -1e9);
    const Eigen::Matrix3d h = frame->cell.matrix();
    for (int c = 0; c < 8; ++c) {
      const Eigen::Vector2d d = display(w, h * Eigen::Vector3d(c & 1, (c >> 1) & 1, c >> 2));
      low = low.cwiseMin(d);
      high = high.cwiseMax(d);
    }
    const double share = std::max((high.x() - low.x()) / width, (high.y() - low.y()) / height);
    qInfo("zoom to fit: the cell spans %.0f %% of the view", 100.0 * share);
    QVERIFY2(share > 0.85, qPrintable(QString::number(share)));
    w.view()->update();
    QTest::qWait(100);
    QVERIFY(saveScreenshot(w, "viewing-orthographic-fit"));
    // The panel's box switches back; the menu follows.
    box->click();
    QVERIFY(!w.scene().parallelProjection());
    QVERIFY(!orthographic->isChecked());
  }

  void figuresOnWhiteByDefault() {
    MainWindow w;
    QVERIFY2(w.document().openStructure(test::sharedPath("structures/water63.xyz"), true),
             qPrintable(w.lastError()));
    QTemporaryDir dir;
    render::FigureOptions options = ExportController::figureDefaults();
    QVERIFY(options.background && (*options.background)[0] == 1.0);
    options.size = QSize(640, 400);
    const QString path = dir.filePath("figure.png");
    QVERIFY2(w.exports().exportFigure(path, options, true), qPrintable(w.lastError()));
    const QImage image(path);
    QCOMPARE(image.size(), QSize(640, 400));
    QCOMPARE(image.pixelColor(0, 0), QColor(Qt::white));
    QCOMPARE(image.pixelColor(639, 0), QColor(Qt::white));
    QDir().mkpath(SEI_SCREENSHOT_DIR);
    image.save(SEI_SCREENSHOT_DIR "/viewing-figure-white.png");
    options.background.reset();  // dark, as the view
    QVERIFY(w.exports().exportFigure(path, options, true));
    const QColor corner = QImage(path).pixelColor(0, 0);
    QVERIFY2(corner.lightness() < 50, qPrintable(corner.name()));
  }
};

SEI_STUDIO_TEST_MAIN(TestViewingLikeOvito)

#include "TestViewingLikeOvito.moc"
