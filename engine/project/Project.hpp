#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "builder/Recipe.hpp"
#include "kspace/Electrostatics.hpp"
#include "run/RunInput.hpp"

namespace sei {

/// Which cell lengths the barostat of npt_scr scales.
enum class PressureCouplingMode {
  Isotropic,    ///< all three together
  Anisotropic,  ///< x, y and z independently
  Lateral,      ///< x and y only (slabs: the liquid's height follows from the area)
  AxialZ,       ///< z only (slabs at a fixed lateral lattice of the metal)
};

/// One run block in the form the Run panel edits it (and version-1 projects stored it). The
/// project's run itself is a RunPlan (Project::run); runFormOf reads its first block into a
/// form and applyRunForm writes a form back, keeping what the form does not show.
struct ProjectRunSettings {
  std::string ensemble = "nvt_bdp";    ///< GPUMD keyword of a registered ensemble
  double temperature = 300.0;          ///< K at the start of the run
  double temperatureEnd = 300.0;       ///< K at the end (linear ramp in between)
  double temperatureCoupling = 100.0;  ///< τ_T / time step
  PressureCouplingMode coupling = PressureCouplingMode::Lateral;
  double pressure = 1e-4;            ///< GPa (1 bar)
  double modulus = 2.0;              ///< GPa, estimated elastic modulus of the system
  double pressureCoupling = 1000.0;  ///< τ_p / time step
  double timeStep = 0.5;             ///< fs
  std::int64_t steps = 10000;
  KSpaceMethod kspace = KSpaceMethod::Pppm;
  std::uint64_t velocitySeed = 1;
  std::int64_t thermoInterval = 100;        ///< steps between thermo.out lines
  std::int64_t dumpInterval = 1000;         ///< steps between dump.xyz frames (0: none)
  std::int64_t netcdfInterval = 0;          ///< steps between movie.nc frames (0: none)
  std::int64_t checkpointInterval = 10000;  ///< steps between checkpoints (0: only at the end)
  std::string backend = "cpu";              ///< "cpu" or "cuda"
  /// Relax first: `minimize fire kRelaxForceTolerance kRelaxMaxSteps` before the first block,
  /// so that a freshly built system (molecules packed at 2 Å) starts without hot spots.
  bool relax = false;
  /// With relax: the lateral cell relaxes too (`box xy kRelaxStressTolerance`), for slabs
  /// whose lateral size was set by hand.
  bool relaxCell = false;
};

constexpr double kRelaxForceTolerance = 0.05;   ///< eV/Å, the form's relaxation
constexpr std::int64_t kRelaxMaxSteps = 1000;   ///< FIRE steps at most
constexpr double kRelaxStressTolerance = 0.01;  ///< GPa, lateral stress with relaxCell

/// The one-block run of a form: no potential, dumps without charges.
RunPlan runPlanOf(const ProjectRunSettings& form);

/// A studio project: what to build or load, which model, how to run, and the studio's own
/// analysis and plot settings (kept verbatim as JSON objects; the engine does not read them).
/// Paths are relative to the project file's folder unless absolute.
struct Project {
  std::string name;
  std::optional<Recipe> recipe;  ///< build the system from this, or
  std::string structure;         ///< read it from this structure file (formats/StructureFile)
  std::string model;             ///< model file; a bare file name is also looked up on the
                                 ///< model search path (core/Paths)
  std::string modelSha256;       ///< of the model file the project last ran with; empty: none
  /// The run, as run.in states it (the one description of a run: the Run panel edits it, run.in
  /// is written from it); `potential` is left empty, the model being `model`.
  RunPlan run = runPlanOf(ProjectRunSettings{});
  std::string backend = "cpu";      ///< force backend of the run, "cpu" or "cuda" (not in run.in)
  std::string analysis = "{}";      ///< JSON object
  std::string plots = "{}";         ///< JSON object
  std::string outputs = "outputs";  ///< the run folder (run.in, model.xyz, thermo.out, ...)
};

/// Version 2 stores the run as run.in commands; version 1 (one block of named settings) is read.
constexpr int kProjectVersion = 2;

/// Reads a project file ("format": "sei-project", "version": 1 or 2; schema in the README).
/// Errors as for recipes: "FILE: FIELD: what was expected, got VALUE", and for the run's
/// commands "FILE: run.commands:LINE: ...".
Project readProject(const std::string& path);
Project parseProject(const std::string& text, const std::string& sourceName);
std::string projectToJson(const Project& project);
/// Writes the project atomically (a crash never leaves half a file).
void writeProject(const std::string& path, const Project& project);

/// The first run block of a project as the Run panel shows it, with the project's backend;
/// `relax` when a minimisation precedes it.
ProjectRunSettings runFormOf(const Project& project);
/// Writes a form into the project's first run block, the velocities, the k-space method and the
/// backend; `relax` adds the form's minimisation before it (an existing one is kept), its
/// absence removes those before it. Later blocks, their minimisations, a k-space accuracy and
/// dumps the form does not show are kept.
void applyRunForm(const ProjectRunSettings& form, Project& project);

/// The project's run with the model at `modelPath`. Charges follow the model: with `charges`
/// (the model predicts them) every dump carries them, without, none asks for them or for BECs.
/// A recipe with vacuum adds the slab correction (`kspace ... slab`, kDefaultSlabFactor) unless
/// the run states its own factor.
RunPlan projectRunPlan(const Project& project, const std::string& modelPath, bool charges);
/// Its run.in (run/RunInput runInputText).
std::string projectRunInput(const Project& project, const std::string& modelPath, bool charges);

}  // namespace sei
