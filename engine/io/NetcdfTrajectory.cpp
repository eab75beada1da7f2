#include "io/NetcdfTrajectory.hpp"

#include <netcdf.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <utility>

#include "core/Error.hpp"
#include "io/Netcdf3Header.hpp"

#ifndef SEI_VERSION
#define SEI_VERSION "unknown"
#endif

namespace sei {
namespace {

// Unit conversions between the engine (Å, fs, eV, e) and the AMBER convention (Å, ps, kcal/mol).
constexpr double kFsPerPs = 1000.0;
/// 1 eV per particle in kcal/mol: e·N_A (exact SI values) / 4184 J/kcal (thermochemical calorie,
/// the one AMBER uses).
constexpr double kKcalPerMolPerEv = 1.602176634e-19 * 6.02214076e23 / 4184.0;
constexpr double kPi = 3.14159265358979323846;

// Names fixed by the convention, plus our two extensions (step, charges).
constexpr const char* kFrame = "frame";
constexpr const char* kSpatial = "spatial";
constexpr const char* kAtom = "atom";
constexpr const char* kCellSpatial = "cell_spatial";
constexpr const char* kCellAngular = "cell_angular";
constexpr const char* kLabel = "label";
constexpr const char* kTime = "time";
constexpr const char* kStep = "step";
constexpr const char* kCoordinates = "coordinates";
constexpr const char* kCellLengths = "cell_lengths";
constexpr const char* kCellAngles = "cell_angles";
constexpr const char* kVelocities = "velocities";
constexpr const char* kForces = "forces";
constexpr const char* kCharges = "charges";
constexpr std::size_t kLabelLength = 5;  ///< longest cell_angular label, "alpha"/"gamma"

/// The netCDF-C library keeps global state (open files, the header cache) without locks unless
/// built thread-safe, which Debian's is not; the studio writes movie.nc on the MD worker while
/// the timeline reads it on another thread. Every call into the library holds this lock
/// (recursive: a reading function calls others that lock too).
std::recursive_mutex& netcdfMutex() {
  static std::recursive_mutex mutex;
  return mutex;
}
using NetcdfLock = std::lock_guard<std::recursive_mutex>;

std::string oneLine(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

[[noreturn]] void fail(const std::string& path, const std::string& message) {
  throw InputError(path, 0, oneLine(message));
}

void check(const std::string& path, int status, const char* action) {
  if (status != NC_NOERR)
    fail(path, std::string("netCDF error while ") + action + ": " + nc_strerror(status));
}

std::optional<std::string> textAttribute(int ncid, int var, const char* name) {
  nc_type type = NC_NAT;
  std::size_t length = 0;
  if (nc_inq_att(ncid, var, name, &type, &length) != NC_NOERR || type != NC_CHAR)
    return std::nullopt;
  std::string value(length, '\0');
  if (length > 0 && nc_get_att_text(ncid, var, name, value.data()) != NC_NOERR) return std::nullopt;
  // Some writers count a terminating NUL in the attribute length.
  while (!value.empty() && value.back() == '\0') value.pop_back();
  return value;
}

void putText(const std::string& path, int ncid, int var, const char* name,
             const std::string& value) {
  check(path, nc_put_att_text(ncid, var, name, value.size(), value.c_str()), "writing attributes");
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// Whether the comma or space separated Conventions list names `token`.
bool listsConvention(const std::string& conventions, const std::string& token) {
  std::size_t i = 0;
  while (i < conventions.size()) {
    auto separator = [&conventions](std::size_t k) {
      return conventions[k] == ',' || std::isspace(static_cast<unsigned char>(conventions[k]));
    };
    while (i < conventions.size() && separator(i)) ++i;
    std::size_t end = i;
    while (end < conventions.size() && !separator(end)) ++end;
    if (conventions.compare(i, end - i, token) == 0 && end > i) return true;
    i = end;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Cell ↔ lengths and angles

double cosDegrees(double angle) { return angle == 90.0 ? 0.0 : std::cos(angle * kPi / 180.0); }
double sinDegrees(double angle) { return angle == 90.0 ? 1.0 : std::sin(angle * kPi / 180.0); }

/// Angle between u and v, degrees; exactly 90 for orthogonal (or zero) vectors so that
/// orthorhombic cells stay exact.
double angleDegrees(const Eigen::Vector3d& u, const Eigen::Vector3d& v) {
  const double dot = u.dot(v);
  if (dot == 0.0) return 90.0;
  return std::atan2(u.cross(v).norm(), dot) * (180.0 / kPi);
}

struct CellParameters {
  double lengths[3] = {0.0, 0.0, 0.0};    ///< Å
  double angles[3] = {90.0, 90.0, 90.0};  ///< degrees: alpha, beta, gamma
};

/// Lengths and angles of h; a zero-volume cell ("no cell") gives zero lengths and right angles.
CellParameters cellParameters(const Eigen::Matrix3d& h) {
  CellParameters p;
  if (h.determinant() == 0.0) return p;
  for (int d = 0; d < 3; ++d) p.lengths[d] = h.col(d).norm();
  p.angles[0] = angleDegrees(h.col(1), h.col(2));
  p.angles[1] = angleDegrees(h.col(0), h.col(2));
  p.angles[2] = angleDegrees(h.col(0), h.col(1));
  return p;
}

/// The cell in the orientation every AMBER reader uses: a along +x, b in the xy plane with
/// b_y > 0, c_z > 0 (upper triangular, columns = vectors). Throws if the angles form no cell.
Eigen::Matrix3d cellMatrix(const CellParameters& p, const std::string& path) {
  Eigen::Matrix3d h = Eigen::Matrix3d::Zero();
  if (p.lengths[0] == 0.0 && p.lengths[1] == 0.0 && p.lengths[2] == 0.0) return h;
  const double cosAlpha = cosDegrees(p.angles[0]);
  const double cosBeta = cosDegrees(p.angles[1]);
  const double cosGamma = cosDegrees(p.angles[2]);
  const double sinGamma = sinDegrees(p.angles[2]);
  const double cx = cosBeta;
  const double cy = sinGamma > 0.0 ? (cosAlpha - cosBeta * cosGamma) / sinGamma : 0.0;
  const double cz2 = 1.0 - cx * cx - cy * cy;
  if (!(sinGamma > 0.0) || !(cz2 > -1e-12))
    fail(path, "cell angles " + std::to_string(p.angles[0]) + " " + std::to_string(p.angles[1]) +
                   " " + std::to_string(p.angles[2]) + " degrees describe no cell");
  h.col(0) = Eigen::Vector3d(p.lengths[0], 0.0, 0.0);
  h.col(1) = p.lengths[1] * Eigen::Vector3d(cosGamma, sinGamma, 0.0);
  h.col(2) = p.lengths[2] * Eigen::Vector3d(cx, cy, std::sqrt(std::max(cz2, 0.0)));
  return h;
}

bool inStandardOrientation(const Eigen::Matrix3d& h) {
  return h(1, 0) == 0.0 && h(2, 0) == 0.0 && h(2, 1) == 0.0 && h(0, 0) > 0.0 && h(1, 1) > 0.0 &&
         h(2, 2) > 0.0;
}

// ---------------------------------------------------------------------------------------------
// Reading: units the reader understands, as factors to the engine's units. The convention's
// unit comes first; the others are what other writers are known to use.

struct UnitFactor {
  const char* units;
  double factor;
};

const UnitFactor kLengthUnits[] = {
    {"angstrom", 1.0}, {"angstroms", 1.0}, {"nanometer", 10.0}, {"nanometers", 10.0}, {"nm", 10.0}};
const UnitFactor kTimeUnits[] = {{"picosecond", kFsPerPs}, {"picoseconds", kFsPerPs},
                                 {"ps", kFsPerPs},         {"femtosecond", 1.0},
                                 {"femtoseconds", 1.0},    {"fs", 1.0},
                                 {"nanosecond", 1e6},      {"nanoseconds", 1e6}};
const UnitFactor kAngleUnits[] = {{"degree", 1.0}, {"degrees", 1.0}};
const UnitFactor kVelocityUnits[] = {{"angstrom/picosecond", 1.0 / kFsPerPs},
                                     {"angstrom/femtosecond", 1.0},
                                     {"nanometer/picosecond", 10.0 / kFsPerPs}};
const UnitFactor kForceUnits[] = {{"kilocalorie/mole/angstrom", 1.0 / kKcalPerMolPerEv},
                                  {"kcal/mol/angstrom", 1.0 / kKcalPerMolPerEv},
                                  {"ev/angstrom", 1.0},
                                  {"electron_volt/angstrom", 1.0}};
const UnitFactor kChargeUnits[] = {{"e", 1.0}, {"electron", 1.0}, {"elementary_charge", 1.0}};

/// Factor from the variable's stored values to the engine's unit: its `units` (the convention's
/// unit if absent) times its `scale_factor` (AMBER scales velocities by 20.455).
template <std::size_t N>
double unitFactor(const std::string& path, int ncid, int var, const char* name,
                  const UnitFactor (&table)[N]) {
  double factor = table[0].factor;
  if (const auto units = textAttribute(ncid, var, "units")) {
    const std::string key = lower(*units);
    const auto it = std::find_if(std::begin(table), std::end(table),
                                 [&key](const UnitFactor& u) { return key == u.units; });
    if (it == std::end(table))
      fail(path, std::string("variable '") + name + "' has units '" + *units + "', expected '" +
                     table[0].units + "'");
    factor = it->factor;
  }
  nc_type type = NC_NAT;
  std::size_t length = 0;
  if (nc_inq_att(ncid, var, "scale_factor", &type, &length) == NC_NOERR) {
    double scale = 0.0;
    if (type == NC_CHAR || length != 1 ||
        nc_get_att_double(ncid, var, "scale_factor", &scale) != NC_NOERR || !std::isfinite(scale))
      fail(path, std::string("variable '") + name + "' has an unreadable scale_factor");
    factor *= scale;
  }
  return factor;
}

std::optional<int> optionalVariable(int ncid, const char* name) {
  int var = -1;
  if (nc_inq_varid(ncid, name, &var) != NC_NOERR) return std::nullopt;
  return var;
}

/// Checks that `var` has exactly the dimensions `dims`, in order.
bool hasDimensions(int ncid, int var, std::initializer_list<int> dims) {
  int ndims = 0;
  if (nc_inq_varndims(ncid, var, &ndims) != NC_NOERR || ndims != static_cast<int>(dims.size()))
    return false;
  int ids[NC_MAX_VAR_DIMS];
  if (nc_inq_vardimid(ncid, var, ids) != NC_NOERR) return false;
  return std::equal(dims.begin(), dims.end(), ids);
}

std::string describeContents(const NetcdfContents& c) {
  std::string s = "positions";
  if (c.velocities) s += ", velocities";
  if (c.forces) s += ", forces";
  if (c.charges) s += ", charges";
  return s;
}

}  // namespace

// =============================================================================================
// Writer

NetcdfTrajectoryWriter::NetcdfTrajectoryWriter(const std::string& path, std::size_t numAtoms,
                                               NetcdfContents contents, bool append)
    : path_(path), numAtoms_(numAtoms), contents_(contents) {
  const NetcdfLock lock(netcdfMutex());
  if (numAtoms == 0) throw std::invalid_argument(path + ": a trajectory needs at least one atom");
  try {
    std::error_code ec;
    if (append && std::filesystem::exists(path, ec))
      openForAppend();
    else
      create();
  } catch (...) {
    if (ncid_ >= 0) nc_close(ncid_);
    ncid_ = -1;
    throw;
  }
}

NetcdfTrajectoryWriter::~NetcdfTrajectoryWriter() {
  const NetcdfLock lock(netcdfMutex());
  if (ncid_ >= 0) nc_close(ncid_);
}

void NetcdfTrajectoryWriter::check(int status, const char* action) const {
  sei::check(path_, status, action);
}

void NetcdfTrajectoryWriter::create() {
  // The header goes to a temporary file beside `path`, renamed into place once complete: a run
  // killed while creating leaves no half-written header for a resumed run to trip over, and an
  // existing file is kept until the new one is whole.
  const std::string tmp = path_ + ".tmp-" + std::to_string(getpid());
  try {
    // 64-bit offset (CDF-2) as the convention asks: MDAnalysis's scipy-based reader and VMD
    // take only netCDF-3 files, not HDF5-based netCDF-4.
    check(nc_create(tmp.c_str(), NC_CLOBBER | NC_64BIT_OFFSET, &ncid_), "creating the file");
    defineFile();
    std::error_code ec;
    std::filesystem::rename(tmp, path_, ec);
    if (ec) fail(path_, "cannot move the new trajectory into place: " + ec.message());
  } catch (...) {
    if (ncid_ >= 0) nc_close(ncid_);
    ncid_ = -1;
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    throw;
  }
  frameCount_ = 0;
}

void NetcdfTrajectoryWriter::defineFile() {
  int frame = -1, spatial = -1, atom = -1, cellSpatial = -1, cellAngular = -1, label = -1;
  check(nc_def_dim(ncid_, kFrame, NC_UNLIMITED, &frame), "defining dimensions");
  check(nc_def_dim(ncid_, kSpatial, 3, &spatial), "defining dimensions");
  check(nc_def_dim(ncid_, kAtom, numAtoms_, &atom), "defining dimensions");
  check(nc_def_dim(ncid_, kCellSpatial, 3, &cellSpatial), "defining dimensions");
  check(nc_def_dim(ncid_, kCellAngular, 3, &cellAngular), "defining dimensions");
  check(nc_def_dim(ncid_, kLabel, kLabelLength, &label), "defining dimensions");

  auto define = [this](const char* name, nc_type type, std::initializer_list<int> dims,
                       const char* units) {
    const std::vector<int> ids(dims);
    int var = -1;
    check(nc_def_var(ncid_, name, type, static_cast<int>(ids.size()), ids.data(), &var),
          "defining variables");
    if (units) putText(path_, ncid_, var, "units", units);
    return var;
  };
  const int spatialLabels = define(kSpatial, NC_CHAR, {spatial}, nullptr);
  const int cellSpatialLabels = define(kCellSpatial, NC_CHAR, {cellSpatial}, nullptr);
  const int cellAngularLabels = define(kCellAngular, NC_CHAR, {cellAngular, label}, nullptr);
  timeVar_ = define(kTime, NC_FLOAT, {frame}, "picosecond");
  stepVar_ = define(kStep, NC_INT, {frame}, nullptr);
  putText(path_, ncid_, stepVar_, "long_name", "MD step");
  coordinatesVar_ = define(kCoordinates, NC_FLOAT, {frame, atom, spatial}, "angstrom");
  cellLengthsVar_ = define(kCellLengths, NC_DOUBLE, {frame, cellSpatial}, "angstrom");
  cellAnglesVar_ = define(kCellAngles, NC_DOUBLE, {frame, cellAngular}, "degree");
  if (contents_.velocities)
    velocitiesVar_ = define(kVelocities, NC_FLOAT, {frame, atom, spatial}, "angstrom/picosecond");
  if (contents_.forces)
    forcesVar_ = define(kForces, NC_FLOAT, {frame, atom, spatial}, "kilocalorie/mole/angstrom");
  if (contents_.charges) {
    chargesVar_ = define(kCharges, NC_FLOAT, {frame, atom}, "e");
    putText(path_, ncid_, chargesVar_, "long_name", "atomic partial charge");
  }

  putText(path_, ncid_, NC_GLOBAL, "Conventions", "AMBER");
  putText(path_, ncid_, NC_GLOBAL, "ConventionVersion", "1.0");
  putText(path_, ncid_, NC_GLOBAL, "program", "SEI Studio");
  putText(path_, ncid_, NC_GLOBAL, "programVersion", SEI_VERSION);

  // Every value of a frame is written, so pre-filling records would only double the I/O.
  int oldFill = 0;
  check(nc_set_fill(ncid_, NC_NOFILL, &oldFill), "setting the fill mode");
  check(nc_enddef(ncid_), "writing the header");

  const char angular[3][kLabelLength] = {
      {'a', 'l', 'p', 'h', 'a'}, {'b', 'e', 't', 'a', ' '}, {'g', 'a', 'm', 'm', 'a'}};
  check(nc_put_var_text(ncid_, spatialLabels, "xyz"), "writing labels");
  check(nc_put_var_text(ncid_, cellSpatialLabels, "abc"), "writing labels");
  check(nc_put_var_text(ncid_, cellAngularLabels, &angular[0][0]), "writing labels");
  // An empty trajectory is a valid file too (a run killed before its first frame).
  check(nc_sync(ncid_), "syncing the file");
}

void NetcdfTrajectoryWriter::openForAppend() {
  if (const Netcdf3Header h = readNetcdf3Header(path_); !h.problem.empty())
    fail(path_, "cannot append: corrupt netCDF header (" + h.problem + ")");
  check(nc_open(path_.c_str(), NC_WRITE, &ncid_), "opening the file for appending");
  const auto conventions = textAttribute(ncid_, NC_GLOBAL, "Conventions");
  if (!conventions || !listsConvention(*conventions, "AMBER"))
    fail(path_, "cannot append: not an AMBER NetCDF trajectory (Conventions is not AMBER)");

  auto dimension = [this](const char* name, std::size_t* length) {
    int id = -1;
    if (nc_inq_dimid(ncid_, name, &id) != NC_NOERR)
      fail(path_, std::string("cannot append: the file has no '") + name + "' dimension");
    check(nc_inq_dimlen(ncid_, id, length), "reading dimensions");
    return id;
  };
  std::size_t frames = 0, atoms = 0, spatialLength = 0;
  const int frame = dimension(kFrame, &frames);
  const int atom = dimension(kAtom, &atoms);
  const int spatial = dimension(kSpatial, &spatialLength);
  std::size_t cellSpatialLength = 0, cellAngularLength = 0;
  const int cellSpatial = dimension(kCellSpatial, &cellSpatialLength);
  const int cellAngular = dimension(kCellAngular, &cellAngularLength);
  int unlimited = -1;
  check(nc_inq_unlimdim(ncid_, &unlimited), "reading dimensions");
  if (unlimited != frame || spatialLength != 3 || cellSpatialLength != 3 || cellAngularLength != 3)
    fail(path_, "cannot append: the file's dimensions do not follow the AMBER convention");
  if (atoms != numAtoms_)
    fail(path_, "cannot append: the file holds " + std::to_string(atoms) + " atoms, this run has " +
                    std::to_string(numAtoms_));

  // The file must hold exactly what this run writes, in the layout and units create() uses.
  NetcdfContents found;
  auto variable = [this](const char* name, std::initializer_list<int> dims, bool wanted,
                         bool* present) {
    const auto var = optionalVariable(ncid_, name);
    if (present) *present = var.has_value();
    if (!var) {
      if (wanted)
        fail(path_, std::string("cannot append: the file has no '") + name +
                        "' variable (not written by SEI Studio?)");
      return -1;
    }
    if (!hasDimensions(ncid_, *var, dims))
      fail(path_, std::string("cannot append: variable '") + name + "' has unexpected dimensions");
    nc_type type = NC_NAT;
    std::size_t length = 0;
    if (nc_inq_att(ncid_, *var, "scale_factor", &type, &length) == NC_NOERR)
      fail(path_, std::string("cannot append: variable '") + name +
                      "' has a scale_factor (not written by SEI Studio)");
    return *var;
  };
  timeVar_ = variable(kTime, {frame}, true, nullptr);
  stepVar_ = variable(kStep, {frame}, true, nullptr);
  coordinatesVar_ = variable(kCoordinates, {frame, atom, spatial}, true, nullptr);
  cellLengthsVar_ = variable(kCellLengths, {frame, cellSpatial}, true, nullptr);
  cellAnglesVar_ = variable(kCellAngles, {frame, cellAngular}, true, nullptr);
  velocitiesVar_ = variable(kVelocities, {frame, atom, spatial}, false, &found.velocities);
  forcesVar_ = variable(kForces, {frame, atom, spatial}, false, &found.forces);
  chargesVar_ = variable(kCharges, {frame, atom}, false, &found.charges);
  if (found != contents_)
    fail(path_, "cannot append: the file holds " + describeContents(found) +
                    " but this run writes " + describeContents(contents_));
  const auto forceUnits = found.forces ? textAttribute(ncid_, forcesVar_, "units") : std::nullopt;
  const auto velocityUnits =
      found.velocities ? textAttribute(ncid_, velocitiesVar_, "units") : std::nullopt;
  if ((found.forces && forceUnits != "kilocalorie/mole/angstrom") ||
      (found.velocities && velocityUnits != "angstrom/picosecond"))
    fail(path_, "cannot append: the file's velocities or forces are in other units");

  int oldFill = 0;
  check(nc_set_fill(ncid_, NC_NOFILL, &oldFill), "setting the fill mode");
  frameCount_ = frames;
}

void NetcdfTrajectoryWriter::appendFrame(const NetcdfFrame& frame) {
  const NetcdfLock lock(netcdfMutex());
  if (ncid_ < 0) fail(path_, "cannot append a frame: the trajectory is closed");
  if (failed_) fail(path_, "cannot append a frame: an earlier write to this file failed");
  auto checkSize = [this](std::size_t size, const char* what) {
    if (size != numAtoms_)
      throw std::invalid_argument(path_ + ": frame has " + std::to_string(size) + " " + what +
                                  ", the trajectory " + std::to_string(numAtoms_) + " atoms");
  };
  checkSize(frame.positions.size(), "positions");
  if (contents_.velocities) checkSize(frame.velocities.size(), "velocities");
  if (contents_.forces) checkSize(frame.forces.size(), "forces");
  if (contents_.charges) checkSize(frame.charges.size(), "charges");
  const std::string where = "frame " + std::to_string(frameCount_) + ": ";
  if (frame.step < INT_MIN || frame.step > INT_MAX)
    fail(path_, where + "step " + std::to_string(frame.step) +
                    " does not fit the file's 32-bit step variable");

  // Everything is converted and range-checked before the first byte goes out, so a bad value
  // leaves the file as it was. NaN passes through (it marks a run that blew up).
  const CellParameters cell = cellParameters(frame.cell);
  const Eigen::Matrix3d standard = cellMatrix(cell, path_);
  const bool rotate = frame.cell.determinant() != 0.0 && !inStandardOrientation(frame.cell);
  const Eigen::Matrix3d rotation =
      rotate ? Eigen::Matrix3d(standard * frame.cell.inverse()) : Eigen::Matrix3d::Identity();
  // The message is built only on failure: this runs for every number of every frame.
  auto toFloat = [&](double value, const char* what, std::size_t atom) {
    if (std::abs(value) > static_cast<double>(FLT_MAX))
      fail(path_, where + what + (atom == SIZE_MAX ? "" : " of atom " + std::to_string(atom)) +
                      " is beyond the float range of the file");
    return static_cast<float>(value);
  };
  auto vectors = [&](const std::vector<Eigen::Vector3d>& values, double factor, const char* what) {
    std::vector<float> out(3 * numAtoms_);
    for (std::size_t i = 0; i < numAtoms_; ++i) {
      const Eigen::Vector3d v = rotate ? Eigen::Vector3d(rotation * values[i]) : values[i];
      for (int d = 0; d < 3; ++d) out[3 * i + d] = toFloat(factor * v[d], what, i);
    }
    return out;
  };
  const float time = toFloat(frame.time / kFsPerPs, "time", SIZE_MAX);
  const int step = static_cast<int>(frame.step);
  const std::vector<float> coordinates = vectors(frame.positions, 1.0, "position");
  std::vector<float> velocities, forces, charges;
  if (contents_.velocities) velocities = vectors(frame.velocities, kFsPerPs, "velocity");
  if (contents_.forces) forces = vectors(frame.forces, kKcalPerMolPerEv, "force");
  if (contents_.charges) {
    charges.resize(numAtoms_);
    for (std::size_t i = 0; i < numAtoms_; ++i) charges[i] = toFloat(frame.charges[i], "charge", i);
  }

  // The file's record count reaches the disk only with nc_sync (no NC_SHARE), after the data, so
  // a crash in between leaves the previous frame count.
  const std::size_t n = frameCount_;
  try {
    const std::size_t one[] = {1};
    const std::size_t at[] = {n};
    check(nc_put_vara_float(ncid_, timeVar_, at, one, &time), "writing a frame");
    check(nc_put_vara_int(ncid_, stepVar_, at, one, &step), "writing a frame");
    const std::size_t cellStart[] = {n, 0};
    const std::size_t cellCount[] = {1, 3};
    check(nc_put_vara_double(ncid_, cellLengthsVar_, cellStart, cellCount, cell.lengths),
          "writing a frame");
    check(nc_put_vara_double(ncid_, cellAnglesVar_, cellStart, cellCount, cell.angles),
          "writing a frame");
    const std::size_t start[] = {n, 0, 0};
    const std::size_t count[] = {1, numAtoms_, 3};
    check(nc_put_vara_float(ncid_, coordinatesVar_, start, count, coordinates.data()),
          "writing a frame");
    if (contents_.velocities)
      check(nc_put_vara_float(ncid_, velocitiesVar_, start, count, velocities.data()),
            "writing a frame");
    if (contents_.forces)
      check(nc_put_vara_float(ncid_, forcesVar_, start, count, forces.data()), "writing a frame");
    if (contents_.charges)
      check(nc_put_vara_float(ncid_, chargesVar_, start, count, charges.data()), "writing a frame");
    check(nc_sync(ncid_), "syncing the file");
  } catch (...) {
    failed_ = true;
    throw;
  }
  frameCount_ = n + 1;
}

void NetcdfTrajectoryWriter::close() {
  const NetcdfLock lock(netcdfMutex());
  if (ncid_ < 0) return;
  const int status = nc_close(ncid_);
  ncid_ = -1;
  check(status, "closing the file");
}

// =============================================================================================
// Reader

NetcdfTrajectoryReader::NetcdfTrajectoryReader(const std::string& path) : path_(path) {
  const NetcdfLock lock(netcdfMutex());
  const Netcdf3Header header = readNetcdf3Header(path);
  if (!header.problem.empty()) fail(path_, "corrupt netCDF header (" + header.problem + ")");
  std::error_code ec;
  const std::uint64_t has = std::filesystem::file_size(path, ec);
  // 3: the padding of a short last variable may be left unwritten.
  if (!ec && has + 3 < header.expectedSize)
    fail(path_, "truncated: its header declares " + std::to_string(header.expectedSize) +
                    " bytes of frames, the file has " + std::to_string(has) +
                    " (a copy cut short, or a disk that filled up?)");
  check(path_, nc_open(path.c_str(), NC_NOWRITE, &ncid_), "opening the file");
  try {
    const auto conventions = textAttribute(ncid_, NC_GLOBAL, "Conventions");
    if (!conventions) fail(path_, "not an AMBER NetCDF trajectory (no Conventions attribute)");
    if (!listsConvention(*conventions, "AMBER")) {
      if (listsConvention(*conventions, "AMBERRESTART"))
        fail(path_, "is an AMBER NetCDF restart file, not a trajectory");
      fail(path_, "not an AMBER NetCDF trajectory (Conventions is '" + *conventions + "')");
    }
    const auto version = textAttribute(ncid_, NC_GLOBAL, "ConventionVersion");
    if (version != "1.0")
      fail(path_,
           "unsupported AMBER ConventionVersion '" + version.value_or("") + "' (expected 1.0)");

    auto dimension = [this](const char* name, std::size_t* length) {
      int id = -1;
      if (nc_inq_dimid(ncid_, name, &id) != NC_NOERR)
        fail(path_, std::string("the trajectory has no '") + name + "' dimension");
      check(path_, nc_inq_dimlen(ncid_, id, length), "reading dimensions");
      return id;
    };
    std::size_t frames = 0, spatialLength = 0;
    const int frame = dimension(kFrame, &frames);
    const int atom = dimension(kAtom, &numAtoms_);
    const int spatial = dimension(kSpatial, &spatialLength);
    if (spatialLength != 3)
      fail(path_,
           "dimension 'spatial' has length " + std::to_string(spatialLength) + ", expected 3");

    auto variable = [this](const char* name, std::initializer_list<int> dims, bool required) {
      const auto var = optionalVariable(ncid_, name);
      if (!var) {
        if (required) fail(path_, std::string("the trajectory has no '") + name + "' variable");
        return -1;
      }
      if (!hasDimensions(ncid_, *var, dims))
        fail(path_, std::string("variable '") + name + "' has unexpected dimensions");
      return *var;
    };
    coordinatesVar_ = variable(kCoordinates, {frame, atom, spatial}, true);
    coordinatesFactor_ = unitFactor(path_, ncid_, coordinatesVar_, kCoordinates, kLengthUnits);
    timeVar_ = variable(kTime, {frame}, false);
    if (timeVar_ >= 0) timeFactor_ = unitFactor(path_, ncid_, timeVar_, kTime, kTimeUnits);
    const auto cellSpatialDim = [this]() {
      int id = -1;
      return nc_inq_dimid(ncid_, kCellSpatial, &id) == NC_NOERR ? id : -2;
    }();
    const auto cellAngularDim = [this]() {
      int id = -1;
      return nc_inq_dimid(ncid_, kCellAngular, &id) == NC_NOERR ? id : -2;
    }();
    cellLengthsVar_ = variable(kCellLengths, {frame, cellSpatialDim}, false);
    cellAnglesVar_ = variable(kCellAngles, {frame, cellAngularDim}, false);
    if (cellLengthsVar_ >= 0)
      cellLengthsFactor_ = unitFactor(path_, ncid_, cellLengthsVar_, kCellLengths, kLengthUnits);
    if (cellAnglesVar_ >= 0)
      cellAnglesFactor_ = unitFactor(path_, ncid_, cellAnglesVar_, kCellAngles, kAngleUnits);
    velocitiesVar_ = variable(kVelocities, {frame, atom, spatial}, false);
    forcesVar_ = variable(kForces, {frame, atom, spatial}, false);
    chargesVar_ = variable(kCharges, {frame, atom}, false);
    contents_.velocities = velocitiesVar_ >= 0;
    contents_.forces = forcesVar_ >= 0;
    contents_.charges = chargesVar_ >= 0;
    if (contents_.velocities)
      velocitiesFactor_ = unitFactor(path_, ncid_, velocitiesVar_, kVelocities, kVelocityUnits);
    if (contents_.forces)
      forcesFactor_ = unitFactor(path_, ncid_, forcesVar_, kForces, kForceUnits);
    if (contents_.charges)
      chargesFactor_ = unitFactor(path_, ncid_, chargesVar_, kCharges, kChargeUnits);

    steps_.resize(frames);
    const int stepVar = variable(kStep, {frame}, false);
    if (stepVar >= 0 && frames > 0) {
      std::vector<long long> steps(frames);
      const std::size_t start[] = {0};
      const std::size_t count[] = {frames};
      check(path_, nc_get_vara_longlong(ncid_, stepVar, start, count, steps.data()),
            "reading steps");
      std::copy(steps.begin(), steps.end(), steps_.begin());
    } else {
      for (std::size_t i = 0; i < frames; ++i) steps_[i] = static_cast<std::int64_t>(i);
    }
  } catch (...) {
    nc_close(ncid_);
    ncid_ = -1;
    throw;
  }
}

NetcdfTrajectoryReader::~NetcdfTrajectoryReader() {
  const NetcdfLock lock(netcdfMutex());
  if (ncid_ >= 0) nc_close(ncid_);
}

std::vector<std::size_t> NetcdfTrajectoryReader::latestFrames() const {
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < steps_.size(); ++i) {
    while (!kept.empty() && steps_[kept.back()] >= steps_[i]) kept.pop_back();
    kept.push_back(i);
  }
  return kept;
}

void NetcdfTrajectoryReader::readArray(int var, std::size_t index, std::size_t components,
                                       double factor, double* out, const char* name) const {
  const std::size_t start[] = {index, 0, 0};
  const std::size_t count[] = {1, numAtoms_, components};
  const std::string action = std::string("reading ") + name;
  check(path_, nc_get_vara_double(ncid_, var, start, count, out), action.c_str());
  if (factor != 1.0)
    for (std::size_t k = 0; k < numAtoms_ * components; ++k) out[k] *= factor;
}

NetcdfFrame NetcdfTrajectoryReader::readFrame(std::size_t index) const {
  const NetcdfLock lock(netcdfMutex());
  if (index >= frameCount())
    throw std::out_of_range(path_ + ": frame " + std::to_string(index) + " of " +
                            std::to_string(frameCount()));
  NetcdfFrame f;
  f.step = steps_[index];
  f.time = time(index);
  if (cellLengthsVar_ >= 0 && cellAnglesVar_ >= 0) {
    CellParameters p;
    const std::size_t start[] = {index, 0};
    const std::size_t count[] = {1, 3};
    check(path_, nc_get_vara_double(ncid_, cellLengthsVar_, start, count, p.lengths),
          "reading the cell");
    check(path_, nc_get_vara_double(ncid_, cellAnglesVar_, start, count, p.angles),
          "reading the cell");
    for (int d = 0; d < 3; ++d) {
      p.lengths[d] *= cellLengthsFactor_;
      p.angles[d] *= cellAnglesFactor_;
    }
    f.cell = cellMatrix(p, path_);
  }
  auto vectors = [&](int var, double factor, const char* name) {
    std::vector<Eigen::Vector3d> out(numAtoms_);
    // Eigen::Vector3d is three packed doubles, so the array reads straight into it.
    static_assert(sizeof(Eigen::Vector3d) == 3 * sizeof(double));
    if (numAtoms_ > 0) readArray(var, index, 3, factor, out[0].data(), name);
    return out;
  };
  f.positions = vectors(coordinatesVar_, coordinatesFactor_, kCoordinates);
  if (contents_.velocities) f.velocities = vectors(velocitiesVar_, velocitiesFactor_, kVelocities);
  if (contents_.forces) f.forces = vectors(forcesVar_, forcesFactor_, kForces);
  if (contents_.charges) {
    f.charges.resize(numAtoms_);
    const std::size_t start[] = {index, 0};
    const std::size_t count[] = {1, numAtoms_};
    check(path_, nc_get_vara_double(ncid_, chargesVar_, start, count, f.charges.data()),
          "reading charges");
    for (double& q : f.charges) q *= chargesFactor_;
  }
  return f;
}

double NetcdfTrajectoryReader::time(std::size_t index) const {
  if (index >= frameCount())
    throw std::out_of_range(path_ + ": frame " + std::to_string(index) + " of " +
                            std::to_string(frameCount()));
  if (timeVar_ < 0) return 0.0;
  const NetcdfLock lock(netcdfMutex());
  const std::size_t at[] = {index};
  const std::size_t one[] = {1};
  double value = 0.0;
  check(path_, nc_get_vara_double(ncid_, timeVar_, at, one, &value), "reading time");
  return value * timeFactor_;
}

std::vector<NetcdfFrame> readNetcdfTrajectory(const std::string& path) {
  const NetcdfTrajectoryReader reader(path);
  std::vector<NetcdfFrame> frames;
  for (std::size_t index : reader.latestFrames()) frames.push_back(reader.readFrame(index));
  return frames;
}

void cutNetcdfTrajectory(const std::string& path, std::size_t frames, std::uint64_t bytes) {
  // netCDF-3 header: "CDF", a version byte, then the record count big-endian (4 bytes in the
  // classic and 64-bit-offset formats, 8 in CDF-5). The netCDF library cannot drop records.
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  unsigned char head[12] = {};
  if (!file || !file.read(reinterpret_cast<char*>(head), sizeof head) ||
      std::string(reinterpret_cast<char*>(head), 3) != "CDF" ||
      (head[3] != 1 && head[3] != 2 && head[3] != 5))
    fail(path, "cannot cut back: not a netCDF-3 file");
  const int width = head[3] == 5 ? 8 : 4;
  std::uint64_t records = 0;
  for (int k = 0; k < width; ++k) records = (records << 8) | head[4 + k];
  if (frames > records)
    fail(path, "cannot cut back to " + std::to_string(frames) + " frames: the file holds " +
                   std::to_string(records));
  if (frames == records && std::filesystem::file_size(path) == bytes) return;
  for (int k = 0; k < width; ++k)
    head[4 + k] =
        static_cast<unsigned char>(static_cast<std::uint64_t>(frames) >> (8 * (width - 1 - k)));
  file.seekp(4);
  file.write(reinterpret_cast<const char*>(head + 4), width);
  file.close();
  if (!file) fail(path, "cannot cut back: writing the frame count failed");
  std::filesystem::resize_file(path, bytes);
}

}  // namespace sei
