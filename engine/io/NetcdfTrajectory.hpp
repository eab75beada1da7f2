#pragma once

#include <Eigen/Dense>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sei {

// Binary trajectories in the AMBER NetCDF convention 1.0
// (https://ambermd.org/netcdf/nctraj.xhtml), read by OVITO, VMD, MDAnalysis, cpptraj and ASE.
// The file is netCDF-3 "64-bit offset", as the convention asks. What it holds, in the
// convention's units (step and charges are our extensions; the rest is the convention's):
//
//   dimensions: frame (unlimited), atom, spatial = 3, cell_spatial = 3, cell_angular = 3, label
//   time(frame)                        float   picosecond
//   step(frame)                        int     MD step (OVITO shows it as an attribute)
//   coordinates(frame, atom, spatial)  float   angstrom
//   cell_lengths(frame, cell_spatial)  double  angstrom: |a|, |b|, |c|
//   cell_angles(frame, cell_angular)   double  degree: ∠(b,c), ∠(a,c), ∠(a,b)
//   velocities(frame, atom, spatial)   float   angstrom/picosecond (optional)
//   forces(frame, atom, spatial)       float   kilocalorie/mole/angstrom (optional)
//   charges(frame, atom)               float   e (optional; OVITO imports it as the user
//                                              property "charges", MDAnalysis ignores it)
//
// Cell orientation. Lengths and angles fix a cell only up to a rotation; every reader (ours,
// OVITO, VMD, MDAnalysis) rebuilds it as a along +x, b in the xy plane with b_y > 0, c_z > 0,
// i.e. h = [a b c] upper triangular with a positive diagonal (LAMMPS's "restricted triclinic"
// written as columns). A cell already in that orientation is written as it is. Any other cell
// (including a left-handed one) is mapped by the orthogonal matrix R = h_std h⁻¹, and positions,
// velocities and forces are mapped with it, so that fractional coordinates and all distances,
// angles and dot products are kept and every reader sees a consistent frame. A cell of zero
// volume ("no cell", free boundaries) is written as lengths 0 and angles 90°, which OVITO reads
// as non-periodic; it reads back as the zero matrix.
//
// netCDF-C is not thread-safe: every call into it holds one process-wide lock, so readers and
// writers may run on different threads.

/// Which optional per-atom arrays a trajectory holds (positions and the cell always).
struct NetcdfContents {
  bool velocities = false;
  bool forces = false;
  bool charges = false;

  bool operator==(const NetcdfContents& o) const {
    return velocities == o.velocities && forces == o.forces && charges == o.charges;
  }
  bool operator!=(const NetcdfContents& o) const { return !(*this == o); }
};

/// One trajectory frame in the engine's units; the writer converts to the convention's units and
/// the reader converts back. Arrays the contents do not name are ignored by the writer and left
/// empty by the reader.
struct NetcdfFrame {
  std::int64_t step = 0;                           ///< MD step (must fit the file's 32-bit int)
  double time = 0.0;                               ///< fs (stored as float ps)
  Eigen::Matrix3d cell = Eigen::Matrix3d::Zero();  ///< Å, columns = cell vectors a, b, c
  std::vector<Eigen::Vector3d> positions;          ///< Å (stored as float)
  std::vector<Eigen::Vector3d> velocities;         ///< Å/fs (stored as float Å/ps)
  std::vector<Eigen::Vector3d> forces;             ///< eV/Å (stored as float kcal/mol/Å)
  std::vector<double> charges;                     ///< e (stored as float)
};

/// Appends frames to an AMBER NetCDF trajectory. Every frame is synced to the operating system
/// (nc_sync) before appendFrame returns, and the file's frame count is updated only then, so a
/// run killed at any moment (even SIGKILL) leaves a file that reads up to its last complete
/// frame. Errors throw InputError naming the path and the netCDF error, on one line.
class NetcdfTrajectoryWriter {
 public:
  /// Creates `path` for numAtoms atoms; the empty trajectory replaces an existing file only once
  /// its header is complete, so a kill never leaves a half-written header. With append = true an
  /// existing file is continued instead (a run resuming from a checkpoint): it must be an AMBER
  /// trajectory written by this class with the same atom count and contents, else InputError;
  /// a missing file is created. netCDF cannot drop frames, so a resumed run re-appends the
  /// frames after its checkpoint step; frameCount() tells the caller where the file stands, and
  /// readNetcdfTrajectory keeps only the latest frame of every step.
  NetcdfTrajectoryWriter(const std::string& path, std::size_t numAtoms, NetcdfContents contents,
                         bool append = false);
  /// Closes the file; errors are swallowed here (call close() to see them).
  ~NetcdfTrajectoryWriter();
  NetcdfTrajectoryWriter(const NetcdfTrajectoryWriter&) = delete;
  NetcdfTrajectoryWriter& operator=(const NetcdfTrajectoryWriter&) = delete;

  /// Writes one frame at the end and syncs. Array sizes must match numAtoms() for positions and
  /// for every array the contents name (std::invalid_argument otherwise); a value beyond the
  /// float range (overflow, inf) is an InputError and leaves the file unchanged. After an I/O
  /// error the writer refuses further frames.
  void appendFrame(const NetcdfFrame& frame);
  /// Frames in the file, including those found there when appending.
  std::size_t frameCount() const { return frameCount_; }
  std::size_t numAtoms() const { return numAtoms_; }
  const NetcdfContents& contents() const { return contents_; }
  const std::string& path() const { return path_; }
  /// Closes the file now, throwing on error; later appendFrame calls throw.
  void close();

 private:
  void create();
  void defineFile();
  void openForAppend();
  void check(int status, const char* action) const;

  std::string path_;
  std::size_t numAtoms_ = 0;
  NetcdfContents contents_;
  std::size_t frameCount_ = 0;
  bool failed_ = false;  ///< an I/O error happened mid-frame; the in-memory state is unreliable
  int ncid_ = -1;        ///< netCDF handle, -1 when closed
  int timeVar_ = -1, stepVar_ = -1, coordinatesVar_ = -1, cellLengthsVar_ = -1, cellAnglesVar_ = -1,
      velocitiesVar_ = -1, forcesVar_ = -1, chargesVar_ = -1;
};

/// Random access to the frames of an AMBER NetCDF trajectory (ours or another program's, e.g.
/// AMBER's velocities with their scale_factor). Values come back in the engine's units.
/// Malformed files throw InputError naming the path.
class NetcdfTrajectoryReader {
 public:
  explicit NetcdfTrajectoryReader(const std::string& path);
  ~NetcdfTrajectoryReader();
  NetcdfTrajectoryReader(const NetcdfTrajectoryReader&) = delete;
  NetcdfTrajectoryReader& operator=(const NetcdfTrajectoryReader&) = delete;

  std::size_t numAtoms() const { return numAtoms_; }
  /// Frames stored in the file, re-appended ones included.
  std::size_t frameCount() const { return steps_.size(); }
  const NetcdfContents& contents() const { return contents_; }
  /// MD step of every stored frame (the frame index where the file has no `step`).
  const std::vector<std::int64_t>& steps() const { return steps_; }
  /// Indices of the frames that make up the trajectory: where a resumed run re-appended steps,
  /// the later frame of a step replaces the earlier one and every frame after it, so steps
  /// increase strictly.
  std::vector<std::size_t> latestFrames() const;
  NetcdfFrame readFrame(std::size_t index) const;
  /// Time (fs) of stored frame `index` without reading its atoms (0 where the file has no time).
  double time(std::size_t index) const;

 private:
  void readArray(int var, std::size_t index, std::size_t components, double factor, double* out,
                 const char* name) const;

  std::string path_;
  int ncid_ = -1;
  std::size_t numAtoms_ = 0;
  NetcdfContents contents_;
  std::vector<std::int64_t> steps_;
  int timeVar_ = -1, coordinatesVar_ = -1, cellLengthsVar_ = -1, cellAnglesVar_ = -1,
      velocitiesVar_ = -1, forcesVar_ = -1, chargesVar_ = -1;
  double timeFactor_ = 1.0;  ///< file value → fs
  double coordinatesFactor_ = 1.0, cellLengthsFactor_ = 1.0, cellAnglesFactor_ = 1.0;
  double velocitiesFactor_ = 1.0;  ///< file value → Å/fs
  double forcesFactor_ = 1.0;      ///< file value → eV/Å
  double chargesFactor_ = 1.0;     ///< file value → e
};

/// Cuts a trajectory written by NetcdfTrajectoryWriter back to its first `frames` frames (a run
/// resuming from a checkpoint taken when the file held them): the record count in the header
/// first, then the file is truncated to `bytes`, its size at that moment, so an interruption
/// between the two leaves a readable file. Throws InputError naming the path when the file is
/// not netCDF-3 or holds fewer frames.
void cutNetcdfTrajectory(const std::string& path, std::size_t frames, std::uint64_t bytes);

/// Reads the trajectory as latestFrames() defines it (a resumed run's re-appended steps replace
/// the earlier ones), in the engine's units. Throws InputError naming the path.
std::vector<NetcdfFrame> readNetcdfTrajectory(const std::string& path);

}  // namespace sei
