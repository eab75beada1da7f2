#include "reactor/Sampling.hpp"

#include <cstdio>
#include <limits>
#include <map>

#include "builder/InterfaceBuilder.hpp"
#include "core/Error.hpp"
#include "core/Formula.hpp"
#include "core/Paths.hpp"
#include "md/EnsembleRegistry.hpp"
#include "md/MdState.hpp"
#include "md/Random.hpp"
#include "md/Simulation.hpp"
#include "nep/NepEvaluator.hpp"
#include "project/JsonFields.hpp"
#include "project/RecipeJsonValue.hpp"

namespace sei::reactor {
namespace {

/// Recipe `index` of the settings: a project's recipe object or a whole sei-recipe file.
Recipe recipeAt(const nlohmann::json& object, std::size_t index, const std::string& where) {
  const std::string path = "recipes[" + std::to_string(index) + "]";
  if (!object.is_object())
    throw InputError(where + ": " + path + ": expected a recipe object, got " + object.dump());
  return recipeFromJson(object, path, where, object.contains("format"));
}

std::string format(const char* pattern, double x) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, x);
  return text;
}

/// One hot trajectory of one (strained) cell.
struct Leg {
  std::size_t recipe;
  double strain;
  std::uint64_t seed;
};

class Sampler {
 public:
  Sampler(const SamplingSettings& s, std::shared_ptr<const NepModel> model,
          const SamplingControl& c)
      : s_(s), model_(std::move(model)), c_(c) {}

  bool stopped() const { return c_.stop && c_.stop(); }
  void log(const std::string& line) const {
    if (c_.log) c_.log(line);
  }

  /// Target temperature at step k of a trajectory, K.
  double target(long k) const {
    if (k >= s_.rampSteps) return s_.peakTemperature;
    return s_.startTemperature +
           static_cast<double>(k) / s_.rampSteps * (s_.peakTemperature - s_.startTemperature);
  }

  void run(const Structure& built, const Leg& leg, std::vector<SampledFrame>& out) {
    const std::string name = "recipe " + std::to_string(leg.recipe);
    const Structure cell = strainedStructure(built, leg.strain);
    MdState state = makeMdState(cell, model_->typesOf(cell, name));
    Random random(leg.seed);
    initializeVelocities(state, s_.startTemperature, random);
    NepEvaluatorOptions options;
    options.threads = c_.threads;
    EnsembleSettings thermostat;
    thermostat.keyword = "nvt_bdp";  // Bussi: canonical, robust far from equilibrium
    thermostat.temperatureStart = s_.startTemperature;
    thermostat.temperatureEnd = s_.peakTemperature;
    thermostat.temperatureCoupling = s_.temperatureCoupling;
    Simulation sim(std::make_shared<NepEvaluator>(model_, options), std::move(state),
                   makeEnsemble(thermostat, s_.timeStep, "sampling"), random.bits());
    sim.setTimeStep(s_.timeStep);
    Random rattles(random.bits());
    const std::size_t first = out.size();
    int kept = 0;
    sim.setStepObserver(
        [&](const MdState& st, const Thermo&) {
          SampledFrame f;
          f.structure.symbols = st.symbols;
          f.structure.positions = st.positions;
          f.structure.cell = st.cell;
          f.step = static_cast<long>(st.step);
          f.temperature = temperature(st);
          f.targetTemperature = target(f.step);
          f.recipe = static_cast<int>(leg.recipe);
          f.strain = leg.strain;
          f.rattled = s_.rattle > 0 && kept++ % 2 == 1;
          if (f.rattled) rattleStructure(f.structure, s_.rattle, rattles);
          f.origin = name + ", strain " + format("%+.3g", leg.strain) + ", " +
                     format("%.0f K", f.targetTemperature) +
                     (f.rattled ? ", rattled " + format("%.3g", s_.rattle) + " Å" : "");
          f.structure.info = "config_type=reactor recipe=" + std::to_string(leg.recipe) +
                             " step=" + std::to_string(f.step) +
                             " temperature=" + format("%.1f", f.temperature) + " origin=\"" +
                             f.origin + "\"";
          out.push_back(std::move(f));
        },
        [&](std::int64_t step) {
          return step % s_.frameInterval == 0 ? Simulation::StepNeed::State
                                              : Simulation::StepNeed::None;
        });
    auto progress = [&](const Progress&) {
      if (stopped()) sim.requestCancel();
    };
    const std::string what = name + " (" + std::to_string(cell.size()) + " atoms), strain " +
                             format("%+.3g", leg.strain);
    try {
      sim.setTemperatureRamp(s_.startTemperature, s_.peakTemperature, s_.rampSteps);
      if (s_.rampSteps > 0 && sim.run(s_.rampSteps, 100, progress) < s_.rampSteps) return;
      sim.setTemperatureRamp(s_.peakTemperature, s_.peakTemperature, s_.holdSteps);
      if (s_.holdSteps > 0) sim.run(s_.holdSteps, 100, progress);
    } catch (const BlowUpError& e) {
      log(what + ": blew up, " + std::to_string(out.size() - first) +
          " frames kept before it: " + e.what());
      return;
    }
    log(what + ": " + std::to_string(out.size() - first) + " frames, last at " +
        format("%.0f K", sim.state().size() ? temperature(sim.state()) : 0.0));
  }

 private:
  const SamplingSettings& s_;
  std::shared_ptr<const NepModel> model_;
  const SamplingControl& c_;
};

}  // namespace

Structure strainedStructure(const Structure& s, double strain) {
  Structure out = s;
  const double f = 1.0 + strain;
  for (Eigen::Vector3d& r : out.positions) r *= f;
  if (s.cell.volume() > 0) out.cell = Cell(f * s.cell.matrix(), s.cell.periodicity());
  return out;
}

void rattleStructure(Structure& s, double sigma, Random& random) {
  for (Eigen::Vector3d& r : s.positions)
    for (int d = 0; d < 3; ++d) r[d] += sigma * random.normal();
}

Recipe samplingRecipe(const SamplingSettings& s, std::size_t index) {
  return recipeAt(s.recipes.at(index), index, "sampling");
}

SamplingSettings samplingSettingsFromJson(const nlohmann::json& j, const std::string& where) {
  JsonFields f(j, "", where);
  SamplingSettings s;
  const nlohmann::json& recipes = f.child("recipes");
  if (!recipes.is_array() || recipes.empty())
    f.fail("recipes", "expected a list of at least one recipe object", recipes);
  for (std::size_t i = 0; i < recipes.size(); ++i) {
    recipeAt(recipes[i], i, where);  // checked now, built when sampling
    s.recipes.push_back(recipes[i]);
  }
  s.startTemperature = f.number("start_temperature", s.startTemperature, 1.0, 1e5);
  s.peakTemperature = f.number("peak_temperature", s.peakTemperature, 1.0, 1e5);
  s.rampSteps = static_cast<int>(f.integer("ramp_steps", s.rampSteps, 0, 1000000000));
  s.holdSteps = static_cast<int>(f.integer("hold_steps", s.holdSteps, 0, 1000000000));
  if (s.rampSteps + static_cast<long long>(s.holdSteps) == 0)
    f.fail("hold_steps", "ramp_steps and hold_steps must not both be 0", j["hold_steps"]);
  s.timeStep = f.number("time_step", s.timeStep, 0.01, 10.0);
  s.temperatureCoupling = f.number("temperature_coupling", s.temperatureCoupling, 1.0, 1e6);
  s.strain = f.number("strain", s.strain, 0.0, 0.3);
  s.rattle = f.number("rattle", s.rattle, 0.0, 1.0);
  s.frameInterval = static_cast<int>(f.integer("frame_interval", s.frameInterval, 1, 1000000000));
  s.seed =
      static_cast<std::uint64_t>(f.integer("seed", 1, 0, std::numeric_limits<long long>::max()));
  f.finish();
  return s;
}

std::vector<SampledFrame> sampleFrames(const SamplingSettings& s,
                                       std::shared_ptr<const NepModel> model,
                                       const SamplingControl& c) {
  Sampler sampler(s, model, c);
  std::vector<SampledFrame> frames;
  for (std::size_t i = 0; i < s.recipes.size() && !sampler.stopped(); ++i) {
    Recipe recipe = samplingRecipe(s, i);
    recipe.seed += s.seed - 1;  // seed 1 builds each recipe as `sei build` does
    const Structure built = buildInterface(recipe, resourceDirectory()).structure;
    model->typesOf(built, "recipe " + std::to_string(i));  // a missing element stops here
    if (model->hasCharges() && !built.cell.fullyPeriodic())
      throw InputError("recipe " + std::to_string(i) +
                       ": a charge (qNEP) model needs a cell periodic in x, y and z; the recipe "
                       "has vacuum");
    std::map<std::string, int> counts;
    for (const std::string& e : built.symbols) ++counts[e];
    sampler.log("recipe " + std::to_string(i) + ": " + hillFormula(counts) + ", " +
                std::to_string(built.size()) + " atoms");
    std::vector<double> strains = {0.0};
    if (s.strain > 0) strains = {0.0, -s.strain, s.strain};
    for (std::size_t k = 0; k < strains.size() && !sampler.stopped(); ++k)
      sampler.run(built, Leg{i, strains[k], s.seed * 1000003 + 3 * i + k}, frames);
  }
  return frames;
}

}  // namespace sei::reactor
