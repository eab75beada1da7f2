// The builder panel (under xvfb-run): builds in a worker thread give exactly what the engine
// builds for the same recipe, edits rebuild, cancel stops a build, undo restores recipes, recipe
// files round-trip, and the main window shows what was built. Trust (issue 18): the wheel
// changes only a focused field, ticking Electrode or Salt builds at once, errors name the field
// in the form's words and frame it, the report says when it is out of date, and the form is
// read-only during a run and asks before replacing a structure whose run has outputs.
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QTableWidget>
#include <QUndoStack>
#include <QtTest>

#include "BuilderPanel.hpp"
#include "MainWindow.hpp"
#include "StudioTestMain.hpp"
#include "TestSupport.hpp"
#include "VtkView.hpp"
#include "core/Paths.hpp"
#include "project/RecipeJson.hpp"

using namespace sei;
using namespace sei::studio;

namespace {

constexpr int kBuildWaitMs = 120000;

/// The panel's default recipe (Na(100) 4 × 4 × 6 under 1 M NaPF6 in EC) with a film
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

/// A wheel notch (delta −120: down) over the middle of `w`, delivered as the window system would.
void wheel(QWidget* w, int delta) {
  const QPointF at = QRectF(w->rect()).center();
  QWheelEvent event(at, w->mapToGlobal(at), QPoint(), QPoint(0, delta), Qt::NoButton,
                    Qt::NoModifier, Qt::NoScrollPhase, false);
  // Spontaneous, as from the window system: only those go on to the parents. (sendEvent()
  // would clear the flag; QTest of Qt 6.4 has no wheel events.)
  QSpontaneKeyEvent::setSpontaneous(&event);
  qApp->notify(w, &event);
}

/// The water-slab demo's recipe: 20 Å of water in an 18.6 Å square cell, 20 Å of vacuum above.
Recipe waterSlab() {
  Recipe r;
  r.electrolyte.solvents = {{{"H2O", ""}, 1.0, 0.0}};
  r.electrolyte.thickness = 20.0;
  r.electrolyte.lateralSize = {18.6, 18.6};
  r.vacuum = 20.0;
  return r;
}

template <class T>
T* child(QWidget& parent, const char* name) {
  T* w = parent.findChild<T*>(name);
  if (!w) qFatal("no %s", name);
  return w;
}

bool framed(const QWidget* w) { return w->property("buildError").toBool(); }

/// Builds `panel`'s form now; the error, or empty when it built.
QString buildNow(BuilderPanel& panel) {
  QSignalSpy built(&panel, &BuilderPanel::built);
  QSignalSpy failed(&panel, &BuilderPanel::buildFailed);
  panel.build();
  if (!QTest::qWaitFor([&] { return built.count() + failed.count() > 0; }, kBuildWaitMs))
    return "timed out";
  return failed.isEmpty() ? QString() : failed.at(0).at(0).toString();
}

/// Saves a grab of `w` as `name` in the screenshot folder.
void screenshot(QWidget& w, const QString& name) {
  QTest::qWait(50);  // the layout follows the last texts in the event loop
  QVERIFY(saveScreenshot(w, name));
}

}  // namespace

class TestBuilderPanel : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
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
    QCOMPARE(report.metalAtoms, 4 * 4 * 6);  // (100): one atom per layer and surface cell
    // 4 cells of 4.29 Å: the smallest slab at least twice an 8 Å cutoff wide.
    QCOMPARE(structure->cell.matrix()(0, 0), 4 * 4.29);
    QCOMPARE(structure->cell.matrix()(1, 1), 4 * 4.29);
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

  void wheelChangesOnlyAFocusedField() {
    QScrollArea area;  // as the main window docks the panel
    auto* panel = new BuilderPanel;
    panel->setRebuildDelay(10);
    area.setWidget(panel);
    area.setWidgetResizable(true);
    area.resize(480, 300);
    area.show();
    QVERIFY(QTest::qWaitForWindowExposed(&area));
    QSignalSpy changed(panel, &BuilderPanel::recipeChanged);
    auto* fraction = child<QDoubleSpinBox>(*panel, "solventFraction");
    auto* amount = child<QComboBox>(*panel, "amount");
    QCOMPARE(fraction->focusPolicy(), Qt::StrongFocus);
    QCOMPARE(fraction->value(), 1.0);
    QVERIFY(!fraction->hasFocus());
    // Unfocused: the value stays, nothing rebuilds, and the form scrolls instead.
    QScrollBar* bar = area.verticalScrollBar();
    QCOMPARE(bar->value(), 0);
    wheel(fraction, -120);
    wheel(amount, -120);
    QCOMPARE(fraction->value(), 1.0);
    QCOMPARE(amount->currentIndex(), 0);
    QTest::qWait(100);
    QCOMPARE(changed.count(), 0);
    QVERIFY(!panel->building());
    QVERIFY(!panel->lastBuild());
    QVERIFY2(bar->value() > 0, qPrintable(QString::number(bar->value())));
    // Focused: the wheel steps the value (by 0.1, not to the minimum) and the edit counts.
    area.activateWindow();
    fraction->setFocus();
    QTRY_VERIFY(fraction->hasFocus());
    wheel(fraction, -120);
    QCOMPARE(fraction->value(), 0.9);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(panel->recipe().electrolyte.solvents[0].fraction, 0.9);
    panel->cancelBuild();
  }

  void tickingElectrodeOrSaltBuildsAtOnce() {
    BuilderPanel panel;
    panel.setRebuildDelay(10);
    QSignalSpy built(&panel, &BuilderPanel::built);
    QSignalSpy failed(&panel, &BuilderPanel::buildFailed);
    panel.setRecipe(waterSlab());
    QVERIFY(built.wait(kBuildWaitMs));
    // The demo's water slab has a vacuum: the electrode comes with one wetted face.
    child<QGroupBox>(panel, "electrode")->setChecked(true);
    QVERIFY(built.wait(kBuildWaitMs));
    QCOMPARE(failed.count(), 0);
    QVERIFY(panel.lastError().isEmpty());
    QCOMPARE(panel.errorField(), RecipeField::None);
    const Recipe withMetal = panel.recipe();
    QVERIFY(withMetal.electrode);
    QCOMPARE(withMetal.electrode->faces, WettedFaces::One);
    QCOMPARE(withMetal.electrode->slab.element, std::string("Na"));
    QCOMPARE(withMetal.electrode->slab.repeatsA, 4);
    QCOMPARE(withMetal.electrode->slab.repeatsB, 4);
    auto report = built.last().at(1).value<BuildReport>();
    QCOMPARE(report.metalAtoms, 96);
    QVERIFY(countOf(report, "H2O") > 0);
    QVERIFY(!panel.reportOutOfDate());
    // Then the salt, at its defaults (1 M NaPF6).
    child<QGroupBox>(panel, "salt")->setChecked(true);
    QVERIFY(built.wait(kBuildWaitMs));
    QCOMPARE(failed.count(), 0);
    report = built.last().at(1).value<BuildReport>();
    QVERIFY(countOf(report, "Na") > 0);
    QCOMPARE(countOf(report, "Na"), countOf(report, "PF6"));
    QVERIFY(built.last().at(0).value<std::shared_ptr<const Structure>>()->size() > 96);
    qInfo("water slab + electrode + salt: %zu atoms, %d Na+ PF6- pairs",
          built.last().at(0).value<std::shared_ptr<const Structure>>()->size(),
          countOf(report, "Na"));

    // Without vacuum (the panel's EC default with the electrode unticked): both faces.
    BuilderPanel bulk;
    bulk.setRebuildDelay(10);
    Recipe noMetal = smallRecipe();
    noMetal.electrode.reset();
    noMetal.electrolyte.lateralSize = {15.0, 15.0};
    bulk.setRecipe(noMetal);
    QSignalSpy bulkBuilt(&bulk, &BuilderPanel::built);
    QVERIFY(bulkBuilt.wait(kBuildWaitMs));
    child<QGroupBox>(bulk, "electrode")->setChecked(true);
    QVERIFY(bulkBuilt.wait(kBuildWaitMs));
    QVERIFY(bulk.lastError().isEmpty());
    QCOMPARE(bulk.recipe().electrode->faces, WettedFaces::Both);
  }

  void errorsNameAndFrameTheFieldInTheFormsWords() {
    BuilderPanel panel;
    panel.setAutoRebuild(false);
    panel.setRecipe(smallRecipe());
    auto* repeatsA = child<QSpinBox>(panel, "repeatsA");
    auto* repeatsB = child<QSpinBox>(panel, "repeatsB");
    auto* status = child<QLabel>(panel, "status");
    // The issue's case: a 1 × 1 surface is too narrow for the molecules (with the salt, the
    // liquid is too small for one formula unit before that: an Amount error).
    child<QGroupBox>(panel, "salt")->setChecked(false);
    repeatsA->setValue(1);
    repeatsB->setValue(1);
    QString error = buildNow(panel);
    QVERIFY2(error.startsWith("Surface cells: "), qPrintable(error));
    QVERIFY2(!error.contains('_'), qPrintable(error));
    QCOMPARE(panel.lastError(), error);
    QCOMPARE(status->text(), error);
    QCOMPARE(panel.errorField(), RecipeField::SurfaceCells);
    QVERIFY(framed(repeatsA) && framed(repeatsB));
    QCOMPARE(repeatsA->toolTip(), error);
    QVERIFY(!framed(child<QDoubleSpinBox>(panel, "thickness")));
    qInfo("%s", qPrintable(error));
    // Editing the field clears its frame and restores its tooltip, before any rebuild.
    repeatsA->setValue(4);
    QVERIFY(!framed(repeatsA) && !framed(repeatsB));
    QCOMPARE(repeatsA->toolTip(), QString());
    QCOMPARE(panel.errorField(), RecipeField::None);
    repeatsB->setValue(4);
    QCOMPARE(buildNow(panel), QString());

    // A key of the recipe file in the engine's words: "give either thickness or
    // solvent_molecules".
    auto* thickness = child<QDoubleSpinBox>(panel, "thickness");
    thickness->setValue(0.0);
    error = buildNow(panel);
    QVERIFY2(error.startsWith("Amount: "), qPrintable(error));
    QVERIFY2(error.contains("\u201cSolvent molecules\u201d"), qPrintable(error));
    QVERIFY2(error.contains("found thickness 0, "), qPrintable(error));  // not 0.000000
    QVERIFY2(!error.contains('_'), qPrintable(error));
    QVERIFY(framed(thickness));
    // Editing another field leaves the frame.
    child<QSpinBox>(panel, "layers")->setValue(4);
    QVERIFY(framed(thickness));
    thickness->setValue(15.0);
    QVERIFY(!framed(thickness));

    // The issue's other case: a vacuum with both faces wetted ("set wetted_faces to one").
    child<QDoubleSpinBox>(panel, "vacuum")->setValue(10.0);
    error = buildNow(panel);
    QVERIFY2(error.startsWith("Vacuum: "), qPrintable(error));
    QVERIFY2(error.contains("\u201cWetted faces\u201d"), qPrintable(error));
    QVERIFY2(!error.contains('_'), qPrintable(error));
    QVERIFY(framed(child<QDoubleSpinBox>(panel, "vacuum")));
    qInfo("%s", qPrintable(error));

    // Molarity beyond what the solution's density can hold.
    child<QDoubleSpinBox>(panel, "vacuum")->setValue(0.0);
    child<QGroupBox>(panel, "salt")->setChecked(true);
    child<QDoubleSpinBox>(panel, "density")->setValue(1.0);
    child<QDoubleSpinBox>(panel, "molarity")->setValue(20.0);
    error = buildNow(panel);
    QVERIFY2(error.startsWith("Molarity: "), qPrintable(error));
    QVERIFY(framed(child<QDoubleSpinBox>(panel, "molarity")));
    qInfo("%s", qPrintable(error));
  }

  void reportIsMarkedOutOfDateUntilARebuildSucceeds() {
    BuilderPanel panel;
    panel.setAutoRebuild(false);
    panel.setRecipe(smallRecipe());
    panel.resize(480, 1250);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    auto* note = child<QLabel>(panel, "outOfDate");
    auto* report = child<QPlainTextEdit>(panel, "report");
    QVERIFY(!panel.reportOutOfDate());  // no report yet
    QCOMPARE(buildNow(panel), QString());
    const QString built = panel.reportText();
    QVERIFY(built.contains("mol/L"));
    QVERIFY(!panel.reportOutOfDate());
    QVERIFY(!note->isVisible());
    QVERIFY(!report->property("outOfDate").toBool());
    // The first edit marks it; a failed build leaves it marked.
    auto* thickness = child<QDoubleSpinBox>(panel, "thickness");
    thickness->setValue(0.0);
    QVERIFY(panel.reportOutOfDate());
    QVERIFY(note->isVisible());
    QCOMPARE(note->text(), QString("Out of date \u2014 rebuild to update"));
    QVERIFY(report->property("outOfDate").toBool());
    QVERIFY(!buildNow(panel).isEmpty());
    QVERIFY(panel.reportOutOfDate() && note->isVisible());
    QCOMPARE(panel.reportText(), built);
    screenshot(panel, "builder-error-out-of-date");
    // A successful rebuild clears it.
    thickness->setValue(18.0);
    QVERIFY(panel.reportOutOfDate());
    QCOMPARE(buildNow(panel), QString());
    QVERIFY(!panel.reportOutOfDate());
    QVERIFY(!note->isVisible());
    QVERIFY(!report->property("outOfDate").toBool());
    QVERIFY(panel.reportText() != built);
  }

  void formIsReadOnlyDuringARun() {
    BuilderPanel panel;
    panel.setAutoRebuild(false);
    panel.setRecipe(smallRecipe());
    child<QGroupBox>(panel, "salt")->setChecked(false);
    const QString message = "Stop the run to edit the system";
    QList<QWidget*> controls;
    for (QWidget* w : panel.findChildren<QWidget*>())
      if ((qobject_cast<QAbstractSpinBox*>(w) || qobject_cast<QComboBox*>(w) ||
           qobject_cast<QTableWidget*>(w) || qobject_cast<QCheckBox*>(w) ||
           (qobject_cast<QLineEdit*>(w) && !qobject_cast<QAbstractSpinBox*>(w->parentWidget()))))
        controls << w;
    QVERIFY(controls.size() > 25);
    auto* metal = child<QLineEdit>(panel, "metal");
    const QString metalTip = metal->toolTip();
    QVERIFY(!metalTip.isEmpty());
    panel.setRunActive(true);
    QVERIFY(panel.runActive());
    for (QWidget* w : controls) {
      QVERIFY2(!w->isEnabled(), qPrintable(w->objectName() + " " + w->metaObject()->className()));
      QCOMPARE(w->toolTip(), message);
    }
    for (const char* name : {"build", "electrode", "salt"}) {
      QVERIFY(!child<QWidget>(panel, name)->isEnabled());
      QCOMPARE(child<QWidget>(panel, name)->toolTip(), message);
    }
    // Nothing edits the recipe, not even a pending undo of the panel's own buttons.
    QVERIFY(!panel.findChild<QPushButton*>("build")->isEnabled());
    panel.setRunActive(false);
    QVERIFY(metal->isEnabled());
    QCOMPARE(metal->toolTip(), metalTip);
    QVERIFY(child<QDoubleSpinBox>(panel, "thickness")->isEnabled());
    QVERIFY(child<QWidget>(panel, "build")->isEnabled());
    // The unticked salt's fields stay disabled, as before the run.
    QVERIFY(!child<QDoubleSpinBox>(panel, "molarity")->isEnabled());
    QVERIFY(child<QGroupBox>(panel, "salt")->isEnabled());
    QCOMPARE(child<QWidget>(panel, "salt")->toolTip(), QString());
  }

  void replacingAStructureWithOutputsAsksFirst() {
    BuilderPanel panel;
    panel.setRebuildDelay(10);
    QSignalSpy built(&panel, &BuilderPanel::built);
    panel.setRecipe(smallRecipe());
    QVERIFY(built.wait(kBuildWaitMs));
    panel.setOutputsExist(true, "/tmp/runs/na100.out");
    QStringList asked;
    bool answer = false;
    panel.setConfirm([&](const QString& question) {
      asked << question;
      return answer;
    });
    const std::string before = recipeToJson(panel.recipe());
    const int undoCount = panel.undoStack()->count();
    QSignalSpy changed(&panel, &BuilderPanel::recipeChanged);
    auto* salt = child<QGroupBox>(panel, "salt");
    // No: the tick is taken back, nothing is built or put on the undo stack.
    salt->setChecked(false);
    QTRY_COMPARE(asked.size(), 1);
    QCOMPARE(asked[0], QString("Replacing the structure starts a new run; the outputs of the "
                               "current run stay in /tmp/runs/na100.out. Continue?"));
    QVERIFY(salt->isChecked());
    QCOMPARE(recipeToJson(panel.recipe()), before);
    QCOMPARE(panel.undoStack()->count(), undoCount);
    QCOMPARE(changed.count(), 0);
    QTest::qWait(100);
    QVERIFY(!panel.building());
    QCOMPARE(built.count(), 1);
    QVERIFY(panel.outputsExist());
    QVERIFY(!panel.reportOutOfDate());
    // Build asks too.
    child<QPushButton>(panel, "build")->click();
    QCOMPARE(asked.size(), 2);
    QVERIFY(!panel.building());
    // Yes: the edit stands and builds; the new structure has no outputs, so the next edit
    // does not ask.
    answer = true;
    salt->setChecked(false);
    QTRY_COMPARE(asked.size(), 3);
    QVERIFY(built.wait(kBuildWaitMs));
    QVERIFY(!salt->isChecked());
    QVERIFY(!panel.recipe().electrolyte.salt);
    QCOMPARE(panel.undoStack()->count(), undoCount + 1);
    QVERIFY(!panel.outputsExist());
    child<QDoubleSpinBox>(panel, "thickness")->setValue(18.0);
    QVERIFY(built.wait(kBuildWaitMs));
    QCOMPARE(asked.size(), 3);
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
    QVERIFY(saveScreenshot(w, "studio-builder"));
  }
};

SEI_STUDIO_TEST_MAIN(TestBuilderPanel)

#include "TestBuilderPanel.moc"
