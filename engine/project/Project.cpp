#include "project/Project.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <sstream>

#include "io/AtomicFile.hpp"
#include "md/EnsembleRegistry.hpp"
#include "project/JsonFields.hpp"
#include "project/RecipeJsonValue.hpp"

namespace sei {
namespace {

struct CouplingName {
  const char* name;
  PressureCouplingMode mode;
};
constexpr CouplingName kCouplings[] = {{"isotropic", PressureCouplingMode::Isotropic},
                                       {"anisotropic", PressureCouplingMode::Anisotropic},
                                       {"lateral", PressureCouplingMode::Lateral},
                                       {"z", PressureCouplingMode::AxialZ}};

constexpr const char* kDumpFile = "dump.xyz";    // the trajectory the studio follows
constexpr const char* kNetcdfFile = "movie.nc";  // the binary trajectory of the Run panel
constexpr double kRigid = 10 * kRigidModulus;    // GPa: a direction the barostat leaves alone

const char* couplingName(PressureCouplingMode mode) {
  for (const CouplingName& c : kCouplings)
    if (c.mode == mode) return c.name;
  return kCouplings[0].name;
}

/// A JSON object kept verbatim (the studio's analysis and plot settings).
std::string opaqueObject(JsonFields& f, const std::string& key) {
  if (!f.has(key)) {
    f.allow(key);
    return "{}";
  }
  const json& v = f.child(key);
  if (!v.is_object()) f.fail(f.at(key), "expected a JSON object", v);
  return v.dump();
}

ProjectRunSettings readRun(const json& v, const std::string& source) {
  JsonFields f(v, "run", source);
  ProjectRunSettings r;
  // Ensembles are named as in run.in, so a project reads like the run it writes.
  std::vector<std::string> ensembles;
  for (const EnsembleDescriptor& d : registeredEnsembles()) ensembles.push_back(d.keyword);
  r.ensemble = f.choice("ensemble", r.ensemble, ensembles);
  r.temperature = f.number("temperature", r.temperature, 0.0, 1e5);
  r.temperatureEnd = f.number("temperature_end", r.temperature, 0.0, 1e5);
  r.temperatureCoupling = f.number("temperature_coupling", r.temperatureCoupling, 1.0, 1e9);
  std::vector<std::string> couplings;
  for (const CouplingName& c : kCouplings) couplings.emplace_back(c.name);
  const std::string coupling =
      f.choice("pressure_coupling_mode", couplingName(r.coupling), couplings);
  for (const CouplingName& c : kCouplings)
    if (coupling == c.name) r.coupling = c.mode;
  r.pressure = f.number("pressure", r.pressure, -1e3, 1e3);
  r.modulus = f.number("modulus", r.modulus, 1e-3, kRigidModulus);
  r.pressureCoupling = f.number("pressure_coupling", r.pressureCoupling, 1.0, 1e9);
  r.timeStep = f.number("time_step", r.timeStep, 1e-3, 10.0);
  r.steps = f.integer("steps", r.steps, 1, std::numeric_limits<std::int64_t>::max() / 2);
  r.kspace = f.choice("kspace", "pppm", {"ewald", "pppm"}) == "ewald" ? KSpaceMethod::Ewald
                                                                      : KSpaceMethod::Pppm;
  r.velocitySeed = static_cast<std::uint64_t>(
      f.integer("velocity_seed", 1, 0, std::numeric_limits<long long>::max()));
  const long long most = std::numeric_limits<std::int64_t>::max() / 2;
  r.thermoInterval = f.integer("thermo_interval", r.thermoInterval, 1, most);
  r.dumpInterval = f.integer("dump_interval", r.dumpInterval, 0, most);
  r.netcdfInterval = f.integer("netcdf_interval", r.netcdfInterval, 0, most);
  r.checkpointInterval = f.integer("checkpoint_interval", r.checkpointInterval, 0, most);
  r.backend = f.choice("backend", r.backend, {"cpu", "cuda"});
  f.finish();
  return r;
}

/// Version 2's run: run.in commands, one per line, and the backend.
void readRunCommands(const json& v, const std::string& source, Project& p) {
  JsonFields f(v, "run", source);
  p.backend = f.choice("backend", p.backend, {"cpu", "cuda"});
  const json& lines = f.child("commands");
  if (!lines.is_array()) f.fail(f.at("commands"), "expected an array of run.in lines", lines);
  std::string text;
  for (const json& line : lines) {
    if (!line.is_string()) f.fail(f.at("commands"), "expected an array of run.in lines", line);
    text += line.get<std::string>() + "\n";
  }
  std::istringstream in(text);
  p.run = parseRunCommands(in, source + ": run.commands");
  f.finish();
}

json runJson(const Project& p) {
  json lines = json::array();
  std::istringstream text(runCommandsText(p.run));
  for (std::string line; std::getline(text, line);) lines.push_back(line);
  return {{"commands", lines}, {"backend", p.backend}};
}

}  // namespace

Project parseProject(const std::string& text, const std::string& sourceName) {
  const json root = parseJsonText(text, sourceName);
  JsonFields f(root, "", sourceName);
  const int version = checkFormatAndVersion(f, root, "sei-project", kProjectVersion, "project", 1);
  Project p;
  p.name = f.text("name", "");
  if (f.has("recipe") == f.has("structure"))
    f.fail("recipe", "a project builds from a recipe or reads a structure file, exactly one", root);
  if (f.has("recipe")) p.recipe = recipeFromJson(f.child("recipe"), "recipe", sourceName, false);
  p.structure = f.text("structure", "");
  if (f.has("model")) {
    JsonFields m(f.child("model"), "model", sourceName);
    p.model = m.text("path", "");
    p.modelSha256 = m.text("sha256", "");
    if (!p.modelSha256.empty() &&
        (p.modelSha256.size() != 64 ||
         p.modelSha256.find_first_not_of("0123456789abcdef") != std::string::npos))
      m.fail("model.sha256", "expected 64 lowercase hexadecimal digits", root["model"]["sha256"]);
    m.finish();
  } else {
    f.allow("model");
  }
  if (!f.has("run")) {
    f.allow("run");
  } else if (version == 1) {
    const ProjectRunSettings form = readRun(f.child("run"), sourceName);
    p.run = runPlanOf(form);
    p.backend = form.backend;
  } else {
    readRunCommands(f.child("run"), sourceName, p);
  }
  p.analysis = opaqueObject(f, "analysis");
  p.plots = opaqueObject(f, "plots");
  p.outputs = f.text("outputs", p.outputs);
  if (p.outputs.empty()) f.fail("outputs", "expected a folder name", root["outputs"]);
  // A run moves an earlier run's run.in and model.xyz aside and writes its own: in the
  // project's own folder that would be the user's input files.
  if (std::filesystem::path(p.outputs).lexically_normal() == ".")
    f.fail("outputs",
           "expected a folder of its own for the run (e.g. \"run\"), not the project's folder, "
           "whose input files a run would move aside or overwrite",
           root["outputs"]);
  f.finish();
  return p;
}

Project readProject(const std::string& path) {
  return parseProject(readTextFile(path, "project file"), path);
}

std::string projectToJson(const Project& p) {
  json root;
  root["format"] = "sei-project";
  root["version"] = kProjectVersion;
  root["name"] = p.name;
  if (p.recipe)
    root["recipe"] = recipeJsonValue(*p.recipe);
  else
    root["structure"] = p.structure;
  root["model"] = {{"path", p.model}, {"sha256", p.modelSha256}};
  root["run"] = runJson(p);
  root["analysis"] = json::parse(p.analysis);
  root["plots"] = json::parse(p.plots);
  root["outputs"] = p.outputs;
  return root.dump(2) + "\n";
}

void writeProject(const std::string& path, const Project& project) {
  writeFileAtomically(path, projectToJson(project));
}

RunPlan runPlanOf(const ProjectRunSettings& r) {
  if (!findEnsemble(r.ensemble))
    throw InputError("unknown ensemble '" + r.ensemble + "'; expected " + ensembleKeywords());
  RunPlan plan;
  plan.kspace = r.kspace;
  plan.velocity = VelocityInit{0, r.temperature, r.velocitySeed};
  RunBlock b;
  b.steps = r.steps;
  b.timeStep = r.timeStep;
  b.timeStepSet = true;
  // 0 means a checkpoint only at the end, where the run block finishes.
  b.checkpoint = r.checkpointInterval > 0 ? r.checkpointInterval : r.steps;
  EnsembleSettings& e = b.ensemble;
  e.keyword = r.ensemble;
  if (findEnsemble(r.ensemble)->form != EnsembleForm::Plain) {
    e.temperatureStart = r.temperature;
    e.temperatureEnd = r.temperatureEnd;
    e.temperatureCoupling = r.temperatureCoupling;
  }
  if (findEnsemble(r.ensemble)->form == EnsembleForm::ThermostatBarostat) {
    // GPUMD couples a direction only while its modulus is below kRigidModulus.
    Barostat& baro = e.barostat;
    baro.pressureCoupling = r.pressureCoupling;
    if (r.coupling == PressureCouplingMode::Isotropic) {
      baro.coupling = BarostatCoupling::Isotropic;
      baro.pressure[0] = r.pressure;
      baro.modulus[0] = r.modulus;
    } else {
      baro.coupling = BarostatCoupling::Orthogonal;
      const bool lateral = r.coupling != PressureCouplingMode::AxialZ;
      const bool normal = r.coupling != PressureCouplingMode::Lateral;
      baro.pressure = {r.pressure, r.pressure, r.pressure, 0, 0, 0};
      baro.modulus = {lateral ? r.modulus : kRigid,
                      lateral ? r.modulus : kRigid,
                      normal ? r.modulus : kRigid,
                      0,
                      0,
                      0};
    }
  }
  b.dumpThermo = r.thermoInterval;
  if (r.dumpInterval > 0)
    b.dumpXyz.push_back({0, r.dumpInterval, kDumpFile, false, DumpPrecision::Single, {}});
  if (r.netcdfInterval > 0) b.dumpNetcdf.push_back({0, r.netcdfInterval, kNetcdfFile, {}});
  b.dumpRestart = std::max<std::int64_t>(r.thermoInterval, r.steps / 10);
  plan.runs.push_back(std::move(b));
  if (r.relax)
    plan.minimizations.push_back({0, true, kRelaxForceTolerance, kRelaxMaxSteps, 0,
                                  r.relaxCell ? CellRelaxation::Lateral : CellRelaxation::None,
                                  kRelaxStressTolerance});
  return plan;
}

namespace {

/// The minimisation the run form's "relax first" controls: the one before the first run.
bool beforeTheRun(const MinimizeCommand& m) { return m.beforeRun == 0; }

}  // namespace

ProjectRunSettings runFormOf(const Project& project) {
  ProjectRunSettings r;
  const RunPlan& plan = project.run;
  r.backend = project.backend;
  r.kspace = plan.kspace;
  if (plan.velocity) {
    r.temperature = r.temperatureEnd = plan.velocity->temperature;
    if (plan.velocity->seed) r.velocitySeed = *plan.velocity->seed;
  }
  const auto first =
      std::find_if(plan.minimizations.begin(), plan.minimizations.end(), beforeTheRun);
  r.relax = first != plan.minimizations.end();
  r.relaxCell = r.relax && first->cell != CellRelaxation::None;
  if (plan.runs.empty()) return r;
  const RunBlock& b = plan.runs.front();
  r.steps = b.steps;
  r.timeStep = b.timeStep;
  r.checkpointInterval = b.checkpoint == b.steps ? 0 : b.checkpoint;
  r.thermoInterval = b.dumpThermo > 0 ? b.dumpThermo : r.thermoInterval;
  r.dumpInterval = r.netcdfInterval = 0;
  for (const DumpXyz& d : b.dumpXyz)
    if (d.file == kDumpFile) r.dumpInterval = d.interval;
  for (const DumpNetcdf& d : b.dumpNetcdf)
    if (d.file == kNetcdfFile) r.netcdfInterval = d.interval;
  const EnsembleSettings& e = b.ensemble;
  r.ensemble = e.keyword;
  const EnsembleDescriptor* d = findEnsemble(e.keyword);
  if (d && d->form != EnsembleForm::Plain) {
    r.temperature = e.temperatureStart;
    r.temperatureEnd = e.temperatureEnd;
    r.temperatureCoupling = e.temperatureCoupling;
  }
  if (d && d->form == EnsembleForm::ThermostatBarostat) {
    const Barostat& baro = e.barostat;
    r.pressureCoupling = baro.pressureCoupling;
    r.pressure = baro.pressure[0];
    r.modulus = baro.modulus[0];
    if (baro.coupling == BarostatCoupling::Orthogonal) {
      const bool lateral = baro.modulus[0] < kRigidModulus;
      const bool normal = baro.modulus[2] < kRigidModulus;
      r.coupling = lateral && normal ? PressureCouplingMode::Anisotropic
                   : lateral         ? PressureCouplingMode::Lateral
                                     : PressureCouplingMode::AxialZ;
      if (!lateral) {
        r.pressure = baro.pressure[2];
        r.modulus = baro.modulus[2];
      }
    } else {
      r.coupling = PressureCouplingMode::Isotropic;  // a triclinic barostat shows its xx part
    }
  }
  return r;
}

void applyRunForm(const ProjectRunSettings& form, Project& project) {
  RunPlan& plan = project.run;
  const RunPlan one = runPlanOf(form);
  RunBlock block = one.runs.front();
  if (!plan.runs.empty()) {
    const RunBlock& old = plan.runs.front();
    block.maxDistancePerStep = old.maxDistancePerStep;
    for (const DumpXyz& d : old.dumpXyz)
      if (d.file != kDumpFile) block.dumpXyz.push_back(d);
    for (const DumpNetcdf& d : old.dumpNetcdf)
      if (d.file != kNetcdfFile) block.dumpNetcdf.push_back(d);
    plan.runs.front() = std::move(block);
  } else {
    plan.runs.push_back(std::move(block));
  }
  plan.kspace = one.kspace;
  plan.velocity = one.velocity;
  project.backend = form.backend;
  const ProjectRunSettings before = runFormOf(project);
  const bool relaxed = before.relax;
  if (!form.relax)
    plan.minimizations.erase(
        std::remove_if(plan.minimizations.begin(), plan.minimizations.end(), beforeTheRun),
        plan.minimizations.end());
  else if (!relaxed)
    plan.minimizations.insert(plan.minimizations.begin(), one.minimizations.front());
  else if (before.relaxCell != form.relaxCell)  // the kept minimisation takes the cell setting
    for (MinimizeCommand& m : plan.minimizations)
      if (beforeTheRun(m)) {
        m.cell = one.minimizations.front().cell;
        m.stressTolerance = one.minimizations.front().stressTolerance;
        break;
      }
}

RunPlan projectRunPlan(const Project& project, const std::string& modelPath, bool charges) {
  RunPlan plan = project.run;
  plan.potential = modelPath;
  // A recipe with vacuum builds a slab (electrode or liquid film) that is not periodic along z.
  if (project.recipe && project.recipe->vacuum > 0.0 && plan.slabFactor == 0.0)
    plan.slabFactor = kDefaultSlabFactor;
  for (RunBlock& b : plan.runs) {
    for (DumpXyz& d : b.dumpXyz) {
      d.quantities.charge = charges;
      d.quantities.bec = d.quantities.bec && charges;
    }
    for (DumpNetcdf& d : b.dumpNetcdf) d.quantities.charge = charges;
  }
  return plan;
}

std::string projectRunInput(const Project& project, const std::string& modelPath, bool charges) {
  return "# written by SEI Studio from the project's run\n" +
         runInputText(projectRunPlan(project, modelPath, charges));
}

}  // namespace sei
