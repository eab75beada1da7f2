// The studio's File menu for the formats users keep structures in (issue 20): Open structure
// through readStructureFile, Export structure through writeStructureFile, and Export run folder
// (GPUMD) through exportGpumdFolder, with the disabled entries saying why.
#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QtTest>
#include <fstream>
#include <sstream>

#include "ExportController.hpp"
#include "MainWindow.hpp"
#include "ProjectDocument.hpp"
#include "StructureFileFilters.hpp"
#include "StudioTestMain.hpp"
#include "TestSupport.hpp"
#include "formats/StructureFile.hpp"
#include "project/GpumdExport.hpp"

using namespace sei;
using namespace sei::studio;

namespace {

// A triclinic cell already in LAMMPS' orientation (a along x, b in the xy plane), so every
// format writes it unrotated: columns a, b, c in Å.
const char* const kPoscar = R"(Na2Cl test cell
1.0
4.0 0.0 0.0
1.0 5.0 0.0
0.0 0.5 6.0
Na Cl
2 1
Direct
0.0 0.0 0.0
0.5 0.5 0.5
0.25 0.1 0.8
)";

/// kPoscar's cell matrix (columns) and Cartesian positions, worked out by hand: r = s0 a + s1 b
/// + s2 c.
Eigen::Matrix3d expectedCell() {
  Eigen::Matrix3d h;
  h.col(0) << 4.0, 0.0, 0.0;
  h.col(1) << 1.0, 5.0, 0.0;
  h.col(2) << 0.0, 0.5, 6.0;
  return h;
}
const Eigen::Vector3d kExpected[] = {{0.0, 0.0, 0.0}, {2.5, 2.75, 3.0}, {1.1, 0.9, 4.8}};

QString writePoscar(const QTemporaryDir& dir) {
  const QString path = dir.filePath("POSCAR");
  std::ofstream(path.toStdString()) << kPoscar;
  return path;
}

/// `s` is kPoscar's structure: symbols, cell and positions within `tolerance` Å.
void compareWithPoscar(const Structure& s, double tolerance) {
  QCOMPARE(s.size(), std::size_t(3));
  QCOMPARE(s.symbols, (std::vector<std::string>{"Na", "Na", "Cl"}));
  const Eigen::Matrix3d h = expectedCell();
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      QVERIFY2(std::abs(s.cell.matrix()(i, j) - h(i, j)) < tolerance,
               qPrintable(QString("cell(%1,%2) = %3, expected %4")
                              .arg(i)
                              .arg(j)
                              .arg(s.cell.matrix()(i, j))
                              .arg(h(i, j))));
  for (std::size_t a = 0; a < 3; ++a)
    QVERIFY2(
        (s.positions[a] - kExpected[a]).norm() < tolerance,
        qPrintable(
            QString("atom %1 off by %2 Å").arg(a).arg((s.positions[a] - kExpected[a]).norm())));
}

QAction* fileMenuEntry(MainWindow& w, const QString& text) {
  QMenu* file = w.menuBar()->actions().value(0)->menu();
  for (QAction* a : file->actions())
    if (a->text().remove('&') == text) return a;
  return nullptr;
}

}  // namespace

class TestStudioFiles : public QObject {
  Q_OBJECT

 private slots:
  void fileMenuListsTheFormatsAndSaysWhyEntriesAreDisabled() {
    MainWindow w;
    for (const char* entry :
         {"Open structure\u2026", "Export structure\u2026", "Export run folder (GPUMD)\u2026"})
      QVERIFY2(fileMenuEntry(w, entry), entry);
    // The open dialog offers every format readStructureFile reads, the export dialog those
    // writeStructureFile writes.
    const QString open = structureFileFilters(false);
    for (const char* pattern :
         {"*.xyz", "*.extxyz", "POSCAR*", "CONTCAR*", "*.cif", "*.pdb", "*.data"})
      QVERIFY2(open.contains(pattern), pattern);
    const QString save = structureFileFilters(true);
    QVERIFY(save.contains("POSCAR*") && save.contains("*.data") && !save.contains("*.cif"));
    QCOMPARE(structureFormatOfFilter("VASP POSCAR/CONTCAR (POSCAR* CONTCAR* *.vasp)"),
             std::optional(StructureFormat::Poscar));

    QAction* structure = w.exports().structureAction();
    QAction* runFolder = w.exports().runFolderAction();
    QVERIFY(!structure->isEnabled());
    QVERIFY2(structure->toolTip().contains("No structure loaded"),
             qPrintable(structure->toolTip()));
    QVERIFY(!runFolder->isEnabled());
    QVERIFY2(runFolder->statusTip().contains("Save the project first"),
             qPrintable(runFolder->statusTip()));

    // Shown for a look at it (build/tests/screenshots/file-menu.png).
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QMenu* file = w.menuBar()->actions().value(0)->menu();
    file->popup(w.mapToGlobal(QPoint(0, w.menuBar()->height())));
    QVERIFY(QTest::qWaitForWindowExposed(file));
    QVERIFY(saveScreenshot(*file, "file-menu"));
    file->close();
  }

  void openStructureReadsAPoscar() {
    QTemporaryDir dir;
    const QString poscar = writePoscar(dir);
    MainWindow w;
    QVERIFY2(w.document().openStructure(poscar, true), qPrintable(w.lastError()));
    compareWithPoscar(*w.document().structure(), 1e-9);
    QCOMPARE(w.scene().frame()->positions.size(), std::size_t(3));
    QVERIFY2(w.windowTitle().startsWith("POSCAR"), qPrintable(w.windowTitle()));
    QVERIFY(w.exports().structureAction()->isEnabled());
    // A name that says no format is read as the chosen filter's format.
    const QString unnamed = dir.filePath("cell-from-vasp");
    QVERIFY(QFile::copy(poscar, unnamed));
    QVERIFY(!w.document().openStructure(unnamed, true));
    QVERIFY2(w.document().openStructure(unnamed, true, StructureFormat::Poscar),
             qPrintable(w.lastError()));
    compareWithPoscar(*w.document().structure(), 1e-9);
  }

  void exportStructureWritesWhatItShows() {
    QTemporaryDir dir;
    MainWindow w;
    QVERIFY2(w.document().openStructure(writePoscar(dir), true), qPrintable(w.lastError()));
    const QString xyz = dir.filePath("out.xyz");
    const QString poscar = dir.filePath("CONTCAR");
    QVERIFY2(w.exports().exportStructure(xyz, std::nullopt, true), qPrintable(w.lastError()));
    QVERIFY2(w.exports().exportStructure(poscar, std::nullopt, true), qPrintable(w.lastError()));
    compareWithPoscar(readStructureFile(xyz.toStdString()), 1e-6);
    compareWithPoscar(readStructureFile(poscar.toStdString()), 1e-6);
    // LAMMPS data chosen by the dialog's filter for a name that says no format.
    const QString data = dir.filePath("system");
    QVERIFY2(w.exports().exportStructure(
                 data, structureFormatOfFilter("LAMMPS data (*.data *.lmp)"), true),
             qPrintable(w.lastError()));
    StructureReadOptions lammps;
    lammps.format = StructureFormat::LammpsData;
    compareWithPoscar(readStructureFile(data.toStdString(), lammps), 1e-6);
    // A format we only read: an error, nothing written.
    const QString cif = dir.filePath("out.cif");
    QVERIFY(!w.exports().exportStructure(cif, std::nullopt, true));
    QVERIFY2(!w.lastError().isEmpty(), "no message");
    QVERIFY(!QFileInfo::exists(cif));
  }

  void exportRunFolderForGpumd() {
    if (test::sharedDir().isEmpty())
      QFAIL("no ../shared (models/, structures/) beside the checkout");
    QTemporaryDir dir;
    MainWindow w;
    const QString model = test::sharedPath("models/qnep_mode2_water.txt");
    QVERIFY2(w.document().openStructure(test::sharedPath("structures/water63.xyz"), true),
             qPrintable(w.lastError()));
    QVERIFY2(w.document().openModel(model, true), qPrintable(w.lastError()));
    QVERIFY(!w.exports().runFolderAction()->isEnabled());  // no project yet
    QVERIFY(!w.exports().exportRunFolder(dir.filePath("gpumd"), true));
    QVERIFY(!QFileInfo::exists(dir.filePath("gpumd")));
    QVERIFY2(w.document().saveProject(dir.filePath("water.json")), qPrintable(w.lastError()));
    QVERIFY2(w.exports().runFolderAction()->isEnabled(),
             qPrintable(w.exports().runFolderAction()->toolTip()));

    // Only into an empty folder.
    QVERIFY(QDir(dir.path()).mkpath("busy"));
    std::ofstream(dir.filePath("busy/notes.txt").toStdString()) << "mine\n";
    QVERIFY(!w.exports().exportRunFolder(dir.filePath("busy"), true));
    QVERIFY(w.lastError().contains("not empty"));
    QCOMPARE(QDir(dir.filePath("busy")).entryList(QDir::Files), QStringList{"notes.txt"});

    const QString folder = dir.filePath("studio/gpumd");
    QVERIFY2(w.exports().exportRunFolder(folder, true), qPrintable(w.lastError()));
    std::ifstream runIn(QDir(folder).filePath("run.in").toStdString());
    std::stringstream text;
    text << runIn.rdbuf();
    QVERIFY2(text.str().find("potential nep.txt") != std::string::npos, text.str().c_str());
    // The model byte for byte, the system as shown.
    QFile copy(QDir(folder).filePath(kGpumdModelName)), original(model);
    QVERIFY(copy.open(QIODevice::ReadOnly) && original.open(QIODevice::ReadOnly));
    QCOMPARE(copy.readAll(), original.readAll());
    const Structure exported = readStructureFile(QDir(folder).filePath("model.xyz").toStdString());
    QCOMPARE(exported.size(), w.document().structure()->size());
    QVERIFY(QFileInfo::exists(QDir(folder).filePath(kGpumdJobName)));

    // `sei export gpumd` of the saved project writes the same files and warns the same.
    const QString cli = dir.filePath("cli/gpumd");
    const test::SeiRun run = test::runSei({"export", "gpumd", dir.filePath("water.json"), cli});
    QVERIFY2(run.status == 0, qPrintable(run.err));
    for (const char* name : {"nep.txt", "model.xyz", "run.in", "gpumd.slurm"}) {
      QFile a(QDir(folder).filePath(name)), b(QDir(cli).filePath(name));
      QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
      QVERIFY2(a.readAll() == b.readAll(), name);
    }
    QStringList cliWarnings;
    for (const QString& line : run.err.split('\n', Qt::SkipEmptyParts))
      if (line.startsWith("sei export: warning: ")) cliWarnings << line.mid(21);
    // The studio's runs write checkpoints, which GPUMD does not: at least that is warned about.
    QVERIFY2(!cliWarnings.isEmpty(), qPrintable(run.err));
    QCOMPARE(w.exports().lastWarnings(), cliWarnings);
  }
};

SEI_STUDIO_TEST_MAIN(TestStudioFiles)
#include "TestStudioFiles.moc"
