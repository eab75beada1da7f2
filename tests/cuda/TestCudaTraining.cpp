// The CUDA trainer on a GPU (ctest label gpu): its batch outputs and loss gradient against the
// CPU trainer's for random NEP and qNEP models (nep3, nep4, nep5, ZBL, charge modes 1 and 2),
// its refusal of BEC terms, and Adam epochs (NEP and qNEP) on GPUMD's PbTe example whose
// loss.out equals the CPU run's to the printed digits.
// Skips the whole suite (SEI_SUITE_SKIPPED) when the build has no CUDA backend or no usable
// device is present.
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "EvalSupport.hpp"
#include "ModelVariants.hpp"
#include "NoisyTargetLoss.hpp"
#include "PbteFolder.hpp"
#include "TestSupport.hpp"
#include "training/BatchGradientBackend.hpp"
#include "training/Trainer.hpp"

using namespace sei;
using training::ModelOutputs;

namespace {

QByteArray contents(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestCudaTraining : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    if (test::announceMissingCudaDevice()) QSKIP("no usable CUDA device");
  }

  void gradientEqualsCpu_data() {
    QTest::addColumn<QString>("variant");
    for (const char* v : {"nep3", "nep4", "nep5", "nep4_allbody", "nep4_typewise_cutoff",
                          "nep4_zbl", "nep4_zbl_flexible", "nep4_charge1", "nep4_charge2",
                          "nep4_zbl_charge1", "nep4_charge1_3types"})
      QTest::newRow(v) << v;
  }

  // Outputs and gradient of a batch of 4 structures (qNEP: charged ones) to 1e-10 of the CPU's,
  // twice (the second call reuses the batch's pair list on the device).
  void gradientEqualsCpu() {
    QFETCH(QString, variant);
    QTemporaryDir dir;
    const test::RandomModelSpec spec = test::modelVariant(variant);
    std::shared_ptr<const NepModel> model = test::makeRandomModel(dir.path(), spec);
    const test::RandomBatch random(*model, 4, 12, 5, spec.seed, 0.1);
    const std::vector<training::BatchStructure>& batch = random.batch;
    test::NoisyTargetLoss targets(spec.seed);
    auto loss = [&targets](const std::vector<ModelOutputs>& outputs) { return targets(outputs); };
    const auto cpu =
        training::makeBatchGradientBackend("cpu", 1)->compute(model, batch, loss, false);
    const auto gpuBackend = training::makeBatchGradientBackend("cuda", 1);
    for (int call = 0; call < 2; ++call) {
      const auto gpu = gpuBackend->compute(model, batch, loss, false);
      QVERIFY(std::abs(gpu.loss - cpu.loss) <= 1e-10 * std::abs(cpu.loss));
      for (std::size_t s = 0; s < batch.size(); ++s) {
        QVERIFY(std::abs(gpu.outputs[s].energy - cpu.outputs[s].energy) <=
                1e-10 * std::abs(cpu.outputs[s].energy));
        QVERIFY((gpu.outputs[s].virial - cpu.outputs[s].virial).cwiseAbs().maxCoeff() <=
                1e-10 * (1 + cpu.outputs[s].virial.cwiseAbs().maxCoeff()));
        QCOMPARE(gpu.outputs[s].forces.size(), cpu.outputs[s].forces.size());
        for (std::size_t i = 0; i < cpu.outputs[s].forces.size(); ++i)
          QVERIFY((gpu.outputs[s].forces[i] - cpu.outputs[s].forces[i]).norm() <= 1e-10);
        QCOMPARE(gpu.outputs[s].charges.size(), cpu.outputs[s].charges.size());
        for (std::size_t i = 0; i < cpu.outputs[s].charges.size(); ++i)
          QVERIFY(std::abs(gpu.outputs[s].charges[i] - cpu.outputs[s].charges[i]) <= 1e-12 &&
                  std::abs(gpu.outputs[s].rawCharges[i] - cpu.outputs[s].rawCharges[i]) <= 1e-12);
      }
      double scale = 0.0, worst = 0.0;
      for (std::size_t k = 0; k < cpu.gradient.size(); ++k) {
        scale = std::max(scale, std::abs(cpu.gradient[k]));
        worst = std::max(worst, std::abs(gpu.gradient[k] - cpu.gradient[k]));
      }
      QVERIFY(scale > 0.0);
      QVERIFY2(worst <= 1e-10 * scale,
               qPrintable(QString("gradient differs by %1 of %2").arg(worst).arg(scale)));
      qInfo("%s call %d: gradient within %.1e of max |g| %.3g", qPrintable(variant), call,
            worst / scale, scale);
    }
  }

  // Born-effective-charge terms are not on the GPU yet: one line naming the CPU backend.
  void becIsRefused() {
    QTemporaryDir dir;
    auto model = test::makeRandomModel(dir.path(), test::modelVariant("nep4_charge1"));
    const Structure s = test::randomStructure(model->elements, 10, test::testCell(false), 3, 1.2);
    const std::vector<int> types = model->typesOf(s, "test");
    const std::vector<training::BatchStructure> batch{{&types, &s.positions, &s.cell}};
    auto loss = [](const std::vector<ModelOutputs>& o) {
      return training::BatchLoss{0.0, std::vector<training::OutputAdjoints>(o.size())};
    };
    try {
      training::makeBatchGradientBackend("cuda", 1)->compute(model, batch, loss, true);
      QFAIL("a BEC term was accepted");
    } catch (const std::runtime_error& e) {
      QVERIFY2(QString(e.what()).contains("--backend cpu"), e.what());
    }
  }

  void adamOnPbteMatchesCpu_data() {
    QTest::addColumn<QString>("extra");
    QTest::newRow("nep") << "";
    QTest::newRow("qnep") << "charge_mode 2\n";
  }

  // Adam epochs on 12 PbTe structures: the CUDA run's loss.out equals the CPU run's.
  void adamOnPbteMatchesCpu() {
    QFETCH(QString, extra);
    const std::string nepIn =
        "type 2 Te Pb\ncutoff 6 5\nn_max 4 4\nbasis_size 6 6\nneuron 16\nzbl 2\n"
        "optimizer adam\nepoch 4\nbatch 4\n" +
        extra.toStdString();
    QTemporaryDir cpuDir, gpuDir;
    test::makePbteFolder(cpuDir.path(), nepIn, 12);
    test::makePbteFolder(gpuDir.path(), nepIn, 12);
    training::TrainOptions options;
    options.threads = 2;
    options.dir = cpuDir.path().toStdString();
    QVERIFY(training::runTraining(options) == training::TrainOutcome::Finished);
    options.dir = gpuDir.path().toStdString();
    options.backend = "cuda";
    QVERIFY(training::runTraining(options) == training::TrainOutcome::Finished);
    const QByteArray cpuLoss = contents(QDir(cpuDir.path()).filePath("loss.out"));
    QCOMPARE(cpuLoss.count('\n'), 4);
    QCOMPARE(contents(QDir(gpuDir.path()).filePath("loss.out")), cpuLoss);
  }
};

QTEST_GUILESS_MAIN(TestCudaTraining)
#include "TestCudaTraining.moc"
