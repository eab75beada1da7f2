#include <QtTest>
#include <clocale>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "core/Elements.hpp"
#include "io/ExtXyz.hpp"
#include "io/GpumdOutput.hpp"

using sei::Structure;

namespace {

std::vector<std::string> split(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> tokens;
  for (std::string t; in >> t;) tokens.push_back(t);
  return tokens;
}

// What GPUMD's fprintf("%20.10e") writes, in the C locale.
std::string printfColumn(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%20.10e", v);
  return buffer;
}

sei::ThermoRecord knownRecord() {
  sei::ThermoRecord r;
  r.temperature = 300.5;
  r.kineticEnergy = 12.25;
  r.potentialEnergy = -1234.56789012345;
  r.pressure << 1.1, 0.4, -0.5,  //
      0.2, 2.2, 0.7,             //
      -0.3, 0.9, 3.3;
  r.cell << 20.0, 1.5, -0.25,  //
      0.0, 21.0, 0.5,          //
      0.0, 0.0, 60.123456789;
  return r;
}

// A small triclinic, partly periodic Na/EC-like frame with every per-atom array filled.
struct Frame {
  Structure s;
  std::vector<double> perAtomEnergy;
  std::vector<Eigen::Matrix3d> bec;
  std::vector<Eigen::Matrix3d> perAtomVirial;
  std::vector<Eigen::Vector3d> unwrapped;
  sei::DumpExyzFrame extra;
};

Frame makeFrame() {
  Frame f;
  Structure& s = f.s;
  Eigen::Matrix3d h;
  h << 12.5, 0.3, -1.0 / 3.0,  //
      0.0, 13.25, 0.2,         //
      0.0, 0.0, 40.0 / 7.0;
  s.cell = sei::Cell(h, {true, true, false});
  const char* symbols[] = {"Na", "C", "O", "H", "P", "F"};
  for (int i = 0; i < 6; ++i) {
    const double x = 0.1 * i + 1.0 / 3.0;
    s.symbols.emplace_back(symbols[i]);
    s.positions.emplace_back(x, 2.0 * x, -x / 7.0);
    s.velocities.emplace_back(1e-3 * x, -2e-3 * x, 3e-3 / (i + 1));
    s.forces.emplace_back(-x, 0.5 * x, 1e-9 * i);
    s.charges.push_back(0.8 - 0.3 * i);
    s.masses.push_back(sei::atomicMass(sei::atomicNumber(symbols[i])) + 0.125);
    f.perAtomEnergy.push_back(-3.0 - 0.01 * i);
    Eigen::Matrix3d b;
    b << 1 + i, 2, 3, 4, 5 + i, 6, 7, 8, 9 + i;
    f.bec.push_back(0.1 * b);
    f.perAtomVirial.push_back(-0.5 * b.transpose());
    f.unwrapped.push_back(s.positions.back() + h.col(0) * (i - 2));
  }
  s.info = "energy=999 config_type=input";  // must not leak into the dump
  f.extra.time = 1234.5;
  f.extra.energy = -18.375;
  f.extra.virial << 1, 2, 3, 2, 5, 6, 3, 6, 9;
  f.extra.pressure << 0.01, 0.002, 0.003, 0.002, 0.02, 0.004, 0.003, 0.004, 0.03;
  f.extra.perAtomEnergy = &f.perAtomEnergy;
  f.extra.bec = &f.bec;
  f.extra.perAtomVirial = &f.perAtomVirial;
  f.extra.unwrappedPositions = &f.unwrapped;
  return f;
}

sei::DumpExyzColumns allColumns() {
  sei::DumpExyzColumns c;
  c.mass = c.charge = c.bec = c.velocity = c.force = c.potential = c.unwrappedPosition = c.virial =
      true;
  return c;
}

}  // namespace

class TestGpumdOutput : public QObject {
  Q_OBJECT

 private slots:
  void thermoLineColumns();
  void thermoLineIgnoresLocale();
  void thermoHeaderText();
  void dumpFrameReadsBack();
  void dumpFrameHeaderAndColumnOrder();
  void dumpFrameMinimalAndMassFallback();
  void dumpFrameRejectsMissingData();
  void extXyzLayoutHook();
};

void TestGpumdOutput::thermoLineColumns() {
  const sei::ThermoRecord r = knownRecord();
  const std::string line = sei::thermoLine(r);
  QCOMPARE(line.size(), std::size_t(18 * 20 + 1));
  QCOMPARE(line.back(), '\n');
  const auto tokens = split(line);
  QCOMPARE(tokens.size(), std::size_t(18));
  // T K U Pxx Pyy Pzz Pyz Pxz Pxy ax ay az bx by bz cx cy cz; off-diagonals averaged.
  const double expected[18] = {300.5, 12.25, -1234.56789012345,
                               1.1,   2.2,   3.3,
                               0.8,   -0.4,  0.3,
                               20.0,  0.0,   0.0,
                               1.5,   21.0,  0.0,
                               -0.25, 0.5,   60.123456789};
  std::string printed;
  for (int k = 0; k < 18; ++k) {
    const double v = std::stod(tokens[k]);
    QVERIFY2(std::abs(v - expected[k]) <= 1e-10 * std::max(1.0, std::abs(expected[k])),
             qPrintable(QString("column %1: %2").arg(k + 1).arg(tokens[k].c_str())));
    printed += printfColumn(expected[k]);
  }
  // Byte for byte what GPUMD's "%20.10e" produces.
  QCOMPARE(QString::fromStdString(line), QString::fromStdString(printed + "\n"));
  QCOMPARE(QString::fromStdString(tokens[0]), QString("3.0050000000e+02"));
  QCOMPARE(QString::fromStdString(tokens[2]), QString("-1.2345678901e+03"));
}

void TestGpumdOutput::thermoLineIgnoresLocale() {
  const char* locales[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8"};
  const std::string before = sei::thermoLine(knownRecord());
  const std::string saved = std::setlocale(LC_NUMERIC, nullptr);
  bool switched = false;
  for (const char* name : locales) {
    if (std::setlocale(LC_NUMERIC, name)) {
      switched = true;
      break;
    }
  }
  const std::string during = sei::thermoLine(knownRecord());
  std::setlocale(LC_NUMERIC, saved.c_str());
  if (!switched) QSKIP("no locale with a decimal comma installed");
  QCOMPARE(QString::fromStdString(during), QString::fromStdString(before));
}

void TestGpumdOutput::thermoHeaderText() {
  QCOMPARE(QString::fromStdString(sei::thermoHeader(100, 4032, 0.5)),
           QString("# dump_thermo 100\n"
                   "# format_version 1\n"
                   "# num_atoms 4032\n"
                   "# dt_output 5.0000000000e+01 fs\n"
                   "# columns T KE PE sxx syy szz syz sxz sxy ax ay az bx by bz cx cy cz\n"));
}

void TestGpumdOutput::dumpFrameReadsBack() {
  const Frame f = makeFrame();
  std::ostringstream out;
  sei::writeDumpExyzFrame(out, f.s, f.extra, allColumns());
  sei::writeDumpExyzFrame(out, f.s, f.extra, allColumns());  // dump.xyz is appended to
  std::istringstream in(out.str());
  const auto frames = sei::readExtXyzFrames(in, "dump.xyz");
  QCOMPARE(frames.size(), std::size_t(2));
  for (const Structure& back : frames) {
    QCOMPARE(back.size(), f.s.size());
    QVERIFY(back.symbols == f.s.symbols);
    for (std::size_t i = 0; i < f.s.size(); ++i) {
      // The shortest round-trip text reads back exactly.
      QCOMPARE(back.positions[i], f.s.positions[i]);
      QCOMPARE(back.velocities[i], f.s.velocities[i]);
      QCOMPARE(back.forces[i], f.s.forces[i]);
      QCOMPARE(back.charges[i], f.s.charges[i]);
      QCOMPARE(back.masses[i], f.s.masses[i]);
    }
    QCOMPARE(back.cell.matrix(), f.s.cell.matrix());
    QVERIFY(back.cell.periodicity() == f.s.cell.periodicity());
    // GPUMD's header keys survive as uninterpreted info.
    const QString info = QString::fromStdString(back.info);
    QVERIFY2(info.startsWith("Time=1234.5 energy=-18.375 virial=\"1 2 3 2 5 6 3 6 9\" "
                             "stress=\"0.01 0.002 0.003 0.002 0.02 0.004 0.003 0.004 0.03\""),
             qPrintable(info));
    QVERIFY2(!info.contains("config_type") && !info.contains("999"), qPrintable(info));
  }
}

void TestGpumdOutput::dumpFrameHeaderAndColumnOrder() {
  const Frame f = makeFrame();
  std::ostringstream out;
  sei::writeDumpExyzFrame(out, f.s, f.extra, allColumns());
  std::istringstream in(out.str());
  std::string count, header, atom;
  std::getline(in, count);
  std::getline(in, header);
  std::getline(in, atom);
  QCOMPARE(QString::fromStdString(count), QString("6"));
  QVERIFY2(QString::fromStdString(header).contains(
               " Properties=species:S:1:pos:R:3:mass:R:1:charge:R:1:bec:R:9:vel:R:3:forces:R:3:"
               "energy_atom:R:1:unwrapped_position:R:3:virial:R:9 pbc=\"T T F\""),
           header.c_str());
  QVERIFY(QString::fromStdString(header).contains("Lattice=\"12.5 0 0 0.3 13.25 0 "));
  // species pos mass charge bec(9) vel forces energy_atom unwrapped(3) virial(9)
  const auto tokens = split(atom);
  QCOMPARE(tokens.size(), std::size_t(1 + 3 + 1 + 1 + 9 + 3 + 3 + 1 + 3 + 9));
  QCOMPARE(QString::fromStdString(tokens[0]), QString("Na"));
  QCOMPARE(std::stod(tokens[4]), f.s.masses[0]);
  QCOMPARE(std::stod(tokens[5]), f.s.charges[0]);
  for (int k = 0; k < 9; ++k) {  // bec row-major: xx xy xz yx yy yz zx zy zz
    QCOMPARE(std::stod(tokens[6 + k]), f.bec[0](k / 3, k % 3));
    QCOMPARE(std::stod(tokens[25 + k]), f.perAtomVirial[0](k / 3, k % 3));
  }
  QCOMPARE(std::stod(tokens[15]), f.s.velocities[0].x());
  QCOMPARE(std::stod(tokens[18]), f.s.forces[0].x());
  QCOMPARE(std::stod(tokens[21]), f.perAtomEnergy[0]);
  QCOMPARE(std::stod(tokens[22]), f.unwrapped[0].x());
}

void TestGpumdOutput::dumpFrameMinimalAndMassFallback() {
  Frame f = makeFrame();
  std::ostringstream out;
  sei::writeDumpExyzFrame(out, f.s, f.extra, {});
  const std::string text = out.str();
  QVERIFY(text.find("Properties=species:S:1:pos:R:3 pbc") != std::string::npos);
  QCOMPARE(split(text.substr(text.find('\n', text.find('\n') + 1))).size(), std::size_t(6 * 4));

  // Without Structure::masses the standard atomic weights are written.
  f.s.masses.clear();
  sei::DumpExyzColumns massOnly;
  massOnly.mass = true;
  std::ostringstream withMass;
  sei::writeDumpExyzFrame(withMass, f.s, f.extra, massOnly);
  std::istringstream in(withMass.str());
  const auto frames = sei::readExtXyzFrames(in, "dump.xyz");
  QCOMPARE(frames[0].masses.size(), std::size_t(6));
  QCOMPARE(frames[0].masses[0], sei::atomicMass(11));
  QCOMPARE(frames[0].masses[5], sei::atomicMass(9));
  QVERIFY(frames[0].velocities.empty() && frames[0].charges.empty());
}

void TestGpumdOutput::dumpFrameRejectsMissingData() {
  const Frame full = makeFrame();
  auto rejects = [](const Frame& f, const sei::DumpExyzColumns& cols) {
    std::ostringstream out;
    try {
      sei::writeDumpExyzFrame(out, f.s, f.extra, cols);
    } catch (const std::invalid_argument&) {
      return out.str().empty();  // nothing half-written
    }
    return false;
  };
  sei::DumpExyzColumns cols;
  cols.bec = true;
  Frame f = full;
  f.extra.bec = nullptr;
  QVERIFY(rejects(f, cols));
  f = full;
  f.bec.pop_back();
  f.extra.bec = &f.bec;
  QVERIFY(rejects(f, cols));

  for (bool sei::DumpExyzColumns::*column :
       {&sei::DumpExyzColumns::velocity, &sei::DumpExyzColumns::force,
        &sei::DumpExyzColumns::charge}) {
    sei::DumpExyzColumns one;
    one.*column = true;
    Frame bare = full;
    bare.s.velocities.clear();
    bare.s.forces.clear();
    bare.s.charges.clear();
    QVERIFY(rejects(bare, one));
  }
  for (bool sei::DumpExyzColumns::*column :
       {&sei::DumpExyzColumns::potential, &sei::DumpExyzColumns::virial,
        &sei::DumpExyzColumns::unwrappedPosition}) {
    sei::DumpExyzColumns one;
    one.*column = true;
    Frame bare = full;
    bare.extra.perAtomEnergy = nullptr;
    bare.extra.perAtomVirial = nullptr;
    bare.extra.unwrappedPositions = nullptr;
    QVERIFY(rejects(bare, one));
  }
  f = full;
  f.extra.energy = std::nan("");
  QVERIFY(rejects(f, {}));
  f = full;
  f.perAtomEnergy[3] = INFINITY;
  f.extra.perAtomEnergy = &f.perAtomEnergy;
  sei::DumpExyzColumns potential;
  potential.potential = true;
  QVERIFY(rejects(f, potential));
}

void TestGpumdOutput::extXyzLayoutHook() {
  Structure s;
  s.symbols = {"O", "H"};
  s.positions = {{0, 0, 0}, {0.96, 0, 0}};
  s.info = "note=kept";
  const std::vector<double> q = {-0.8, 0.4};
  auto column = [&q](const std::string& name, int count) {
    return sei::ExtXyzColumn{name, count, [&q, count](std::size_t i, double* out) {
                               for (int k = 0; k < count; ++k) out[k] = q[i] + k;
                             }};
  };
  sei::ExtXyzFrameLayout layout;
  layout.leadingKeys = "step=3";
  layout.columns = {column("charge", 1), column("dipole", 3)};
  std::ostringstream out;
  sei::writeCustomExtXyzFrame(out, s, layout);
  QVERIFY(out.str().find("2\nstep=3 Properties=species:S:1:pos:R:3:charge:R:1:dipole:R:3 "
                         "pbc=\"F F F\" note=kept\n") == 0);
  std::istringstream in(out.str());
  const auto frames = sei::readExtXyzFrames(in, "hook");
  QCOMPARE(frames[0].charges, q);
  QCOMPARE(QString::fromStdString(frames[0].info), QString("step=3 note=kept"));

  // What our reader would refuse is refused before writing.
  const std::vector<std::vector<sei::ExtXyzColumn>> bad = {
      {column("vel", 1)},                           // reader expects vel:R:3
      {column("charge", 1), column("charges", 1)},  // the same quantity twice
      {column("pos", 3)},
      {column("e", 1), column("E", 3)},  // clashes with the positions
      {column("bad name", 1)},
      {column("", 1)},
      {column("x", 0)},
      {sei::ExtXyzColumn{"x", 1, {}}},
  };
  for (const auto& columns : bad) {
    sei::ExtXyzFrameLayout l;
    l.columns = columns;
    std::ostringstream o;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sei::writeCustomExtXyzFrame(o, s, l));
    QVERIFY(o.str().empty());
  }
  for (const char* keys : {"Lattice=\"1 0 0 0 1 0 0 0 1\"", "pbc=T", "a=\"open", "a=1\nb=2"}) {
    sei::ExtXyzFrameLayout l;
    l.leadingKeys = keys;
    std::ostringstream o;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sei::writeCustomExtXyzFrame(o, s, l));
  }
  std::vector<double> nan = {0.0, std::nan("")};
  sei::ExtXyzFrameLayout l;
  l.columns = {{"e", 1, [&nan](std::size_t i, double* o) { o[0] = nan[i]; }}};
  std::ostringstream o;
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sei::writeCustomExtXyzFrame(o, s, l));
}

QTEST_APPLESS_MAIN(TestGpumdOutput)
#include "TestGpumdOutput.moc"
