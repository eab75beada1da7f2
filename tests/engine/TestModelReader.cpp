// The nep.txt reader: every supported family and flag parses to the right sizes; every kind of
// malformed or unsupported file gives one line naming file, line and what was expected.
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "EvalSupport.hpp"
#include "ModelVariants.hpp"
#include "TestSupport.hpp"
#include "core/Error.hpp"

using namespace sei;

namespace {

QStringList linesOf(const std::string& text) {
  return QString::fromStdString(text).split('\n', Qt::SkipEmptyParts);
}

std::string textOf(const QStringList& lines) { return (lines.join('\n') + '\n').toStdString(); }

}  // namespace

class TestModelReader : public QObject {
  Q_OBJECT
  test::ScratchFolder files_;

 private slots:
  void readsEveryFamily_data() {
    QTest::addColumn<QString>("variant");
    for (const QString& v : test::modelVariantNames()) QTest::newRow(qPrintable(v)) << v;
  }
  void readsEveryFamily() {
    QFETCH(QString, variant);
    const test::RandomModelSpec spec = test::modelVariant(variant);
    const NepModel m = readNepModel(files_.write(variant + ".txt", test::randomModelText(spec)));
    QCOMPARE(m.numTypes(), static_cast<int>(spec.elements.size()));
    int blocks = spec.lMax;
    for (int f : spec.lMaxFlags) blocks += f != 0;
    const bool temperature = spec.token.find("temperature") != std::string::npos;
    QCOMPARE(m.dimension(),
             (spec.nMaxRadial + 1) + (spec.nMaxAngular + 1) * blocks + (temperature ? 1 : 0));
    QCOMPARE(m.temperatureDescriptor, temperature);
    QCOMPARE(static_cast<int>(m.networks.size()), m.numTypes());
    QCOMPARE(static_cast<int>(m.networks[0].w0.size()), m.hidden * m.dimension());
    QCOMPARE(m.zbl, spec.token.find("_zbl") != std::string::npos);
    QCOMPARE(m.flexibleZbl, m.zbl && spec.zblOuter == 0.0);
    QCOMPARE(static_cast<int>(m.zblPairs.size()),
             m.flexibleZbl ? m.numTypes() * (m.numTypes() + 1) / 2 : 0);
    QCOMPARE(m.typewiseCutoff, !spec.typewiseCutoffs.empty());
    if (m.typewiseCutoff) QCOMPARE(m.pairRadialCutoff(0, 1), 0.5 * (5.0 + 4.2));
    QCOMPARE(m.hasCharges(), spec.token.find("_charge") != std::string::npos);
  }

  void readsEachHigherOrderFlag_data() {
    QTest::addColumn<QString>("flags");
    QTest::addColumn<int>("blocks");
    QTest::newRow("222") << "4 2 0" << 5;
    QTest::newRow("1111") << "4 0 1" << 5;
    QTest::newRow("112") << "4 0 0 1" << 5;
    QTest::newRow("123") << "4 0 0 0 1" << 5;
    QTest::newRow("233") << "4 0 0 0 0 1" << 5;
    QTest::newRow("134") << "4 0 0 0 0 0 1" << 5;
    QTest::newRow("all") << "4 2 1 1 1 1 1" << 10;
  }
  void readsEachHigherOrderFlag() {
    QFETCH(QString, flags);
    QFETCH(int, blocks);
    test::RandomModelSpec spec;
    spec.lMaxFlags.clear();
    const QStringList f = flags.split(' ');
    for (int k = 1; k < f.size(); ++k) spec.lMaxFlags.push_back(f[k].toInt());
    const NepModel m = readNepModel(files_.write("flags.txt", test::randomModelText(spec)));
    QCOMPARE(m.numAngularBlocks(), blocks);
  }

  void readsSharedModels_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("dimension");
    QTest::addColumn<int>("hidden");
    QTest::newRow("qnep_mode1_water") << "qnep_mode1_water.txt" << 30 << 30;
    QTest::newRow("qnep_mode2_BaTiO3") << "qnep_mode2_BaTiO3.txt" << 37 << 40;
    QTest::newRow("nep_C") << "nep_C.txt" << 67 << 100;
    QTest::newRow("synthetic_qnep1_allbody_HO") << "synthetic_qnep1_allbody_HO.txt" << -1 << -1;
  }
  void readsSharedModels() {
    QFETCH(QString, file);
    QFETCH(int, dimension);
    QFETCH(int, hidden);
    if (test::sharedDir().isEmpty()) QFAIL("../shared/models not found: set SEI_SHARED_DIR");
    const NepModel m =
        readNepModel(QDir(test::sharedDir()).filePath("models/" + file).toStdString());
    if (dimension > 0) QCOMPARE(m.dimension(), dimension);
    if (hidden > 0) QCOMPARE(m.hidden, hidden);
  }

  void rejectsBadFiles_data() {
    QTest::addColumn<QString>("edit");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("message");
    // edit: how to break a valid nep4_zbl (H O) model; see rejectsBadFiles().
    QTest::newRow("truncated") << "truncate" << -1 << "file ends after";
    QTest::newRow("extra number") << "extra" << -2 << "extra data '0.25' after the";
    QTest::newRow("two numbers on a line") << "twoNumbers" << 20 << "one number per line";
    QTest::newRow("non-numeric") << "line20=abc" << 20 << "expected a number for parameter 13";
    QTest::newRow("nan") << "line21=nan" << 21 << "expected a number";
    QTest::newRow("unknown element") << "line1=nep4_zbl 2 H Xx" << 1 << "unknown element 'Xx'";
    QTest::newRow("duplicate element") << "line1=nep4_zbl 2 H H" << 1 << "listed twice";
    QTest::newRow("too few elements") << "line1=nep4_zbl 2 H" << 1 << "expected 2+T = 4 tokens";
    QTest::newRow("bad type count") << "line1=nep4_zbl x H O" << 1 << "number of types";
    QTest::newRow("second hidden layer") << "line7=ANN 8 3" << 7 << "second hidden layer";
    QTest::newRow("ANN token count") << "line7=ANN 8" << 7 << "expected 'ANN H 0'";
    QTest::newRow("zbl token count") << "line2=zbl 0.6" << 2 << "expected 'zbl r_inner";
    QTest::newRow("zbl order") << "line2=zbl 1.4 0.6" << 2 << "r_inner < r_outer";
    QTest::newRow("cutoff token count") << "line3=cutoff 5 4 100" << 3 << "found 4 tokens";
    QTest::newRow("negative cutoff") << "line3=cutoff -5 4 100 100" << 3
                                     << "expected cutoffs above 0 and at most 50 Å, found -5 4";
    QTest::newRow("absurd cutoff (issue 16)")
        << "line3=cutoff 1e12 4 100 100" << 3 << "at most 50 Å, found 1e12 4";
    QTest::newRow("n_max token count") << "line4=n_max 4" << 4 << "expected 'n_max n_R n_A'";
    QTest::newRow("keyword order") << "line4=basis_size 5 5" << 4 << "expected a 'n_max n_R n_A'";
    QTest::newRow("l_max too small") << "line6=l_max 2 0 0 0 1" << 6 << "needs l_max >= 3";
    QTest::newRow("l_max too large") << "line6=l_max 9 0 0" << 6 << "l_max, found '9'";
    QTest::newRow("dipole") << "line1=nep4_dipole 2 H O" << 1 << "dipole (TNEP) model";
    QTest::newRow("polarizability")
        << "line1=nep4_polarizability 2 H O" << 1 << "polarizability (TNEP) model";
    QTest::newRow("charge3") << "line1=nep4_charge3 2 H O" << 1 << "charge-mode-3";
    QTest::newRow("vdw") << "line1=nep4_zbl_vdw 2 H O" << 1 << "dispersion";
    QTest::newRow("unknown token") << "line1=nep9 2 H O" << 1 << "unknown model type";
    QTest::newRow("typewise cutoff in qNEP")
        << "charge-typewise" << 3 << "typewise cutoffs are not allowed";
    QTest::newRow("empty file") << "empty" << 0 << "file ends where";
  }
  void rejectsBadFiles() {
    QFETCH(QString, edit);
    QFETCH(int, line);
    QFETCH(QString, message);
    test::RandomModelSpec spec;
    spec.token = "nep4_zbl";
    if (edit == "charge-typewise") {
      spec.token = "nep4_zbl_charge1";
      spec.typewiseCutoffs = {{{5.0, 4.0}}, {{4.5, 3.5}}};
    }
    QStringList lines = linesOf(test::randomModelText(spec));
    if (edit == "truncate") {
      lines = lines.mid(0, lines.size() - 3);
      line = lines.size();
    } else if (edit == "extra") {
      lines << "0.25";
      line = lines.size();
    } else if (edit == "twoNumbers") {
      lines[line - 1] += " 1.0";
    } else if (edit == "empty") {
      lines.clear();
    } else if (edit.startsWith("line")) {
      const int eq = edit.indexOf('=');
      lines[edit.mid(4, eq - 4).toInt() - 1] = edit.mid(eq + 1);
    }
    const std::string path =
        files_.write("bad.txt", lines.isEmpty() ? std::string() : textOf(lines));
    try {
      readNepModel(path);
      QFAIL("malformed model was accepted");
    } catch (const InputError& e) {
      const QString what = QString::fromUtf8(e.what());
      const QString where = line > 0
                                ? QString::fromStdString(path) + ":" + QString::number(line) + ":"
                                : QString::fromStdString(path) + ":";
      QVERIFY2(what.startsWith(where), qPrintable("expected '" + where + "' in: " + what));
      QVERIFY2(what.contains(message), qPrintable("expected '" + message + "' in: " + what));
      QVERIFY2(!what.contains('\n'), "message must be one line");
    }
  }

  void rejectsMissingFile() {
    try {
      readNepModel(files_.path("absent.txt"));
      QFAIL("missing file was accepted");
    } catch (const InputError& e) {
      QVERIFY(QString(e.what()).contains("absent.txt: cannot open"));
    }
  }

  void namesUnknownStructureElement() {
    const NepModel m = readNepModel(files_.write("ho.txt", test::randomModelText({})));
    Structure s;
    s.symbols = {"H", "O", "Na"};
    s.positions.assign(3, Eigen::Vector3d::Zero());
    try {
      m.typesOf(s, "slab.xyz");
      QFAIL("element missing from the model was accepted");
    } catch (const InputError& e) {
      const QString what = e.what();
      QVERIFY2(what.contains("slab.xyz") && what.contains("atom 3") && what.contains("'Na'") &&
                   what.contains("H O"),
               qPrintable(what));
    }
  }
};

QTEST_APPLESS_MAIN(TestModelReader)
#include "TestModelReader.moc"
