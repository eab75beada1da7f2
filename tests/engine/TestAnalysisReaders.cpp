// Trajectory input for the analyses: GPUMD dump.xyz as GPUMD writes it (with and without
// charges), our dump writer, AMBER NetCDF with a topology, and the error for a missing topology.
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include "analysis/Species.hpp"
#include "core/Error.hpp"
#include "io/ExtXyzTail.hpp"
#include "io/GpumdOutput.hpp"
#include "io/NetcdfTrajectory.hpp"
#include "run/RunInput.hpp"
#include "io/TrajectoryReader.hpp"

using namespace sei;

namespace {

// Two frames in GPUMD's dump_xyz layout (Time= in fs, charge before vel), one H2 molecule and a
// Na whose charge changes; typed by hand from GPUMD's format, not by our writer.
const char* const kGpumdDump =
    "3\n"
    "Time=0 energy=-3.5 Lattice=\"12 0 0 0 12 0 0 0 12\" pbc=\"T T T\" "
    "Properties=species:S:1:pos:R:3:charge:R:1:vel:R:3\n"
    "H 1.0 1.0 1.0 0.1 0 0 0\n"
    "H 1.74 1.0 1.0 0.1 0 0 0\n"
    "Na 6.0 6.0 6.0 0.85 0 0 0\n"
    "3\n"
    "Time=50.5 energy=-3.4 Lattice=\"12 0 0 0 12 0 0 0 12\" pbc=\"T T T\" "
    "Properties=species:S:1:pos:R:3:charge:R:1:vel:R:3\n"
    "H 1.0 1.0 1.0 0.1 0 0 0\n"
    "H 11.5 1.0 1.0 0.1 0 0 0\n"
    "Na 6.0 6.0 6.0 0.80 0 0 0\n";

void writeText(const QString& path, const std::string& text) {
  std::ofstream out(path.toStdString());
  out << text;
}

}  // namespace

class TestAnalysisReaders : public QObject {
  Q_OBJECT

 private slots:
  void gpumdDumpWithCharges() {
    QTemporaryDir dir;
    const QString path = dir.filePath("dump.xyz");
    writeText(path, kGpumdDump);
    TrajectoryReader reader(path.toStdString());
    QVERIFY(!reader.isNetcdf());
    TrajectoryFrame f;
    QVERIFY(reader.next(f));
    QCOMPARE(f.time, 0.0);
    QCOMPARE(f.structure.charges, (std::vector<double>{0.1, 0.1, 0.85}));
    QVERIFY(reader.next(f));
    QCOMPARE(f.index, std::size_t(1));
    QCOMPARE(f.step, std::int64_t(1));
    QCOMPARE(f.time, 50.5);
    QCOMPARE(f.structure.charges[2], 0.80);
    // H2 across the periodic boundary (1.0 and 11.5: 1.5 Å apart) is broken: two H atoms.
    analysis::SpeciesOptions o;
    o.lifetime = 1;
    analysis::SpeciesTracker species(o);
    QCOMPARE(species.update(analysis::Frame(f.structure)).counts,
             (std::map<std::string, int>{{"H", 2}, {"Na+", 1}}));
    QVERIFY(!reader.next(f));
  }

  // In a run folder, run.in's time step numbers GPUMD's frames, which carry only Time=.
  void runInBesideNumbersTheSteps() {
    QTemporaryDir dir;
    writeText(dir.filePath("dump.xyz"), kGpumdDump);
    writeText(dir.filePath("run.in"),
              "potential nep.txt\ntime_step 0.25\nensemble nve\nrun 1000\n");
    const std::string dump = dir.filePath("dump.xyz").toStdString();
    TrajectoryReader reader(dump, "", stepClockBeside(dump));
    TrajectoryFrame f;
    QVERIFY(reader.next(f));
    QCOMPARE(f.step, std::int64_t(0));
    QVERIFY(reader.next(f));
    QCOMPARE(f.step, std::int64_t(202));  // 50.5 fs / 0.25 fs
    // The same numbering when a running trajectory is followed.
    ExtXyzTail tail(dir.filePath("dump.xyz").toStdString());
    tail.setStepClock(readStepClock(dir.filePath("run.in").toStdString()));
    const std::vector<TrajectoryFrame> frames = tail.poll();
    QCOMPARE(frames.size(), std::size_t(2));
    QCOMPARE(frames[1].step, std::int64_t(202));
    QCOMPARE(tail.frames()[1].step, std::int64_t(202));
    QVERIFY(readStepClock(dir.filePath("absent.in").toStdString()).empty());
  }

  // A plain dump without charges, written by our GPUMD-format writer.
  void dumpWithoutCharges() {
    QTemporaryDir dir;
    const QString path = dir.filePath("dump.xyz");
    Structure s;
    s.cell = Cell(Eigen::Matrix3d::Identity() * 10.0);
    s.symbols = {"O", "H", "H"};
    s.positions = {{5, 5, 5}, {5.96, 5, 5}, {4.76, 5.93, 5}};
    {
      std::ofstream out(path.toStdString());
      for (int k = 0; k < 3; ++k) {
        DumpExyzFrame extra;
        extra.time = 10.0 * k;
        writeDumpExyzFrame(out, s, extra, DumpExyzColumns{});
      }
    }
    TrajectoryReader reader(path.toStdString());
    TrajectoryFrame f;
    int frames = 0;
    while (reader.next(f)) {
      QCOMPARE(f.time, 10.0 * frames);
      QVERIFY(f.structure.charges.empty());
      analysis::SpeciesTracker species;
      QCOMPARE(species.update(analysis::Frame(f.structure)).counts,
               (std::map<std::string, int>{{"H2O", 1}}));
      ++frames;
    }
    QCOMPARE(frames, 3);
  }

  void netcdfWithTopology() {
    QTemporaryDir dir;
    const std::string nc = dir.filePath("traj.nc").toStdString();
    writeText(dir.filePath("model.xyz"),
              "2\nLattice=\"10 0 0 0 10 0 0 0 10\" pbc=\"T T T\"\nNa 0 0 0\nF 2 0 0\n");
    {
      NetcdfContents contents;
      contents.charges = true;
      NetcdfTrajectoryWriter writer(nc, 2, contents);
      for (int k = 0; k < 2; ++k) {
        NetcdfFrame frame;
        frame.step = 100 * k;
        frame.time = 50.0 * k;
        frame.cell = Eigen::Matrix3d::Identity() * 10.0;
        frame.positions = {{1, 1, 1}, {3.25, 1, 1}};
        frame.charges = {0.75, -0.75};
        writer.appendFrame(frame);
      }
    }
    TrajectoryReader reader(nc);
    QVERIFY(reader.isNetcdf());
    TrajectoryFrame f;
    QVERIFY(reader.next(f));
    QVERIFY(reader.next(f));
    QCOMPARE(f.step, std::int64_t(100));
    QVERIFY(std::abs(f.time - 50.0) < 1e-5);  // stored as float ps
    QCOMPARE(f.structure.symbols, (std::vector<std::string>{"Na", "F"}));
    QCOMPARE(f.structure.charges, (std::vector<double>{0.75, -0.75}));
    QVERIFY(std::abs(f.structure.positions[1].x() - 3.25) < 1e-6);
    QVERIFY(!reader.next(f));

    // Without model.xyz beside it, the error says what is missing.
    QFile::remove(dir.filePath("model.xyz"));
    try {
      TrajectoryReader bad(nc);
      QFAIL("no topology accepted");
    } catch (const InputError& e) {
      QVERIFY(QString(e.what()).contains("--topology"));
    }
  }

  void malformedDumpNamesFileAndLine() {
    QTemporaryDir dir;
    const QString path = dir.filePath("dump.xyz");
    writeText(path, std::string(kGpumdDump).replace(std::string(kGpumdDump).find("11.5"), 4, "x"));
    TrajectoryReader reader(path.toStdString());
    TrajectoryFrame f;
    QVERIFY(reader.next(f));
    try {
      reader.next(f);
      QFAIL("malformed frame accepted");
    } catch (const InputError& e) {
      QVERIFY2(QString(e.what()).contains("dump.xyz:9:"), e.what());
    }
  }
};

QTEST_APPLESS_MAIN(TestAnalysisReaders)
#include "TestAnalysisReaders.moc"
