// Reading a run's outputs while it writes them: dump.xyz frames and thermo.out lines appear only
// when complete, are found again by time, and a cut-back or replaced file starts over; earlier
// outputs are moved aside, never overwritten; executeRunFolder's chunk and attach hooks.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "EvalSupport.hpp"
#include "ModelVariants.hpp"
#include "core/Error.hpp"
#include "io/ExtXyz.hpp"
#include "io/ExtXyzTail.hpp"
#include "io/GpumdOutput.hpp"
#include "io/GrowingFile.hpp"
#include "io/ThermoTail.hpp"
#include "run/RunDriver.hpp"
#include "run/RunOutputs.hpp"

using namespace sei;
namespace fs = std::filesystem;

namespace {

Structure frameStructure(int k) {
  Structure s;
  s.symbols = {"O", "H", "H"};
  s.positions = {{0.1 * k, 0, 0}, {0.96, 0.2 * k, 0}, {-0.24, 0.93, 0.01 * k}};
  s.charges = {-0.8 + 0.01 * k, 0.4 - 0.005 * k, 0.4 - 0.005 * k};
  s.cell = Cell(Eigen::Matrix3d::Identity() * (10.0 + k));
  return s;
}

/// A GPUMD dump.xyz frame at t = 5 k fs, as our run writes it.
std::string dumpFrame(int k) {
  std::ostringstream out;
  DumpExyzFrame extra;
  extra.time = 5.0 * k;
  extra.energy = -1.5 * k;
  writeDumpExyzFrame(out, frameStructure(k), extra, {false, true});
  return out.str();
}

void append(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::app | std::ios::binary) << text;
}

}  // namespace

class TestRunOutputs : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  std::string path(const char* name) const {
    return QDir(dir_.path()).filePath(name).toStdString();
  }

 private slots:
  void framesAppearWhenComplete() {
    const std::string file = path("dump.xyz");
    const std::string f0 = dumpFrame(0), f1 = dumpFrame(1), f2 = dumpFrame(2);
    ExtXyzTail tail(file);
    QVERIFY(tail.poll().empty());  // no file yet
    append(file, f0 + f1 + f2.substr(0, f2.size() / 2));
    std::vector<TrajectoryFrame> got = tail.poll();
    QCOMPARE(got.size(), std::size_t(2));
    QCOMPARE(got[1].time, 5.0);
    QCOMPARE(got[1].index, std::size_t(1));
    for (std::size_t i = 0; i < 3; ++i) {
      QCOMPARE(got[1].structure.positions[i], frameStructure(1).positions[i]);
      QCOMPARE(got[1].structure.charges[i], frameStructure(1).charges[i]);
    }
    QVERIFY(tail.poll().empty());  // the half frame stays pending
    append(file, f2.substr(f2.size() / 2));
    got = tail.poll();
    QCOMPARE(got.size(), std::size_t(1));
    QCOMPARE(got[0].time, 10.0);
    QCOMPARE(got[0].index, std::size_t(2));
    QCOMPARE(tail.frames().size(), std::size_t(3));
    QCOMPARE(tail.frames()[2].offset, std::uint64_t(f0.size() + f1.size()));
    QCOMPARE(tail.frames()[2].bytes, std::uint64_t(f2.size()));
    // Indexed by time, read again from the file.
    QCOMPARE(tail.mark(1).time, 5.0);
    QCOMPARE(tail.mark(2).time, 10.0);
    const TrajectoryFrame again = tail.read(1);
    QCOMPARE(again.structure.cell.matrix(), frameStructure(1).cell.matrix());
    QCOMPARE(again.structure.positions[2], frameStructure(1).positions[2]);
    QVERIFY(!tail.restarted());

    // A bounded poll leaves the rest for the next one.
    ExtXyzTail bounded(file);
    QCOMPARE(bounded.poll(true, 2).size(), std::size_t(2));
    got = bounded.poll(true, 2);
    QCOMPARE(got.size(), std::size_t(1));
    QCOMPARE(got[0].time, 10.0);
    QCOMPARE(bounded.frames()[2].offset, std::uint64_t(f0.size() + f1.size()));

    // Indexing without parsing gives the same index.
    ExtXyzTail indexOnly(file);
    QVERIFY(indexOnly.poll(false).empty());
    QCOMPARE(indexOnly.frames().size(), std::size_t(3));
    QCOMPARE(indexOnly.frames()[1].time, 5.0);

    // A resumed run cuts the file back: the index starts over with what is there.
    fs::resize_file(file, f0.size());
    got = tail.poll();
    QVERIFY(tail.restarted());
    QCOMPARE(got.size(), std::size_t(1));
    QCOMPARE(tail.frames().size(), std::size_t(1));
    // A new run replaces the file (even with a longer one): another file, start over.
    const std::string fresh = path("fresh.xyz");
    append(fresh, dumpFrame(7) + dumpFrame(8) + dumpFrame(9));
    fs::rename(fresh, file);
    got = tail.poll();
    QVERIFY(tail.restarted());
    QCOMPARE(got.size(), std::size_t(3));
    QCOMPARE(got[0].time, 35.0);
    QCOMPARE(tail.frames().size(), std::size_t(3));
  }

  void growingFileHandsOutWholeLines() {
    const std::string file = path("lines.txt");
    append(file, "a\nbbbbbbbbbbbb\nc");
    GrowingFile g(file);
    QCOMPARE(g.readNewLines(3), std::string("a\n"));
    QCOMPARE(g.readNewLines(3), std::string("bbbbbbbbbbbb\n"));  // reads on to the line's end
    QCOMPARE(g.readNewLines(3), std::string());                  // "c" is still being written
    append(file, "\n");
    QCOMPARE(g.readNewLines(), std::string("c\n"));
    QCOMPARE(g.offset(), std::uint64_t(17));
    QVERIFY(!g.restarted());
  }

  void malformedFrameNamesTheLine() {
    const std::string file = path("bad.xyz");
    append(file, dumpFrame(0) + "three\n");
    ExtXyzTail tail(file);
    try {
      tail.poll();
      QFAIL("no error");
    } catch (const InputError& e) {
      const QString what = e.what();
      QVERIFY2(what.contains("bad.xyz:6:") && what.contains("'three'"), qPrintable(what));
    }
  }

  void thermoLinesWithTimes() {
    const std::string file = path("thermo.out");
    ThermoRecord r;
    r.temperature = 301.25;
    r.kineticEnergy = 2.5;
    r.potentialEnergy = -1234.5678901234;
    r.pressure << 0.1, 0.01, 0.02, 0.01, 0.2, 0.03, 0.02, 0.03, 0.3;
    r.cell << 10, 0, 0, 1, 11, 0, 0, 0, 12;
    const std::string line = thermoLine(r);
    append(file, thermoHeader(20, 3, 0.5) + line + line.substr(0, 30));
    ThermoTail tail(file);
    std::vector<ThermoTail::Line> got = tail.poll();
    QCOMPARE(got.size(), std::size_t(1));
    QCOMPARE(got[0].time, 10.0);  // dt_output = 20 steps × 0.5 fs
    // 11 significant digits are written ("%20.10e").
    QVERIFY(std::abs(got[0].record.potentialEnergy - r.potentialEnergy) < 1e-10 * 1234.6);
    QVERIFY((got[0].record.pressure - r.pressure).norm() < 1e-10);
    QVERIFY((got[0].record.cell - r.cell).norm() < 1e-9);
    append(file, line.substr(30) + line);
    got = tail.poll();
    QCOMPARE(got.size(), std::size_t(2));
    QCOMPARE(got[1].time, 30.0);
    // GPUMD before 4.0: 12 columns, no header; the caller gives the interval.
    const std::string old = path("old-thermo.out");
    append(old, "300 1 -2 0.1 0.2 0.3 0 0 0 10 11 12\n300 1 -3 0.1 0.2 0.3 0 0 0 10 11 12\n");
    ThermoTail oldTail(old);
    oldTail.setLineInterval(50.0);
    got = oldTail.poll();
    QCOMPARE(got.size(), std::size_t(2));
    QCOMPARE(got[1].time, 100.0);
    QCOMPARE(got[1].record.potentialEnergy, -3.0);
    QCOMPARE(got[1].record.cell(1, 1), 11.0);
    append(old, "300 1 nan?\n");
    QVERIFY_THROWS_EXCEPTION(InputError, oldTail.poll());
  }

  void earlierOutputsAreMovedAside() {
    QTemporaryDir run;
    const std::string folder = run.path().toStdString();
    QVERIFY(!hasRunOutputs(folder));
    QCOMPARE(archiveRunOutputs(folder), std::string());
    append(folder + "/run.in", "run 10\n");
    QVERIFY(!hasRunOutputs(folder));  // inputs alone are no run
    append(folder + "/thermo.out", "1\n");
    append(folder + "/dump.xyz", "2\n");
    QVERIFY(hasRunOutputs(folder));
    const std::string moved = archiveRunOutputs(folder);
    QVERIFY(QString::fromStdString(moved).startsWith(run.path() + "/previous-runs/"));
    QVERIFY(!hasRunOutputs(folder));
    QVERIFY(!fs::exists(folder + "/run.in"));
    for (const char* name : {"thermo.out", "dump.xyz", "run.in"})
      QVERIFY(fs::exists(fs::path(moved) / name));
    // A second run in the same second gets a folder of its own.
    append(folder + "/thermo.out", "3\n");
    const std::string second = archiveRunOutputs(folder);
    QVERIFY(!second.empty() && second != moved);
  }

  void aRunFolderHasOneRunAtATime() {
    QTemporaryDir run;
    const std::string folder = run.path().toStdString();
    QCOMPARE(runFolderHolder(folder), std::string());
    {
      const RunFolderLock lock(folder);
      const std::string holder = runFolderHolder(folder);
      QVERIFY2(QString::fromStdString(holder).startsWith(
                   "sei run, pid " + QString::number(QCoreApplication::applicationPid())),
               holder.c_str());
      try {
        const RunFolderLock second(folder);
        QFAIL("a second lock was granted");
      } catch (const InputError& e) {
        QVERIFY2(QString(e.what()).contains("already writing") &&
                     QString(e.what()).contains(QString::fromStdString(holder)),
                 e.what());
      }
      // The run-folder driver refuses the folder before reading anything.
      RunFolderOptions options;
      options.folder = folder;
      QVERIFY_THROWS_EXCEPTION(InputError, executeRunFolder(options));
      // The lock is on the folder: deleting the note does not unlock it (issue 16).
      QVERIFY(QFile::remove(run.filePath(".sei-run.lock")));
      QVERIFY_THROWS_EXCEPTION(InputError, RunFolderLock{folder});
      QCOMPARE(runFolderHolder(folder), std::string("another run"));
    }
    QCOMPARE(runFolderHolder(folder), std::string());  // released with the lock
    {
      const RunFolderLock again(folder);
      QVERIFY(QFile::exists(run.filePath(".sei-run.lock")));
    }
    QVERIFY(!QFile::exists(run.filePath(".sei-run.lock")));  // a finished run leaves no note
    // A folder that does not exist is named as such, not through its lock file.
    try {
      const RunFolderLock none(folder + "/absent");
      QFAIL("a missing folder was locked");
    } catch (const InputError& e) {
      QVERIFY2(QString(e.what()).endsWith("/absent: no such run folder (expected a folder "
                                          "holding run.in, model.xyz and the model file)"),
               e.what());
    }
  }

  void runFolderHooks() {
    QTemporaryDir run;
    const QDir d(run.path());
    test::RandomModelSpec spec = test::modelVariant("nep4_zbl_charge2");
    spec.elements = {"C", "O"};
    test::writeTextFile(d.filePath("model.txt").toStdString(), test::randomModelText(spec));
    writeExtXyz(d.filePath("model.xyz").toStdString(),
                test::randomStructure(spec.elements, 24, test::testCell(false), 2, 1.2));
    test::writeTextFile(d.filePath("run.in").toStdString(),
                        "potential model.txt\nvelocity 300 seed 3\nkspace ewald\ntime_step 0.5\n"
                        "ensemble nve\ndump_thermo 5\nrun 20\n");
    RunFolderOptions options;
    options.folder = run.path().toStdString();
    options.threads = 1;
    options.backend = "cpu";
    options.chunk = 4;
    std::vector<std::int64_t> steps;
    std::vector<bool> attached;
    Simulation* simulation = nullptr;
    options.attach = [&](Simulation* s) {
      attached.push_back(s != nullptr);
      if (s) {
        simulation = s;
        QCOMPARE(s->snapshot()->step, std::int64_t(0));  // forces ready before the first step
      }
    };
    options.progress = [&](const Progress& p, std::size_t) {
      steps.push_back(p.step);
      QCOMPARE(simulation->snapshot()->step, p.step);
    };
    QVERIFY(executeRunFolder(options) == RunOutcome::Finished);
    QCOMPARE(attached, (std::vector<bool>{true, false}));
    QCOMPARE(steps, (std::vector<std::int64_t>{4, 8, 12, 16, 20}));
    ThermoTail thermo(d.filePath("thermo.out").toStdString());
    const auto lines = thermo.poll();
    QCOMPARE(lines.size(), std::size_t(4));
    QCOMPARE(lines.back().time, 10.0);
  }
};

QTEST_APPLESS_MAIN(TestRunOutputs)
#include "TestRunOutputs.moc"
