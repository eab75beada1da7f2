#include <netcdf.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "core/Error.hpp"
#include "io/ExtXyz.hpp"
#include "io/NetcdfTail.hpp"
#include "io/NetcdfTrajectory.hpp"
#include "io/TrajectoryTail.hpp"

using sei::NetcdfContents;
using sei::NetcdfFrame;
using sei::NetcdfTrajectoryReader;
using sei::NetcdfTrajectoryWriter;

namespace {

constexpr NetcdfContents kAll{true, true, true};
/// eV/Å → kcal/mol/Å, computed independently of the writer: 96485.33212 J/mol per eV / 4184.
constexpr double kKcalPerMolPerEv = 96485.33212331 / 4184.0;

bool closeRel(double a, double b, double rel) {
  return std::abs(a - b) <= rel * std::max(std::abs(a), std::abs(b));
}

bool closeAbs(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, double tolerance) {
  return a.rows() == b.rows() && a.cols() == b.cols() && (a - b).cwiseAbs().maxCoeff() <= tolerance;
}

/// A triclinic cell in the convention's orientation (upper triangular, positive diagonal) that
/// breathes with k and stays valid for any k.
Eigen::Matrix3d triclinicCell(int k) {
  Eigen::Matrix3d h;
  h << 12.5 + 0.1 * (k % 16), -3.25, 2.0,  //
      0.0, 11.0, 1.75,                     //
      0.0, 0.0, 14.0 - 0.2 * (k % 16);
  return h;
}

/// Frame k of a small system: every value depends only on k, so a reader can check it.
NetcdfFrame makeFrame(int k, std::size_t numAtoms, const NetcdfContents& contents) {
  NetcdfFrame f;
  f.step = 100 * k;
  f.time = 0.5 * f.step;  // fs, time step 0.5 fs
  f.cell = triclinicCell(k);
  for (std::size_t i = 0; i < numAtoms; ++i) {
    const double x = static_cast<double>(i);
    // Multiples of 1/64: exact in float, so positions and charges come back bit for bit.
    f.positions.emplace_back(0.5 * x + 0.25 * k, -0.125 * x, k + 0.75 - x / 64.0);
    if (contents.velocities)
      f.velocities.emplace_back(1e-3 * (k + 1) + 1e-6 * x, -2e-2 * std::sin(x + k), 3.3e-3);
    if (contents.forces) f.forces.emplace_back(0.1 * k - 1.7 + x, 2.5e-3 * x, -0.9 * std::cos(x));
    if (contents.charges) f.charges.push_back((i % 2 ? 0.5 : -0.25) + k / 64.0);
  }
  return f;
}

/// Compares a frame read back with the one written, to the precision the file keeps.
void compareFrames(const NetcdfFrame& written, const NetcdfFrame& read,
                   const NetcdfContents& contents) {
  QCOMPARE(read.step, written.step);
  QVERIFY2(closeRel(read.time, written.time, 1e-6) || read.time == written.time,
           qPrintable(QString("time %1 vs %2").arg(read.time).arg(written.time)));
  QVERIFY(closeAbs(read.cell, written.cell, 1e-5));
  QCOMPARE(read.positions.size(), written.positions.size());
  for (std::size_t i = 0; i < written.positions.size(); ++i) {
    QVERIFY(closeAbs(read.positions[i], written.positions[i], 1e-4));
    for (int d = 0; d < 3; ++d) {
      if (contents.velocities)
        QVERIFY(closeRel(read.velocities[i][d], written.velocities[i][d], 1e-6));
      if (contents.forces) QVERIFY(closeRel(read.forces[i][d], written.forces[i][d], 1e-6));
    }
    if (contents.charges) QVERIFY(closeRel(read.charges[i], written.charges[i], 1e-6));
  }
  QCOMPARE(read.velocities.size(), contents.velocities ? written.positions.size() : 0);
  QCOMPARE(read.forces.size(), contents.forces ? written.positions.size() : 0);
  QCOMPARE(read.charges.size(), contents.charges ? written.positions.size() : 0);
}

/// Checks that frame k matches makeFrame(k) exactly where the file is exact (positions and
/// charges are multiples of 1/64, step is an int, the cell is stored as double).
void compareExactly(const NetcdfFrame& read, int k, std::size_t numAtoms) {
  const NetcdfFrame expected = makeFrame(k, numAtoms, kAll);
  compareFrames(expected, read, kAll);
  for (std::size_t i = 0; i < numAtoms; ++i) {
    QCOMPARE(read.positions[i], expected.positions[i]);
    QCOMPARE(read.charges[i], expected.charges[i]);
  }
}

std::string errorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const sei::InputError& e) {
    return e.what();
  }
  return {};
}

/// Opens a netCDF file and returns its handle (for checks of what the file itself stores).
int openRaw(const std::string& path) {
  int ncid = -1;
  if (nc_open(path.c_str(), NC_NOWRITE, &ncid) != NC_NOERR) return -1;
  return ncid;
}

std::string rawText(int ncid, const char* var, const char* name) {
  int id = NC_GLOBAL;
  if (var && nc_inq_varid(ncid, var, &id) != NC_NOERR) return "<no variable>";
  std::size_t length = 0;
  if (nc_inq_attlen(ncid, id, name, &length) != NC_NOERR) return "<no attribute>";
  std::string s(length, '\0');
  nc_get_att_text(ncid, id, name, s.data());
  return s;
}

}  // namespace

class TestNetcdfTrajectory : public QObject {
  Q_OBJECT

 private slots:
  void roundTripTriclinicAllContents();
  void fileFollowsTheAmberConvention();
  void rotatedAndLeftHandedCells();
  void noCellAndNoOptionalContents();
  void appendContinuesAFile();
  void readWhileAnotherThreadWrites();
  void resumedRunReplacesReappendedSteps();
  void readsAmberScaledVelocities();
  void errors();
  void killedWriterLeavesCompleteFrames();
  void truncatedFileRefusedAndCutBack();
  void tailFollowsAppendsAndRestarts();
};

void TestNetcdfTrajectory::roundTripTriclinicAllContents() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string path = dir.filePath("traj.nc").toStdString();
  constexpr std::size_t n = 7;
  {
    NetcdfTrajectoryWriter writer(path, n, kAll);
    QCOMPARE(writer.frameCount(), std::size_t(0));
    for (int k = 0; k < 3; ++k) writer.appendFrame(makeFrame(k, n, kAll));
    QCOMPARE(writer.frameCount(), std::size_t(3));
  }
  const NetcdfTrajectoryReader reader(path);
  QCOMPARE(reader.numAtoms(), n);
  QCOMPARE(reader.frameCount(), std::size_t(3));
  QVERIFY(reader.contents() == kAll);
  const auto frames = sei::readNetcdfTrajectory(path);
  QCOMPARE(frames.size(), std::size_t(3));
  for (int k = 0; k < 3; ++k) compareExactly(frames[k], k, n);
  // The cell of an upper-triangular triclinic box is rebuilt to rounding, not just to 1e-5.
  QVERIFY(closeAbs(frames[2].cell, triclinicCell(2), 1e-12));
}

void TestNetcdfTrajectory::fileFollowsTheAmberConvention() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string path = dir.filePath("traj.nc").toStdString();
  NetcdfFrame f;
  f.step = 4000;
  f.time = 2000.0;  // fs
  Eigen::Matrix3d h = Eigen::Matrix3d::Zero();
  h.diagonal() << 10.0, 20.0, 30.0;
  h(0, 1) = 20.0;  // gamma = 45°
  f.cell = h;
  f.positions = {{1.0, 2.0, 3.0}};
  f.velocities = {{0.01, -0.02, 0.0}};  // Å/fs
  f.forces = {{1.0, 0.0, -2.0}};        // eV/Å
  f.charges = {-0.75};
  NetcdfTrajectoryWriter(path, 1, kAll).appendFrame(f);

  const int ncid = openRaw(path);
  QVERIFY(ncid >= 0);
  int format = 0;
  QCOMPARE(nc_inq_format(ncid, &format), NC_NOERR);
  QCOMPARE(format, NC_FORMAT_64BIT_OFFSET);
  QCOMPARE(rawText(ncid, nullptr, "Conventions"), std::string("AMBER"));
  QCOMPARE(rawText(ncid, nullptr, "ConventionVersion"), std::string("1.0"));
  QCOMPARE(rawText(ncid, nullptr, "program"), std::string("SEI Studio"));
  QVERIFY(!rawText(ncid, nullptr, "programVersion").empty());
  QCOMPARE(rawText(ncid, "time", "units"), std::string("picosecond"));
  QCOMPARE(rawText(ncid, "coordinates", "units"), std::string("angstrom"));
  QCOMPARE(rawText(ncid, "cell_lengths", "units"), std::string("angstrom"));
  QCOMPARE(rawText(ncid, "cell_angles", "units"), std::string("degree"));
  QCOMPARE(rawText(ncid, "velocities", "units"), std::string("angstrom/picosecond"));
  QCOMPARE(rawText(ncid, "forces", "units"), std::string("kilocalorie/mole/angstrom"));

  int unlimited = -1, frameDim = -1;
  QCOMPARE(nc_inq_unlimdim(ncid, &unlimited), NC_NOERR);
  QCOMPARE(nc_inq_dimid(ncid, "frame", &frameDim), NC_NOERR);
  QCOMPARE(unlimited, frameDim);
  auto var = [ncid](const char* name) {
    int id = -1;
    nc_inq_varid(ncid, name, &id);
    return id;
  };
  nc_type type = NC_NAT;
  QCOMPARE(nc_inq_vartype(ncid, var("coordinates"), &type), NC_NOERR);
  QCOMPARE(type, NC_FLOAT);
  QCOMPARE(nc_inq_vartype(ncid, var("cell_lengths"), &type), NC_NOERR);
  QCOMPARE(type, NC_DOUBLE);
  QCOMPARE(nc_inq_vartype(ncid, var("step"), &type), NC_NOERR);
  QCOMPARE(type, NC_INT);

  char labels[3] = {};
  QCOMPARE(nc_get_var_text(ncid, var("spatial"), labels), NC_NOERR);
  QCOMPARE(std::string(labels, 3), std::string("xyz"));
  QCOMPARE(nc_get_var_text(ncid, var("cell_spatial"), labels), NC_NOERR);
  QCOMPARE(std::string(labels, 3), std::string("abc"));
  char angular[15] = {};
  QCOMPARE(nc_get_var_text(ncid, var("cell_angular"), angular), NC_NOERR);
  QCOMPARE(std::string(angular, 15), std::string("alphabeta gamma"));

  // Stored values are in the convention's units: ps, Å/ps, kcal/mol/Å, lengths and degrees.
  float time = 0.0f;
  QCOMPARE(nc_get_var_float(ncid, var("time"), &time), NC_NOERR);
  QCOMPARE(time, 2.0f);
  int step = 0;
  QCOMPARE(nc_get_var_int(ncid, var("step"), &step), NC_NOERR);
  QCOMPARE(step, 4000);
  double lengths[3] = {}, angles[3] = {};
  QCOMPARE(nc_get_var_double(ncid, var("cell_lengths"), lengths), NC_NOERR);
  QCOMPARE(nc_get_var_double(ncid, var("cell_angles"), angles), NC_NOERR);
  QVERIFY(closeRel(lengths[1], std::sqrt(800.0), 1e-15));
  QCOMPARE(lengths[0], 10.0);
  QCOMPARE(lengths[2], 30.0);
  QCOMPARE(angles[0], 90.0);
  QCOMPARE(angles[1], 90.0);
  QVERIFY(closeRel(angles[2], 45.0, 1e-14));
  float v[3] = {}, force[3] = {}, q = 0.0f;
  QCOMPARE(nc_get_var_float(ncid, var("velocities"), v), NC_NOERR);
  QCOMPARE(nc_get_var_float(ncid, var("forces"), force), NC_NOERR);
  QCOMPARE(nc_get_var_float(ncid, var("charges"), &q), NC_NOERR);
  QCOMPARE(v[0], 10.0f);
  QCOMPARE(v[1], -20.0f);
  QVERIFY(closeRel(force[0], kKcalPerMolPerEv, 1e-7));
  QVERIFY(closeRel(force[2], -2.0 * kKcalPerMolPerEv, 1e-7));
  QCOMPARE(q, -0.75f);
  nc_close(ncid);
}

void TestNetcdfTrajectory::rotatedAndLeftHandedCells() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string path = dir.filePath("rotated.nc").toStdString();
  constexpr std::size_t n = 5;
  const NetcdfFrame standard = makeFrame(1, n, kAll);
  const Eigen::Matrix3d rotation =
      Eigen::AngleAxisd(0.7, Eigen::Vector3d(1.0, -2.0, 0.5).normalized()).toRotationMatrix();
  Eigen::Matrix3d mirror = Eigen::Matrix3d::Identity();
  mirror(1, 1) = -1.0;
  // A rotated right-handed cell, and a mirrored (left-handed) one.
  const Eigen::Matrix3d maps[2] = {rotation, rotation * mirror};
  for (const Eigen::Matrix3d& m : maps) {
    NetcdfFrame f = standard;
    f.cell = m * standard.cell;
    for (std::size_t i = 0; i < n; ++i) {
      f.positions[i] = m * standard.positions[i];
      f.velocities[i] = m * standard.velocities[i];
      f.forces[i] = m * standard.forces[i];
    }
    NetcdfTrajectoryWriter(path, n, kAll).appendFrame(f);
    const NetcdfFrame back = sei::readNetcdfTrajectory(path).at(0);
    // Read back in the standard orientation, positions consistent with it: the same
    // fractional coordinates and distances.
    QVERIFY(closeAbs(back.cell, standard.cell, 1e-5));
    QVERIFY(back.cell(1, 0) == 0.0 && back.cell(2, 0) == 0.0 && back.cell(2, 1) == 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      QVERIFY(closeAbs(back.cell.inverse() * back.positions[i], f.cell.inverse() * f.positions[i],
                       1e-5));
      QVERIFY(std::abs((back.positions[i] - back.positions[0]).norm() -
                       (f.positions[i] - f.positions[0]).norm()) < 1e-4);
      // Velocities and forces turn with the positions. The standard cell has the same lengths
      // and angles as m·h, so the writer's map undoes m (a mirror too) and everything comes
      // back as in the standard frame.
      QVERIFY(closeAbs(back.positions[i], standard.positions[i], 1e-4));
      QVERIFY(closeAbs(back.velocities[i], standard.velocities[i], 1e-6));
      QVERIFY(closeAbs(back.forces[i], standard.forces[i], 1e-5));
      QVERIFY(std::abs(back.velocities[i].dot(back.forces[i]) - f.velocities[i].dot(f.forces[i])) <
              1e-5);
    }
  }
}

void TestNetcdfTrajectory::noCellAndNoOptionalContents() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string path = dir.filePath("cluster.nc").toStdString();
  const NetcdfContents none{};
  NetcdfFrame f = makeFrame(2, 4, none);
  f.cell.setZero();  // free boundaries
  NetcdfTrajectoryWriter(path, 4, none).appendFrame(f);
  const auto frames = sei::readNetcdfTrajectory(path);
  QCOMPARE(frames.size(), std::size_t(1));
  QVERIFY(frames[0].cell.isZero(0.0));
  compareFrames(f, frames[0], none);
  const NetcdfTrajectoryReader reader(path);
  QVERIFY(reader.contents() == none);

  // An empty trajectory (a run killed before its first frame) is a valid file.
  NetcdfTrajectoryWriter(path, 4, none);
  QVERIFY(sei::readNetcdfTrajectory(path).empty());
}

// A file cut short (a partial copy, a full disk) is refused by name instead of being read as
// zeros; cutNetcdfTrajectory takes a file back to an earlier frame count and size exactly, and
// appending continues from there (a resumed run, issue 16).
void TestNetcdfTrajectory::truncatedFileRefusedAndCutBack() {
  QTemporaryDir dir;
  const std::string path = dir.filePath("traj.nc").toStdString();
  constexpr std::size_t n = 4;
  std::uintmax_t sizeAtTwo = 0;
  {
    NetcdfTrajectoryWriter writer(path, n, kAll);
    writer.appendFrame(makeFrame(0, n, kAll));
    writer.appendFrame(makeFrame(1, n, kAll));
    sizeAtTwo = std::filesystem::file_size(path);
    writer.appendFrame(makeFrame(2, n, kAll));
  }
  const std::string copy = dir.filePath("copy.nc").toStdString();
  std::filesystem::copy_file(path, copy);
  std::filesystem::resize_file(copy, std::filesystem::file_size(path) - 10);
  try {
    NetcdfTrajectoryReader reader(copy);
    QFAIL("a truncated trajectory was read");
  } catch (const sei::InputError& e) {
    QVERIFY2(QString(e.what()).contains("copy.nc: truncated: its header declares") &&
                 QString(e.what()).contains(QString::number(std::filesystem::file_size(copy))),
             e.what());
  }

  sei::cutNetcdfTrajectory(path, 2, sizeAtTwo);
  QCOMPARE(std::filesystem::file_size(path), sizeAtTwo);
  QCOMPARE(NetcdfTrajectoryReader(path).frameCount(), std::size_t(2));
  {
    NetcdfTrajectoryWriter writer(path, n, kAll, true);
    QCOMPARE(writer.frameCount(), std::size_t(2));
    writer.appendFrame(makeFrame(5, n, kAll));
  }
  const auto frames = sei::readNetcdfTrajectory(path);
  QCOMPARE(frames.size(), std::size_t(3));
  compareExactly(frames[0], 0, n);
  compareExactly(frames[1], 1, n);
  compareExactly(frames[2], 5, n);
  QVERIFY_THROWS_EXCEPTION(sei::InputError, sei::cutNetcdfTrajectory(path, 4, sizeAtTwo));
}

void TestNetcdfTrajectory::appendContinuesAFile() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string path = dir.filePath("traj.nc").toStdString();
  constexpr std::size_t n = 3;
  {
    // append = true on a missing file starts it.
    NetcdfTrajectoryWriter writer(path, n, kAll, true);
    writer.appendFrame(makeFrame(0, n, kAll));
    writer.appendFrame(makeFrame(1, n, kAll));
    writer.close();
    QVERIFY_THROWS_EXCEPTION(sei::InputError, writer.appendFrame(makeFrame(2, n, kAll)));
  }
  {
    NetcdfTrajectoryWriter writer(path, n, kAll, true);
    QCOMPARE(writer.frameCount(), std::size_t(2));
    writer.appendFrame(makeFrame(2, n, kAll));
    writer.appendFrame(makeFrame(3, n, kAll));
    QCOMPARE(writer.frameCount(), std::size_t(4));
  }
  const auto frames = sei::readNetcdfTrajectory(path);
  QCOMPARE(frames.size(), std::size_t(4));
  for (int k = 0; k < 4; ++k) compareExactly(frames[k], k, n);

  // Without append an existing file is replaced.
  NetcdfTrajectoryWriter(path, n, kAll).appendFrame(makeFrame(7, n, kAll));
  const auto replaced = sei::readNetcdfTrajectory(path);
  QCOMPARE(replaced.size(), std::size_t(1));
  compareExactly(replaced[0], 7, n);
}

// The studio's MD worker appends to movie.nc while the timeline reads it on another thread, and
// the netCDF library is not thread-safe: every frame a reader sees while files are opened,
// appended to and closed on another thread is whole and exact.
void TestNetcdfTrajectory::readWhileAnotherThreadWrites() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  constexpr std::size_t n = 50;
  constexpr int kFrames = 400;
  const std::string a = dir.filePath("a.nc").toStdString(), b = dir.filePath("b.nc").toStdString();
  NetcdfTrajectoryWriter(a, n, kAll).appendFrame(makeFrame(0, n, kAll));
  std::atomic<bool> done{false};
  std::thread writers([&] {
    // Each frame opens and closes its files, as runs that stop and continue do: the library's
    // list of open files changes under the reader's opens and closes.
    for (int k = 1; k < kFrames; ++k) {
      NetcdfTrajectoryWriter(a, n, kAll, true).appendFrame(makeFrame(k, n, kAll));
      NetcdfTrajectoryWriter(b, n, kAll, k > 1).appendFrame(makeFrame(k, n, kAll));
    }
    done = true;
  });
  int reads = 0;
  std::string problem;
  while ((!done || reads == 0) && problem.empty()) {
    try {
      const sei::NetcdfTrajectoryReader reader(a);
      const std::size_t last = reader.frameCount() - 1;
      const NetcdfFrame f = reader.readFrame(last);
      const NetcdfFrame expected = makeFrame(int(last), n, kAll);
      for (std::size_t i = 0; i < n && problem.empty(); ++i)
        if (f.positions[i] != expected.positions[i] || f.charges[i] != expected.charges[i])
          problem = "frame " + std::to_string(last) + " atom " + std::to_string(i) + " differs";
      ++reads;
    } catch (const std::exception& e) {
      problem = e.what();
    }
  }
  writers.join();
  QVERIFY2(problem.empty(), problem.c_str());
  QVERIFY(reads > 0);
  QCOMPARE(sei::readNetcdfTrajectory(b).size(), std::size_t(kFrames - 1));
  QCOMPARE(sei::readNetcdfTrajectory(a).size(), std::size_t(kFrames));
}

void TestNetcdfTrajectory::resumedRunReplacesReappendedSteps() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string path = dir.filePath("traj.nc").toStdString();
  constexpr std::size_t n = 2;
  {
    NetcdfTrajectoryWriter writer(path, n, kAll);
    for (int k = 0; k < 4; ++k) writer.appendFrame(makeFrame(k, n, kAll));  // steps 0..300
  }
  // The run resumes from its checkpoint at step 100 and writes steps 200, 300, 400 again, with
  // other values (a different random stream after the restart).
  std::vector<NetcdfFrame> resumed;
  {
    NetcdfTrajectoryWriter writer(path, n, kAll, true);
    QCOMPARE(writer.frameCount(), std::size_t(4));
    for (int k = 2; k < 5; ++k) {
      NetcdfFrame f = makeFrame(k, n, kAll);
      f.positions[0].x() += 1000.0;
      writer.appendFrame(f);
      resumed.push_back(f);
    }
  }
  const NetcdfTrajectoryReader reader(path);
  QCOMPARE(reader.frameCount(), std::size_t(7));
  QCOMPARE(reader.latestFrames(), (std::vector<std::size_t>{0, 1, 4, 5, 6}));
  const auto frames = sei::readNetcdfTrajectory(path);
  QCOMPARE(frames.size(), std::size_t(5));
  compareExactly(frames[0], 0, n);
  compareExactly(frames[1], 1, n);
  for (int j = 0; j < 3; ++j) compareFrames(resumed[j], frames[2 + j], kAll);
}

void TestNetcdfTrajectory::readsAmberScaledVelocities() {
  // A file as AMBER writes it: velocities in Å/(1/20.455 ps) with scale_factor 20.455, no step
  // and no charges. Written here with the netCDF API directly.
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string path = dir.filePath("amber.nc").toStdString();
  int ncid = -1, frame = -1, spatial = -1, atom = -1, pos = -1, vel = -1, time = -1;
  QCOMPARE(nc_create(path.c_str(), NC_64BIT_OFFSET, &ncid), NC_NOERR);
  nc_def_dim(ncid, "frame", NC_UNLIMITED, &frame);
  nc_def_dim(ncid, "spatial", 3, &spatial);
  nc_def_dim(ncid, "atom", 2, &atom);
  const int dims[3] = {frame, atom, spatial};
  nc_def_var(ncid, "time", NC_FLOAT, 1, &frame, &time);
  nc_def_var(ncid, "coordinates", NC_FLOAT, 3, dims, &pos);
  nc_def_var(ncid, "velocities", NC_FLOAT, 3, dims, &vel);
  nc_put_att_text(ncid, time, "units", 10, "picosecond");
  nc_put_att_text(ncid, pos, "units", 8, "angstrom");
  nc_put_att_text(ncid, vel, "units", 19, "angstrom/picosecond");
  const double scale = 20.455;
  nc_put_att_double(ncid, vel, "scale_factor", NC_DOUBLE, 1, &scale);
  nc_put_att_text(ncid, NC_GLOBAL, "Conventions", 5, "AMBER");
  nc_put_att_text(ncid, NC_GLOBAL, "ConventionVersion", 3, "1.0");
  QCOMPARE(nc_enddef(ncid), NC_NOERR);
  const float times[2] = {1.0f, 1.5f};
  const float xyz[12] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  const float v[12] = {1, 0, 0, 0, 2, 0, 0, 0, 1, -1, 0, 0};
  const std::size_t start[] = {0, 0, 0}, count[] = {2, 2, 3};
  nc_put_vara_float(ncid, time, start, count, times);
  nc_put_vara_float(ncid, pos, start, count, xyz);
  nc_put_vara_float(ncid, vel, start, count, v);
  QCOMPARE(nc_close(ncid), NC_NOERR);

  const NetcdfTrajectoryReader reader(path);
  QVERIFY(reader.contents() == (NetcdfContents{true, false, false}));
  QCOMPARE(reader.steps(), (std::vector<std::int64_t>{0, 1}));
  const auto frames = sei::readNetcdfTrajectory(path);
  QCOMPARE(frames.size(), std::size_t(2));
  QCOMPARE(frames[1].time, 1500.0);
  QVERIFY(frames[1].cell.isZero(0.0));
  QCOMPARE(frames[1].positions[1], Eigen::Vector3d(9.0, 10.0, 11.0));
  // 1 (stored) × 20.455 Å/ps = 0.020455 Å/fs.
  QVERIFY(closeRel(frames[0].velocities[1].y(), 2.0 * 0.020455, 1e-12));
  QVERIFY(closeRel(frames[1].velocities[1].x(), -0.020455, 1e-12));
}

void TestNetcdfTrajectory::errors() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  auto isOneLineNaming = [](const std::string& message, const std::string& path) {
    return !message.empty() && message.find(path) != std::string::npos &&
           message.find('\n') == std::string::npos;
  };

  // Bad paths.
  const std::string noDir = dir.filePath("missing/dir/traj.nc").toStdString();
  std::string message = errorOf([&] { NetcdfTrajectoryWriter(noDir, 3, kAll); });
  QVERIFY2(isOneLineNaming(message, noDir), message.c_str());
  QVERIFY2(message.find("No such file") != std::string::npos, message.c_str());
  message = errorOf([&] { sei::readNetcdfTrajectory(noDir); });
  QVERIFY2(isOneLineNaming(message, noDir), message.c_str());
  const std::string text = dir.filePath("text.nc").toStdString();
  {
    QFile f(QString::fromStdString(text));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("3\nnot a netCDF file\n");
  }
  message = errorOf([&] { sei::readNetcdfTrajectory(text); });
  QVERIFY2(isOneLineNaming(message, text), message.c_str());
  message = errorOf([&] { NetcdfTrajectoryWriter(text, 3, kAll, true); });
  QVERIFY2(isOneLineNaming(message, text), message.c_str());

  // Appending to a file of another shape or other contents.
  const std::string path = dir.filePath("traj.nc").toStdString();
  NetcdfTrajectoryWriter(path, 3, kAll).appendFrame(makeFrame(0, 3, kAll));
  message = errorOf([&] { NetcdfTrajectoryWriter(path, 4, kAll, true); });
  QVERIFY2(isOneLineNaming(message, path), message.c_str());
  QVERIFY2(message.find("holds 3 atoms, this run has 4") != std::string::npos, message.c_str());
  message = errorOf([&] { NetcdfTrajectoryWriter(path, 3, {true, false, true}, true); });
  QVERIFY2(isOneLineNaming(message, path), message.c_str());
  QVERIFY2(message.find("forces") != std::string::npos, message.c_str());
  message = errorOf([&] { NetcdfTrajectoryWriter(path, 3, {}, true); });
  QVERIFY2(isOneLineNaming(message, path), message.c_str());

  // A value beyond float range is refused before anything is written; wrong sizes are bugs.
  {
    NetcdfTrajectoryWriter writer(path, 3, kAll, true);
    NetcdfFrame bad = makeFrame(1, 3, kAll);
    bad.forces[2].y() = 1e40;
    message = errorOf([&] { writer.appendFrame(bad); });
    QVERIFY2(isOneLineNaming(message, path), message.c_str());
    QVERIFY2(message.find("force of atom 2") != std::string::npos, message.c_str());
    bad = makeFrame(1, 3, kAll);
    bad.step = 1LL << 40;
    QVERIFY_THROWS_EXCEPTION(sei::InputError, writer.appendFrame(bad));
    bad = makeFrame(1, 3, kAll);
    bad.charges.pop_back();
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, writer.appendFrame(bad));
    QCOMPARE(writer.frameCount(), std::size_t(1));
    writer.appendFrame(makeFrame(1, 3, kAll));  // the writer is still usable
  }
  const auto frames = sei::readNetcdfTrajectory(path);
  QCOMPARE(frames.size(), std::size_t(2));
  compareExactly(frames[1], 1, 3);
  QVERIFY_THROWS_EXCEPTION(std::out_of_range, NetcdfTrajectoryReader(path).readFrame(2));
}

void TestNetcdfTrajectory::killedWriterLeavesCompleteFrames() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string path = dir.filePath("killed.nc").toStdString();
  // Big enough frames (~40 kB) that the kill usually lands in the middle of one.
  constexpr std::size_t n = 1000;
  constexpr int kMaxFrames = 10000;  // bounds the file (~400 MB) if the parent were very slow

  const pid_t child = fork();
  QVERIFY(child >= 0);
  if (child == 0) {
    // The child only writes; _exit skips the test framework's exit handlers.
    try {
      NetcdfTrajectoryWriter writer(path, n, kAll);
      for (int k = 0; k < kMaxFrames; ++k) writer.appendFrame(makeFrame(k, n, kAll));
    } catch (...) {
      _exit(3);
    }
    _exit(0);
  }

  // Wait until the file shows at least 5 frames, then kill the writer wherever it is.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::size_t seen = 0;
  while (seen < 5 && std::chrono::steady_clock::now() < deadline) {
    try {
      seen = NetcdfTrajectoryReader(path).frameCount();
    } catch (const sei::InputError&) {
      // Not created yet, or its header is still being written.
    }
    if (seen < 5) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  QCOMPARE(kill(child, SIGKILL), 0);
  int status = 0;
  QCOMPARE(waitpid(child, &status, 0), child);
  QVERIFY2(seen >= 5, "the writer did not reach 5 frames within 60 s");
  QVERIFY2(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
           "the writer ended before it was killed");

  const auto frames = sei::readNetcdfTrajectory(path);
  QVERIFY2(frames.size() >= 5, qPrintable(QString::number(frames.size())));
  QVERIFY(frames.size() < static_cast<std::size_t>(kMaxFrames));
  for (std::size_t k = 0; k < frames.size() && !QTest::currentTestFailed(); ++k)
    compareExactly(frames[k], static_cast<int>(k), n);
  qInfo("killed after %zu complete frames", frames.size());

  // A resumed run continues right after the last complete frame.
  {
    NetcdfTrajectoryWriter writer(path, n, kAll, true);
    QCOMPARE(writer.frameCount(), frames.size());
    writer.appendFrame(makeFrame(static_cast<int>(frames.size()), n, kAll));
  }
  const auto resumed = sei::readNetcdfTrajectory(path);
  QCOMPARE(resumed.size(), frames.size() + 1);
  compareExactly(resumed.back(), static_cast<int>(frames.size()), n);
}

// The studio follows a run's movie.nc (NetcdfTail, chosen by the name): nothing before the file
// exists, the frames appended since the last poll (at most the number asked, the rest at the
// next poll), found by time and read again exactly, and a replaced file starts the index over.
void TestNetcdfTrajectory::tailFollowsAppendsAndRestarts() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  constexpr std::size_t n = 3;
  const std::string path = dir.filePath("movie.nc").toStdString();
  sei::Structure model;
  model.symbols = {"Na", "Na", "F"};
  model.positions = makeFrame(0, n, kAll).positions;
  model.cell = sei::Cell(triclinicCell(0));
  sei::writeExtXyz(dir.filePath("model.xyz").toStdString(), model);  // the symbols

  const std::unique_ptr<sei::TrajectoryTail> followed = sei::followTrajectory(path);
  QVERIFY(dynamic_cast<sei::NetcdfTail*>(followed.get()));
  sei::TrajectoryTail& tail = *followed;
  QVERIFY(tail.poll().empty());
  QCOMPARE(tail.frameCount(), std::size_t(0));
  QVERIFY(!tail.restarted());
  auto steps = [&tail] {
    std::vector<std::int64_t> s;
    for (std::size_t i = 0; i < tail.frameCount(); ++i) s.push_back(tail.mark(i).step);
    return s;
  };
  {
    NetcdfTrajectoryWriter writer(path, n, kAll);
    for (int k = 0; k < 3; ++k) writer.appendFrame(makeFrame(k, n, kAll));
    const auto first = tail.poll(true, 2);
    QCOMPARE(first.size(), std::size_t(2));
    QCOMPARE(first[1].step, std::int64_t(100));
    QVERIFY(std::abs(first[1].time - 50.0) < 1e-4);  // stored as float ps
    QCOMPARE(first[1].structure.symbols[2], std::string("F"));
    QCOMPARE(tail.poll().size(), std::size_t(1));
    QVERIFY(tail.poll().empty());
    for (int k = 3; k < 5; ++k) writer.appendFrame(makeFrame(k, n, kAll));
    QVERIFY(tail.poll(false).empty());  // indexed, not read
    QVERIFY(!tail.restarted());
    QCOMPARE(steps(), (std::vector<std::int64_t>{0, 100, 200, 300, 400}));
    QVERIFY(std::abs(tail.mark(3).time - 150.0) < 1e-4);  // frames every 50 fs
    const sei::TrajectoryFrame again = tail.read(4);
    QCOMPARE(again.step, std::int64_t(400));
    for (std::size_t i = 0; i < n; ++i)
      QCOMPARE(again.structure.positions[i], makeFrame(4, n, kAll).positions[i]);
  }
  NetcdfTrajectoryWriter(path, n, kAll).appendFrame(makeFrame(7, n, kAll));  // a new run
  QCOMPARE(tail.poll().size(), std::size_t(1));
  QVERIFY(tail.restarted());
  QCOMPARE(steps(), (std::vector<std::int64_t>{700}));
  QVERIFY(tail.poll().empty());
  QVERIFY(!tail.restarted());
}

QTEST_APPLESS_MAIN(TestNetcdfTrajectory)
#include "TestNetcdfTrajectory.moc"
