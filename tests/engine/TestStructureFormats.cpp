// Structure files of other programs (formats/StructureFile, sei convert): what ASE writes we read
// back to the precision of each format, what we write ASE reads back, triclinic cells included;
// a CIF's symmetry is applied; LAMMPS data name their elements by Masses; bad input stops with
// one line naming file, line and field, exit status 2, nothing written.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "TestSupport.hpp"
#include "core/Error.hpp"
#include "formats/StructureFile.hpp"

using namespace sei;

namespace {

const char* const kPython = "/usr/bin/python3";  // Debian's, with python3-ase

QString aseScript() { return QStringLiteral(SEI_TEST_DATA_DIR "/ase-structures.py"); }

/// Runs the ASE helper; QFAILs through the returned flag when Python or ASE is missing.
bool runAse(const QStringList& args, QByteArray& out, QString& error) {
  QProcess p;
  p.start(kPython, QStringList{aseScript()} + args);
  if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
    error = QString("%1 %2 failed (python3-ase installed?): %3")
                .arg(kPython, args.join(' '), QString::fromUtf8(p.readAllStandardError()));
    return false;
  }
  out = p.readAllStandardOutput();
  return true;
}

Structure fromJson(const QJsonObject& o) {
  Structure s;
  Eigen::Matrix3d h;
  const QJsonArray cell = o["cell"].toArray();
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) h(c, r) = cell[r].toArray()[c].toDouble();  // rows are vectors
  s.cell = Cell(h);
  for (const auto& v : o["symbols"].toArray()) s.symbols.push_back(v.toString().toStdString());
  for (const auto& v : o["positions"].toArray()) {
    const QJsonArray p = v.toArray();
    s.positions.emplace_back(p[0].toDouble(), p[1].toDouble(), p[2].toDouble());
  }
  return s;
}

Structure readJson(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) throw std::runtime_error("cannot read " + path.toStdString());
  return fromJson(QJsonDocument::fromJson(f.readAll()).object());
}

/// Lengths (Å) and angles (degrees) of a cell.
std::array<double, 6> cellParameters(const Cell& c) {
  std::array<double, 6> p{};
  for (int d = 0; d < 3; ++d) p[d] = c.vector(d).norm();
  for (int d = 0; d < 3; ++d) {
    const Eigen::Vector3d u = c.vector((d + 1) % 3), v = c.vector((d + 2) % 3);
    p[3 + d] = std::acos(u.dot(v) / (u.norm() * v.norm())) * 180.0 / M_PI;
  }
  return p;
}

/// Largest deviations of a structure read from a file from the reference.
struct Deviation {
  double length = 0.0;    ///< Å, cell lengths
  double angle = 0.0;     ///< degrees, cell angles
  double matrix = 0.0;    ///< Å, cell matrix entries (orientation kept)
  double position = 0.0;  ///< Å: fractional difference (nearest image) in the reference cell
};

Deviation compare(const Structure& got, const Structure& ref) {
  Deviation d;
  if (got.size() != ref.size() || got.symbols != ref.symbols)
    throw std::runtime_error("atoms or their order differ");
  if (ref.cell.volume() <= 0) {
    for (std::size_t i = 0; i < ref.size(); ++i)
      d.position = std::max(d.position, (got.positions[i] - ref.positions[i]).norm());
    return d;
  }
  const auto pg = cellParameters(got.cell), pr = cellParameters(ref.cell);
  for (int k = 0; k < 3; ++k) d.length = std::max(d.length, std::abs(pg[k] - pr[k]));
  for (int k = 3; k < 6; ++k) d.angle = std::max(d.angle, std::abs(pg[k] - pr[k]));
  d.matrix = (got.cell.matrix() - ref.cell.matrix()).cwiseAbs().maxCoeff();
  for (std::size_t i = 0; i < ref.size(); ++i) {
    Eigen::Vector3d f =
        got.cell.toFractional(got.positions[i]) - ref.cell.toFractional(ref.positions[i]);
    for (int k = 0; k < 3; ++k) f[k] -= std::round(f[k]);
    d.position = std::max(d.position, ref.cell.toCartesian(f).norm());
  }
  return d;
}

QString shown(const Deviation& d) {
  return QString("lengths %1 A, angles %2 deg, matrix %3 A, positions %4 A")
      .arg(d.length, 0, 'g', 3)
      .arg(d.angle, 0, 'g', 3)
      .arg(d.matrix, 0, 'g', 3)
      .arg(d.position, 0, 'g', 3);
}

void writeText(const QString& path, const char* text) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(text);
}

}  // namespace

class TestStructureFormats : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

  QString file(const QString& name) const { return dir_.filePath(name); }

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    QByteArray out;
    QString error;
    QVERIFY2(runAse({"write", dir_.path()}, out, error), qPrintable(error));
  }

  // Each file ASE wrote, read back: species in order, cell and positions to the digits the
  // format keeps (ASE: POSCAR 16 decimals, extended XYZ 8, plain XYZ 15 and no cell, LAMMPS
  // 17 digits in LAMMPS's rotated frame, CIF 6 significant digits of lengths and angles and 5
  // decimals of fractions, PDB 3 decimals of Å and 2 of degrees).
  void readsWhatAseWrites_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("file");
    QTest::addColumn<double>("length");
    QTest::addColumn<double>("angle");
    QTest::addColumn<double>("matrix");  // < 0: orientation not kept by the format
    QTest::addColumn<double>("position");
    for (const QString n : {"triclinic", "orthorhombic"}) {
      const QByteArray t = n.toUtf8();
      QTest::newRow(t + " POSCAR") << n << "POSCAR_" + n << 1e-12 << 1e-10 << 1e-12 << 1e-12;
      QTest::newRow(t + " extxyz") << n << n + ".xyz" << 1e-8 << 1e-6 << 1e-8 << 1e-8;
      QTest::newRow(t + " xyz") << n << n + ".plain.xyz" << 0.0 << 0.0 << -1.0 << 1e-14;
      QTest::newRow(t + " xyz by Open Babel") << n << "xyz:" + n + ".plain.xyz" << 0.0 << 0.0
                                              << -1.0 << 1e-14;
      QTest::newRow(t + " lammps") << n << n + ".data" << 1e-12 << 1e-10 << -1.0 << 1e-12;
      QTest::newRow(t + " cif") << n << n + ".cif" << 1e-5 << 1e-3 << -1.0 << 1e-4;
      QTest::newRow(t + " pdb") << n << n + ".pdb" << 1e-3 << 1e-2 << -1.0 << 2e-3;
    }
  }
  void readsWhatAseWrites() {
    QFETCH(QString, name);
    QFETCH(QString, file);
    QFETCH(double, length);
    QFETCH(double, angle);
    QFETCH(double, matrix);
    QFETCH(double, position);
    Structure ref = readJson(this->file(name + ".json"));
    StructureReadOptions options;
    if (file.endsWith(".data")) options.lammpsElements = {"F", "H", "Na", "O"};  // ASE: sorted
    if (file.startsWith("xyz:")) {
      options.format = StructureFormat::Xyz;
      file = file.mid(4);
    }
    const bool plain = file.endsWith(".plain.xyz");
    if (plain) ref.cell = Cell();
    const Structure got = readStructureFile(this->file(file).toStdString(), options);
    if (plain) QVERIFY(got.cell.volume() == 0.0);
    const Deviation d = compare(got, ref);
    qInfo("%s: %s", qPrintable(file), qPrintable(shown(d)));
    QVERIFY2(d.length <= length && d.angle <= angle && d.position <= position,
             qPrintable(shown(d)));
    if (matrix >= 0) QVERIFY2(d.matrix <= matrix, qPrintable(shown(d)));
  }

  // What we write (sei convert: extended XYZ, POSCAR, LAMMPS data) ASE reads back exactly.
  void aseReadsWhatWeWrite_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("out");
    QTest::addColumn<bool>("oriented");
    for (const QString n : {"triclinic", "orthorhombic"}) {
      const QByteArray t = n.toUtf8();
      QTest::newRow(t + " extxyz") << n << "ours-" + n + ".xyz" << true;
      QTest::newRow(t + " POSCAR") << n << "POSCAR_ours-" + n << true;
      QTest::newRow(t + " lammps") << n << "ours-" + n + ".data" << false;
    }
  }
  void aseReadsWhatWeWrite() {
    QFETCH(QString, name);
    QFETCH(QString, out);
    QFETCH(bool, oriented);
    const test::SeiRun r = test::runSei({"convert", file(name + ".xyz"), file(out)});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    // The reference is ASE's extended XYZ (8 decimals) as we read it: what we converted.
    const Structure source = readStructureFile(file(name + ".xyz").toStdString());
    QByteArray json;
    QString error;
    QVERIFY2(runAse({"read", file(out)}, json, error), qPrintable(error));
    const Deviation d = compare(fromJson(QJsonDocument::fromJson(json).object()), source);
    qInfo("%s read by ASE: %s", qPrintable(out), qPrintable(shown(d)));
    QVERIFY2(d.length < 1e-12 && d.angle < 1e-10 && d.position < 1e-12, qPrintable(shown(d)));
    if (oriented) QVERIFY2(d.matrix < 1e-14, qPrintable(shown(d)));
    // And our own reader agrees (POSCAR through Open Babel).
    const Deviation own = compare(readStructureFile(file(out).toStdString()), source);
    QVERIFY2(own.length < 1e-12 && own.position < 1e-12, qPrintable(shown(own)));
  }

  // POSCAR lists each element once: interleaved atoms are grouped, first appearance first.
  void poscarGroupsElements() {
    Structure s;
    s.cell = Cell(Eigen::Matrix3d::Identity() * 6.0);
    s.symbols = {"O", "H", "Na", "H"};
    s.positions = {{0, 0, 0}, {1, 0, 0}, {3, 3, 3}, {0, 1, 0}};
    writeStructureFile(file("POSCAR_grouped").toStdString(), s);
    const Structure back = readStructureFile(file("POSCAR_grouped").toStdString());
    QCOMPARE(back.symbols, (std::vector<std::string>{"O", "H", "H", "Na"}));
    QCOMPARE(back.positions[2], Eigen::Vector3d(0, 1, 0));
    QCOMPARE(back.positions[3], Eigen::Vector3d(3, 3, 3));
  }

  // A CIF with the asymmetric unit of rock salt (Fm-3m, 225): the 4 + 4 atoms of the cell,
  // nearest Na–Cl 2.82 Å = a/2.
  void cifSymmetryIsApplied() {
    writeText(file("nacl.cif"),
              "data_NaCl\n_cell_length_a 5.64\n_cell_length_b 5.64\n_cell_length_c 5.64\n"
              "_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n"
              "_symmetry_space_group_name_H-M 'F m -3 m'\n_symmetry_Int_Tables_number 225\n"
              "loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n"
              "_atom_site_fract_y\n_atom_site_fract_z\nNa1 Na 0 0 0\nCl1 Cl 0.5 0.5 0.5\n");
    const Structure s = readStructureFile(file("nacl.cif").toStdString());
    QCOMPARE(int(s.size()), 8);
    QCOMPARE(int(std::count(s.symbols.begin(), s.symbols.end(), "Na")), 4);
    double nearest = 1e9;
    for (std::size_t i = 0; i < s.size(); ++i)
      for (std::size_t j = 0; j < s.size(); ++j) {
        if (s.symbols[i] == s.symbols[j]) continue;
        Eigen::Vector3d f = s.cell.toFractional(s.positions[i] - s.positions[j]);
        for (int k = 0; k < 3; ++k) f[k] -= std::round(f[k]);
        nearest = std::min(nearest, s.cell.toCartesian(f).norm());
      }
    QVERIFY2(std::abs(nearest - 2.82) < 1e-9, qPrintable(QString::number(nearest, 'g', 12)));
  }

  // LAMMPS data: elements from masses (no comments), charge style, tilt, ids out of order and a
  // box origin away from zero.
  void lammpsMassesChargeStyleAndTilt() {
    writeText(file("charge.data"),
              "LAMMPS data file via write_data\n\n3 atoms\n2 atom types\n\n"
              "-1.0 4.0 xlo xhi\n2.0 7.0 ylo yhi\n0.5 6.5 zlo zhi\n1.5 -0.5 0.25 xy xz yz\n\n"
              "Masses\n\n1 22.99\n2 18.998\n\n"
              "Atoms # charge\n\n3 2 -0.8 0.0 2.0 0.5 0 0 1\n1 1 0.9 1.0 3.0 1.5\n"
              "2 2 -0.1 2.0 4.0 2.5\n\nVelocities\n\n1 0 0 0\n2 0 0 0\n3 0 0 0\n");
    const Structure s = readStructureFile(file("charge.data").toStdString());
    QCOMPARE(s.symbols, (std::vector<std::string>{"Na", "F", "F"}));
    Eigen::Matrix3d h;
    h << 5.0, 1.5, -0.5, 0, 5.0, 0.25, 0, 0, 6.0;
    QCOMPARE(s.cell.matrix(), h);
    QCOMPARE(s.positions[0], Eigen::Vector3d(2.0, 1.0, 1.0));
    QCOMPARE(s.positions[2], Eigen::Vector3d(1.0, 0.0, 0.0));
    QCOMPARE(s.charges, (std::vector<double>{0.9, -0.1, -0.8}));
    QCOMPARE(s.masses, (std::vector<double>{22.99, 18.998, 18.998}));
  }

  void formatByNameAndOverride() {
    QCOMPARE(*structureFormatOfName("/a/CONTCAR"), StructureFormat::Poscar);
    QCOMPARE(*structureFormatOfName("POSCAR_relaxed"), StructureFormat::Poscar);
    QCOMPARE(*structureFormatOfName("x.VASP"), StructureFormat::Poscar);
    QCOMPARE(*structureFormatOfName("x.lmp"), StructureFormat::LammpsData);
    QCOMPARE(*structureFormatOfName("x.extxyz"), StructureFormat::ExtXyz);
    QVERIFY(!structureFormatOfName("structure.txt"));
    // A POSCAR under any name with --format.
    QVERIFY(QFile::copy(file("POSCAR_triclinic"), file("relaxed.txt")));
    const test::SeiRun r =
        test::runSei({"convert", file("relaxed.txt"), file("relaxed.xyz"), "--format", "vasp"});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    const Deviation d = compare(readStructureFile(file("relaxed.xyz").toStdString()),
                                readJson(file("triclinic.json")));
    QVERIFY2(d.position < 1e-12, qPrintable(shown(d)));
  }

  // Bad input: exit status 2, one line naming file, line and field, nothing written.
  void badInputNamesFileLineAndField_data() {
    QTest::addColumn<QString>("input");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("output");
    QTest::addColumn<QString>("message");
    QTest::newRow("lammps coordinate")
        << "bad.data"
        << QByteArray(
               "t\n\n1 atoms\n1 atom types\n0 1 xlo xhi\n0 1 ylo yhi\n"
               "0 1 zlo zhi\n\nMasses\n\n1 22.99\n\nAtoms # atomic\n\n"
               "1 1 0.5 zero 0.5\n")
        << "out.xyz"
        << "bad.data:15: Atoms: y: expected a number, found 'zero'";
    QTest::newRow("lammps no element")
        << "nomass.data"
        << QByteArray(
               "t\n\n1 atoms\n1 atom types\n0 1 xlo xhi\n0 1 ylo yhi\n"
               "0 1 zlo zhi\n\nAtoms # atomic\n\n1 1 0.5 0.5 0.5\n")
        << "out.xyz"
        << "nomass.data:11: Atoms: type 1 has no Masses entry";
    QTest::newRow("lammps count") << "count.data"
                                  << QByteArray(
                                         "t\n\n2 atoms\n1 atom types\n0 1 xlo xhi\n0 1 ylo yhi\n"
                                         "0 1 zlo zhi\n\nMasses\n\n1 1.008\n\nAtoms\n\n1 1 0 0 0\n")
                                  << "out.xyz"
                                  << "count.data: Atoms: 1 atoms, the header says 2";
    QTest::newRow("no atoms in cif") << "empty.cif" << QByteArray("data_x\n") << "out.xyz"
                                     << "empty.cif: no atoms read as CIF";
    QTest::newRow("unknown name") << "triclinic.xyz" << QByteArray() << "out.txt"
                                  << "out.txt: cannot tell the structure format from the name";
    QTest::newRow("pdb is read only") << "triclinic.xyz" << QByteArray() << "out.pdb"
                                      << "out.pdb: structures are written as extended XYZ";
  }
  void badInputNamesFileLineAndField() {
    QFETCH(QString, input);
    QFETCH(QByteArray, text);
    QFETCH(QString, output);
    QFETCH(QString, message);
    if (!text.isEmpty()) writeText(file(input), text.constData());
    QFile::remove(file(output));
    const test::SeiRun r = test::runSei({"convert", file(input), file(output)});
    QCOMPARE(r.status, 2);
    const QStringList lines = r.err.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines[0].contains(message), qPrintable(lines[0]));
    QVERIFY(!QFile::exists(file(output)));
  }
};

QTEST_GUILESS_MAIN(TestStructureFormats)
#include "TestStructureFormats.moc"
