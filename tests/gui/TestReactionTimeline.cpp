// The studio side of issue 17: the reaction timeline lists reactions with counts per type, filters
// by type and, clicked, asks for the reaction's time and atoms; the plots draw species (counts and
// transport) in the shared species palette, and the transport plot and its CSV show the mean
// heights; in the main window, a followed run's ring opening appears in the timeline and a click
// shows its recorded frame with its atoms highlighted.
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDockWidget>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include "AnalysisSupport.hpp"
#include "ColorMaps.hpp"
#include "MainWindow.hpp"
#include "PlotPanel.hpp"
#include "ReactionTimeline.hpp"
#include "StudioTestMain.hpp"
#include "VtkView.hpp"
#include "io/ExtXyz.hpp"
#include "io/GpumdOutput.hpp"

using namespace sei;
using namespace sei::studio;

namespace {

analysis::Reaction reaction(double fs, std::vector<std::string> in, std::vector<std::string> out,
                            std::vector<int> atoms) {
  analysis::Reaction r;
  r.time = fs;
  r.step = static_cast<std::int64_t>(fs * 2);
  r.reactants = std::move(in);
  r.products = std::move(out);
  r.atoms = std::move(atoms);
  r.chargeTransferred = -0.9;
  return r;
}

QLineSeries* series(QChartView* view, const QString& name) {
  for (QAbstractSeries* s : view->chart()->series())
    if (s->name() == name) return qobject_cast<QLineSeries*>(s);
  return nullptr;
}

QColor colourOf(const std::string& name) {
  const render::Rgb c = render::speciesColor(name);
  return QColor::fromRgbF(c[0], c[1], c[2]);
}

}  // namespace

class TestReactionTimeline : public QObject {
  Q_OBJECT

 private slots:
  // QSignalSpy keeps the atoms a reaction row highlights as a QVariant.
  void initTestCase() { qRegisterMetaType<std::vector<int>>(); }

  void timelineListsFiltersAndActivates() {
    ReactionTimeline timeline;
    QCOMPARE(timeline.rows(), 0);
    const std::vector<analysis::Reaction> reactions = {
        reaction(50.0, {"EC"}, {"EC(open)-"}, {0, 1, 2}),
        reaction(75.0, {"H2"}, {"H", "H"}, {10, 11}),
        reaction(120.0, {"EC"}, {"EC(open)-"}, {20, 21, 22})};
    timeline.setReactions(reactions);
    QCOMPARE(timeline.rows(), 3);
    auto* type = timeline.findChild<QComboBox*>();
    QCOMPARE(type->count(), 3);  // all, then the types by count
    QCOMPARE(type->itemText(1), QString("EC -> EC(open)- (2)"));
    QCOMPARE(type->itemText(2), QString("H2 -> H + H (1)"));
    auto* table = timeline.findChild<QTableWidget*>();
    QCOMPARE(table->item(1, 0)->text(), QString("0.075"));
    QCOMPARE(table->item(1, 2)->text(), QString("H + H"));
    QCOMPARE(table->item(0, 4)->text(), QString("-0.90"));

    QSignalSpy chosen(&timeline, &ReactionTimeline::reactionChosen);
    type->setCurrentIndex(1);
    QCOMPARE(timeline.rows(), 2);
    timeline.activate(1);  // the second EC ring opening
    QCOMPARE(chosen.count(), 1);
    QCOMPARE(chosen[0][0].toDouble(), 120.0);
    QCOMPARE(chosen[0][1].value<std::vector<int>>(), (std::vector<int>{20, 21, 22}));
    // A longer list keeps the filter.
    auto more = reactions;
    more.push_back(reaction(200.0, {"EC"}, {"EC(open)-"}, {30}));
    timeline.setReactions(more);
    QCOMPARE(type->currentIndex(), 1);
    QCOMPARE(timeline.rows(), 3);
  }

  void plotsUseTheSpeciesPalette() {
    auto data = std::make_shared<PlotData>();
    for (int k = 0; k < 3; ++k) {
      analysis::SpeciesSample s;
      s.time = 100.0 * k;
      s.counts = {{"EC", 10 - k}, {"PF6-", 2}, {"C3H6O2", k}};
      data->species.push_back(s);
      analysis::TransportSample t;
      t.step = k;
      t.time = 100.0 * k;
      t.meanHeight = {{"EC", 8.0 - k}, {"PF6-", 6.5}};
      data->transport.push_back(t);
    }
    PlotPanel panel;
    panel.setData(data);
    QChartView* species = panel.chartView(PlotPanel::Plot::Species);
    for (const char* name : {"EC", "PF6-", "C3H6O2"}) {
      QLineSeries* line = series(species, name);
      QVERIFY2(line, name);
      QCOMPARE(line->color(), colourOf(name));
    }
    QChartView* transport = panel.chartView(PlotPanel::Plot::Transport);
    QLineSeries* ec = series(transport, "EC");
    QVERIFY(ec);
    QCOMPARE(ec->color(), colourOf("EC"));
    QCOMPARE(ec->count(), 3);
    QCOMPARE(ec->at(2), QPointF(0.2, 6.0));  // ps, Å
    QCOMPARE(panel.csv(PlotPanel::Plot::Transport),
             std::string("step,time_fs,h_EC_A,h_PF6-_A\n0,0,8,6.5\n1,100,7,6.5\n2,200,6,6.5\n"));
  }

  // A run folder: Na(100) with EC 5 Å above it whose CH2–O ring bond breaks at 15 fs (frame 3 of
  // 8, 5 fs apart) while its atoms take -0.9 e.
  void mainWindowShowsTheReactionFrame() {
    QTemporaryDir dir;
    double top = 0.0;
    Structure s = test::naSlab(4, 4, 20.0, &top);
    const int first = int(s.size());
    const Molecule ec = test::shipped("EC");
    test::placeMolecule(s, ec, {8.0, 8.0, top + 5.0});
    s.charges.assign(s.size(), 0.0);
    for (int a = 0; a < first; ++a) s.charges[a] = 0.01;  // qNEP charges are never all zero
    int c = -1, o = -1;
    for (int a = first; a < int(s.size()) && c < 0; ++a) {
      int h = 0;
      for (int b = first; b < int(s.size()); ++b)
        h += s.symbols[b] == "H" && (s.positions[a] - s.positions[b]).norm() < 1.2;
      if (s.symbols[a] == "C" && h == 2) c = a;
    }
    for (int a = first; a < int(s.size()); ++a)
      if (s.symbols[a] == "O" && (s.positions[a] - s.positions[c]).norm() < 1.6) o = a;
    writeExtXyz(dir.filePath("model.xyz").toStdString(), s);
    std::ofstream dump(dir.filePath("dump.xyz").toStdString());
    DumpExyzColumns columns;
    columns.charge = true;
    const Eigen::Vector3d shift = 0.6 * (s.positions[c] - s.positions[o]).normalized();
    for (int k = 0; k < 8; ++k) {
      Structure f = s;
      if (k >= 3)
        for (int a = first; a < int(s.size()); ++a) {
          if (a == c || (f.symbols[a] == "H" && (s.positions[a] - s.positions[c]).norm() < 1.2))
            f.positions[a] += shift;
          f.charges[a] = -0.09;
        }
      DumpExyzFrame extra;
      extra.time = 5.0 * k;
      writeDumpExyzFrame(dump, f, extra, columns);
    }
    dump.close();

    MainWindow w;
    w.resize(1280, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY2(w.runs().followRunFolder(dir.path(), true), qPrintable(w.lastError()));
    QTRY_VERIFY_WITH_TIMEOUT(w.reactionTimeline()->rows() == 1, 60000);
    for (QDockWidget* d : w.findChildren<QDockWidget*>())
      if (d->objectName() == "reactionsDock") d->raise();
    auto* table = w.reactionTimeline()->findChild<QTableWidget*>();
    QCOMPARE(table->item(0, 1)->text(), QString("EC"));
    QCOMPARE(table->item(0, 2)->text(), QString("EC(open)-"));
    QCOMPARE(table->item(0, 4)->text(), QString("-0.90"));
    w.reactionTimeline()->activate(0);
    std::vector<int> ecAtoms(ec.size());
    std::iota(ecAtoms.begin(), ecAtoms.end(), first);
    QCOMPARE(w.scene().highlightedAtoms(), ecAtoms);
    QTRY_VERIFY_WITH_TIMEOUT((w.runs().flushFrames(), w.scene().frame()->time == 15.0), 30000);
    w.scene().setColorMode(render::ColorMode::Species);
    w.scene().setCameraPreset(render::CameraPreset::Oblique);
    w.view()->update();
    QTest::qWait(200);
    QVERIFY(saveScreenshot(w, "studio-reactions"));
    w.plotPanel()->setCurrentPlot(PlotPanel::Plot::Transport);
    for (QDockWidget* d : w.findChildren<QDockWidget*>())
      if (d->objectName() == "plotsDock") d->raise();
    QTest::qWait(300);
    QVERIFY(saveScreenshot(w, "studio-transport"));
  }
};

SEI_STUDIO_TEST_MAIN(TestReactionTimeline)

#include "TestReactionTimeline.moc"
