#pragma once

#include <array>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/DumpQuantities.hpp"
#include "io/StepClock.hpp"
#include "kspace/Electrostatics.hpp"
#include "md/EnsembleSettings.hpp"
#include "md/Minimizer.hpp"
#include "md/WatchdogSettings.hpp"

namespace sei {

// A GPUMD run.in, read into plain data before anything runs (GPUMD itself executes it line by
// line and may die halfway through a long protocol on a typo). One command per line; a token
// that starts with '#' comments out the rest of the line, as in GPUMD.
//
// Global commands: `potential FILE` (once, before the first run; relative paths are relative to
// the folder GPUMD runs in, the one holding run.in), `kspace ewald|pppm [ACCURACY] [slab
// [FACTOR]]` (once, anywhere; GPUMD reads it before the potential; ACCURACY and slab are ours),
// `velocity T [seed SEED]` (once, before the first run).
//
// A run block is everything from the previous `run` to the next one. `ensemble` (exactly one per
// block, as GPUMD's manual demands), `dump_*` and the maximum distance of `time_step` apply to
// that block only, like GPUMD's non-propagating keywords; the time step itself and `checkpoint`
// carry on to later blocks until changed. Per-block settings after the last `run` are refused:
// GPUMD would silently ignore them.
//
// Deviations from GPUMD, on purpose:
//  - without any `time_step`, dt is kDefaultTimeStep = 0.5 fs (GPUMD: 1 fs);
//  - `checkpoint INTERVAL` and `watchdog ...` are ours (GPUMD would reject the words);
//  - only one potential, no grouping methods (so no `group` options), a subset of ensembles;
//  - NetCDF trajectories are single precision and uncompressed.
// Syntax of GPUMD 5.6 that GPUMD's development version has since replaced is still read, so
// that existing inputs keep working: `dump_exyz INTERVAL [HAS_VELOCITY [HAS_FORCE
// [HAS_POTENTIAL [SEPARATED]]]]` (as dump_xyz to dump.xyz), `dump_xyz -1 GROUP_ID INTERVAL FILE
// ...` (the whole-system form of the old group-first order) and `dump_netcdf INTERVAL
// HAS_VELOCITY [precision single]` (to movie.nc).

/// Time step when no `time_step` line sets one, fs. GPUMD's default is 1 fs, too long for the
/// O–H vibrations and light Na/Li dynamics of the electrolytes this project simulates.
constexpr double kDefaultTimeStep = 0.5;

/// `dump_xyz INTERVAL FILE [precision single|double] [QUANTITY ...]`: appends a frame to FILE
/// after every INTERVAL-th step of the block.
struct DumpXyz {
  int line = 0;
  std::int64_t interval = 0;  ///< steps
  std::string file;           ///< as written ("dump.xyz" for dump_exyz)
  /// FILE ended in '*' (dump_exyz: SEPARATED = 1, file "dump.*.xyz"): every frame goes to its own
  /// file, named by replacing the last '*' with the number of steps done in the block (GPUMD's
  /// convention), written whole rather than appended.
  bool filePerFrame = false;
  DumpPrecision precision = DumpPrecision::Single;
  DumpQuantities quantities;
};

/// `dump_netcdf INTERVAL FILE [velocity] [force] [charge] [precision single] [compression none]`:
/// AMBER NetCDF trajectory (single precision, uncompressed: what our writer produces).
struct DumpNetcdf {
  int line = 0;
  std::int64_t interval = 0;  ///< steps
  std::string file;           ///< as written ("movie.nc" for GPUMD 5.6's form)
  DumpQuantities quantities;  ///< only velocity, force and charge can be set
};

/// One `run STEPS` with the settings in force for it.
struct RunBlock {
  int line = 0;                        ///< line of the `run` command
  std::int64_t steps = 0;              ///< ≥ 1
  double timeStep = kDefaultTimeStep;  ///< fs; the latest `time_step` at or before this block
  bool timeStepSet = false;            ///< false: kDefaultTimeStep, no `time_step` so far
  /// Å; > 0: dt shrinks for a step so that no atom moves farther (GPUMD's second `time_step`
  /// parameter, which, unlike dt, holds for this block only). 0: fixed dt.
  double maxDistancePerStep = 0.0;
  EnsembleSettings ensemble;
  std::int64_t dumpThermo = 0;  ///< steps between thermo.out lines; 0: no thermo.out
  std::vector<DumpXyz> dumpXyz;
  std::vector<DumpNetcdf> dumpNetcdf;
  std::int64_t dumpRestart = 0;  ///< steps between rewrites of restart.xyz; 0: none
  /// Steps between checkpoints the run can resume from (our extension; carries on to later
  /// blocks, `checkpoint 0` switches it off). 0: none.
  std::int64_t checkpoint = 0;
};

/// FACTOR of `kspace ... slab` when none is given (LAMMPS' recommended 3).
constexpr double kDefaultSlabFactor = 3.0;

/// `velocity T [seed SEED]`. GPUMD ignores it when model.xyz carries velocities and draws 300 K
/// velocities when neither is given.
struct VelocityInit {
  int line = 0;
  double temperature = 0.0;           ///< K, > 0
  std::optional<std::uint64_t> seed;  ///< absent: a different draw every time
};

/// `minimize sd|fire FORCE_TOL MAX_STEPS [box xy [tilt] [STRESS_TOL]]`: relaxes the positions
/// where it stands in run.in, i.e. before the run block that follows it (GPUMD's semantics);
/// `box xy` (our extension) also relaxes the lateral cell to zero stress.
struct MinimizeCommand {
  int line = 0;
  bool fire = false;            ///< `fire` (FIRE), else `sd` (steepest descent)
  double forceTolerance = 0.0;  ///< eV/Å on the largest force component; ≤ 0: all steps
  std::int64_t maxSteps = 0;
  std::size_t beforeRun = 0;  ///< index into RunPlan::runs of the block it precedes
  CellRelaxation cell = CellRelaxation::None;        ///< `box xy [tilt]`
  double stressTolerance = kDefaultStressTolerance;  ///< GPa, with `box`
};

struct RunPlan {
  std::string potential;  ///< model file as written in run.in
  int potentialLine = 0;
  KSpaceMethod kspace = KSpaceMethod::Pppm;  ///< GPUMD's default
  double kspaceAccuracy = 0.0;  ///< relative RMS force accuracy; 0: GPUMD's mesh/k rules
  /// `slab [FACTOR]`: > 1, the slab correction with c stretched by FACTOR (SlabSolver); 0: none.
  double slabFactor = 0.0;
  std::optional<VelocityInit> velocity;
  std::vector<RunBlock> runs;                  ///< in order; at least one
  std::vector<MinimizeCommand> minimizations;  ///< in order
  /// `watchdog INTERVAL [committee FILE ...] [force_std X] [fmax X] [drift X] [neutrality X]
  /// [min_distance X] [covalent_fraction X] [history N]` (ours, once, anywhere; every run
  /// block, not minimisations): interval 0 when absent. Thresholds `off` are stored as 0.
  WatchdogSettings watchdog;
};

/// Steps of all the plan's run blocks together.
std::int64_t totalSteps(const RunPlan& plan);

/// Reads a run.in. Throws InputError "path:LINE: message" on the first problem: unknown or
/// unsupported command, wrong parameter count, bad number, misplaced command, no `run`.
RunPlan parseRunInput(const std::string& path);
/// The same from a stream; sourceName starts every error message.
RunPlan parseRunInput(std::istream& in, const std::string& sourceName);
/// The same for run.in commands whose model is named elsewhere (a project's run, whose model is
/// its model.path): no `potential` line, and none allowed.
RunPlan parseRunCommands(std::istream& in, const std::string& sourceName);
/// The run.in text of a plan: what parseRunInput reads back into the same plan (numbers with
/// all the digits a double needs; line numbers are not kept). Every block states its ensemble
/// and dumps; `time_step` and `checkpoint` are written where they change, as they carry on.
std::string runInputText(const RunPlan& plan);
/// runInputText without the `potential` line: what parseRunCommands reads back.
std::string runCommandsText(const RunPlan& plan);
/// The steps and times of a plan's run blocks, for numbering trajectory frames that carry only
/// their time (GPUMD's dump.xyz).
StepClock stepClockOf(const RunPlan& plan);
/// The same for a run.in file; an empty clock when `path` is not a readable run.in (yet, or one
/// with commands we do not run: the frames then go by their index).
StepClock readStepClock(const std::string& path);
/// The clock of the run.in beside a trajectory (a run folder's dump.xyz).
StepClock stepClockBeside(const std::string& trajectoryPath);

}  // namespace sei
