#pragma once

#include <string>
#include <vector>

#include "core/Structure.hpp"

namespace sei::label {

/// The work folder of sei label, the same for local runs and cluster jobs:
///   frames.xyz        the structures to label, in order
///   manifest.txt      one line per frame: its folder, atom count and formula
///   frame_NNNN/       cp2k.inp (written by sei), cp2k.out and cp2k.log (written by CP2K)
/// A frame is done when its cp2k.out reached CP2K's end; a rerun skips done frames, so a killed
/// batch resumes where it stopped.
inline constexpr const char* kFramesFile = "frames.xyz";
inline constexpr const char* kManifestFile = "manifest.txt";
inline constexpr const char* kInputFile = "cp2k.inp";
inline constexpr const char* kOutputFile = "cp2k.out";
inline constexpr const char* kLogFile = "cp2k.log";

/// "frame_0007": the folder of frame `index`.
std::string frameFolderName(std::size_t index);

/// Writes (or updates) the work folder `dir` for `frames` with the inputs `inputs` (one CP2K
/// input per frame). A frame whose cp2k.inp already holds the same text keeps its outputs; a
/// changed input replaces the old one and deletes its outputs, so a label never mixes settings.
/// Returns the indices of the frames still to run: no finished cp2k.out, or (with retryFailed)
/// a finished one that is no label. Throws OutputError naming a file that cannot be written.
std::vector<std::size_t> prepareLabelFolder(const std::string& dir,
                                            const std::vector<Structure>& frames,
                                            const std::vector<std::string>& inputs,
                                            bool retryFailed);

/// Why the cp2k.out in the frame folder `folder` is no label for a frame of `atoms` atoms
/// (cp2kOutputProblem; "not run yet (no cp2k.out)" without one); empty when it is a label.
std::string frameOutputProblem(const std::string& folder, std::size_t atoms);

/// A frame that gave no label, and why.
struct LabelFailure {
  std::string folder;  ///< frame_NNNN
  std::string reason;  ///< one phrase: "SCF run NOT converged", "not run yet", ...
};

/// The labels of a work folder.
struct LabelCollection {
  /// Labelled frames in order: positions and cell of frames.xyz, forces (eV/Å), and energy=
  /// (eV) and virial= (eV, xx xy xz yx yy yz zx zy zz) before the frame's other keys (a former
  /// energy, virial or stress is dropped).
  std::vector<Structure> labelled;
  std::vector<LabelFailure> failures;  ///< in frame order
  std::size_t frames = 0;
};

/// Reads every frame's output of the work folder `dir` (frames.xyz and manifest.txt as
/// prepareLabelFolder writes them). Throws InputError when they are missing or disagree.
LabelCollection collectLabels(const std::string& dir);

/// The labelled frames as GPUMD training extended XYZ, written atomically to `path`.
void writeLabelledXyz(const std::string& path, const std::vector<Structure>& labelled);

}  // namespace sei::label
