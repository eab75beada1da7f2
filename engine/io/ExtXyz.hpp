#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/ForceResult.hpp"
#include "core/Structure.hpp"

namespace sei {

/// Which optional per-atom columns writeExtXyz emits (species and pos are always written).
struct ExtXyzColumns {
  bool velocities = false;  ///< "vel:R:3" (GPUMD's name), Å/fs
  bool masses = false;      ///< "mass:R:1", amu
  bool charges = false;     ///< "charge:R:1", e
  bool forces = false;      ///< "forces:R:3", eV/Å
};

/// A per-atom real column of writeCustomExtXyzFrame, for other programs' layouts (GPUMD's
/// dump.xyz puts energy_atom, bec, virial, ... between the usual columns).
struct ExtXyzColumn {
  std::string name;  ///< Properties name: letters, digits and '_'
  int count = 1;     ///< reals per atom
  /// Stores the count values of atom i at out[0], ..., out[count - 1].
  std::function<void(std::size_t i, double* out)> values;
};

/// What writeCustomExtXyzFrame writes besides species, positions, cell and info.
struct ExtXyzFrameLayout {
  std::vector<ExtXyzColumn> columns;  ///< after species:S:1:pos:R:3, in this order
  /// key=value pairs that open the comment line (e.g. GPUMD's Time=). Lattice, Properties and
  /// pbc are the writer's own and may not appear.
  std::string leadingKeys;
  /// Append Structure::info at the end of the comment line; false when the frame's keys are the
  /// caller's alone (an input's energy= must not reappear in an MD dump).
  bool structureInfo = true;
};

/// Reads every frame of an extended XYZ file (GPUMD model.xyz / dump.xyz, ASE). Throws
/// InputError naming file and line on malformed input.
std::vector<Structure> readExtXyzFrames(const std::string& path);

/// How readExtXyzFrames interprets columns whose names differ between writers.
struct ExtXyzReadOptions {
  /// Column names (case-insensitive) tried in order for Structure::forces: the first one a
  /// frame's Properties declares is read (3 reals per atom), the others are skipped, e.g.
  /// {"REF_forces", "forces", "force"} for sets that carry reference and model forces. Empty:
  /// "force" or "forces", declaring both is an error.
  std::vector<std::string> forceColumns;
};
std::vector<Structure> readExtXyzFrames(const std::string& path, const ExtXyzReadOptions& options);
/// Reads the frames of an extended XYZ file one at a time (trajectories too large to hold in
/// memory), with the checks and messages of readExtXyzFrames.
class ExtXyzFrameReader {
 public:
  explicit ExtXyzFrameReader(const std::string& path);  ///< throws InputError if unreadable
  ~ExtXyzFrameReader();
  ExtXyzFrameReader(const ExtXyzFrameReader&) = delete;
  ExtXyzFrameReader& operator=(const ExtXyzFrameReader&) = delete;
  /// Reads the next frame into `frame`; false at the end of the file.
  bool next(Structure& frame);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Reads the first frame.
Structure readExtXyz(const std::string& path);
/// Duplicate atoms (closer than 0.01 Å, where no force field is defined) in the first frame of
/// `path`, found from the closest pair of a force evaluation: throws InputError naming both
/// atoms and the line of the second (no line when `inFile` is false: `path` then names a
/// structure held in memory, such as "ase.Atoms").
void checkDistinctAtoms(const Structure& s, const ClosestPair& closest, const std::string& path,
                        bool inFile = true);
/// Reads frames from a stream; sourceName is used in error messages.
std::vector<Structure> readExtXyzFrames(std::istream& in, const std::string& sourceName);

/// The key=value pairs of a comment line or of Structure::info, values unquoted ("a b c" and
/// {a b c} give a b c). A key without '=' has an empty value. Throws InputError naming
/// sourceName for an unterminated quote.
std::vector<std::pair<std::string, std::string>> parseExtXyzInfo(const std::string& info,
                                                                 const std::string& sourceName);

/// Writes one frame to a stream.
void writeExtXyzFrame(std::ostream& out, const Structure& s, const ExtXyzColumns& columns = {});
/// Writes one frame with caller-defined columns, checked like the plain form before anything is
/// written: a column whose name our reader interprets (vel, forces, charge, ...) must have the
/// count the reader expects, names are unique and every value is finite. Throws
/// std::invalid_argument otherwise.
void writeCustomExtXyzFrame(std::ostream& out, const Structure& s, const ExtXyzFrameLayout& layout);
/// Writes a single-frame file atomically (temporary file + rename): an existing file is either
/// kept intact or replaced whole.
void writeExtXyz(const std::string& path, const Structure& s, const ExtXyzColumns& columns = {});

}  // namespace sei
