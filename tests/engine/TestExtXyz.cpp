#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>
#include <stdexcept>

#include "TestSupport.hpp"
#include "core/Error.hpp"
#include "io/ExtXyz.hpp"

using sei::Structure;

namespace {

void writeText(const QString& path, const QByteArray& text) {
  QFile f(path);
  QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
  QCOMPARE(f.write(text), text.size());
}

bool closeRel(double a, double b, double rel = 1e-15) {
  return std::abs(a - b) <= rel * std::max(std::abs(a), std::abs(b));
}

bool closeRel(const Eigen::Vector3d& a, const Eigen::Vector3d& b) {
  return closeRel(a[0], b[0]) && closeRel(a[1], b[1]) && closeRel(a[2], b[2]);
}

// A triclinic, partly periodic structure whose numbers need all 17 significant digits.
Structure awkwardStructure() {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  Structure s;
  Eigen::Matrix3d h;
  h << 10.0 / 3.0, 0.1 + 0.2, -std::sqrt(2.0),  //
      1e-7 / 3.0, 12.278913000000001, 0.7,      //
      0.0, -1.0 / 7.0, 6.1797981 * std::acos(-1.0);
  s.cell = sei::Cell(h, {true, false, true});
  const char* symbols[] = {"O", "H", "H", "Na", "Cl"};
  for (const char* symbol : symbols) {
    s.symbols.emplace_back(symbol);
    s.positions.emplace_back(5 * uniform(rng), 5 * uniform(rng), 5 * uniform(rng));
    s.velocities.emplace_back(1e-3 * uniform(rng), 1e-3 * uniform(rng), 1e-300 * uniform(rng));
    s.masses.push_back(20 + 10 * uniform(rng));
    s.charges.push_back(uniform(rng));
    s.forces.emplace_back(1e5 * uniform(rng), -0.0, uniform(rng) / 3.0);
  }
  s.info = "energy=-123.456 config_type=\"liquid water\" Time=0.5";
  return s;
}

void compareStructures(const Structure& a, const Structure& b) {
  QCOMPARE(b.size(), a.size());
  QVERIFY(b.symbols == a.symbols);
  QCOMPARE(b.velocities.size(), a.velocities.size());
  QCOMPARE(b.masses.size(), a.masses.size());
  QCOMPARE(b.charges.size(), a.charges.size());
  QCOMPARE(b.forces.size(), a.forces.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    QVERIFY2(closeRel(a.positions[i], b.positions[i]), qPrintable(QString::number(i)));
    if (!a.velocities.empty()) QVERIFY(closeRel(a.velocities[i], b.velocities[i]));
    if (!a.masses.empty()) QVERIFY(closeRel(a.masses[i], b.masses[i]));
    if (!a.charges.empty()) QVERIFY(closeRel(a.charges[i], b.charges[i]));
    if (!a.forces.empty()) QVERIFY(closeRel(a.forces[i], b.forces[i]));
  }
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) QVERIFY(closeRel(a.cell.matrix()(r, c), b.cell.matrix()(r, c)));
  QVERIFY(a.cell.periodicity() == b.cell.periodicity());
  QCOMPARE(QString::fromStdString(b.info), QString::fromStdString(a.info));
}

QString inputErrorMessage(const std::string& path) {
  try {
    sei::readExtXyzFrames(path);
  } catch (const sei::InputError& e) {
    return QString::fromUtf8(e.what());
  }
  return QString();
}

}  // namespace

class TestExtXyz : public QObject {
  Q_OBJECT

 private slots:
  void roundTripTriclinicAllColumns();
  void roundTripWithoutCell();
  void writerRejectsMissingColumns();
  void atomicWriteLeavesNoTempFile();
  void readAseStyleExtraKeysAndColumns();
  void readCaseInsensitiveKeysAndDefaults();
  void readMultipleFrames();
  void badInput_data();
  void badInput();
  void missingFile();
  void readSharedWater63();
};

void TestExtXyz::roundTripTriclinicAllColumns() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string path = dir.filePath("all.xyz").toStdString();
  const Structure s = awkwardStructure();
  sei::writeExtXyz(path, s, {true, true, true, true});
  const Structure back = sei::readExtXyz(path);
  compareStructures(s, back);

  // Without the optional columns only species and positions come back.
  sei::writeExtXyz(path, s);
  const Structure bare = sei::readExtXyz(path);
  QVERIFY(bare.velocities.empty() && bare.masses.empty() && bare.charges.empty() &&
          bare.forces.empty());
  QVERIFY(closeRel(bare.positions[3], s.positions[3]));

  // The stream writer emits the same frame; the header names every column in a fixed order.
  std::ostringstream out;
  sei::writeExtXyzFrame(out, s, {true, true, true, true});
  const std::string text = out.str();
  QVERIFY(text.rfind("5\nLattice=\"", 0) == 0);
  QVERIFY(text.find("Properties=species:S:1:pos:R:3:vel:R:3:mass:R:1:charge:R:1:forces:R:3 "
                    "pbc=\"T F T\" energy=-123.456") != std::string::npos);
  std::istringstream in(text + text);
  const auto frames = sei::readExtXyzFrames(in, "stream");
  QCOMPARE(frames.size(), std::size_t(2));
  compareStructures(s, frames[1]);
}

void TestExtXyz::roundTripWithoutCell() {
  Structure s;
  s.symbols = {"C", "O"};
  s.positions = {{0.0, 0.0, 0.0}, {1.128, 0.0, 0.0}};
  std::ostringstream out;
  sei::writeExtXyzFrame(out, s);
  QVERIFY(out.str().find("Lattice") == std::string::npos);
  QVERIFY(out.str().find("pbc=\"F F F\"") != std::string::npos);
  std::istringstream in(out.str());
  const auto frames = sei::readExtXyzFrames(in, "co");
  QCOMPARE(frames.size(), std::size_t(1));
  QCOMPARE(frames[0].cell.volume(), 0.0);
  QVERIFY(!frames[0].cell.periodic(0) && !frames[0].cell.periodic(1) &&
          !frames[0].cell.periodic(2));
  QCOMPARE(frames[0].positions[1].x(), 1.128);
}

void TestExtXyz::writerRejectsMissingColumns() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  Structure s;
  s.symbols = {"H"};
  s.positions = {{0.0, 0.0, 0.0}};
  const std::string path = dir.filePath("x.xyz").toStdString();
  std::ostringstream out;
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sei::writeExtXyzFrame(out, s, {true}));
  QVERIFY(out.str().empty());  // nothing half-written
  for (bool sei::ExtXyzColumns::*column :
       {&sei::ExtXyzColumns::velocities, &sei::ExtXyzColumns::masses, &sei::ExtXyzColumns::charges,
        &sei::ExtXyzColumns::forces}) {
    sei::ExtXyzColumns columns;
    columns.*column = true;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sei::writeExtXyz(path, s, columns));
  }
  s.masses = {1.0, 2.0};  // wrong length is as bad as empty
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                           sei::writeExtXyzFrame(out, s, {false, true, false, false}));
  s.masses.clear();
  for (const char* info :
       {"pbc=\"F F F\"", "Lattice=\"1 0 0 0 1 0 0 0 1\"", "a=\"open", "a=1\nb=2"}) {
    Structure withInfo = s;
    withInfo.info = info;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sei::writeExtXyzFrame(out, withInfo));
  }
  s.symbols = {"Xx"};
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sei::writeExtXyzFrame(out, s));
  s.symbols = {"H"};
  s.positions[0].y() = std::nan("");
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sei::writeExtXyzFrame(out, s));
  QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty());
}

void TestExtXyz::atomicWriteLeavesNoTempFile() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const Structure s = awkwardStructure();
  const QString file = dir.filePath("model.xyz");
  writeText(file, "old contents\n");
  sei::writeExtXyz(file.toStdString(), s);
  QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"model.xyz"});
  QCOMPARE(sei::readExtXyz(file.toStdString()).size(), s.size());

  // Renaming onto a directory fails: the error names the path and the temp file is removed.
  QVERIFY(QDir(dir.path()).mkdir("taken.xyz"));
  const std::string taken = dir.filePath("taken.xyz").toStdString();
  try {
    sei::writeExtXyz(taken, s);
    QFAIL("expected sei::InputError");
  } catch (const sei::InputError& e) {
    QVERIFY2(QString(e.what()).contains("taken.xyz"), e.what());
  }
  QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"model.xyz"});

  const std::string nowhere = dir.filePath("missing/dir/out.xyz").toStdString();
  QVERIFY_THROWS_EXCEPTION(sei::InputError, sei::writeExtXyz(nowhere, s));
}

void TestExtXyz::readAseStyleExtraKeysAndColumns() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString file = dir.filePath("ase.xyz");
  writeText(file,
            "3\n"
            "Lattice=\"5.0 0.0 0.0 1.0 6.0 0.0 0.5 -0.5 7.0\" "
            "Properties=species:S:1:pos:R:3:magmoms:R:1:forces:R:3:tags:I:1 energy=-12.5 "
            "pbc=\"T T F\" config_type='bulk water' stress={1 2 3} free\n"
            "O   0.1  0.2  0.3   0.5   -1.0  2.0 3.0   7\n"
            "H\t1.1  1.2  1.3   0.0   0.25 0.5 0.75  0\n"
            "Na -2e-3 +4 5.5E1  nan   1 2 3         x\n");
  const Structure s = sei::readExtXyz(file.toStdString());
  QCOMPARE(s.size(), std::size_t(3));
  QVERIFY((s.symbols == std::vector<std::string>{"O", "H", "Na"}));
  QCOMPARE(s.positions[0], Eigen::Vector3d(0.1, 0.2, 0.3));
  QCOMPARE(s.positions[2], Eigen::Vector3d(-2e-3, 4.0, 55.0));
  QCOMPARE(s.forces.size(), std::size_t(3));
  QCOMPARE(s.forces[0], Eigen::Vector3d(-1.0, 2.0, 3.0));
  QCOMPARE(s.forces[1], Eigen::Vector3d(0.25, 0.5, 0.75));
  QVERIFY(s.velocities.empty() && s.masses.empty() && s.charges.empty());
  QCOMPARE(s.cell.vector(0), Eigen::Vector3d(5.0, 0.0, 0.0));
  QCOMPARE(s.cell.vector(1), Eigen::Vector3d(1.0, 6.0, 0.0));
  QCOMPARE(s.cell.vector(2), Eigen::Vector3d(0.5, -0.5, 7.0));
  QVERIFY(s.cell.periodic(0) && s.cell.periodic(1) && !s.cell.periodic(2));
  QCOMPARE(QString::fromStdString(s.info),
           QString("energy=-12.5 config_type='bulk water' stress={1 2 3} free"));

  // The kept keys are written back verbatim and read again unchanged.
  const QString copy = dir.filePath("copy.xyz");
  sei::writeExtXyz(copy.toStdString(), s, {false, false, false, true});
  compareStructures(s, sei::readExtXyz(copy.toStdString()));
}

void TestExtXyz::readCaseInsensitiveKeysAndDefaults() {
  std::istringstream in(
      "2\n"
      "lattice=\"3 0 0 0 3 0 0 0 3\" PBC=\"true False TRUE\" "
      "properties=Element:S:1:POS:R:3:Velo:R:3:masses:R:1:initial_charges:R:1:Force:R:3\n"
      "Si 0 0 0  1 2 3  28.1  0.5  -1 -2 -3\n"
      "C  1 1 1  4 5 6  12.0 -0.5   1  2  3\n"
      "2\n"
      "plain xyz comment, written by some viewer\n"
      "He 0 0 0\n"
      "He 0 0 2.5\n"
      "1\n"
      "pbc=T Lattice={2 0 0 0 2 0 0 0 2}\n"
      "Ar 0 0 0\n");
  const auto frames = sei::readExtXyzFrames(in, "mixed");
  QCOMPARE(frames.size(), std::size_t(3));
  const Structure& a = frames[0];
  QVERIFY((a.cell.periodicity() == std::array<bool, 3>{true, false, true}));
  QCOMPARE(a.cell.volume(), 27.0);
  QCOMPARE(a.velocities[1], Eigen::Vector3d(4, 5, 6));
  QCOMPARE(a.masses[0], 28.1);
  QCOMPARE(a.charges[1], -0.5);
  QCOMPARE(a.forces[0], Eigen::Vector3d(-1, -2, -3));
  QVERIFY(a.info.empty());

  const Structure& b = frames[1];
  QCOMPARE(b.cell.volume(), 0.0);
  QVERIFY(!b.cell.periodic(0) && !b.cell.periodic(1) && !b.cell.periodic(2));
  QCOMPARE(b.positions[1].z(), 2.5);
  QCOMPARE(QString::fromStdString(b.info), QString("plain xyz comment, written by some viewer"));

  QVERIFY(frames[2].cell.fullyPeriodic());
  QCOMPARE(frames[2].cell.volume(), 8.0);
}

void TestExtXyz::readMultipleFrames() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString file = dir.filePath("dump.xyz");
  // GPUMD dump_exyz style with CRLF line ends and trailing empty lines.
  QByteArray text;
  for (int frame = 0; frame < 3; ++frame) {
    const int n = frame + 1;
    text += QByteArray::number(n) + "\r\n";
    text += "Time=" + QByteArray::number(frame * 10) +
            " pbc=\"T T T\" Lattice=\"8 0 0 0 9 0 0 0 10\" "
            "Properties=species:S:1:pos:R:3:vel:R:3\r\n";
    for (int i = 0; i < n; ++i) {
      text += "Cu " + QByteArray::number(frame) + " " + QByteArray::number(i) + " 0.5 " +
              "0.01 0.02 " + QByteArray::number(-0.001 * (i + 1)) + "\r\n";
    }
  }
  text += "\r\n\n  \n";
  writeText(file, text);

  const auto frames = sei::readExtXyzFrames(file.toStdString());
  QCOMPARE(frames.size(), std::size_t(3));
  for (int frame = 0; frame < 3; ++frame) {
    const Structure& s = frames[frame];
    QCOMPARE(s.size(), std::size_t(frame + 1));
    QCOMPARE(QString::fromStdString(s.info), QString("Time=%1").arg(frame * 10));
    QCOMPARE(s.positions.back(), Eigen::Vector3d(frame, frame, 0.5));
    QCOMPARE(s.velocities.back().z(), -0.001 * (frame + 1));
    QCOMPARE(s.cell.matrix().diagonal(), Eigen::Vector3d(8, 9, 10));
  }
  // readExtXyz takes the first frame only.
  QCOMPARE(sei::readExtXyz(file.toStdString()).size(), std::size_t(1));

  // An empty file has no frames; readExtXyz cannot return one.
  const QString empty = dir.filePath("empty.xyz");
  writeText(empty, "");
  QVERIFY(sei::readExtXyzFrames(empty.toStdString()).empty());
  QVERIFY_THROWS_EXCEPTION(sei::InputError, sei::readExtXyz(empty.toStdString()));
}

void TestExtXyz::badInput_data() {
  QTest::addColumn<QByteArray>("content");
  QTest::addColumn<int>("line");
  QTest::addColumn<QString>("fragment");
  auto row = [](const char* tag, const QByteArray& content, int line, const char* fragment) {
    QTest::newRow(tag) << content << line << QString(fragment);
  };

  const QByteArray head = "Lattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3\n";
  row("wrong token count", "3\n" + head + "O 0 0 0\nH 1 0 0\nH 1 0\n", 5,
      "expected 4 columns (species:S:1:pos:R:3), found 3");
  row("extra token", "1\n" + head + "O 0 0 0 7\n", 3, "found 5");
  row("non-numeric coordinate", "2\n" + head + "O 0 0 0\nH 1.0abc 0 0\n", 4, "\"1.0abc\"");
  row("nan coordinate", "1\n" + head + "O 0 nan 0\n", 3, "\"nan\"");
  row("inf coordinate", "1\n" + head + "O 0 0 -inf\n", 3, "\"-inf\"");
  row("bad force", "1\nProperties=species:S:1:pos:R:3:forces:R:3\nO 0 0 0 1 2 x\n", 3,
      "forces (column 7)");
  row("unknown element", "2\n" + head + "O 0 0 0\nXx 1 0 0\n", 4, "\"Xx\"");
  row("upper-case element", "1\n" + head + "NA 0 0 0\n", 3, "\"NA\"");
  row("truncated file", "3\n" + head + "O 0 0 0\nH 1 0 0\n", 5, "expected 3 atom lines");
  row("truncated second frame", "1\n" + head + "O 0 0 0\n2\n" + head + "H 0 0 0\n", 7,
      "found end of file after 1");
  row("bad count line", "abc\n" + head + "O 0 0 0\n", 1, "\"abc\"");
  row("negative count", "-1\n" + head, 1, "non-negative integer");
  row("fractional count", "2.5\n" + head, 1, "\"2.5\"");
  row("bad count of frame 2", "1\n" + head + "O 0 0 0\nx1\n", 4, "frame 2");
  row("empty line between frames", "1\n" + head + "O 0 0 0\n\n1\n" + head + "O 0 0 0\n", 4,
      "empty line");
  row("missing comment line", QByteArray("2\n"), 2, "comment line");
  row("missing pos column", "1\nProperties=species:S:1:position:R:3\nO 0 0 0\n", 2, "pos:R:3");
  row("missing species column", "1\nProperties=pos:R:3:Z:I:1\n0 0 0 8\n", 2, "species:S:1");
  row("pos with two components", "1\nProperties=species:S:1:pos:R:2\nO 0 0\n", 2, "pos:R:3");
  row("incomplete properties", "1\nProperties=species:S:1:pos:R\nO 0 0 0\n", 2, "name:type:count");
  row("repeated column", "1\nProperties=species:S:1:pos:R:3:element:S:1\nO 0 0 0 O\n", 2,
      "repeats");
  row("two numbers on count line", "2 3\n" + head, 1, "\"2 3\"");
  row("bad column type", "1\nProperties=species:S:1:pos:R:3:q:X:1\nO 0 0 0 1\n", 2, "\"q:X:1\"");
  row("lattice with 8 numbers",
      "1\nLattice=\"5 0 0 0 5 0 0 0\" Properties=species:S:1:pos:R:3\nO 0 0 0\n", 2,
      "expected 9 numbers in Lattice");
  row("lattice not a number", "1\nLattice=\"5 0 0 0 5 0 0 0 five\"\nO 0 0 0\n", 2, "\"five\"");
  row("flat periodic lattice", "1\nLattice=\"5 0 0 0 5 0 0 0 0\"\nO 0 0 0\n", 2, "zero volume");
  row("unterminated quote",
      "1\nLattice=\"5 0 0 0 5 0 0 0 5 Properties=species:S:1:pos:R:3\nO 0 0 0\n", 2, "closing");
  row("bad pbc", "1\n" + head.left(head.size() - 1) + " pbc=\"T T\"\nO 0 0 0\n", 2, "pbc");
  row("periodic without lattice", "1\npbc=\"T T T\"\nO 0 0 0\n", 2, "Lattice");
  row("repeated key", "1\nLattice=\"5 0 0 0 5 0 0 0 5\" lattice=\"5 0 0 0 5 0 0 0 5\"\nO 0 0 0\n",
      2, "twice");
}

void TestExtXyz::badInput() {
  QFETCH(QByteArray, content);
  QFETCH(int, line);
  QFETCH(QString, fragment);
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString file = dir.filePath("bad.xyz");
  writeText(file, content);
  const QString message = inputErrorMessage(file.toStdString());
  QVERIFY2(!message.isEmpty(), "expected sei::InputError");
  QVERIFY2(message.startsWith(file + ":" + QString::number(line) + ": "), qPrintable(message));
  QVERIFY2(message.contains(fragment), qPrintable(message));
  QVERIFY2(!message.contains('\n'), qPrintable(message));
}

void TestExtXyz::missingFile() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string path = dir.filePath("absent.xyz").toStdString();
  try {
    sei::readExtXyz(path);
    QFAIL("expected sei::InputError");
  } catch (const sei::InputError& e) {
    QCOMPARE(QString(e.what()), QString::fromStdString(path + ": cannot open file for reading"));
  }
  QVERIFY_THROWS_EXCEPTION(sei::InputError, sei::readExtXyzFrames(dir.path().toStdString()));
}

void TestExtXyz::readSharedWater63() {
  const QString shared = sei::test::sharedDir();
  const QString file = shared + "/structures/water63.xyz";
  if (shared.isEmpty() || !QFile::exists(file))
    QFAIL("../shared/structures/water63.xyz not found: set SEI_SHARED_DIR");
  const Structure s = sei::readExtXyz(file.toStdString());
  QCOMPARE(s.size(), std::size_t(63));
  QCOMPARE(s.symbols.front(), std::string("H"));
  QCOMPARE(s.symbols.back(), std::string("O"));
  QCOMPARE(std::count(s.symbols.begin(), s.symbols.end(), "O"), std::ptrdiff_t(21));
  QCOMPARE(std::count(s.symbols.begin(), s.symbols.end(), "H"), std::ptrdiff_t(42));
  QCOMPARE(s.positions.front(), Eigen::Vector3d(7.22923003, 2.68725006, 4.65958000));
  QCOMPARE(s.cell.matrix().diagonal(), Eigen::Vector3d(8.5144565, 12.278913, 6.1797981));
  QVERIFY(s.cell.orthogonal());
  QVERIFY(s.cell.fullyPeriodic());
  QVERIFY(s.velocities.empty() && s.forces.empty());
  QVERIFY(s.info.empty());
}

QTEST_APPLESS_MAIN(TestExtXyz)
#include "TestExtXyz.moc"
