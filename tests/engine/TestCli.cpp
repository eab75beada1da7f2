// `sei eval` end to end: output files in the golden format with the evaluator's numbers,
// exit status 0; bad input gives exit status 2 and one line on stderr naming the problem.
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "EvalSupport.hpp"
#include "ModelVariants.hpp"
#include "TestSupport.hpp"
#include "io/ExtXyz.hpp"

using namespace sei;

namespace {

using Run = test::SeiRun;
using test::runSei;

QStringList fileLines(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
}

}  // namespace

class TestCli : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QString model_, structure_;
  std::shared_ptr<const NepModel> nep_;
  Structure atoms_;

 private slots:
  void initTestCase() {
    QVERIFY2(QFile::exists(QDir(test::binDir()).filePath("sei")), "build the sei target first");
    const test::RandomModelSpec spec = test::modelVariant("nep4_zbl_charge1");
    nep_ = test::makeRandomModel(dir_.path(), spec);
    model_ = QString::fromStdString(nep_->path);
    atoms_ = test::randomStructure(spec.elements, 24, test::testCell(true), 4);
    structure_ = dir_.filePath("model.xyz");
    writeExtXyz(structure_.toStdString(), atoms_);
  }

  void help() {
    const Run r = runSei({"eval", "--help"});
    QCOMPARE(r.status, 0);
    QVERIFY(r.out.contains("Usage: sei eval"));
    QVERIFY(r.out.contains("bec.txt"));
  }

  void writesGoldenFormat() {
    const QString out = dir_.filePath("out");
    const Run r = runSei({"eval", "--model", model_, "--structure", structure_, "--out", out});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    const ForceResult expected = test::evaluate(nep_, atoms_);
    const QRegularExpression number("^-?[0-9]\\.[0-9]{10}e[+-][0-9]{2}$");
    struct File {
      const char* name;
      int rows, columns;
    };
    const int n = static_cast<int>(atoms_.size());
    for (const File& f :
         {File{"energy.txt", 1, 1}, File{"per_atom_energy.txt", n, 1}, File{"forces.txt", n, 3},
          File{"virial.txt", 1, 9}, File{"per_atom_virial.txt", n, 9}, File{"charges.txt", n, 1},
          File{"bec.txt", n, 9}}) {
      const QStringList lines = fileLines(QDir(out).filePath(f.name));
      QCOMPARE(lines.size(), f.rows);
      for (const QString& line : lines) {
        const QStringList cols = line.split(' ');
        QCOMPARE(cols.size(), f.columns);
        for (const QString& c : cols) QVERIFY2(number.match(c).hasMatch(), qPrintable(c));
      }
    }
    const auto energy = test::readTable(QDir(out).filePath("energy.txt").toStdString());
    QVERIFY(std::abs(energy[0][0] - expected.energy) < 1e-9 * std::abs(expected.energy));
    const auto forces = test::readTable(QDir(out).filePath("forces.txt").toStdString());
    for (int i = 0; i < n; ++i)
      for (int a = 0; a < 3; ++a)
        QVERIFY(std::abs(forces[i][a] - expected.forces[i][a]) <=
                1e-9 * (1 + std::abs(forces[i][a])));
    const auto virial = test::readTable(QDir(out).filePath("virial.txt").toStdString());
    QVERIFY(std::abs(virial[0][1] - expected.virial(0, 1)) < 1e-9 * (1 + std::abs(virial[0][1])));
    const auto bec = test::readTable(QDir(out).filePath("bec.txt").toStdString());
    QVERIFY(std::abs(bec[3][5] - expected.bec[3](1, 2)) < 1e-9 * (1 + std::abs(bec[3][5])));
  }

  void rejectsBadInput_data() {
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("mustMention");
    QTest::newRow("missing model file") << "missing-model"
                                        << "absent.txt";
    QTest::newRow("malformed model") << "bad-model"
                                     << "bad-model.txt:4:";
    QTest::newRow("element not in model") << "wrong-element"
                                          << "'Na'";
    QTest::newRow("malformed structure") << "bad-structure"
                                         << "bad.xyz:3:";
    QTest::newRow("missing --out") << "no-out"
                                   << "--out";
    QTest::newRow("unknown option") << "unknown-option"
                                    << "--frobnicate";
    QTest::newRow("bad k-space") << "bad-kspace"
                                 << "'spectral'";
  }
  void rejectsBadInput() {
    QFETCH(QString, scenario);
    QFETCH(QString, mustMention);
    const QString out = dir_.filePath("bad-out");
    QStringList args = {"eval", "--model", model_, "--structure", structure_, "--out", out};
    if (scenario == "missing-model") args[2] = dir_.filePath("absent.txt");
    if (scenario == "bad-model") {
      QStringList lines = fileLines(model_);
      lines[3] = "n_max 4";
      test::writeTextFile(dir_.filePath("bad-model.txt").toStdString(),
                          (lines.join('\n') + '\n').toStdString());
      args[2] = dir_.filePath("bad-model.txt");
    }
    if (scenario == "wrong-element" || scenario == "bad-structure") {
      QStringList lines = fileLines(structure_);
      if (scenario == "wrong-element") lines[2].replace(QRegularExpression("^\\S+"), "Na");
      if (scenario == "bad-structure") lines[2] = "H 1.0 2.0";
      test::writeTextFile(dir_.filePath("bad.xyz").toStdString(),
                          (lines.join('\n') + '\n').toStdString());
      args[4] = dir_.filePath("bad.xyz");
    }
    if (scenario == "no-out") args = args.mid(0, 5);
    if (scenario == "unknown-option") args << "--frobnicate";
    if (scenario == "bad-kspace")
      args << "--kspace"
           << "spectral";
    const Run r = runSei(args);
    QCOMPARE(r.status, 2);
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.contains(mustMention), qPrintable(r.err));
    QVERIFY2(!QDir(out).exists(), "nothing may be written on bad input");
  }
};

QTEST_GUILESS_MAIN(TestCli)
#include "TestCli.moc"
