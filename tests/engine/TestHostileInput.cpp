// Inputs a hostile or careless user gives the command line (issue 16): absurd sizes are refused
// with the bound named, duplicate atoms and unmatched selections are named, and nothing hangs,
// crashes or answers with garbage. Each case: exit status 2, one line, nothing written.
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

using test::runSei;

QByteArray contents(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestHostileInput : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QString model_, structure_;
  Structure atoms_;

  QString path(const QString& name) const { return dir_.filePath(name); }

  /// Writes a copy of the structure with `edit` applied and returns its path.
  template <typename Edit>
  QString editedStructure(const QString& name, Edit edit) {
    Structure s = atoms_;
    edit(s);
    writeExtXyz(path(name).toStdString(), s);
    return path(name);
  }

  /// `sei ARGS` must give exit 2 with one line containing `expected`, quickly.
  void refused(const QStringList& args, const QString& expected, const QString& notWritten = {}) {
    const test::SeiRun r = runSei(args, 30000);
    QVERIFY2(r.status == 2, qPrintable(QString("status %1: %2").arg(r.status).arg(r.err)));
    QVERIFY2(r.err.count('\n') == 1 && r.err.contains(expected), qPrintable(r.err));
    if (!notWritten.isEmpty()) QVERIFY2(!QFile::exists(notWritten), qPrintable(notWritten));
  }

 private slots:
  void initTestCase() {
    QVERIFY2(QFile::exists(QDir(test::binDir()).filePath("sei")), "build the sei target first");
    test::RandomModelSpec spec = test::modelVariant("nep4_zbl");
    spec.elements = {"C", "O"};
    model_ = QString::fromStdString(test::makeRandomModel(dir_.path(), spec)->path);
    atoms_ = test::randomStructure(spec.elements, 24, test::testCell(true), 4, 1.2);
    structure_ = path("model.xyz");
    writeExtXyz(structure_.toStdString(), atoms_);
  }

  // `cutoff 1000 / 1e6 / 1e12` in a model: bad_alloc, a hang and a garbage energy before.
  void absurdModelCutoffs() {
    const QStringList lines = QString::fromUtf8(contents(model_)).split('\n');
    int cutoffLine = -1;
    for (int k = 0; k < lines.size() && cutoffLine < 0; ++k)
      if (lines[k].startsWith("cutoff ")) cutoffLine = k;
    QVERIFY(cutoffLine > 0);
    for (const char* value : {"1000", "1e6", "1e12"}) {
      QStringList edited = lines;
      QStringList words = edited[cutoffLine].split(' ');
      words[1] = value;
      edited[cutoffLine] = words.join(' ');
      test::writeTextFile(path("big-cutoff.txt").toStdString(), edited.join('\n').toStdString());
      refused({"eval", "--model", path("big-cutoff.txt"), "--structure", structure_, "--out",
               path("out-cutoff")},
              QString("big-cutoff.txt:%1: expected cutoffs above 0 and at most 50 Å")
                  .arg(cutoffLine + 1),
              path("out-cutoff"));
    }
  }

  // A byte-order mark before the model token reads as the same model.
  void byteOrderMarkInModel() {
    test::writeTextFile(path("bom.txt").toStdString(),
                        "\xEF\xBB\xBF" + contents(model_).toStdString());
    const auto plain =
        runSei({"eval", "--model", model_, "--structure", structure_, "--out", path("out-plain")});
    const auto bom = runSei(
        {"eval", "--model", path("bom.txt"), "--structure", structure_, "--out", path("out-bom")});
    QVERIFY2(plain.status == 0 && bom.status == 0, qPrintable(plain.err + bom.err));
    for (const QString& file : QDir(path("out-plain")).entryList(QDir::Files)) {
      const QByteArray a = contents(QDir(path("out-plain")).filePath(file));
      QVERIFY(!a.isEmpty());
      QVERIFY2(a == contents(QDir(path("out-bom")).filePath(file)), qPrintable(file));
    }
  }

  // A 3-atom cell of 1e-5 Å hung `sei eval` (≈10¹⁸ periodic images); atoms 10¹² Å away were
  // wrapped silently, losing every digit of their position.
  void absurdCells() {
    const QString tiny = editedStructure("tiny.xyz", [](Structure& s) {
      Structure t;
      t.symbols = {"C", "O", "C"};
      t.positions = {Eigen::Vector3d(0, 0, 0), Eigen::Vector3d(3e-6, 0, 0),
                     Eigen::Vector3d(0, 5e-6, 0)};
      t.cell = Cell(Eigen::Matrix3d::Identity() * 1e-5, {true, true, true});
      s = t;
    });
    refused({"eval", "--model", model_, "--structure", tiny, "--out", path("out-tiny")},
            "periodic images each way; at most 50", path("out-tiny"));
    // A 10⁵ Å cell asked for 10¹³ empty bins (std::bad_alloc); it is simply a dilute system.
    const QString vast = editedStructure("vast.xyz", [](Structure& s) {
      s.cell = Cell(Eigen::Matrix3d::Identity() * 1e5, {true, true, true});
    });
    const auto r =
        runSei({"eval", "--model", model_, "--structure", vast, "--out", path("out-vast")}, 30000);
    QVERIFY2(r.status == 0, qPrintable(r.err));
    const QString far = editedStructure(
        "far.xyz", [](Structure& s) { s.positions[4] += Eigen::Vector3d(1e12, 0, 0); });
    refused({"eval", "--model", model_, "--structure", far, "--out", path("out-far")},
            "atom 5 lies", path("out-far"));
  }

  // Duplicate atoms gave NaN everywhere with exit 0 (eval) and a bare exit 1 (run).
  void duplicateAtomsNamed() {
    const QString twin =
        editedStructure("twin.xyz", [](Structure& s) { s.positions[5] = s.positions[2]; });
    refused({"eval", "--model", model_, "--structure", twin, "--out", path("out-twin")},
            "twin.xyz:8: atoms 3 (" + QString::fromStdString(atoms_.symbols[2]) + ") and 6 (",
            path("out-twin"));

    QTemporaryDir run;
    QFile::copy(model_, QDir(run.path()).filePath("model.txt"));
    QFile::copy(twin, QDir(run.path()).filePath("model.xyz"));
    test::writeTextFile(QDir(run.path()).filePath("run.in").toStdString(),
                        "potential model.txt\nvelocity 300 seed 1\ntime_step 0.5\n"
                        "ensemble nve\ndump_thermo 1\nrun 10\n");
    refused({"run", "--quiet", "--dir", run.path()}, "model.xyz:8: atoms 3 (",
            QDir(run.path()).filePath("thermo.out"));
    QCOMPARE(QDir(run.path()).entryList(QDir::Files | QDir::Hidden).size(), 3);  // no lock left
  }

  // An RDF pair that matches no atom gave g = NaN with exit 0; a huge range ran out of memory.
  void rdfSelectionsAndRange() {
    refused({"analyze", structure_, "--out", path("out-rdf"), "--rdf", "O-Xx"},
            "--rdf: pair 'O-Xx': no atom of the trajectory matches 'Xx'", path("out-rdf"));
    refused({"analyze", structure_, "--out", path("out-rdf"), "--rdf", "C-Na"}, "matches 'Na'",
            path("out-rdf"));
    refused({"analyze", structure_, "--out", path("out-rdf"), "--rdf", "C-O", "--rdf-max", "1e9"},
            "--rdf-max must be at most 50 Å", path("out-rdf"));
  }

  void benchSizesBounded() {
    refused({"bench", "--model", model_, "--structure", structure_, "--sizes", "10000000000"},
            "--sizes expects integers from 1 to 100000000");
  }

  // A liquid of 10⁹ atoms gave "std::bad_alloc"; thickness 0 did not say what was wrong.
  void recipeLiquidBounded() {
    const QString big = path("big.json");
    test::writeTextFile(big.toStdString(), R"({"format": "sei-recipe", "version": 1,
      "electrolyte": {"solvents": ["EC"], "thickness": 76, "lateral_size": [5000, 5000]}})");
    refused({"build", big, "--out", path("big.xyz")},
            "big.json: recipe electrolyte.thickness: a liquid of", path("big.xyz"));
    const QString unknown = path("unknown.json");
    test::writeTextFile(unknown.toStdString(), R"({"format": "sei-recipe", "version": 1,
      "electrolyte": {"solvents": ["EC", "Unobtainium"], "thickness": 20,
                      "lateral_size": [20, 20]}})");
    refused({"build", unknown, "--out", path("unknown.xyz")},
            "unknown.json: recipe electrolyte.solvents[1]: ", path("unknown.xyz"));
    const QString zero = path("zero.json");
    test::writeTextFile(zero.toStdString(), R"({"format": "sei-recipe", "version": 1,
      "electrolyte": {"solvents": ["EC"], "thickness": 0, "solvent_molecules": 10,
                      "lateral_size": [20, 20]}})");
    refused({"build", zero, "--out", path("zero.xyz")},
            "zero.json: electrolyte.thickness: expected a liquid thickness above 0 Å",
            path("zero.xyz"));
    const QString twice = path("twice.json");
    test::writeTextFile(twice.toStdString(), R"({"format": "sei-recipe", "version": 1,
      "electrolyte": {"solvents": ["EC"], "thickness": 20, "thickness": 40,
                      "lateral_size": [20, 20]}})");
    refused({"build", twice, "--out", path("twice.xyz")}, "twice.json: duplicate key \"thickness\"",
            path("twice.xyz"));
  }
};

QTEST_GUILESS_MAIN(TestHostileInput)
#include "TestHostileInput.moc"
