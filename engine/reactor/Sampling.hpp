#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "builder/Recipe.hpp"
#include "core/Structure.hpp"
#include "md/Random.hpp"
#include "nep/NepModel.hpp"

namespace sei::reactor {

/// Reactor sampling (issue 19 item 3): small cells built from recipes run hot with the current
/// model — a temperature ramp, isotropic compression and expansion, Gaussian rattles — and
/// every frameInterval-th frame becomes a candidate for labelling. Each recipe runs three
/// trajectories: its cell as built, compressed and expanded by `strain`.
struct SamplingSettings {
  /// Builder recipes (the "recipe" objects of a project, or whole sei-recipe files), each a
  /// small cell (50–250 atoms): electrode, solvents, salt and products placed on purpose.
  std::vector<nlohmann::json> recipes;
  double startTemperature = 300;  ///< K, target at step 0
  double peakTemperature = 1000;  ///< K, reached after rampSteps and held
  int rampSteps = 2000;           ///< MD steps of the linear ramp start → peak
  int holdSteps = 2000;           ///< MD steps at the peak after the ramp
  double timeStep = 0.5;          ///< fs
  /// Bussi thermostat's τ_T/Δt, time steps (GPUMD's T_coup): tight, so that the heat a freshly
  /// packed or strained cell releases does not carry it far above the ramp.
  double temperatureCoupling = 20;
  double strain = 0.05;     ///< largest isotropic compression/expansion, fraction
  double rattle = 0.05;     ///< Å, Gaussian rattle (σ per component) of every 2nd frame
  int frameInterval = 100;  ///< steps between kept candidate frames
  std::uint64_t seed = 1;   ///< MD, rattles, and packing (recipe seed + seed − 1)
};

/// The "sampling" object of a reactor plan (keys: recipes, start_temperature,
/// peak_temperature, ramp_steps, hold_steps, time_step, temperature_coupling, strain, rattle,
/// frame_interval, seed). Every recipe is checked here. InputError "WHERE: FIELD: what was
/// expected, got VALUE".
SamplingSettings samplingSettingsFromJson(const nlohmann::json& j, const std::string& where);

/// Recipe `index` of the settings as a Recipe (checked when the settings were read).
Recipe samplingRecipe(const SamplingSettings& s, std::size_t index);

struct SampledFrame {
  Structure structure;  ///< symbols, positions (Å), cell; info: config_type=reactor, step, ...
  /// Recipe index and what was done, e.g. "recipe 0, strain -0.05, 1000 K, rattled 0.05 Å".
  std::string origin;
  long step = 0;                 ///< MD step of the trajectory
  double temperature = 0;        ///< K, instantaneous kinetic temperature of the frame
  double targetTemperature = 0;  ///< K, the thermostat's target at that step
  int recipe = 0;                ///< index into SamplingSettings::recipes
  double strain = 0;             ///< applied isotropic strain, fraction (lengths × (1 + strain))
  bool rattled = false;          ///< Gaussian displacements added after the MD step
};

struct SamplingControl {
  int threads = 1;                              ///< OpenMP threads of the force evaluation
  std::function<void(const std::string&)> log;  ///< one line per trajectory, blow-ups included
  std::function<bool()> stop;                   ///< checked every 100 steps; true: return now
};

/// The candidate frames of every recipe, in recipe, strain (0, −strain, +strain) and step order.
/// A trajectory that blows up (md's guard) ends there, keeps its earlier frames and is logged;
/// the others run on. The same settings, model, seed and thread count give the same frames
/// (bit for bit; other thread counts sum forces in another order). InputError for a
/// recipe that cannot be built or names an element the model lacks.
std::vector<SampledFrame> sampleFrames(const SamplingSettings& s,
                                       std::shared_ptr<const NepModel> model,
                                       const SamplingControl& c);

/// The isotropically strained copy of a structure: cell and positions × (1 + strain), so its
/// volume is V·(1 + strain)³ (fractional coordinates kept).
Structure strainedStructure(const Structure& s, double strain);

/// Adds to every position component a Gaussian displacement of standard deviation `sigma` (Å),
/// drawn from `random`.
void rattleStructure(Structure& s, double sigma, Random& random);

}  // namespace sei::reactor
