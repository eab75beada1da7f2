// `sei analyze` end to end on a small GPUMD-format dump with known contents: CSV headers with
// units, counts, events, solvation and summary.json; bad input gives exit status 2 and one line
// naming the problem.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include "AnalysisSupport.hpp"
#include "TestSupport.hpp"
#include "io/GpumdOutput.hpp"

using namespace sei;

namespace {

QStringList dataLines(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  QStringList lines;
  for (const QString& l : QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts))
    if (!l.startsWith('#')) lines << l;
  return lines;
}

}  // namespace

class TestAnalysisCommand : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QString dump_;

 private slots:
  // Three frames: a 3 × 3 × 3 NaF cluster (13 formula units), EC, a Na+–PF6- contact pair and an
  // H2 molecule that dissociates after the first frame. Charges ±0.8 on the salt, 0.9 on Na+,
  // -0.9 on PF6-.
  void initTestCase() {
    QVERIFY2(QFile::exists(QDir(test::binDir()).filePath("sei")), "build the sei target first");
    Structure s = test::cubicBox(40.0);
    test::placeRockSalt(s, "Na", "F", 3, 2.31, {10.0, 10.0, 10.0});
    s.charges.resize(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) s.charges[i] = s.symbols[i] == "Na" ? 0.8 : -0.8;
    test::placeMolecule(s, test::shipped("EC"), {30.0, 10.0, 10.0});
    const Molecule pf6 = test::shipped("PF6");
    test::placeMolecule(s, pf6, {10.0, 30.0, 10.0});
    const Eigen::Vector3d f = pf6.positions[1];  // a fluorine (P is atom 0)
    test::placeAtom(s, "Na", Eigen::Vector3d(10.0, 30.0, 10.0) + f + 2.3 * f.normalized());
    test::placeAtom(s, "H", {30.0, 30.0, 30.0});
    test::placeAtom(s, "H", {30.74, 30.0, 30.0});
    s.charges.resize(s.size(), 0.0);
    s.charges[s.size() - 3] = 0.9;
    // PF6- carries -0.9 e (P +0.6, each F -0.25): charge-aware names keep it "PF6-".
    for (std::size_t a = 0; a < pf6.size(); ++a)
      s.charges[s.size() - 3 - pf6.size() + a] = pf6.symbols[a] == "P" ? 0.6 : -0.25;
    dump_ = dir_.filePath("dump.xyz");
    std::ofstream out(dump_.toStdString());
    DumpExyzColumns columns;
    columns.charge = true;
    for (int k = 0; k < 3; ++k) {
      if (k > 0) s.positions.back().x() = 32.0;
      DumpExyzFrame extra;
      extra.time = 50.0 * k;
      writeDumpExyzFrame(out, s, extra, columns);
    }
  }

  void help() {
    const test::SeiRun r = test::runSei({"analyze", "--help"});
    QCOMPARE(r.status, 0);
    for (const char* option : {"--species", "--rdf", "--solvation", "--profile", "--out", "--bonds",
                               "--lifetime", "--shell", "--topology", "--bench"})
      QVERIFY2(r.out.contains(option), option);
  }

  void analysesWriteCsvAndSummary() {
    const QString out = dir_.filePath("out");
    const test::SeiRun r = test::runSei({"analyze", dump_, "--species", "--rdf", "Na-F,Na+-PF6-",
                                         "--solvation", "--shell", "3.2", "--profile", "z",
                                         "--lifetime", "1", "--out", out, "--quiet"});
    QVERIFY2(r.status == 0, qPrintable(r.err));

    const QStringList counts = dataLines(out + "/species_counts.csv");
    QCOMPARE(counts.size(), 4);
    QCOMPARE(counts[0], QString("frame,step,time_fs,EC,H,H2,Na+,NaF,PF6-,largest_salt_domain"));
    QCOMPARE(counts[1], QString("0,0,0,1,0,1,1,13,1,13"));
    QCOMPARE(counts[3], QString("2,2,100,1,2,0,1,13,1,13"));

    const QStringList events = dataLines(out + "/species_events.csv");
    QCOMPARE(events.size(), 2);
    const int h = 27 + 10 + 7 + 1;  // index of the first H atom
    QCOMPARE(events[1], QString("1,1,50,broken,%1,%2,H,H").arg(h).arg(h + 1));

    // Issue 17: the species table with identities and mean fragment charges, and the reaction.
    const QStringList table = dataLines(out + "/species.csv");
    QCOMPARE(table[0], QString("name,kind,formula,identity,mean_count,mean_charge_e"));
    QVERIFY(table.contains("PF6-,molecule,F6P,[F][P]([F])([F])([F])([F])[F],1,-0.9"));
    QVERIFY(table.contains("Na+,ion,Na,Na,1,0.9"));
    QVERIFY(table.contains("H,molecule,H,[H],1.3333333,0"));
    const QStringList reactions = dataLines(out + "/reactions.csv");
    QCOMPARE(reactions.size(), 2);
    QCOMPARE(reactions[1],
             QString("1,1,50,\"H2 -> H + H\",\"H2\",\"H + H\",0,1,%1 %2,0").arg(h).arg(h + 1));
    const QStringList perType = dataLines(out + "/reaction_counts.csv");
    QCOMPARE(perType[0], QString("frame,step,time_fs,\"H2 -> H + H\""));
    QCOMPARE(perType[1], QString("0,0,0,0"));
    QCOMPARE(perType[3], QString("2,2,100,1"));

    const QStringList solvation = dataLines(out + "/solvation.csv");
    QCOMPARE(solvation[1], QString("0,0,0,1,0,1,0"));

    const QStringList rdf = dataLines(out + "/rdf.csv");
    QCOMPARE(rdf[0], QString("r_A,g_Na-F,cn_Na-F,g_Na+-PF6-,cn_Na+-PF6-"));
    QCOMPARE(rdf.size(), 1 + 300);

    QFile summaryFile(out + "/summary.json");
    QVERIFY(summaryFile.open(QIODevice::ReadOnly));
    const QJsonObject summary = QJsonDocument::fromJson(summaryFile.readAll()).object();
    QCOMPARE(summary["frames"].toInt(), 3);
    QCOMPARE(summary["charges"].toBool(), true);
    QCOMPARE(summary["species"].toObject()["final_counts"].toObject()["NaF"].toInt(), 13);
    QCOMPARE(summary["species"].toObject()["bond_events"].toInt(), 1);
    QCOMPARE(summary["solvation"].toObject()["mean_fractions"].toObject()["CIP"].toDouble(), 1.0);
    QCOMPARE(summary["profile"].toObject()["final"].toObject()["q_min_e"].toDouble(), 0.8);
    for (const char* file : {"profile_density.csv", "charge_histograms.csv", "interface.csv"})
      QVERIFY2(QFile::exists(out + "/" + file), file);
    // Every CSV opens with '#' lines that state units.
    QFile header(out + "/profile_density.csv");
    QVERIFY(header.open(QIODevice::ReadOnly));
    const QString first = QString::fromUtf8(header.readAll());
    QVERIFY(first.startsWith("# ") && first.contains("Å^-3") && first.contains("e/Å^3"));
  }

  void badInputIsOneLine_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("missing file") << QStringList{"analyze", "nope.xyz", "--species", "--out", "o"}
                                  << "nope.xyz";
    QTest::newRow("bad pair") << QStringList{"analyze", dump_, "--rdf", "Xx-O", "--out", "o"}
                              << "Xx-O";
    QTest::newRow("nothing to do")
        << QStringList{"analyze", dump_, "--out", "o"} << "nothing to do";
    QTest::newRow("bad frames") << QStringList{"analyze", dump_,   "--species", "--frames",
                                               "a:b",     "--out", "o"}
                                << "--frames";
    QTest::newRow("netcdf without topology")
        << QStringList{"analyze", dir_.filePath("x.nc"), "--species", "--out", "o"} << "x.nc";
  }
  void badInputIsOneLine() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const test::SeiRun r = test::runSei(args);
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.startsWith("sei analyze: error: ") && r.err.count('\n') == 1 &&
                 r.err.contains(message),
             qPrintable(r.err));
  }
};

QTEST_GUILESS_MAIN(TestAnalysisCommand)
#include "TestAnalysisCommand.moc"
