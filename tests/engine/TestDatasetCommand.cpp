// `sei dataset` end to end: import with reference energies into a file the trainer reads, bad
// input (exit status 2, one line naming file and structure, nothing written), statistics,
// deterministic splits that copy frames verbatim, farthest-point selection in descriptor space.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "DatasetFixtures.hpp"
#include "RandomModel.hpp"
#include "TestSupport.hpp"
#include "io/ExtXyz.hpp"
#include "training/TrainingSet.hpp"

using namespace sei;

namespace {

using test::runSei;

/// An ASE-style frame of Na_na F_nf atoms with total energy `energy` and forces (k, 0, 0).
std::string frame(int na, int nf, double energy, double force, double shift = 0.0) {
  std::string s = std::to_string(na + nf) +
                  "\nLattice=\"6 0 0 0 6 0 0 0 6\" Properties=species:S:1:pos:R:3:forces:R:3 "
                  "energy=" +
                  std::to_string(energy) + " pbc=\"T T T\"\n";
  for (int i = 0; i < na + nf; ++i) {
    const double x = 1.5 * (i % 4) + shift, y = 1.5 * (i / 4) + 0.5, z = 0.3 * i + shift;
    s += std::string(i < na ? "Na" : "F") + " " + std::to_string(x) + " " + std::to_string(y) +
         " " + std::to_string(z) + " " + std::to_string(i % 2 ? -force : force) + " 0 0\n";
  }
  return s;
}

QString fileText(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

int frames(const QString& path) {
  return static_cast<int>(readExtXyzFrames(path.toStdString()).size());
}

}  // namespace

class TestDatasetCommand : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

  QString write(const QString& name, const std::string& text) {
    test::writeTextFile(dir_.filePath(name).toStdString(), text);
    return dir_.filePath(name);
  }

 private slots:
  void initTestCase() {
    QVERIFY2(QFile::exists(QDir(test::binDir()).filePath("sei")), "build the sei target first");
  }

  void importWithReferenceEnergies() {
    // μ_Na = −5, μ_F = −655 (eV) plus a bonding energy of −1 eV per F.
    const QString in = write("labels.xyz", frame(2, 0, -10, 0.1) + frame(0, 2, -1312, 0.2) +
                                               frame(1, 1, -661, 0.3) + frame(3, 1, -671, 0.4));
    const QString ref = write("ref.txt", "Na -5\nF -655\n");
    const QString out = dir_.filePath("train.xyz");
    auto r = runSei({"dataset", "import", in, "--out", out, "--reference-energies", ref});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    auto set = training::readTrainingSet(out.toStdString(), {"Na", "F"});
    QCOMPARE(set.size(), std::size_t(4));
    QVERIFY(std::abs(set[0].energy - 0.0) < 1e-12);      // (−10 + 10)/2 per atom
    QVERIFY(std::abs(set[1].energy - (-1.0)) < 1e-12);   // (−1312 + 1310)/2
    QVERIFY(std::abs(set[3].energy - (-0.25)) < 1e-12);  // (−671 + 670)/4
    QVERIFY(std::abs(set[2].structure.forces[0].x() - 0.3) < 1e-12);
    // The fit finds μ by least squares and prints them.
    r = runSei({"dataset", "import", in, "--out", out, "--reference-energies", "fit"});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("least-squares fit") && r.out.contains("Na -"), qPrintable(r.out));
  }

  // A CP2K run (output, the input it names, the input's XYZ) beside an ASE file, auto-detected.
  void importCp2kAndAse() {
    write("label.inp", test::kCp2kInput);
    write("naf.xyz", "2\nNaF\nNa 0.0 0.0 0.0\nF 2.5 2.5 2.5\n");
    const QString cp2k = write("label.out", test::kCp2kOutput);
    const QString ase = write("one.xyz", frame(1, 1, -3, 0.1));
    const QString out = dir_.filePath("mixed.xyz");
    const auto r = runSei({"dataset", "import", cp2k, ase, "--out", out});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    const auto set = training::readTrainingSet(out.toStdString(), {"Na", "F"});
    QCOMPARE(set.size(), std::size_t(2));
    QVERIFY(std::abs(set[0].energy - (-40.817079368982 / 2)) < 1e-10);  // −1.5 Ha, per atom
    QVERIFY(std::abs(set[0].virial[0] - 12.5 / 2) < 1e-10);             // 125 Å³ × 0.1 eV/Å³
    QVERIFY(std::abs(set[0].structure.forces[0].x() - 0.514220674763259) < 1e-10);
    QVERIFY(std::abs(set[1].energy - (-1.5)) < 1e-12);
    // Another energy than the free one is refused for CP2K, naming the file.
    const auto refused = runSei({"dataset", "import", cp2k, "--out", out, "--energy", "sigma0"});
    QCOMPARE(refused.status, 2);
    QVERIFY2(refused.err.contains("label.out: CP2K prints only the free energy"),
             qPrintable(refused.err));
  }

  void badInputWritesNothing_data() {
    QTest::addColumn<QString>("content");
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("mustMention");
    QTest::newRow("unknown format") << "hello world\n" << QStringList{} << "format not recognised";
    QTest::newRow("nan force")
        << QString::fromStdString(frame(1, 1, -3, 0.1)).replace("-0.100000", "nan") << QStringList{}
        << ":4: expected a finite real number for forces";
    QTest::newRow("missing energy")
        << QString::fromStdString(frame(1, 1, -3, 0.1) + frame(1, 1, -3, 0.1))
               .replace(QRegularExpression(
                            "energy=-3.000000 (?=pbc=\"T T T\"\\nNa 0.000000 0.500000 0.000000 "
                            "0.100000 0 0\\nF 1.500000 0.500000 0.300000 -0.100000 0 0\\n$)"),
                        "")
        << QStringList{} << "structure 2: has no energy";
    QTest::newRow("unknown --format") << QString::fromStdString(frame(1, 1, -3, 0.1))
                                      << QStringList{"--format", "poscar"} << "--format expects";
    QTest::newRow("reference file lacks F")
        << QString::fromStdString(frame(1, 1, -3, 0.1))
        << QStringList{"--reference-energies", "REF"} << "element F has no reference energy";
  }

  void badInputWritesNothing() {
    QFETCH(QString, content);
    QFETCH(QStringList, extra);
    QFETCH(QString, mustMention);
    const QString in = write("bad.xyz", content.toStdString());
    const QString ref = write("na-only.txt", "Na -5\n");
    extra.replaceInStrings("REF", ref);
    const QString out = dir_.filePath("never.xyz");
    QFile::remove(out);
    const auto r = runSei(QStringList{"dataset", "import", in, "--out", out} + extra);
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(mustMention), qPrintable(r.err));
    QCOMPARE(r.err.trimmed().count('\n'), 0);  // one line
    QVERIFY(!QFile::exists(out));
  }

  void statsReport() {
    std::string text;
    for (int k = 0; k < 6; ++k) text += frame(1, 1, 0.0 - 2.0 * k, k == 4 ? 30.0 : 1.0);
    const QString in = write("stats.xyz", text);
    const auto r = runSei({"dataset", "stats", in, "--outlier-sigmas", "1.9"});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("6 structures, 12 atoms"), qPrintable(r.out));
    QVERIFY2(r.out.contains("F 6 atoms in 6 structures"), qPrintable(r.out));
    QVERIFY2(r.out.contains("energy per atom (eV): min -5.000000 max 0.000000 mean -2.500000"),
             qPrintable(r.out));
    QVERIFY2(r.out.contains("structure 5: largest |F| 30.0000 eV/A"), qPrintable(r.out));
  }

  void splitIsDeterministic() {
    std::string text;
    for (int k = 0; k < 10; ++k) text += frame(1, 1, -1.0 - k, 0.1 * k);
    const QString in = write("all.xyz", text);
    const QString train = dir_.filePath("train-split.xyz"), test = dir_.filePath("test-split.xyz");
    auto r = runSei({"dataset", "split", in, "--test-fraction", "0.3", "--seed", "7", "--train",
                     train, "--test", test});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QCOMPARE(frames(train), 7);
    QCOMPARE(frames(test), 3);
    const QString first = fileText(test);
    // Every input frame lands, verbatim, in exactly one of the outputs.
    for (int k = 0; k < 10; ++k) {
      const QString f = QString::fromStdString(frame(1, 1, -1.0 - k, 0.1 * k));
      QCOMPARE(fileText(train).count(f) + first.count(f), 1);
    }
    r = runSei({"dataset", "split", in, "--test-fraction", "0.3", "--seed", "7", "--train", train,
                "--test", test});
    QCOMPARE(fileText(test), first);
  }

  void selectDiverse() {
    // Three distinct structures, each three times: sampling 3 must take one of each.
    std::string text;
    for (int copy = 0; copy < 3; ++copy)
      for (int k = 0; k < 3; ++k) text += frame(4, 4, -5, 0.1, 0.2 * k);
    const QString in = write("copies.xyz", text);
    test::RandomModelSpec spec;
    spec.elements = {"Na", "F"};
    const QString model = write("nep.txt", test::randomModelText(spec));
    const QString nepIn = write("nep.in", "type 2 Na F\ncutoff 5 4\nn_max 4 4\nneuron 5\n");
    for (const QStringList& descriptor :
         {QStringList{"--model", model}, QStringList{"--nep-in", nepIn}}) {
      const QString out = dir_.filePath("selected.xyz");
      const auto r =
          runSei(QStringList{"dataset", "select", in, "--count", "3", "--out", out} + descriptor);
      QVERIFY2(r.status == 0, qPrintable(r.err));
      const QString selected = fileText(out);
      for (int k = 0; k < 3; ++k)
        QCOMPARE(selected.count(QString::fromStdString(frame(4, 4, -5, 0.1, 0.2 * k))), 1);
    }
  }
};

QTEST_GUILESS_MAIN(TestDatasetCommand)
#include "TestDatasetCommand.moc"
