// The trainer's parameter vector and nep.txt writer: every shared model and every model family
// reads back bit for bit after writing; flattening follows nep.txt's order and counts.
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "ModelVariants.hpp"
#include "TestSupport.hpp"
#include "training/ParameterVector.hpp"

using namespace sei;
using namespace sei::training;

namespace {

/// Every number of two models compared exactly (header and parameters).
void compareModels(const NepModel& a, const NepModel& b) {
  QCOMPARE(a.token, b.token);
  QCOMPARE(a.elements, b.elements);
  QCOMPARE(a.radialCutoff, b.radialCutoff);
  QCOMPARE(a.angularCutoff, b.angularCutoff);
  QCOMPARE(a.typewiseCutoff, b.typewiseCutoff);
  QCOMPARE(a.maxNeighborsRadial, b.maxNeighborsRadial);
  QCOMPARE(a.maxNeighborsAngular, b.maxNeighborsAngular);
  QCOMPARE(a.zblInner, b.zblInner);
  QCOMPARE(a.zblOuter, b.zblOuter);
  QCOMPARE(a.zblTypewiseFactor, b.zblTypewiseFactor);
  QCOMPARE(a.nMaxRadial, b.nMaxRadial);
  QCOMPARE(a.basisAngular, b.basisAngular);
  QCOMPARE(a.lMax, b.lMax);
  QVERIFY(a.higherBlocks == b.higherBlocks);
  QCOMPARE(a.hidden, b.hidden);
  QVERIFY(flattenParameters(a) == flattenParameters(b));
  QVERIFY(a.scalers == b.scalers);
  QCOMPARE(a.zblPairs.size(), b.zblPairs.size());
  for (std::size_t p = 0; p < a.zblPairs.size(); ++p) {
    QCOMPARE(a.zblPairs[p].rOuter, b.zblPairs[p].rOuter);
    QVERIFY(a.zblPairs[p].a == b.zblPairs[p].a && a.zblPairs[p].b == b.zblPairs[p].b);
  }
}

}  // namespace

class TestTrainParameters : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

 private slots:
  void sharedModelsRoundTrip_data() {
    QTest::addColumn<QString>("path");
    const QDir models(test::sharedDir() + "/models");
    const QStringList files = models.entryList({"*.txt"}, QDir::Files, QDir::Name);
    QVERIFY2(files.size() >= 5, qPrintable("no models in " + models.path()));
    for (const QString& f : files) QTest::newRow(qPrintable(f)) << models.filePath(f);
  }
  // A shared model's numbers come back as identical text (GPUMD's %15.7e); the header is
  // compared as parsed (hand-written files say "6.0" or "f_222 = 1" where GPUMD writes 6, 2).
  void sharedModelsRoundTrip() {
    QFETCH(QString, path);
    const NepModel m = readNepModel(path.toStdString());
    const std::string out = dir_.filePath("out.txt").toStdString();
    writeNepModel(out, m);
    compareModels(m, readNepModel(out));
    QFile original(path), written(QString::fromStdString(out));
    QVERIFY(original.open(QIODevice::ReadOnly) && written.open(QIODevice::ReadOnly));
    const QList<QByteArray> a = original.readAll().split('\n'), b = written.readAll().split('\n');
    QCOMPARE(a.size(), b.size());
    const int numbers =
        static_cast<int>(numTrainedParameters(m) + m.scalers.size() + 10 * m.zblPairs.size());
    for (int k = a.size() - 1 - numbers; k < a.size(); ++k)
      QCOMPARE(a[k].trimmed(), b[k].trimmed());
  }

  void familiesRoundTrip_data() {
    QTest::addColumn<QString>("variant");
    for (const QString& v : test::modelVariantNames()) QTest::newRow(qPrintable(v)) << v;
  }
  // Random models carry numbers with 17 digits: the writer keeps them exact.
  void familiesRoundTrip() {
    QFETCH(QString, variant);
    const std::string in = dir_.filePath(variant + ".txt").toStdString();
    test::writeTextFile(in, test::randomModelText(test::modelVariant(variant)));
    NepModel m = readNepModel(in);
    std::vector<double> p = flattenParameters(m);
    for (std::size_t k = 0; k < p.size(); ++k) p[k] = std::sin(1.0 + 0.37 * k) / 3.0;
    unflattenParameters(p, m);
    const std::string out = dir_.filePath(variant + "_out.txt").toStdString();
    writeNepModel(out, m);
    const NepModel back = readNepModel(out);
    compareModels(m, back);
    QVERIFY(flattenParameters(back) == p);
  }

  // Sizes from spec §2.2 and the position of the first coefficient in nep.txt order.
  void countsAndOrder() {
    const QString path = test::sharedDir() + "/models/qnep_mode2_water.txt";
    const NepModel m = readNepModel(path.toStdString());
    const int T = 2, D = m.dimension(), H = m.hidden;
    const std::size_t nn = (D + 3) * H * T + 2;
    const std::size_t pc =
        T * T *
        ((m.nMaxRadial + 1) * (m.basisRadial + 1) + (m.nMaxAngular + 1) * (m.basisAngular + 1));
    QCOMPARE(numTrainedParameters(m), nn + pc);
    const std::vector<double> p = flattenParameters(m);
    QCOMPARE(p[0], m.networks[0].w0[0]);
    QCOMPARE(p[H * D + H + H + H], m.networks[1].w0[0]);
    QCOMPARE(p[nn - 2], m.sqrtEpsilonInf);
    QCOMPARE(p[nn - 1], m.outputBias);
    QCOMPARE(p[nn], m.radialCoefficients[0]);
    QCOMPARE(p.back(), m.angularCoefficients.back());
    const NepModel zero = zeroParametersLike(m);
    for (double v : flattenParameters(zero)) QCOMPARE(v, 0.0);
    QVERIFY(zero.scalers == m.scalers);
    NepModel copy = m;
    QVERIFY_EXCEPTION_THROWN(unflattenParameters(std::vector<double>(3), copy),
                             std::invalid_argument);
  }
};

QTEST_GUILESS_MAIN(TestTrainParameters)
#include "TestTrainParameters.moc"
