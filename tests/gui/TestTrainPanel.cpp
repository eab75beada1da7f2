// The Train panel on a tiny GPUMD folder (GPUMD's PbTe example, a few structures, a small
// model): the form writes nep.in atomically with a backup, training runs off the GUI thread (a
// heartbeat keeps beating), the live loss curve ends on loss.out's last row, the energy, force
// and virial parity plots show the parity files, Pause holds the trainer, Stop writes the
// restart and Resume continues there, and "Use this model" loads nep.txt in the Model panel;
// for qNEP, the charge plot shows each element's predicted charges from charge_*.out.
#include <QAbstractSeries>
#include <QChart>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineSeries>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QPushButton>
#include <QRegularExpression>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include "GuiHeartbeat.hpp"
#include "MainWindow.hpp"
#include "ModelPanel.hpp"
#include "PbteFolder.hpp"
#include "RandomModel.hpp"
#include "StudioTestMain.hpp"
#include "TestSupport.hpp"
#include "TrainPanel.hpp"
#include "nep/NepEvaluator.hpp"
#include "training/NepInput.hpp"
#include "training/TrainOutputs.hpp"
#include "training/TrainingSet.hpp"

using namespace sei;
using namespace sei::studio;

namespace {

constexpr int kTrainWaitMs = 60000;
const char* const kSmallModel = "type 2 Te Pb\ncutoff 5 4\nn_max 3 3\nbasis_size 4 4\nneuron 8\n";

QByteArray contents(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// The last loss.out row, parsed.
std::vector<double> lastLossRow(const QString& dir) {
  std::ifstream in(QDir(dir).filePath("loss.out").toStdString());
  std::vector<double> last;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) last = training::parseLossRow(line);
  return last;
}

template <class Series>
Series* series(QChart* chart, const QString& name) {
  for (QAbstractSeries* s : chart->series())
    if (s->name() == name) return qobject_cast<Series*>(s);
  return nullptr;
}

/// Whether the panel shows the chart (its view is not hidden).
bool shown(QChart* chart, QWidget* panel) {
  return chart->scene() && !chart->scene()->views().isEmpty() &&
         chart->scene()->views().front()->isVisibleTo(panel);
}

/// The number after `label` in the chart title's part for `set` ("train: Te -0.412 e, ...").
double titleNumber(QChart* chart, const QString& set, const QString& label) {
  for (const QString& part : chart->title().split("<br>"))
    if (part.startsWith(set + ":")) {
      const QRegularExpression number(QRegularExpression::escape(label) + " (-?[0-9.]+)");
      const QRegularExpressionMatch m = number.match(part);
      if (m.hasMatch()) return m.captured(1).toDouble();
    }
  return std::nan("");
}

}  // namespace

class TestTrainPanel : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase();
  void formWritesNepInWithBackup();
  void trainsOffTheGuiThreadWithLiveCurveAndParity();
  void stopWritesRestartAndResumeContinues();
  void closingTheWindowStopsWithRestart();
  void chargePlotShowsEachElementsPredictedCharges();
};

void TestTrainPanel::initTestCase() {
  if (test::sharedDir().isEmpty() || !QFile::exists(test::sharedDir() + "/training/PbTe/train.xyz"))
    QFAIL("../shared/training/PbTe/train.xyz is missing");
}

// Only changed keywords are written; the old file is kept byte for byte; unknown lines and
// comments survive; an unchanged form writes nothing.
void TestTrainPanel::formWritesNepInWithBackup() {
  QTemporaryDir dir;
  const std::string original = std::string("# PbTe\n") + kSmallModel + "optimizer adam\nepoch 7\n";
  test::makePbteFolder(dir.path(), original, 1, 0);
  TrainPanel panel;
  QVERIFY(panel.openFolder(dir.path()));
  QCOMPARE(panel.epochBox()->value(), 7);
  QCOMPARE(panel.batchBox()->value(), 2);            // GNEP's default for Adam
  QCOMPARE(panel.generationBox()->value(), 100000);  // GPUMD's default
  QCOMPARE(panel.writeFormChanges(), QString());
  QVERIFY(!QFile::exists(dir.filePath("nep.in.bak")));
  // Switching the optimiser moves an untouched batch to the other optimiser's default.
  panel.optimizerBox()->setCurrentIndex(0);
  QCOMPARE(panel.batchBox()->value(), 1000);
  QVERIFY(panel.generationBox()->isEnabled() && !panel.epochBox()->isEnabled());
  panel.optimizerBox()->setCurrentIndex(1);
  QCOMPARE(panel.batchBox()->value(), 2);
  QCOMPARE(panel.writeFormChanges(), QString());

  panel.epochBox()->setValue(3);
  const QString line = panel.writeFormChanges();
  QVERIFY2(line.contains("epoch 3") && line.contains("nep.in.bak"), qPrintable(line));
  QCOMPARE(contents(dir.filePath("nep.in.bak")), QByteArray::fromStdString(original));
  const QByteArray edited = contents(dir.filePath("nep.in"));
  QVERIFY(edited.startsWith("# PbTe\ntype 2 Te Pb\n"));
  const training::NepInput in = training::parseNepInput(edited.toStdString(), "nep.in");
  QCOMPARE(in.epoch, 3);
  QCOMPARE(in.optimizer, training::Optimizer::Adam);
  QCOMPARE(in.neurons, 8);
  QCOMPARE(in.radialCutoff.front(), 5.0);
}

void TestTrainPanel::trainsOffTheGuiThreadWithLiveCurveAndParity() {
  QTemporaryDir dir;
  test::makePbteFolder(dir.path(), std::string(kSmallModel) + "optimizer adam\nepoch 30\nbatch 1\n",
                       2, 1);
  {
    // Virial labels on the training structures (made-up numbers, eV) for the virial parity.
    const QString train = dir.filePath("train.xyz");
    QByteArray xyz = contents(train);
    xyz.replace("energy=", "virial=\"-2 0.1 0 0.1 -1 0 0 0 -3\" energy=");
    test::writeTextFile(train.toStdString(), xyz.toStdString());
  }
  MainWindow w;
  w.show();
  TrainPanel* panel = w.trainPanel();
  QVERIFY(panel->openFolder(dir.path()));
  QSignalSpy finished(&w.trainer(), &TrainController::finished);
  QSignalSpy rows(&w.trainer(), &TrainController::lossRows);

  // The heartbeat: its longest gap is how long the GUI was blocked meanwhile.
  test::GuiHeartbeat heartbeat;
  panel->startButton()->click();
  QVERIFY(w.trainer().active());
  QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, kTrainWaitMs));
  heartbeat.stop();
  const qint64 elapsed = heartbeat.elapsed();
  qInfo("training %lld ms, %lld heartbeats, longest GUI gap %lld ms, %lld deliveries", elapsed,
        heartbeat.beats(), heartbeat.longestGap(), static_cast<qint64>(rows.count()));
  QCOMPARE(finished.at(0).at(0).toBool(), true);
  QVERIFY(rows.count() >= 1);
  // The GUI thread never stalls: no gap over half a second, and on average a beat at least
  // every 100 ms (a blocked GUI would show one long gap and few beats).
  QVERIFY2(heartbeat.longestGap() < 500, qPrintable(QString::number(heartbeat.longestGap())));
  QVERIFY2(heartbeat.beats() >= elapsed / 100, qPrintable(QString::number(heartbeat.beats())));

  // The curve's last points are loss.out's last row (epoch 30): total, train E and F, test E.
  const std::vector<double> row = lastLossRow(dir.path());
  QCOMPARE(row.size(), std::size_t(10));
  QCOMPARE(row[0], 30.0);
  const std::pair<const char*, int> lines[] = {{"total loss", 1},
                                               {"energy train (eV/atom)", 4},
                                               {"force train (eV/\u00c5)", 5},
                                               {"energy test (eV/atom)", 7}};
  for (const auto& [name, column] : lines) {
    auto* s = series<QLineSeries>(panel->lossChart(), QString::fromUtf8(name));
    QVERIFY2(s, name);
    QCOMPARE(s->count(), 30);
    QCOMPARE(s->points().back().x(), row[0]);
    QCOMPARE(s->points().back().y(), row[column]);
  }
  QVERIFY(row[4] > 0 && row[5] > 0);

  // Energy parity: one point per structure, (reference, prediction) of energy_train.out.
  const auto energy = training::readParityFile(dir.filePath("energy_train.out").toStdString());
  QCOMPARE(energy.size(), std::size_t(2));
  auto* train = series<QScatterSeries>(panel->energyParityChart(), "train");
  auto* testSet = series<QScatterSeries>(panel->energyParityChart(), "test");
  QVERIFY(train && testSet);
  QCOMPARE(train->count(), 2);
  QCOMPARE(testSet->count(), 1);
  QCOMPARE(train->points().front(), QPointF(energy[0].second, energy[0].first));
  auto* forces = series<QScatterSeries>(panel->forceParityChart(), "train");
  QVERIFY(forces);
  QCOMPARE(forces->count(), 2 * 250 * 3);
  QVERIFY(panel->energyParityChart()->title().contains("train RMSE"));
  // Virial parity: six components per labelled structure, those of virial_train.out; the test
  // structure has no virial label (GPUMD's −1e+06), so no test points.
  const auto virial = training::readParityFile(dir.filePath("virial_train.out").toStdString());
  QCOMPARE(virial.size(), std::size_t(12));
  QCOMPARE(virial[0].second, -2.0 / 250);  // xx, per atom
  auto* virialTrain = series<QScatterSeries>(panel->virialParityChart(), "train");
  QVERIFY(virialTrain);
  QCOMPARE(virialTrain->count(), 12);
  QCOMPARE(virialTrain->points().back(), QPointF(virial.back().second, virial.back().first));
  QVERIFY(!series<QScatterSeries>(panel->virialParityChart(), "test"));
  QVERIFY(!shown(panel->chargeChart(), panel));  // NEP: no charges

  // Screenshot of the panel after training.
  w.findChild<QDockWidget*>("trainDock")->setFloating(true);
  w.findChild<QDockWidget*>("trainDock")->resize(760, 1260);
  QTest::qWait(100);
  QVERIFY(saveScreenshot(*w.findChild<QDockWidget*>("trainDock"), "train-panel"));

  // "Use this model": nep.txt in the Model panel, its elements those of nep.in.
  QVERIFY(panel->useModelButton()->isEnabled());
  panel->useModelButton()->click();
  QVERIFY(w.document().model());
  QCOMPARE(w.document().model()->elements, (std::vector<std::string>{"Te", "Pb"}));
  const QStringList labels = [&] {
    QStringList t;
    for (QLabel* l : w.modelPanel()->findChildren<QLabel*>()) t << l->text();
    return t;
  }();
  QVERIFY2(labels.contains("Te, Pb"), qPrintable(labels.join("|")));

  // The folder opened again (a new panel) shows the finished run: its 30 loss rows and parity.
  TrainPanel reopened;
  QVERIFY(reopened.openFolder(dir.path()));
  auto* force =
      series<QLineSeries>(reopened.lossChart(), QString::fromUtf8("force train (eV/\u00c5)"));
  QVERIFY(force);
  QCOMPARE(force->count(), 30);
  QCOMPARE(force->points().back().y(), row[5]);
  auto* reread = series<QScatterSeries>(reopened.energyParityChart(), "train");
  QVERIFY(reread);
  QCOMPARE(reread->points(), train->points());
}

// Parity plots update during a long SNES run; Pause holds it; Stop writes nep.restart (as Ctrl-C
// does); Resume continues from the generation it stopped at.
void TestTrainPanel::stopWritesRestartAndResumeContinues() {
  QTemporaryDir dir;
  test::makePbteFolder(
      dir.path(),
      std::string(kSmallModel) + "population 10\ngeneration 100000\noutput_interval 5\n", 1, 1);
  MainWindow w;
  TrainPanel* panel = w.trainPanel();
  QVERIFY(panel->openFolder(dir.path()));
  QVERIFY(!panel->resumeButton()->isEnabled());
  QSignalSpy finished(&w.trainer(), &TrainController::finished);
  panel->startButton()->click();
  QVERIFY(QTest::qWaitFor([&] { return lastLossRow(dir.path()).size() == 10; }, kTrainWaitMs));
  // The parity plots follow the run: the files the trainer rewrites are reread while it trains
  // (SNES rewrites the test set's every output_interval, the training set's every 1000).
  QVERIFY(QTest::qWaitFor(
      [&] {
        auto* s = series<QScatterSeries>(panel->forceParityChart(), "test");
        return s && s->count() == 250 * 3;
      },
      kTrainWaitMs));
  QVERIFY(w.trainer().active());
  // Pause holds the trainer between generations: loss.out stops growing until Continue.
  panel->pauseButton()->click();
  QCOMPARE(w.trainer().state(), TrainController::State::Paused);
  QTest::qWait(1000);  // the generation under way ends, even on a loaded machine
  const QByteArray held = contents(dir.filePath("loss.out"));
  QTest::qWait(700);
  QCOMPARE(contents(dir.filePath("loss.out")), held);
  panel->pauseButton()->click();
  QCOMPARE(w.trainer().state(), TrainController::State::Running);
  QVERIFY(
      QTest::qWaitFor([&] { return contents(dir.filePath("loss.out")) != held; }, kTrainWaitMs));
  QVERIFY(panel->stopButton()->isEnabled());
  panel->stopButton()->click();
  QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, kTrainWaitMs));
  QCOMPARE(finished.at(0).at(0).toBool(), false);
  QVERIFY(QFile::exists(dir.filePath("nep.restart")));
  QVERIFY(QFile::exists(dir.filePath("nep.restart.sei")));
  const double stoppedAt = lastLossRow(dir.path())[0];
  QVERIFY(panel->resumeButton()->isEnabled());

  finished.clear();
  panel->resumeButton()->click();
  QVERIFY(QTest::qWaitFor([&] { return lastLossRow(dir.path())[0] > stoppedAt; }, kTrainWaitMs));
  panel->stopButton()->click();
  QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, kTrainWaitMs));
  // loss.out goes on where it stopped: the resumed run's first row follows the last one by
  // output_interval.
  std::ifstream in(dir.filePath("loss.out").toStdString());
  std::vector<double> generations;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) generations.push_back(training::parseLossRow(line)[0]);
  for (std::size_t k = 1; k < generations.size(); ++k)
    QCOMPARE(generations[k], generations[k - 1] + 5.0);
  qInfo("stopped at generation %g, resumed to %g", stoppedAt, generations.back());
}

// Closing the studio during training stops the trainer as Stop does: the restart is written.
void TestTrainPanel::closingTheWindowStopsWithRestart() {
  QTemporaryDir dir;
  test::makePbteFolder(
      dir.path(),
      std::string(kSmallModel) + "population 10\ngeneration 100000\noutput_interval 5\n", 1);
  {
    MainWindow w;
    QVERIFY(w.trainPanel()->openFolder(dir.path()));
    w.trainPanel()->startButton()->click();
    QVERIFY(QTest::qWaitFor([&] { return QFile::exists(dir.filePath("loss.out")); }, kTrainWaitMs));
    QVERIFY(w.trainer().active());
  }
  QVERIFY(QFile::exists(dir.filePath("nep.restart")));
  QVERIFY(QFile::exists(dir.filePath("nep.restart.sei")));
}

// qNEP: charge_*.out has one predicted charge per atom and no reference, in the trainer's order
// of the structures (SNES with several batches: sorted by energy). The charge plot shows each
// element's charges of train and test; its per-element means and net-charge RMSEs equal an
// independent evaluation of nep.txt, and the test set's net-charge RMSE loss.out's Q column.
// The training set mixes a whole PbTe structure (125 Te, 125 Pb) with a cut one (125 Te, 25 Pb)
// of lower energy, so that reading charge_train.out in file order would give other numbers.
void TestTrainPanel::chargePlotShowsEachElementsPredictedCharges() {
  QTemporaryDir dir;
  test::makePbteFolder(dir.path(),
                       std::string(kSmallModel) +
                           "charge_mode 2\npopulation 10\ngeneration 3\nbatch 1\n"
                           "output_interval 1\n",
                       1, 1);
  {
    const QString whole = QString::fromStdString(test::pbteFrames(2, 1));
    QStringList lines = whole.split('\n').mid(0, 152);
    const QRegularExpression energy("energy=(-?[0-9.]+)");
    const double perAtom = energy.match(lines[1]).captured(1).toDouble() / 250.0;
    lines[0] = "150";
    lines[1].replace(energy, QString("energy=%1").arg((perAtom - 1.0) * 150.0, 0, 'f', 6));
    const QString train = dir.filePath("train.xyz");
    test::writeTextFile(train.toStdString(),
                        contents(train).toStdString() + lines.join('\n').toStdString() + "\n");
  }
  MainWindow w;
  TrainPanel* panel = w.trainPanel();
  QVERIFY(panel->openFolder(dir.path()));
  QSignalSpy finished(&w.trainer(), &TrainController::finished);
  panel->startButton()->click();
  QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, kTrainWaitMs));
  QCOMPARE(finished.at(0).at(0).toBool(), true);
  QVERIFY(shown(panel->chargeChart(), panel));

  // The independent charges: nep.txt evaluated on each structure, raw q̂ = q + shift.
  const std::vector<std::string> elements = {"Te", "Pb"};
  auto model = std::make_shared<NepModel>(readNepModel(dir.filePath("nep.txt").toStdString()));
  NepEvaluator evaluator(model, {});
  for (const QString set : {QStringLiteral("train"), QStringLiteral("test")}) {
    const auto structures =
        training::readTrainingSet(dir.filePath(set + ".xyz").toStdString(), elements);
    QCOMPARE(structures.size(), std::size_t(set == "train" ? 2 : 1));
    double sum[2] = {0, 0}, count[2] = {0, 0}, net2 = 0;
    for (const training::TrainingStructure& s : structures) {
      ForceResult r;
      evaluator.compute(s.types, s.structure.positions, s.structure.cell, {}, r);
      double net = 0;
      for (std::size_t i = 0; i < s.size(); ++i) {
        const double q = r.charges[i] + evaluator.chargeShift();
        sum[s.types[i]] += q;
        count[s.types[i]] += 1;
        net += q;
      }
      net2 += std::pow(net / s.size(), 2);
    }
    const double netRmse = std::sqrt(net2 / structures.size()) * 1000;  // me/atom
    qInfo("%s: Te %.5f Pb %.5f e, net RMSE %.4f me/atom", qPrintable(set), sum[0] / count[0],
          sum[1] / count[1], netRmse);
    QCOMPARE(count[0], set == "train" ? 250.0 : 125.0);
    for (int t = 0; t < 2; ++t) {
      const double mean =
          titleNumber(panel->chargeChart(), set, QString::fromStdString(elements[t]));
      QVERIFY2(std::abs(mean - sum[t] / count[t]) <= 0.0006,
               qPrintable(panel->chargeChart()->title()));
    }
    QVERIFY2(std::abs(titleNumber(panel->chargeChart(), set, "net RMSE") - netRmse) <= 0.006,
             qPrintable(panel->chargeChart()->title()));
    if (set == "test")  // loss.out's last Q_test (e per atom, 5 decimals)
      QVERIFY(std::abs(lastLossRow(dir.path())[12] * 1000 - netRmse) <= 0.006);
    // One line per element and set: the fractions of that element's atoms per bin add up to 1.
    for (const std::string& e : elements) {
      auto* line = series<QLineSeries>(panel->chargeChart(), QString::fromStdString(e) + " " + set);
      QVERIFY2(line, e.c_str());
      double total = 0;
      for (const QPointF& p : line->points()) total += p.y();
      QCOMPARE(total, 1.0);
    }
  }
  auto* dock = w.findChild<QDockWidget*>("trainDock");
  dock->setFloating(true);
  dock->resize(760, 1500);
  QTest::qWait(100);
  QVERIFY(saveScreenshot(*dock, "train-panel-charge"));
}

SEI_STUDIO_TEST_MAIN(TestTrainPanel)

#include "TestTrainPanel.moc"
