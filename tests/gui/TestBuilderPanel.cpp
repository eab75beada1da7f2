// The builder panel (under xvfb-run): builds in a worker thread give exactly what the engine
// builds for the same recipe, edits rebuild, cancel stops a build, undo restores recipes, recipe
// files round-trip, and the main window shows what was built.
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QSpinBox>
#include <QUndoStack>
#include <QtTest>

#include "BuilderPanel.hpp"
#include "MainWindow.hpp"
#include "TestSupport.hpp"
#include "VtkView.hpp"
#include "core/Paths.hpp"
#include "project/RecipeJson.hpp"

using namespace sei;
using namespace sei::studio;

namespace {

constexpr int kBuildWaitMs = 120000;

/// The panel's default recipe (Na(100) 3 × 3 × 6 under 1 M NaPF6 in EC) with a film
/// `thickness` Å thick and its own seed.
Recipe smallRecipe(double thickness = 15.0) {
  Recipe r = BuilderPanel::defaultRecipe();
  r.electrolyte.thickness = thickness;
  r.seed = 3;
  return r;
}

int countOf(const BuildReport& r, const std::string& name) {
  for (const auto& s : r.species)
    if (s.name == name) return s.count;
  return -1;
}

/// The panel's build of `recipe` against the engine's own, atom by atom.
void compareWithEngine(const Structure& got, const BuildReport& report, const Recipe& recipe) {
  const BuiltInterface ref = buildInterface(recipe, resourceDirectory());
  QCOMPARE(got.size(), ref.structure.size());
  QCOMPARE(report.species.size(), ref.report.species.size());
  for (const auto& s : ref.report.species) QCOMPARE(countOf(report, s.name), s.count);
  QCOMPARE(report.metalAtoms, ref.report.metalAtoms);
  QCOMPARE(report.molarityReached, ref.report.molarityReached);
  double maxShift = 0.0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    QCOMPARE(got.symbols[i], ref.structure.symbols[i]);
    maxShift = std::max(maxShift, (got.positions[i] - ref.structure.positions[i]).norm());
  }
  QVERIFY2(maxShift < 1e-12, qPrintable(QString::number(maxShift)));  // same seed: same build
}

}  // namespace

class TestBuilderPanel : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
  }

  void buildMatchesTheEngine() {
    BuilderPanel panel;
    panel.setAutoRebuild(false);
    panel.setRecipe(smallRecipe());
    QSignalSpy built(&panel, &BuilderPanel::built);
    panel.build();
    QVERIFY(panel.building());
    QVERIFY(built.wait(kBuildWaitMs));
    QVERIFY(!panel.building());
    const auto structure = built.at(0).at(0).value<std::shared_ptr<const Structure>>();
    const auto report = built.at(0).at(1).value<BuildReport>();
    QVERIFY(structure);
    QCOMPARE(report.metalAtoms, 3 * 3 * 6);  // (100): one atom per layer and surface cell
    QVERIFY(countOf(report, "EC") > 0);
    QCOMPARE(countOf(report, "Na"), countOf(report, "PF6"));
    compareWithEngine(*structure, report, smallRecipe());
    QVERIFY(panel.reportText().contains("mol/L"));
    qInfo("built %zu atoms (%d EC, %d NaPF6) in %.2f s", structure->size(), countOf(report, "EC"),
          countOf(report, "PF6"), report.seconds);
  }

  void editedFieldRebuildsOnce() {
    BuilderPanel panel;
    panel.setRebuildDelay(50);
    QSignalSpy built(&panel, &BuilderPanel::built);
    panel.setRecipe(smallRecipe());
    QVERIFY(built.wait(kBuildWaitMs));
    const std::size_t before = built.last().at(0).value<std::shared_ptr<const Structure>>()->size();
    // Three quick edits: one rebuild, of the last recipe.
    auto* thickness = panel.findChild<QDoubleSpinBox*>("thickness");
    QVERIFY(thickness);
    thickness->setValue(18.0);
    thickness->setValue(20.0);
    thickness->setValue(25.0);
    QVERIFY(built.wait(kBuildWaitMs));
    QTest::qWait(300);
    QCOMPARE(built.count(), 2);
    const auto structure = built.last().at(0).value<std::shared_ptr<const Structure>>();
    QVERIFY(structure->size() > before);
    compareWithEngine(*structure, built.last().at(1).value<BuildReport>(), smallRecipe(25.0));
    QCOMPARE(panel.undoStack()->count(), 4);  // setRecipe and three edits
  }

  void cancelStopsTheBuild() {
    BuilderPanel panel;
    panel.setAutoRebuild(false);
    Recipe big = smallRecipe(80.0);
    big.electrode->slab.repeatsA = big.electrode->slab.repeatsB = 12;
    panel.setRecipe(big);
    QSignalSpy built(&panel, &BuilderPanel::built);
    QSignalSpy cancelled(&panel, &BuilderPanel::buildCancelled);
    panel.build();
    panel.cancelBuild();
    QVERIFY(cancelled.wait(kBuildWaitMs));
    QVERIFY(!panel.building());
    QCOMPARE(built.count(), 0);
    QVERIFY(!panel.lastBuild());
  }

  void undoRestoresThePreviousRecipe() {
    BuilderPanel panel;
    panel.setAutoRebuild(false);
    panel.setRecipe(smallRecipe());
    const std::string original = recipeToJson(panel.recipe());
    QCOMPARE(original, recipeToJson(smallRecipe()));
    panel.findChild<QDoubleSpinBox*>("molarity")->setValue(2.5);
    panel.findChild<QSpinBox*>("layers")->setValue(4);
    QCOMPARE(panel.recipe().electrolyte.salt->molarity, 2.5);
    QCOMPARE(panel.recipe().electrode->slab.layers, 4);
    panel.undoStack()->undo();
    QCOMPARE(panel.recipe().electrode->slab.layers, 6);
    QCOMPARE(panel.findChild<QSpinBox*>("layers")->value(), 6);
    panel.undoStack()->undo();
    QCOMPARE(recipeToJson(panel.recipe()), original);
    panel.undoStack()->redo();
    QCOMPARE(panel.recipe().electrolyte.salt->molarity, 2.5);
    QCOMPARE(panel.recipe().electrode->slab.layers, 6);
  }

  void recipeFilesRoundTrip() {
    QTemporaryDir dir;
    BuilderPanel panel;
    panel.setAutoRebuild(false);
    Recipe r = smallRecipe();
    r.electrolyte.solvents.push_back({{"DMC", ""}, 0.5, 1.07});
    r.electrolyte.additives = {{"VC", "C1=COC(=O)O1"}};
    r.electrolyte.additiveCounts = {2};
    r.gap = 3.0;
    panel.setRecipe(r);
    const QString path = dir.filePath("r.json");
    QVERIFY(panel.saveRecipe(path));
    QCOMPARE(recipeToJson(readRecipe(path.toStdString())), recipeToJson(r));
    BuilderPanel other;
    other.setAutoRebuild(false);
    QVERIFY(other.loadRecipe(path));
    QCOMPARE(recipeToJson(other.recipe()), recipeToJson(r));
    // A bad file is refused with the reader's message naming the file.
    QFile bad(dir.filePath("bad.json"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write(R"({"format": "sei-recipe", "version": 1, "gap": "wide"})");
    bad.close();
    QVERIFY(!other.loadRecipe(bad.fileName()));
    QVERIFY2(other.lastError().contains("bad.json"), qPrintable(other.lastError()));
    QCOMPARE(recipeToJson(other.recipe()), recipeToJson(r));
  }

  void impossibleRecipeReportsTheEngineError() {
    BuilderPanel panel;
    panel.setAutoRebuild(false);
    Recipe r = smallRecipe();
    r.electrolyte.solvents[0].molecule.name = "NoSuchSolvent";
    panel.setRecipe(r);
    QSignalSpy failed(&panel, &BuilderPanel::buildFailed);
    panel.build();
    QVERIFY(failed.wait(kBuildWaitMs));
    QVERIFY2(failed.at(0).at(0).toString().contains("NoSuchSolvent"),
             qPrintable(failed.at(0).at(0).toString()));
  }

  void mainWindowShowsTheBuiltInterface() {
    MainWindow w;
    BuilderPanel* panel = w.builderPanel();
    panel->setAutoRebuild(false);
    panel->setRecipe(smallRecipe());
    QSignalSpy built(panel, &BuilderPanel::built);
    panel->build();
    QVERIFY(built.wait(kBuildWaitMs));
    const auto structure = built.at(0).at(0).value<std::shared_ptr<const Structure>>();
    QVERIFY(w.document().structure());
    QCOMPARE(w.document().structure()->size(), structure->size());
    QCOMPARE(w.scene().frame()->positions.size(), structure->size());
    // No model yet: the run says what is missing.
    QVERIFY2(w.runs().runBlocker().contains("model"), qPrintable(w.runs().runBlocker()));
    w.resize(1280, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.findChild<QDockWidget*>("builderDock")->raise();
    QTest::qWait(300);  // charts lay out on their first paint
    QDir().mkpath(SEI_SCREENSHOT_DIR);
    QVERIFY(w.grab().save(QString(SEI_SCREENSHOT_DIR) + "/studio-builder.png"));
  }
};

int main(int argc, char** argv) {
  QSurfaceFormat::setDefaultFormat(render::VtkView::defaultFormat());
  QApplication app(argc, argv);
  QApplication::setOrganizationName("SEI Studio");
  QApplication::setApplicationName("sei-studio-tests");
  TestBuilderPanel suite;
  return QTest::qExec(&suite, argc, argv);
}

#include "TestBuilderPanel.moc"
