// sei train end to end on GPUMD's PbTe data (a few structures, a small model): SNES lowers the
// loss, loss.out's RMSEs equal an independent evaluation of the written nep.txt, the parity
// files hold that evaluation, a stopped (or Ctrl-C'd) run resumes to exactly the uninterrupted
// result, prediction mode, qNEP outputs with a test set, and bad input writes nothing.
#include <signal.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <chrono>
#include <cmath>
#include <thread>

#include "EvalSupport.hpp"
#include "PbteFolder.hpp"
#include "RandomModel.hpp"
#include "TestSupport.hpp"
#include "core/Error.hpp"
#include "io/ExtXyz.hpp"
#include "training/BatchGradientBackend.hpp"
#include "training/FineTune.hpp"
#include "training/NepInput.hpp"
#include "training/ParameterVector.hpp"
#include "training/Snes.hpp"
#include "training/TrainOutputs.hpp"
#include "training/Trainer.hpp"

using namespace sei;
using namespace sei::training;

namespace {

const char* const kSmallModel = "type 2 Te Pb\ncutoff 5 4\nn_max 3 3\nbasis_size 4 4\nneuron 8\n";

QByteArray contents(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

std::vector<std::vector<double>> lossRows(const QString& dir) {
  std::vector<std::vector<double>> rows;
  for (const QByteArray& l : contents(QDir(dir).filePath("loss.out")).split('\n'))
    if (!l.trimmed().isEmpty()) rows.push_back(parseLossRow(l.toStdString()));
  return rows;
}

/// Energy (eV/atom, no shift) and force RMSE of a nep.txt on an xyz file, computed with the
/// evaluator directly; labels from the comment line and the force columns.
std::array<double, 2> directRmse(const QString& model, const QString& xyz) {
  auto m = std::make_shared<const NepModel>(readNepModel(model.toStdString()));
  double e2 = 0.0, f2 = 0.0, atoms = 0.0;
  const auto frames = readExtXyzFrames(xyz.toStdString());
  for (const Structure& s : frames) {
    const ForceResult r = test::evaluate(m, s);
    const double n = static_cast<double>(s.size());
    const auto at = s.info.find("energy=");
    const double ref = std::stod(s.info.substr(at + 7));
    e2 += std::pow(r.energy / n - ref / n, 2);
    for (std::size_t i = 0; i < s.size(); ++i) f2 += (r.forces[i] - s.forces[i]).squaredNorm();
    atoms += n;
  }
  return {std::sqrt(e2 / frames.size()), std::sqrt(f2 / (3 * atoms))};
}

/// Trains in `dir` on 2 threads; the run's notes (TrainOptions::note) go to `notes` if given.
TrainOutcome train(const QString& dir, std::function<bool()> stop = {},
                   QStringList* notes = nullptr) {
  TrainOptions options;
  options.dir = dir.toStdString();
  options.threads = 2;
  options.stopRequested = std::move(stop);
  if (notes)
    options.note = [notes](const std::string& line) { *notes << QString::fromStdString(line); };
  return runTraining(options);
}

/// Starts `sei train` on a folder with nepIn, sends SIGINT once loss.out appears, expects exit
/// 130 and a restart file `restart` starting with `prefix` but not with `finished` (the last
/// step), then resumes and compares nep.txt and loss.out with an uninterrupted run.
void checkCtrlCResumes(const std::string& nepIn, const char* restart, const char* prefix,
                       const char* finished) {
  QTemporaryDir straight, interrupted;
  test::makePbteFolder(straight.path(), nepIn, 1);
  test::makePbteFolder(interrupted.path(), nepIn, 1);
  QProcess p;
  p.start(QDir(test::binDir()).filePath("sei"),
          {"train", "--quiet", "--threads", "1", "--dir", interrupted.path()});
  QVERIFY(p.waitForStarted());
  for (int k = 0; k < 6000 && !QFile::exists(interrupted.filePath("loss.out")); ++k)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ::kill(static_cast<pid_t>(p.processId()), SIGINT);
  QVERIFY(p.waitForFinished(60000));
  QCOMPARE(p.exitCode(), 130);
  const QByteArray state = contents(interrupted.filePath(restart));
  QVERIFY2(state.startsWith(prefix) && !state.startsWith(finished), state.left(40).constData());
  QCOMPARE(test::runSei({"train", "--quiet", "--dir", interrupted.path()}).status, 0);
  QCOMPARE(test::runSei({"train", "--quiet", "--dir", straight.path()}).status, 0);
  QCOMPARE(contents(interrupted.filePath("nep.txt")), contents(straight.filePath("nep.txt")));
  QCOMPARE(contents(interrupted.filePath("loss.out")), contents(straight.filePath("loss.out")));
}

}  // namespace

class TestTrainRun : public QObject {
  Q_OBJECT

 private slots:
  void snesLowersLossAndReportsTrueRmse() {
    QTemporaryDir dir;
    test::makePbteFolder(
        dir.path(), std::string(kSmallModel) + "population 10\ngeneration 60\noutput_interval 10\n",
        1);
    QVERIFY(train(dir.path()) == TrainOutcome::Finished);
    const auto rows = lossRows(dir.path());
    QCOMPARE(rows.size(), std::size_t(6));
    QCOMPARE(rows.front().size(), std::size_t(10));
    QCOMPARE(rows.back()[0], 60.0);
    // Force RMSE and total loss fall from generation 10 to 60 (seeded, so deterministic).
    QVERIFY2(rows.back()[5] < 0.9 * rows.front()[5],
             qPrintable(QString("F %1 -> %2").arg(rows.front()[5]).arg(rows.back()[5])));
    QVERIFY(rows.back()[1] < rows.front()[1]);
    // The RMSEs of the last row are those of the written nep.txt, to the printed digits.
    const auto direct = directRmse(dir.filePath("nep.txt"), dir.filePath("train.xyz"));
    QVERIFY2(std::abs(rows.back()[4] - direct[0]) <= 5.1e-6,
             qPrintable(QString("E %1 vs %2").arg(rows.back()[4]).arg(direct[0])));
    QVERIFY2(std::abs(rows.back()[5] - direct[1]) <= 5.1e-6,
             qPrintable(QString("F %1 vs %2").arg(rows.back()[5]).arg(direct[1])));
    // Parity files: one line per structure / atom, predictions then labels.
    const auto energy = test::readTable(dir.filePath("energy_train.out").toStdString());
    const auto force = test::readTable(dir.filePath("force_train.out").toStdString());
    const auto virial = test::readTable(dir.filePath("virial_train.out").toStdString());
    QCOMPARE(energy.size(), std::size_t(1));
    QCOMPARE(force.size(), std::size_t(250));
    QCOMPARE(force[0].size(), std::size_t(6));
    QCOMPARE(virial[0].size(), std::size_t(12));
    QCOMPARE(virial[0][6], -1e6);                             // no virial labels
    QVERIFY(std::abs(energy[0][1] - -937.191 / 250) < 1e-5);  // "%g": six digits
    auto m = std::make_shared<const NepModel>(readNepModel(dir.filePath("nep.txt").toStdString()));
    const auto frames = readExtXyzFrames(dir.filePath("train.xyz").toStdString());
    const ForceResult r = test::evaluate(m, frames[0]);
    QVERIFY(std::abs(energy[0][0] - r.energy / 250) < 1e-5 * std::abs(energy[0][0]));
    QVERIFY(std::abs(force[0][1] - r.forces[0].y()) < 1e-5 * (1 + std::abs(force[0][1])));
    QVERIFY(QFile::exists(dir.filePath("nep.restart")));

    // prediction 1 on the written model: the same parity numbers.
    QTemporaryDir predict;
    test::makePbteFolder(predict.path(),
                         std::string(kSmallModel) + "prediction 1\noutput_descriptor 2\n", 1, 1);
    QVERIFY(QFile::copy(dir.filePath("nep.txt"), predict.filePath("nep.txt")));
    QVERIFY(train(predict.path()) == TrainOutcome::Predicted);
    QCOMPARE(contents(predict.filePath("energy_train.out")),
             contents(dir.filePath("energy_train.out")));
    QVERIFY(!QFile::exists(predict.filePath("loss.out")));
    const auto testEnergy = test::readTable(predict.filePath("energy_test.out").toStdString());
    QCOMPARE(testEnergy.size(), std::size_t(1));
    // descriptor.out (output_descriptor 2): one line per atom, D = 4 + 4·5 scaled numbers.
    const auto descriptors = test::readTable(predict.filePath("descriptor.out").toStdString());
    QCOMPARE(descriptors.size(), std::size_t(250));
    QCOMPARE(descriptors[0].size(), std::size_t(24));

    // import_q_scaler 1 trains with the scalers of the nep.txt found in the folder.
    QTemporaryDir imported;
    test::makePbteFolder(imported.path(),
                         std::string(kSmallModel) +
                             "import_q_scaler 1\npopulation 10\ngeneration 2\noutput_interval 2\n",
                         1);
    QVERIFY(QFile::copy(dir.filePath("nep.txt"), imported.filePath("nep.txt")));
    test::writeTextFile(imported.filePath("train.xyz").toStdString(), test::pbteFrames(3, 1));
    QVERIFY(train(imported.path()) == TrainOutcome::Finished);
    QVERIFY(readNepModel(imported.filePath("nep.txt").toStdString()).scalers == m->scalers);
  }

  // Stopped at generation 3 and resumed, or run in two legs (generation 5 then 10), gives the
  // uninterrupted run's loss.out and nep.txt byte for byte.
  void restartEqualsUninterrupted() {
    const std::string base =
        std::string(kSmallModel) + "population 10\noutput_interval 5\nbatch 1\n";
    QTemporaryDir straight, legs, stopped;
    test::makePbteFolder(straight.path(), base + "generation 10\n", 2);
    test::makePbteFolder(legs.path(), base + "generation 5\n", 2);
    test::makePbteFolder(stopped.path(), base + "generation 10\n", 2);
    QVERIFY(train(straight.path()) == TrainOutcome::Finished);
    QVERIFY(train(legs.path()) == TrainOutcome::Finished);
    test::writeTextFile(legs.filePath("nep.in").toStdString(), base + "generation 10\n");
    QVERIFY(train(legs.path()) == TrainOutcome::Finished);
    int polls = 0;
    QVERIFY(train(stopped.path(), [&polls] { return ++polls > 3; }) == TrainOutcome::Stopped);
    QCOMPARE(contents(stopped.filePath("nep.restart.sei")),
             QByteArray("generation 3\nseed 1234567\n"));
    QVERIFY(train(stopped.path()) == TrainOutcome::Finished);
    for (const char* file : {"loss.out", "nep.txt", "nep.restart", "energy_train.out"}) {
      const QByteArray a = contents(straight.filePath(file));
      QVERIFY2(!a.isEmpty(), file);
      QVERIFY2(a == contents(legs.filePath(file)), qPrintable(QString("%1 (legs)").arg(file)));
      QVERIFY2(a == contents(stopped.filePath(file)), qPrintable(QString("%1 (stop)").arg(file)));
    }
  }

  // Ctrl-C on the command line: exit 130, nep.restart written; the rerun finishes the run as if
  // never interrupted.
  void ctrlCResumes() {
    checkCtrlCResumes(
        std::string(kSmallModel) + "population 10\noutput_interval 5\ngeneration 30\n",
        "nep.restart.sei", "generation ", "generation 30\n");
  }

  // qNEP with a test set: 14-column loss.out, charge files, test RMSEs of the written model.
  void qnepWithTestSet() {
    QTemporaryDir dir;
    test::makePbteFolder(dir.path(),
                         std::string(kSmallModel) +
                             "charge_mode 2\npopulation 10\ngeneration 4\noutput_interval 2\n",
                         1, 1);
    QVERIFY(train(dir.path()) == TrainOutcome::Finished);
    const auto rows = lossRows(dir.path());
    QCOMPARE(rows.size(), std::size_t(2));
    QCOMPARE(rows[0].size(), std::size_t(14));
    QVERIFY(rows[1][7] > 0.0);  // Q_train: |Σq̂ − 0|/N of the raw charges
    QCOMPARE(readNepModel(dir.filePath("nep.txt").toStdString()).token,
             std::string("nep4_charge2"));
    const auto direct = directRmse(dir.filePath("nep.txt"), dir.filePath("test.xyz"));
    QVERIFY2(std::abs(rows[1][9] - direct[0]) <= 5.1e-6,
             qPrintable(QString("E_test %1 vs %2").arg(rows[1][9]).arg(direct[0])));
    QVERIFY2(std::abs(rows[1][10] - direct[1]) <= 5.1e-6,
             qPrintable(QString("F_test %1 vs %2").arg(rows[1][10]).arg(direct[1])));
    QCOMPARE(test::readTable(dir.filePath("charge_train.out").toStdString()).size(),
             std::size_t(250));
    QCOMPARE(test::readTable(dir.filePath("charge_test.out").toStdString()).size(),
             std::size_t(250));
    QVERIFY(QFile::exists(dir.filePath("force_test.out")));
  }

  // optimizer adam: one loss.out row per epoch; the loss and both RMSEs fall; the last row's
  // RMSEs are those of the written nep.txt, re-evaluated with the evaluator.
  void adamLowersLossAndReportsTrueRmse() {
    QTemporaryDir dir;
    test::makePbteFolder(dir.path(),
                         std::string(kSmallModel) + "optimizer adam\nepoch 40\nbatch 1\n", 2, 1);
    QVERIFY(train(dir.path()) == TrainOutcome::Finished);
    const auto rows = lossRows(dir.path());
    QCOMPARE(rows.size(), std::size_t(40));
    QCOMPARE(rows.front().size(), std::size_t(10));
    QCOMPARE(rows.back()[0], 40.0);
    QVERIFY2(rows.back()[1] < 0.8 * rows.front()[1],
             qPrintable(QString("L %1 -> %2").arg(rows.front()[1]).arg(rows.back()[1])));
    QVERIFY2(rows.back()[5] < 0.8 * rows.front()[5],
             qPrintable(QString("F %1 -> %2").arg(rows.front()[5]).arg(rows.back()[5])));
    const auto direct = directRmse(dir.filePath("nep.txt"), dir.filePath("train.xyz"));
    QVERIFY2(std::abs(rows.back()[4] - direct[0]) <= 5.1e-6,
             qPrintable(QString("E %1 vs %2").arg(rows.back()[4]).arg(direct[0])));
    QVERIFY2(std::abs(rows.back()[5] - direct[1]) <= 5.1e-6,
             qPrintable(QString("F %1 vs %2").arg(rows.back()[5]).arg(direct[1])));
    const auto onTest = directRmse(dir.filePath("nep.txt"), dir.filePath("test.xyz"));
    QVERIFY2(std::abs(rows.back()[7] - onTest[0]) <= 5.1e-6,
             qPrintable(QString("E_test %1 vs %2").arg(rows.back()[7]).arg(onTest[0])));
    QVERIFY2(std::abs(rows.back()[8] - onTest[1]) <= 5.1e-6,
             qPrintable(QString("F_test %1 vs %2").arg(rows.back()[8]).arg(onTest[1])));
    QCOMPARE(test::readTable(dir.filePath("force_train.out").toStdString()).size(),
             std::size_t(500));
  }

  // qNEP with Adam (charge_mode 2): 14 columns, the loss falls.
  void adamTrainsQnep() {
    QTemporaryDir dir;
    test::makePbteFolder(dir.path(),
                         std::string(kSmallModel) + "charge_mode 2\noptimizer adam\nepoch 30\n", 1);
    QStringList notes;
    QVERIFY(train(dir.path(), {}, &notes) == TrainOutcome::Finished);
    const auto rows = lossRows(dir.path());
    QCOMPARE(rows.size(), std::size_t(30));
    QCOMPARE(rows.front().size(), std::size_t(14));
    QVERIFY2(rows.back()[1] < 0.9 * rows.front()[1],
             qPrintable(QString("L %1 -> %2").arg(rows.front()[1]).arg(rows.back()[1])));
    const NepModel trained = readNepModel(dir.filePath("nep.txt").toStdString());
    QCOMPARE(trained.token, std::string("nep4_charge2"));
    // The charges are trained too. At zero charge weights (SNES's mean) no gradient reaches
    // them; Adam starts them as SNES's first individual and moves them from there.
    const NepInput in = parseNepInput(contents(dir.filePath("nep.in")).toStdString(), "nep.in");
    const std::vector<double> start = Snes(in, trained).gradientStart();
    const std::vector<double> end = flattenParameters(trained);
    double moved = 0.0, largest = 0.0;
    for (std::size_t v : chargeWeightPositions(trained)) {
      moved = std::max(moved, std::abs(end[v] - start[v]));
      largest = std::max(largest, std::abs(end[v]));
    }
    QVERIFY2(moved > 1e-3 && largest > 1e-2,
             qPrintable(QString("moved %1, largest %2").arg(moved).arg(largest)));
    double q2 = 0.0;
    const auto charges = test::readTable(dir.filePath("charge_train.out").toStdString());
    for (const auto& row : charges) q2 += row[0] * row[0];
    QVERIFY2(std::sqrt(q2 / charges.size()) > 0.01, qPrintable(QString::number(q2)));
    // The closing note gives each element's mean charge as MD has them (charge_train.out's raw
    // charges shifted to a neutral structure: opposite for one Te per Pb) and how the sign was
    // chosen: Te (Allen 2.158) negative against Pb (1.854).
    QVERIFY(!notes.empty());
    const QRegularExpression form(
        "^mean charges Te ([+-]\\d\\.\\d{3}) e, Pb ([+-]\\d\\.\\d{3}) e \\(each structure's "
        "charges shifted to its total charge, as in MD\\); energies, forces and virials leave "
        "their sign free \\(no BEC labels\\): written with the more electronegative elements "
        "negative \\(Allen's scale; `charge_sign start` keeps the start's sign instead\\)$");
    const QRegularExpressionMatch m = form.match(notes[0]);
    QVERIFY2(m.hasMatch(), qPrintable(notes[0]));
    double te = 0.0, pb = 0.0;
    for (std::size_t i = 0; i < charges.size(); ++i) (i < 125 ? te : pb) += charges[i][0];
    const double shift = (te + pb) / 250;
    QVERIFY(std::abs(m.captured(1).toDouble() - (te / 125 - shift)) <= 5.01e-4);  // printed %.3f
    QVERIFY(std::abs(m.captured(2).toDouble() - (pb / 125 - shift)) <= 5.01e-4);
    QCOMPARE(m.captured(1).toDouble(), -m.captured(2).toDouble());
    QVERIFY(m.captured(1).toDouble() < -0.01);
    // A neutrality note follows exactly when the structure is further off neutral than MD's
    // watchdog allows (qnepOffNeutralIsNoted checks its text).
    QCOMPARE(notes.size(), std::abs(shift) > 0.02 ? 2 : 1);
  }

  // Raw charges further off neutral than MD's watchdog allows (here lambda_q 0 after one epoch)
  // end the run with a note of the worst structure, the set's RMS and the remedy.
  void qnepOffNeutralIsNoted() {
    QTemporaryDir dir;
    test::makePbteFolder(
        dir.path(),
        std::string(kSmallModel) + "charge_mode 2\noptimizer adam\nepoch 1\nlambda_q 0\n", 2);
    QStringList notes;
    QVERIFY(train(dir.path(), {}, &notes) == TrainOutcome::Finished);
    const auto charges = test::readTable(dir.filePath("charge_train.out").toStdString());
    QCOMPARE(charges.size(), std::size_t(500));
    double net[2] = {0.0, 0.0};
    for (std::size_t i = 0; i < charges.size(); ++i) net[i / 250] += charges[i][0] / 250;
    const int worst = std::abs(net[1]) > std::abs(net[0]) ? 1 : 0;
    QVERIFY2(std::abs(net[worst]) > 0.02, qPrintable(QString::number(net[worst])));
    QCOMPARE(notes.size(), 2);  // the sign note, then this one
    const QRegularExpression form(
        "^raw charges off neutral by up to (\\d\\.\\d{3}) e/atom \\((.*) structure (\\d); RMS "
        "(\\d\\.\\d{3}) e/atom over the training set\\), beyond the 0\\.02 e/atom at which MD's "
        "watchdog stops a run by default \\(`neutrality` of run\\.in's `watchdog`\\); a larger "
        "lambda_q \\(now 0\\) holds them nearer neutral$");
    const QRegularExpressionMatch m = form.match(notes[1]);
    QVERIFY2(m.hasMatch(), qPrintable(notes[1]));
    QVERIFY(std::abs(m.captured(1).toDouble() - std::abs(net[worst])) <= 5.01e-4);
    QVERIFY(m.captured(2).endsWith("train.xyz"));
    QCOMPARE(m.captured(3).toInt(), worst + 1);
    const double rms = std::sqrt((net[0] * net[0] + net[1] * net[1]) / 2);
    QVERIFY(std::abs(m.captured(4).toDouble() - rms) <= 5.01e-4);
  }

  // Energies and forces are even in the charges: `charge_mode 2 1` (flip_charge) on a resumed
  // Adam run turns the charge weights and their moments over, and the continuation is the
  // unflipped one mirrored exactly: the same loss.out, charge weights negated, the rest equal.
  void adamFlipChargeMirrorsTheRun() {
    const std::string model =
        std::string(kSmallModel) + "optimizer adam\nbatch 1\ncharge_sign start\n";
    QTemporaryDir kept, flipped;
    for (const QTemporaryDir* d : {&kept, &flipped}) {
      test::makePbteFolder(d->path(), model + "charge_mode 2\nepoch 2\n", 2);
      QVERIFY(train(d->path()) == TrainOutcome::Finished);
    }
    test::writeTextFile(kept.filePath("nep.in").toStdString(), model + "charge_mode 2\nepoch 4\n");
    test::writeTextFile(flipped.filePath("nep.in").toStdString(),
                        model + "charge_mode 2 1\nepoch 4\n");
    QVERIFY(train(kept.path()) == TrainOutcome::Finished);
    QVERIFY(train(flipped.path()) == TrainOutcome::Finished);
    QCOMPARE(lossRows(flipped.path()).size(), std::size_t(4));
    QCOMPARE(contents(flipped.filePath("loss.out")), contents(kept.filePath("loss.out")));
    const NepModel a = readNepModel(kept.filePath("nep.txt").toStdString());
    const NepModel b = readNepModel(flipped.filePath("nep.txt").toStdString());
    std::vector<double> pa = flattenParameters(a);
    const std::vector<double> pb = flattenParameters(b);
    const std::vector<std::size_t> charges = chargeWeightPositions(a);
    for (std::size_t v : charges) {
      QVERIFY(pa[v] != 0.0);
      pa[v] = -pa[v];
    }
    QVERIFY(pa == pb);
  }

  // charge_sign auto (the default) writes the models with the more electronegative element
  // negative: the two mirrored runs above, one of which has Te positive, write the same nep.txt
  // and charge files, with Te (Allen 2.158) negative against Pb (1.854); training itself is
  // untouched (loss.out as with charge_sign start), and the turned restart gets a note.
  void adamChargeSignAutoOrientsTheModel() {
    const std::string model = std::string(kSmallModel) + "optimizer adam\nbatch 1\n";
    QTemporaryDir kept, flipped, started;
    for (const QTemporaryDir* d : {&kept, &flipped, &started}) {
      test::makePbteFolder(d->path(), model + "charge_mode 2\nepoch 2\n", 2);
      QVERIFY(train(d->path()) == TrainOutcome::Finished);
    }
    test::writeTextFile(kept.filePath("nep.in").toStdString(), model + "charge_mode 2\nepoch 4\n");
    test::writeTextFile(flipped.filePath("nep.in").toStdString(),
                        model + "charge_mode 2 1\nepoch 4\n");
    test::writeTextFile(started.filePath("nep.in").toStdString(),
                        model + "charge_mode 2 1\nepoch 4\ncharge_sign start\n");
    QVERIFY(train(kept.path()) == TrainOutcome::Finished);
    QStringList notes;
    QVERIFY(train(flipped.path(), {}, &notes) == TrainOutcome::Finished);
    QVERIFY(train(started.path()) == TrainOutcome::Finished);
    QVERIFY2(notes.size() >= 2 && notes[0].startsWith("charge_mode 2 1 turns the restart's charges "
                                                      "over, but charge_sign auto writes"),
             qPrintable(notes.join('\n')));
    for (const char* file : {"loss.out", "nep.txt", "charge_train.out", "energy_train.out"}) {
      const QByteArray a = contents(kept.filePath(file));
      QVERIFY2(!a.isEmpty() && a == contents(flipped.filePath(file)), file);
    }
    QCOMPARE(contents(started.filePath("loss.out")), contents(kept.filePath("loss.out")));
    auto teMinusPb = [](const QString& dir) {
      double d = 0.0;
      const auto q = test::readTable(dir.toStdString() + "/charge_train.out");
      for (std::size_t i = 0; i < q.size(); ++i) d += (i % 250 < 125 ? 1.0 : -1.0) * q[i][0];
      return d;
    };
    QVERIFY(teMinusPb(kept.path()) < 0.0);
    // started (charge_sign start) is the mirrored run as it trained: Te positive, so kept's and
    // flipped's written models are, each, one of them turned over.
    QVERIFY(teMinusPb(started.path()) > 0.0);
    std::vector<double> pa =
        flattenParameters(readNepModel(kept.filePath("nep.txt").toStdString()));
    const std::vector<double> pb =
        flattenParameters(readNepModel(started.filePath("nep.txt").toStdString()));
    for (std::size_t v :
         chargeWeightPositions(readNepModel(kept.filePath("nep.txt").toStdString())))
      pa[v] = -pa[v];
    QVERIFY(pa == pb);
  }

  // SNES under charge_sign auto: the same loss.out as charge_sign start, and the written model is
  // start's, turned over exactly when start's has Te positive (two seeds).
  void snesChargeSignAuto() {
    for (const char* seed : {"seed 1\n", "seed 2\n"}) {
      const std::string nepIn = std::string(kSmallModel) + seed +
                                "charge_mode 2\npopulation 10\ngeneration 4\noutput_interval 2\n";
      QTemporaryDir automatic, started;
      test::makePbteFolder(automatic.path(), nepIn, 2);
      test::makePbteFolder(started.path(), nepIn + "charge_sign start\n", 2);
      QVERIFY(train(automatic.path()) == TrainOutcome::Finished);
      QVERIFY(train(started.path()) == TrainOutcome::Finished);
      QCOMPARE(contents(automatic.filePath("loss.out")), contents(started.filePath("loss.out")));
      auto charges = [](const QTemporaryDir& d) {
        return test::readTable(d.filePath("charge_train.out").toStdString());
      };
      const auto qa = charges(automatic), qs = charges(started);
      QCOMPARE(qa.size(), std::size_t(500));
      double te = 0.0;  // start's Te charge, less its Pb charge
      for (std::size_t i = 0; i < qs.size(); ++i) te += (i % 250 < 125 ? 1.0 : -1.0) * qs[i][0];
      const double sign = te > 0.0 ? -1.0 : 1.0;
      for (std::size_t i = 0; i < qa.size(); ++i) QCOMPARE(qa[i][0], sign * qs[i][0]);
      std::vector<double> pa =
          flattenParameters(readNepModel(automatic.filePath("nep.txt").toStdString()));
      const std::vector<double> ps =
          flattenParameters(readNepModel(started.filePath("nep.txt").toStdString()));
      for (std::size_t v :
           chargeWeightPositions(readNepModel(started.filePath("nep.txt").toStdString())))
        pa[v] *= sign;
      QVERIFY(pa == ps);
    }
  }

  // Adam stopped before epoch 3 and resumed gives the uninterrupted run's files byte for byte.
  void adamRestartEqualsUninterrupted() {
    const std::string nepIn = std::string(kSmallModel) + "optimizer adam\nepoch 5\nbatch 1\n";
    QTemporaryDir straight, stopped;
    test::makePbteFolder(straight.path(), nepIn, 2);
    test::makePbteFolder(stopped.path(), nepIn, 2);
    QVERIFY(train(straight.path()) == TrainOutcome::Finished);
    int polls = 0;
    QVERIFY(train(stopped.path(), [&polls] { return ++polls > 2; }) == TrainOutcome::Stopped);
    QVERIFY(contents(stopped.filePath("nep.restart.adam")).startsWith("epoch 2\nseed 1234567\n"));
    QCOMPARE(lossRows(stopped.path()).size(), std::size_t(2));
    QVERIFY(train(stopped.path()) == TrainOutcome::Finished);
    for (const char* file : {"loss.out", "nep.txt", "nep.restart.adam", "energy_train.out"}) {
      const QByteArray a = contents(straight.filePath(file));
      QVERIFY2(!a.isEmpty(), file);
      QVERIFY2(a == contents(stopped.filePath(file)), file);
    }
  }

  // Ctrl-C during Adam epochs: exit 130, restart written; the rerun equals the straight run.
  void adamCtrlCResumes() {
    checkCtrlCResumes(std::string(kSmallModel) + "optimizer adam\nepoch 15\n", "nep.restart.adam",
                      "epoch ", "epoch 15\n");
  }

  // Adam on several compositions, batch 1: isolated atoms (no neighbour within the cutoff, so
  // zero forces and one constant energy per element) carry only energies, and only across
  // compositions. A shift removed per batch would leave every batch's loss at zero and nothing
  // to learn; against the set's shift the model learns ε_Na − ε_F and fits every energy.
  void adamLearnsEnergiesAcrossCompositions() {
    QTemporaryDir dir;
    test::writeTextFile(dir.filePath("nep.in").toStdString(),
                        "type 2 Na F\ncutoff 5 4\nn_max 3 3\nbasis_size 4 4\nneuron 8\n"
                        "optimizer adam\nepoch 200\nbatch 1\nstart_lr 0.05\n");
    // Na alone, F alone, Na + F 10 Å apart, two Na 10 Å apart: −1 eV per Na, −3 eV per F.
    struct Frame {
      std::vector<std::string> symbols;
      double energy;  // eV
    };
    const std::vector<Frame> frames = {
        {{"Na"}, -1.0}, {{"F"}, -3.0}, {{"Na", "F"}, -4.0}, {{"Na", "Na"}, -2.0}};
    std::string xyz;
    for (const Frame& f : frames) {
      xyz += std::to_string(f.symbols.size()) +
             "\nLattice=\"20 0 0 0 20 0 0 0 20\" energy=" + std::to_string(f.energy) +
             " Properties=species:S:1:pos:R:3:forces:R:3\n";
      for (std::size_t i = 0; i < f.symbols.size(); ++i)
        xyz += f.symbols[i] + " " + std::to_string(10.0 * i) + " 0 0 0 0 0\n";
    }
    test::writeTextFile(dir.filePath("train.xyz").toStdString(), xyz);
    QVERIFY(train(dir.path()) == TrainOutcome::Finished);
    const auto rows = lossRows(dir.path());
    QCOMPARE(rows.size(), std::size_t(200));
    QVERIFY2(rows.front()[4] > 0.05 && rows.back()[4] < 1e-3,
             qPrintable(QString("E %1 -> %2 eV/atom").arg(rows.front()[4]).arg(rows.back()[4])));
    const auto direct = directRmse(dir.filePath("nep.txt"), dir.filePath("train.xyz"));
    QVERIFY2(direct[0] < 1e-3, qPrintable(QString("nep.txt's E RMSE %1 eV/atom").arg(direct[0])));
  }

  // Adam with batch 1 on one composition (PbTe): every batch's own energy shift leaves it no
  // energy to learn, which `sei train` says on stderr even with --quiet; batch 2 does not.
  void adamBatchOneOnOneCompositionIsNoted() {
    for (const int batch : {1, 2}) {
      QTemporaryDir dir;
      test::makePbteFolder(dir.path(),
                           std::string(kSmallModel) + "optimizer adam\nepoch 1\nbatch " +
                               std::to_string(batch) + "\n",
                           4);
      const test::SeiRun run = test::runSei({"train", "--quiet", "--dir", dir.path()});
      QCOMPARE(run.status, 0);
      QVERIFY2(run.out.isEmpty(), qPrintable(run.out));
      const QString note =
          "sei train: note: every batch is one structure of the training set's "
          "one composition";
      QVERIFY2(run.err.startsWith(note) == (batch == 1), qPrintable(run.err));
      QCOMPARE(run.err.count('\n'), batch == 1 ? 1 : 0);
    }
  }

  // Bad input: one line naming file and line or structure; exit 2; nothing written.
  // fine_tune: SNES starts from a foundation's restart restricted to nep.in's elements (Pb, Te
  // out of H, Te, Pb: another order, one element fewer) with the foundation's scalers. The start
  // evaluates a PbTe structure as the foundation's mean model does with its own three types; σ
  // follows each element's network and pair; fine_tune_descriptor 0 keeps the coefficients
  // through training; foundations that do not fit are refused with one line, nothing written.
  void snesFineTune() {
    const std::string arch = "cutoff 5 4\nn_max 3 3\nbasis_size 4 4\nneuron 8\n";
    const std::string snes = "population 10\ngeneration 2\noutput_interval 2\n";
    QTemporaryDir found, tune, frozen, bad;
    test::makePbteFolder(found.path(), "type 3 H Te Pb\n" + arch + snes, 2);
    QVERIFY(train(found.path()) == TrainOutcome::Finished);
    auto fineTune = [&](const QTemporaryDir& d, const char* restart, const char* extra) {
      const QDir here(d.path());
      return "fine_tune " + here.relativeFilePath(found.filePath("nep.txt")).toStdString() + " " +
             here.relativeFilePath(found.filePath(restart)).toStdString() + extra + "\n";
    };
    const std::string tuneIn = "type 2 Pb Te\n" + arch + snes;
    test::makePbteFolder(tune.path(), tuneIn + fineTune(tune, "nep.restart", ""), 2);
    test::makePbteFolder(frozen.path(), tuneIn + fineTune(frozen, "nep.restart", " 0"), 2);

    const TrainingFolder folder = loadTrainingFolder(tune.path().toStdString());
    const FineTuneStart start = readFineTuneStart(folder.input, folder.shape, folder.dir);
    const RestartColumns columns = readRestartColumns(found.filePath("nep.restart").toStdString());
    auto asModel = [](NepModel shape, const std::vector<double>& values) {
      unflattenParameters(values, shape);
      return shape;
    };
    const NepModel foundation = readNepModel(found.filePath("nep.txt").toStdString());
    const NepModel mean = asModel(foundation, columns.mu);
    NepModel restricted = asModel(folder.shape, start.mu);
    QCOMPARE(start.scalers, foundation.scalers);
    restricted.scalers = start.scalers;
    const Structure s = readExtXyzFrames(tune.filePath("train.xyz").toStdString())[0];
    const ForceResult a = test::evaluate(std::make_shared<const NepModel>(mean), s);
    const ForceResult b = test::evaluate(std::make_shared<const NepModel>(restricted), s);
    QVERIFY2(
        std::abs(a.energy - b.energy) <= 1e-10 * std::abs(a.energy),
        qPrintable(QString("%1 vs %2 eV").arg(a.energy, 0, 'g', 17).arg(b.energy, 0, 'g', 17)));
    for (std::size_t i = 0; i < s.size(); ++i) QVERIFY((a.forces[i] - b.forces[i]).norm() < 1e-10);
    // σ by element and pair: Pb is type 0 here and 2 in the foundation, Te 1 in both.
    const NepModel sigmaF = asModel(foundation, columns.sigma);
    const NepModel sigmaT = asModel(folder.shape, start.sigma);
    QCOMPARE(sigmaT.networks[0].w0, sigmaF.networks[2].w0);
    QCOMPARE(sigmaT.networks[1].b0, sigmaF.networks[1].b0);
    const int nk = 2 * 5 + 3;  // n = 2, k = 3 of K_R = 4
    QCOMPARE(sigmaT.radialCoefficients[(nk * 2 + 0) * 2 + 1],
             sigmaF.radialCoefficients[(nk * 3 + 2) * 3 + 1]);
    QVERIFY(sigmaT.radialCoefficients[(nk * 2 + 0) * 2 + 1] > 0.0);

    // Training: the written model keeps the foundation's scalers; with fine_tune_descriptor 0
    // its coefficients are the start's exactly while the networks move.
    QVERIFY(train(tune.path()) == TrainOutcome::Finished);
    QVERIFY(train(frozen.path()) == TrainOutcome::Finished);
    const NepModel tuned = readNepModel(tune.filePath("nep.txt").toStdString());
    const NepModel kept = readNepModel(frozen.filePath("nep.txt").toStdString());
    QCOMPARE(tuned.scalers, foundation.scalers);
    QCOMPARE(kept.radialCoefficients, restricted.radialCoefficients);
    QCOMPARE(kept.angularCoefficients, restricted.angularCoefficients);
    QVERIFY(kept.networks[0].w0 != restricted.networks[0].w0);
    QVERIFY(tuned.radialCoefficients != restricted.radialCoefficients);

    auto refused = [&](const std::string& nepIn, const char* expected) {
      test::makePbteFolder(bad.path(), nepIn, 1);
      const QStringList before = QDir(bad.path()).entryList(QDir::Files);
      const test::SeiRun run = test::runSei({"train", "--dir", bad.path()});
      QCOMPARE(run.status, 2);
      QVERIFY2(run.err.contains(expected) && run.err.count('\n') == 1, qPrintable(run.err));
      QCOMPARE(QDir(bad.path()).entryList(QDir::Files), before);
    };
    refused("type 3 Pb Te O\n" + arch + snes + fineTune(bad, "nep.restart", ""),
            "nep.txt: has no element O of nep.in's type (its elements: H Te Pb)");
    refused("type 2 Pb Te\ncutoff 5 4\nn_max 4 3\nbasis_size 4 4\nneuron 8\n" + snes +
                fineTune(bad, "nep.restart", ""),
            "nep.txt: n_max differs from");
    refused(tuneIn + "optimizer adam\n" + fineTune(bad, "nep.restart", ""),
            "fine_tune starts SNES (GPUMD's nep)");
    test::writeTextFile(found.filePath("short.restart").toStdString(), "0.1 0.1\n0.2 0.2\n");
    refused(tuneIn + fineTune(bad, "short.restart", ""), "short.restart: has 2 parameters");
    refused(tuneIn + "fine_tune nowhere.txt nowhere.restart\n",
            "nowhere.txt: the foundation model of fine_tune is missing");
  }

  void badInputWritesNothing() {
    QTemporaryDir dir;
    test::makePbteFolder(dir.path(), std::string(kSmallModel) + "generation 2\nbogus 1\n", 1);
    const QStringList before = QDir(dir.path()).entryList(QDir::Files);
    const test::SeiRun run = test::runSei({"train", "--dir", dir.path()});
    QCOMPARE(run.status, 2);
    QVERIFY2(
        run.err.startsWith("sei train: error: " + dir.filePath("nep.in") + ":7: unknown keyword"),
        qPrintable(run.err));
    QCOMPARE(run.err.count('\n'), 1);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), before);

    test::writeTextFile(dir.filePath("nep.in").toStdString(), "type 1 Te\ngeneration 2\n");
    const test::SeiRun element = test::runSei({"train", "--dir", dir.path()});
    QCOMPARE(element.status, 2);
    QVERIFY2(element.err.contains("train.xyz structure 1: atom") &&
                 element.err.contains("is element 'Pb', which is not in nep.in's 'type'"),
             qPrintable(element.err));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), before);

    // A nep.restart that does not fit nep.in is refused before anything is written.
    test::writeTextFile(dir.filePath("nep.in").toStdString(),
                        std::string(kSmallModel) + "generation 2\n");
    test::writeTextFile(dir.filePath("nep.restart").toStdString(), "0.1 0.1\n");
    const test::SeiRun restart = test::runSei({"train", "--dir", dir.path()});
    QCOMPARE(restart.status, 2);
    QVERIFY2(restart.err.contains("nep.restart: has 1 parameters"), qPrintable(restart.err));
    QVERIFY(!QFile::exists(dir.filePath("loss.out")));

    QCOMPARE(test::runSei({"train", "--help"}).status, 0);
  }

  // --backend: an unknown name, SNES with cuda, and cuda without a usable device are one line
  // each, exit 2, nothing written.
  void backendRefusals() {
    QTemporaryDir dir;
    test::makePbteFolder(dir.path(), std::string(kSmallModel) + "optimizer adam\nepoch 1\n", 1);
    const QStringList before = QDir(dir.path()).entryList(QDir::Files);
    const test::SeiRun unknown =
        test::runSei({"train", "--dir", dir.path(), "--backend", "opencl"});
    QCOMPARE(unknown.status, 2);
    QVERIFY2(unknown.err.contains("unknown trainer backend 'opencl', expected 'cpu'"),
             qPrintable(unknown.err));
    QCOMPARE(unknown.err.count('\n'), 1);
    std::string why;
    if (!batchGradientBackendUsable("cuda", why)) {
      const test::SeiRun cuda = test::runSei({"train", "--dir", dir.path(), "--backend", "cuda"});
      QCOMPARE(cuda.status, 2);
      QCOMPARE(cuda.err, QString::fromStdString("sei train: error: trainer backend 'cuda' cannot "
                                                "run: " +
                                                why + "\n"));
    }
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), before);

    test::writeTextFile(dir.filePath("nep.in").toStdString(),
                        std::string(kSmallModel) + "generation 2\n");
    const test::SeiRun snes = test::runSei({"train", "--dir", dir.path(), "--backend", "cuda"});
    QCOMPARE(snes.status, 2);
    QVERIFY2(snes.err.contains("backend cuda trains with `optimizer adam` only"),
             qPrintable(snes.err));
    QCOMPARE(snes.err.count('\n'), 1);
    QVERIFY(!QFile::exists(dir.filePath("loss.out")));
  }
};

QTEST_GUILESS_MAIN(TestTrainRun)
#include "TestTrainRun.moc"
