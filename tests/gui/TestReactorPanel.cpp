// The Interface reactor panel on a tiny plan whose stages are fakes (tests/common
// FakeReactorStages: Na2 frames, parity files of the training set, a watchdog verdict), so the
// loop runs in seconds: Tools ▸ Interface reactor… opens the dock, the form reads and writes
// PLAN.json through the engine (a bad field is refused with the engine's line and highlighted,
// nothing written), the loop runs off the GUI thread (a heartbeat keeps beating), Stop ends it
// at a stage boundary and Resume continues from the stage markers, the charts and lists show
// what the generations' records and files hold, a chosen frame shows in the 3D view, and a
// reopened loop folder shows its history.
#include <QAbstractSeries>
#include <QAction>
#include <QChart>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QPushButton>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "BuilderPanel.hpp"
#include "FakeReactorStages.hpp"
#include "GuiHeartbeat.hpp"
#include "MainWindow.hpp"
#include "RandomModel.hpp"
#include "ReactorPanel.hpp"
#include "ReactorPlanForm.hpp"
#include "StudioTestMain.hpp"
#include "TestSupport.hpp"
#include "project/RecipeJson.hpp"
#include "reactor/ReactorLoop.hpp"
#include "reactor/ReactorPlan.hpp"
#include "training/TrainOutputs.hpp"

using namespace sei;
using namespace sei::studio;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr int kLoopWaitMs = 20000;

QByteArray contents(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

json planJson(const QString& path) { return json::parse(contents(path).toStdString()); }

template <class Series>
Series* series(QChart* chart, const QString& name) {
  for (QAbstractSeries* s : chart->series())
    if (s->name() == name) return qobject_cast<Series*>(s);
  return nullptr;
}

/// Replaces what a line edit holds by typing, as a user would.
void typeInto(QWidget* edit, const QString& text) {
  edit->setFocus();
  QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
  QTest::keyClick(edit, Qt::Key_Delete);
  QTest::keyClicks(edit, text);
}

/// A plan with fixture files: two labelled Na2 frames to start from, a committee of two, the
/// Builder's default recipe to sample, 3 generations.
QString writePlan(const QString& dir) {
  test::writeTextFile((dir + "/start.xyz").toStdString(),
                      test::na2FrameText(0, true, "start") + test::na2FrameText(1, true, "start"));
  test::writeTextFile((dir + "/target.xyz").toStdString(), test::na2FrameText(3, false, "target"));
  const json plan = {
      {"format", "sei-reactor-plan"},
      {"version", 1},
      {"start", {{"dataset", "start.xyz"}}},
      {"training", {{"nep_in_lines", {"type 6 Na C H O F P", "neuron 4"}}, {"committee", 2}}},
      {"sampling",
       {{"recipes", {json::parse(recipeToJson(BuilderPanel::defaultRecipe()))}},
        {"peak_temperature", 800}}},
      {"selection", {{"count", 3}}},
      {"labelling", {{"cutoff", 250}, {"ranks", 2}}},
      {"test",
       {{"structure", "target.xyz"},
        {"temperature", 300},
        {"steps", 100},
        {"watchdog", {{"interval", 10}, {"force_std", 0.3}}}}},
      {"budget", {{"generations", 3}}}};
  const QString path = dir + "/plan.json";
  test::writeTextFile(path.toStdString(), plan.dump(2));
  return path;
}

/// The points of a chart's line.
QList<QPointF> points(QChart* chart, const QString& name) {
  auto* s = series<QLineSeries>(chart, name);
  return s ? s->points() : QList<QPointF>{};
}

}  // namespace

class TestReactorPanel : public QObject {
  Q_OBJECT
 private slots:
  void formReadsAndWritesThePlan();
  void runsStopsResumesAndShowsTheLoop();
  void newPlanFromATrainingSet();
};

// The form shows the plan's fields, writes only what the plan had or the user changed, keeps
// what it does not show, and refuses a bad field with the engine's own line.
void TestReactorPanel::formReadsAndWritesThePlan() {
  QTemporaryDir dir;
  const QString path = writePlan(dir.path());
  MainWindow w;
  w.show();
  auto* dock = w.findChild<QDockWidget*>("reactorDock");
  QVERIFY(dock && !dock->isVisible());
  w.findChild<QAction*>("interfaceReactor")->trigger();
  QVERIFY(dock->isVisible());
  ReactorPanel* panel = w.reactorPanel();
  QVERIFY(panel->openPlan(path));
  ReactorPlanForm* form = panel->form();
  auto* generations = qobject_cast<QSpinBox*>(form->field("budget.generations"));
  auto* peak = qobject_cast<QDoubleSpinBox*>(form->field("sampling.peak_temperature"));
  auto* start = qobject_cast<QDoubleSpinBox*>(form->field("sampling.start_temperature"));
  auto* ranks = qobject_cast<QSpinBox*>(form->field("labelling.ranks"));
  auto* time = qobject_cast<QDoubleSpinBox*>(form->field("test.time"));
  QVERIFY(generations && peak && start && ranks && time);
  QCOMPARE(generations->value(), 3);
  QCOMPARE(peak->value(), 800.0);
  QCOMPARE(start->value(), 300.0);  // the engine's default, not in the plan
  QCOMPARE(ranks->value(), 2);
  QCOMPARE(time->value(), 0.1);  // 100 steps of 1 fs
  QCOMPARE(form->recipeList()->count(), 1);
  QVERIFY(panel->startButton()->isEnabled());

  // Unchanged: the saved plan equals the file (same JSON), no default added.
  const json before = planJson(path);
  panel->saveButton()->click();
  QVERIFY2(form->errorLabel()->isHidden(), qPrintable(form->errorLabel()->text()));
  QCOMPARE(planJson(path), before);

  // Edits by keyboard: 2 generations, a 1100 K peak, the Builder's recipe added.
  typeInto(generations, "2");
  typeInto(peak, "1100");
  QTest::mouseClick(form->addBuilderRecipeButton(), Qt::LeftButton);
  QCOMPARE(form->recipeList()->count(), 2);
  panel->saveButton()->click();
  QVERIFY2(form->errorLabel()->isHidden(), qPrintable(form->errorLabel()->text()));
  json after = planJson(path);
  QCOMPARE(after["budget"]["generations"], json(2));
  QCOMPARE(after["sampling"]["peak_temperature"], json(1100.0));
  QCOMPARE(after["sampling"]["recipes"].size(), std::size_t(2));
  QCOMPARE(after["sampling"]["recipes"][1], json::parse(recipeToJson(w.builderPanel()->recipe())));
  QVERIFY(!after["sampling"].contains("start_temperature"));
  QCOMPARE(after["test"]["steps"], json(100));  // the time field untouched: steps kept
  QCOMPARE(after["training"], before["training"]);
  // The engine reads what the form wrote.
  const reactor::ReactorPlan read = reactor::readReactorPlan(path.toStdString());
  QCOMPARE(read.budget.generations, 2);
  QCOMPARE(read.test.steps, std::int64_t(100));

  // A test structure that does not exist: the engine's line, the field highlighted, the file as
  // it was.
  const QByteArray saved = contents(path);
  auto* structure = qobject_cast<QLineEdit*>(form->field("test.structure"));
  QVERIFY(structure);
  typeInto(structure, "missing.xyz");
  panel->saveButton()->click();
  const QString missing = QDir(dir.path()).filePath("missing.xyz");
  QCOMPARE(
      form->errorLabel()->text(),
      QString("%1: test.structure: no such file (%2), got \"missing.xyz\"").arg(path, missing));
  QVERIFY(form->errorLabel()->isVisible());
  QCOMPARE(form->highlightedField(), QString("test.structure"));
  QVERIFY(panel->statusLabel()->text().startsWith("Plan not saved: " + path + ": test.structure"));
  QVERIFY(structure->styleSheet().contains("background"));
  QCOMPARE(contents(path), saved);
  dock->setFloating(true);
  dock->resize(720, 900);
  QTest::qWait(100);
  saveScreenshot(*dock, "reactor-plan-error");

  // Fixed, then another engine check: 0 generations (the engine wants 1 to 1000).
  typeInto(structure, "target.xyz");
  typeInto(generations, "0");
  panel->saveButton()->click();
  QCOMPARE(form->highlightedField(), QString("budget.generations"));
  QVERIFY(structure->styleSheet().isEmpty());
  QVERIFY2(form->errorLabel()->text().endsWith(
               "budget.generations: expected an integer in [1, 1000], got 0"),
           qPrintable(form->errorLabel()->text()));
  QCOMPARE(contents(path), saved);
  // A sampling key the engine checks: a 0-step ramp and hold.
  typeInto(generations, "2");
  typeInto(qobject_cast<QSpinBox*>(form->field("sampling.ramp_steps")), "0");
  typeInto(qobject_cast<QSpinBox*>(form->field("sampling.hold_steps")), "0");
  panel->saveButton()->click();
  QCOMPARE(form->highlightedField(), QString("sampling.hold_steps"));
  QCOMPARE(contents(path), saved);
}

// Start runs the loop off the GUI thread; Stop ends it at a stage boundary; Resume skips the
// finished stages; the Progress, Generation and Test runs tabs show the records and files; a
// chosen frame shows in the 3D view; the folder reopened shows the same history.
void TestReactorPanel::runsStopsResumesAndShowsTheLoop() {
  QTemporaryDir dir;
  const QString path = writePlan(dir.path());
  test::FakeReactorStages fake;
  fake.passAt = 2;
  fake.stageMs = 150;  // each stage takes a while, as real ones do
  MainWindow w;
  w.show();
  w.reactor().setStages([&fake](const reactor::ReactorPlan&) { return fake.stages(); });
  w.findChild<QAction*>("interfaceReactor")->trigger();
  ReactorPanel* panel = w.reactorPanel();
  QVERIFY(panel->openPlan(path));
  QCOMPARE(panel->loopFolder(), QDir(dir.path()).filePath("plan"));
  QVERIFY(panel->startButton()->isEnabled());
  QVERIFY(!panel->resumeButton()->isEnabled());
  QVERIFY(!panel->stopButton()->isEnabled());
  QSignalSpy finished(&w.reactor(), &ReactorController::finished);
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  QTest::qWait(300);  // the window's first paint (the 3D view's) is not the loop's doing

  // The heartbeat: its longest gap is how long the GUI was blocked meanwhile.
  test::GuiHeartbeat heartbeat;
  QTest::mouseClick(panel->startButton(), Qt::LeftButton);
  QVERIFY(w.reactor().active());
  QVERIFY(panel->stopButton()->isEnabled());
  QVERIFY(!panel->form()->isEnabled());
  // Stop once gen-001's selection is done: the loop ends before or inside its label stage.
  const QString gen1 = panel->loopFolder() + "/gen-001";
  QVERIFY(QTest::qWaitFor([&] { return QFile::exists(gen1 + "/select.done"); }, kLoopWaitMs));
  QTest::mouseClick(panel->stopButton(), Qt::LeftButton);
  QVERIFY(w.reactor().stopping());
  QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, kLoopWaitMs));
  heartbeat.stop();
  const qint64 elapsed = heartbeat.elapsed();
  qInfo("loop until stop %lld ms, %lld heartbeats, longest GUI gap %lld ms", elapsed,
        heartbeat.beats(), heartbeat.longestGap());
  QVERIFY2(heartbeat.longestGap() < 500, qPrintable(QString::number(heartbeat.longestGap())));
  QVERIFY2(heartbeat.beats() >= elapsed / 100, qPrintable(QString::number(heartbeat.beats())));
  QCOMPARE(int(finished.at(0).at(0).value<reactor::ReactorOutcome>()),
           int(reactor::ReactorOutcome::Stopped));
  const QString stopped = finished.at(0).at(1).toString();
  QVERIFY2(stopped.startsWith("stopped in gen-001 label") ||
               stopped.startsWith("stopped in gen-001 train"),
           qPrintable(stopped));
  QVERIFY(!QFile::exists(gen1 + "/train.done"));
  QCOMPARE(fake.calls["sample"], 1);
  QCOMPARE(panel->history().size(), std::size_t(2));
  QVERIFY(!panel->startButton()->isEnabled());
  QVERIFY(panel->resumeButton()->isEnabled());
  QVERIFY(panel->form()->isEnabled());

  // Resume: gen-001's sample and select are not run again; the loop ends at gen-002's pass.
  finished.clear();
  fake.stageMs = 20;
  const int selectsBefore = fake.calls["select"];
  QTest::mouseClick(panel->resumeButton(), Qt::LeftButton);
  QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, kLoopWaitMs));
  QCOMPARE(int(finished.at(0).at(0).value<reactor::ReactorOutcome>()),
           int(reactor::ReactorOutcome::Passed));
  QCOMPARE(fake.calls["sample"], 2);  // gen-001 once (before the stop), gen-002 once
  QCOMPARE(fake.calls["select"], selectsBefore + 1);
  QCOMPARE(fake.calls["test"], 3);
  QVERIFY(panel->statusLabel()->text().startsWith("generation 2's test passed"));

  // Progress: training-set size and errors per generation, as the records hold them.
  const std::vector<reactor::GenerationRecord> history =
      reactor::loopHistory(panel->loopFolder().toStdString());
  QCOMPARE(history.size(), std::size_t(3));
  QCOMPARE(panel->history().size(), std::size_t(3));
  const QList<QPointF> sizes = points(panel->datasetChart(), "training frames");
  QCOMPARE(sizes, (QList<QPointF>{{0, 2}, {1, 5}, {2, 8}}));
  QCOMPARE(points(panel->datasetChart(), "labelled this generation"),
           (QList<QPointF>{{0, 0}, {1, 3}, {2, 3}}));
  const QList<QPointF> energy = points(panel->errorChart(), "energy RMSE train (eV/atom)");
  QCOMPARE(energy.size(), 3);
  for (int g = 0; g < 3; ++g) QCOMPARE(energy[g].y(), history[g].models.front().energyTrain);
  QCOMPARE(energy[2].y(), 0.03);
  QCOMPARE(points(panel->errorChart(), QString::fromUtf8("force RMSE train (eV/\u00c5)")).size(),
           3);
  QVERIFY(points(panel->errorChart(), QString::fromUtf8("force RMSE test (eV/\u00c5)")).isEmpty());

  // Test runs: a verdict per generation.
  QCOMPARE(panel->testList()->count(), 3);
  QCOMPARE(panel->testList()->item(0)->text(),
           QString::fromUtf8("gen-000: failed \u2014 watchdog fired"));
  QCOMPARE(panel->testList()->item(2)->text(),
           QString::fromUtf8("gen-002: passed \u2014 no event"));

  // Generation: the latest generation's parity (its 8 training frames, 16 atoms) and frames.
  QCOMPARE(panel->generationBox()->currentText(), QString("gen-002"));
  const QString train2 = panel->loopFolder() + "/gen-002/train";
  const auto energyPairs = training::readParityFile((train2 + "/energy_train.out").toStdString());
  QCOMPARE(energyPairs.size(), std::size_t(8));
  auto* energyTrain = series<QScatterSeries>(panel->energyParityChart(), "train");
  QVERIFY(energyTrain);
  QCOMPARE(energyTrain->count(), 8);
  QCOMPARE(energyTrain->points().front(), QPointF(energyPairs[0].second, energyPairs[0].first));
  auto* forceTrain = series<QScatterSeries>(panel->forceParityChart(), "train");
  QVERIFY(forceTrain);
  QCOMPARE(forceTrain->count(), 8 * 2 * 3);
  QVERIFY2(panel->forceParityChart()->title().contains("train RMSE 20.00 meV"),
           qPrintable(panel->forceParityChart()->title()));
  QCOMPARE(panel->frameList()->count(), 3);
  QCOMPARE(panel->frameList()->item(0)->text(), QString("#0  Na2  (2 atoms)"));

  // A chosen frame in the 3D view: the first selected is the last candidate, 3 watchdog
  // frames after the 6 sampled: i = 9, Na–Na 3.4 Å.
  panel->tabs()->setCurrentIndex(2);
  QListWidget* frames = panel->frameList();
  QTest::mouseClick(frames->viewport(), Qt::LeftButton, {},
                    frames->visualItemRect(frames->item(0)).center());
  QVERIFY(w.document().structure());
  const Structure& shown = *w.document().structure();
  QCOMPARE(shown.size(), std::size_t(2));
  QCOMPARE((shown.positions[1] - shown.positions[0]).norm(), 3.4);
  QVERIFY(w.scene().frame());
  QCOMPARE(w.scene().frame()->positions.size(), std::size_t(2));

  auto* dock = w.findChild<QDockWidget*>("reactorDock");
  dock->setFloating(true);
  dock->resize(720, 1000);
  QTest::qWait(100);
  saveScreenshot(*dock, "reactor-generation");
  panel->tabs()->setCurrentIndex(1);
  QTest::qWait(50);
  saveScreenshot(*dock, "reactor-progress");
  panel->tabs()->setCurrentIndex(3);
  QTest::qWait(50);
  saveScreenshot(*dock, "reactor-tests");

  // Reopened (a new panel, the loop folder): the same history.
  ReactorPanel reopened;
  QVERIFY(reopened.openLoopFolder(panel->loopFolder()));
  QCOMPARE(reopened.planPath(), path);
  QCOMPARE(points(reopened.datasetChart(), "training frames"), sizes);
  QCOMPARE(reopened.testList()->count(), 3);
  QCOMPARE(reopened.frameList()->count(), 3);
  QVERIFY(reopened.resumeButton()->isEnabled());
  // Without the plan beside it, the folder's own copy of the plan.
  QVERIFY(QFile::rename(path, path + ".moved"));
  ReactorPanel kept;
  QVERIFY(kept.openLoopFolder(panel->loopFolder()));
  QCOMPARE(kept.planPath(), QDir(panel->loopFolder()).filePath("plan.json"));
  QCOMPARE(kept.loopFolder(), panel->loopFolder());
  QCOMPARE(kept.history().size(), std::size_t(3));
  QCOMPARE(qobject_cast<QSpinBox*>(kept.form()->field("budget.generations"))->value(), 3);
}

// New plan…: from a starting set and a test structure the panel writes a minimal plan the
// engine reads (nep.in typed from the set's elements and then the Builder's recipe's, which it
// samples), opens it
// in the form with Start enabled; a missing test structure, an element the set lacks or an
// existing file: nothing written.
void TestReactorPanel::newPlanFromATrainingSet() {
  QTemporaryDir dir;
  const QString dataset = dir.filePath("naf.xyz");
  const std::string lattice = "Lattice=\"6 0 0 0 6 0 0 0 6\" pbc=\"T T T\" ";
  test::writeTextFile(dataset.toStdString(),
                      "2\n" + lattice + "Properties=species:S:1:pos:R:3:forces:R:3 energy=-3\n" +
                          "F 0 0 0 0.1 0 0\nNa 2.3 0 0 -0.1 0 0\n");
  test::writeTextFile(dir.filePath("target.xyz").toStdString(),
                      "2\n" + lattice + "Properties=species:S:1:pos:R:3\nNa 0 0 0\nF 2.4 0 0\n");
  test::writeTextFile(dir.filePath("potassium.xyz").toStdString(),
                      "1\n" + lattice + "Properties=species:S:1:pos:R:3\nK 0 0 0\n");
  MainWindow w;
  w.show();
  w.findChild<QAction*>("interfaceReactor")->trigger();
  ReactorPanel* panel = w.reactorPanel();
  ReactorPlanForm* form = panel->form();
  const json recipe = json::parse(recipeToJson(BuilderPanel::defaultRecipe()));
  const QString path = dir.filePath("loop.json");

  // Refused, nothing written: no test structure; one holding K, which the set lacks.
  QVERIFY(!panel->newPlan(path, dataset, {}, recipe));
  QCOMPARE(form->errorLabel()->text(),
           QString("a new plan needs a test structure (the target interface)"));
  QVERIFY(!panel->newPlan(path, dataset, dir.filePath("potassium.xyz"), recipe));
  const QString refused =
      path + ": test.structure: element K is not in the model's types (nep.in `type`), got";
  QCOMPARE(form->errorLabel()->text().left(refused.size()), refused);
  QCOMPARE(form->highlightedField(), QString("test.structure"));
  QVERIFY(!QFile::exists(path));
  QVERIFY(panel->planPath().isEmpty());
  QVERIFY(!panel->startButton()->isEnabled());

  QVERIFY(panel->newPlan(path, dataset, dir.filePath("target.xyz"), recipe));
  QVERIFY(form->errorLabel()->isHidden());
  const reactor::ReactorPlan read = reactor::readReactorPlan(path.toStdString());
  QCOMPARE(read.dataset, dataset.toStdString());
  // As the set first has them, then the Na | EC + NaPF6 recipe's others.
  QCOMPARE(read.elements, (std::vector<std::string>{"F", "Na", "C", "H", "O", "P"}));
  QCOMPARE(read.nepIn, std::string("type 6 F Na C H O P\ncharge_mode 2\nlambda_q 1\ncutoff 6 4\n"
                                   "n_max 4 4\n"
                                   "basis_size 8 8\nl_max 4 2 1\nneuron 30\noptimizer adam\n"));
  QCOMPARE(read.committee, 2);
  QCOMPARE(read.test.structure, dir.filePath("target.xyz").toStdString());
  QCOMPARE(read.test.steps, std::int64_t(10000));  // 10 ps of 1 fs
  QCOMPARE(read.test.watchdog.forceStd, 0.3);
  QCOMPARE(read.budget.generations, 5);
  const json written = planJson(path);
  QCOMPARE(written["start"]["dataset"], json("naf.xyz"));  // relative to the plan's folder
  QCOMPARE(written["sampling"]["recipes"], json::array({recipe}));

  // The form shows it; Start runs it in loop/.
  QCOMPARE(panel->planPath(), path);
  QCOMPARE(panel->loopFolder(), dir.filePath("loop"));
  QCOMPARE(qobject_cast<QLineEdit*>(form->field("start.dataset"))->text(), QString("naf.xyz"));
  QCOMPARE(qobject_cast<QLineEdit*>(form->field("test.structure"))->text(), QString("target.xyz"));
  QCOMPARE(qobject_cast<QSpinBox*>(form->field("budget.generations"))->value(), 5);
  QCOMPARE(qobject_cast<QDoubleSpinBox*>(form->field("test.time"))->value(), 10.0);
  QCOMPARE(form->recipeList()->count(), 1);
  QVERIFY(panel->startButton()->isEnabled());
  QVERIFY(panel->saveButton()->isEnabled());
  auto* dock = w.findChild<QDockWidget*>("reactorDock");
  dock->setFloating(true);
  dock->resize(720, 900);
  QTest::qWait(100);
  saveScreenshot(*dock, "reactor-new-plan");

  // An existing file is not replaced unless the user confirmed it (the save dialog did).
  const QByteArray before = contents(path);
  QVERIFY(!panel->newPlan(path, dataset, dir.filePath("target.xyz"), recipe));
  QCOMPARE(form->errorLabel()->text(),
           QString("%1 exists already: a new plan does not replace it").arg(path));
  QCOMPARE(contents(path), before);
  // The dialogs' answer (replacing confirmed), through the main window: the Builder's recipe.
  test::writeTextFile(path.toStdString(), "{}");
  emit panel->newPlanChosen(path, dataset, dir.filePath("target.xyz"));
  QVERIFY2(form->errorLabel()->isHidden(), qPrintable(form->errorLabel()->text()));
  QCOMPARE(planJson(path)["sampling"]["recipes"][0],
           json::parse(recipeToJson(w.builderPanel()->recipe())));
  QCOMPARE(reactor::readReactorPlan(path.toStdString()).budget.generations, 5);
}

SEI_STUDIO_TEST_MAIN(TestReactorPanel)

#include "TestReactorPanel.moc"
