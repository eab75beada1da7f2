// Every case folder of the golden reference data (../shared/golden, discovered at run time)
// must match the evaluator within the tolerances of issue #3 / the golden README.
#include <QDir>
#include <QFileInfo>
#include <QtTest>

#include "EvalSupport.hpp"
#include "TestSupport.hpp"
#include "io/ExtXyz.hpp"

using namespace sei;

namespace {

using Table = std::vector<std::vector<double>>;

Table tableOf(const std::vector<double>& v) {
  Table t;
  for (double x : v) t.push_back({x});
  return t;
}
Table tableOf(const std::vector<Eigen::Vector3d>& v) {
  Table t;
  for (const auto& x : v) t.push_back({x[0], x[1], x[2]});
  return t;
}
Table tableOf(const std::vector<Eigen::Matrix3d>& v) {
  Table t;
  for (const auto& m : v)
    t.push_back({m(0, 0), m(0, 1), m(0, 2), m(1, 0), m(1, 1), m(1, 2), m(2, 0), m(2, 1), m(2, 2)});
  return t;
}

/// Compares the first reference.size() rows (finite-difference files may cover fewer atoms).
void compareTable(const QString& file, const Table& reference, const Table& actual,
                  double tolerance) {
  QVERIFY2(reference.size() <= actual.size(), qPrintable(file + ": more rows than atoms"));
  QVERIFY2(!reference.empty(), qPrintable(file + ": empty"));
  double worst = 0.0;
  QString where;
  for (std::size_t i = 0; i < reference.size(); ++i) {
    QCOMPARE(reference[i].size(), actual[i].size());
    for (std::size_t k = 0; k < reference[i].size(); ++k) {
      const double diff = std::abs(reference[i][k] - actual[i][k]);
      if (diff > worst) {
        worst = diff;
        where = QString("row %1 column %2: reference %3, got %4")
                    .arg(i + 1)
                    .arg(k + 1)
                    .arg(reference[i][k], 0, 'e', 10)
                    .arg(actual[i][k], 0, 'e', 10);
      }
    }
  }
  QVERIFY2(
      worst <= tolerance,
      qPrintable(
          QString("%1: max |diff| %2 > %3 at %4").arg(file).arg(worst).arg(tolerance).arg(where)));
}

}  // namespace

class TestGolden : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    if (test::goldenDir().isEmpty())
      QFAIL("golden folder absent: configure with -DSEI_GOLDEN_DIR=... or set SEI_GOLDEN_DIR");
    QVERIFY2(!test::goldenCases().isEmpty(), "golden folder has no case folders");
  }

  void matchesReference_data() {
    QTest::addColumn<QString>("folder");
    for (const QString& c : test::goldenCases())
      QTest::newRow(qPrintable(QFileInfo(c).fileName())) << c;
  }

  void matchesReference() {
    QFETCH(QString, folder);
    const QDir dir(folder);
    auto model =
        std::make_shared<const NepModel>(readNepModel(dir.filePath("nep.txt").toStdString()));
    const Structure s = readExtXyz(dir.filePath("model.xyz").toStdString());
    const ForceResult r = test::evaluate(model, s);

    // Tolerances per quantity (issue #3): relative for the total energy, absolute otherwise.
    struct Check {
      const char* file;
      Table actual;
      double tolerance;
    };
    const double energyScale = std::max(1.0, std::abs(r.energy));
    const std::vector<Check> checks = {
        {"energy.txt", tableOf(std::vector<double>{r.energy}), 1e-9 * energyScale},
        {"per_atom_energy.txt", tableOf(r.perAtomEnergy), 1e-8},
        {"forces.txt", tableOf(r.forces), 1e-6},
        {"forces_finite_difference.txt", tableOf(r.forces), 1e-6},
        {"virial.txt", tableOf(std::vector<Eigen::Matrix3d>{r.virial}), 1e-5},
        {"virial_finite_difference.txt", tableOf(std::vector<Eigen::Matrix3d>{r.virial}), 1e-5},
        {"per_atom_virial.txt", tableOf(r.perAtomVirial), 1e-5},
        {"charges.txt", tableOf(r.charges), 1e-8},
        {"bec.txt", tableOf(r.bec), 1e-6},
    };
    int compared = 0;
    for (const Check& c : checks) {
      if (!dir.exists(c.file)) continue;
      const Table reference = test::readTable(dir.filePath(c.file).toStdString());
      compareTable(c.file, reference, c.actual, c.tolerance);
      if (QTest::currentTestFailed()) return;
      ++compared;
    }
    QVERIFY2(compared >= 5, "case folder lacks the basic reference files");
    if (model->hasCharges()) {
      QVERIFY(dir.exists("charges.txt"));
      QVERIFY(dir.exists("bec.txt"));
    }
  }
};

QTEST_APPLESS_MAIN(TestGolden)
#include "TestGolden.moc"
