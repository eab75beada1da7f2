#include "run/RunDriver.hpp"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "core/Error.hpp"
#include "io/ExtXyz.hpp"
#include "io/GpumdOutput.hpp"
#include "io/NetcdfTrajectory.hpp"
#include "md/BackendRegistry.hpp"
#include "md/Checkpoint.hpp"
#include "md/DescriptorDistance.hpp"
#include "md/EnsembleRegistry.hpp"
#include "md/Minimizer.hpp"
#include "md/Units.hpp"
#include "nep/NepEvaluator.hpp"
#include "run/RunInput.hpp"
#include "run/RunOutputs.hpp"

namespace sei {
namespace fs = std::filesystem;

namespace {

/// What this driver cannot do yet, refused before anything runs.
void checkSupported(const RunPlan& plan, const std::string& runIn, bool charged) {
  for (const RunBlock& block : plan.runs) {
    if (block.maxDistancePerStep > 0.0)
      throw InputError(runIn, block.line,
                       "a variable time step (second time_step value) is not "
                       "supported yet");
    for (const DumpXyz& d : block.dumpXyz) {
      const DumpQuantities& q = d.quantities;
      if (q.bec || q.virial || q.unwrappedPosition)
        throw InputError(runIn, d.line,
                         "dump_xyz: bec, virial and unwrapped_position are not "
                         "supported yet");
      if (q.charge && !charged)
        throw InputError(runIn, d.line, "dump_xyz charge needs a charge (qNEP) model");
    }
    for (const DumpNetcdf& d : block.dumpNetcdf)
      if (d.quantities.charge && !charged)
        throw InputError(runIn, d.line, "dump_netcdf charge needs a charge (qNEP) model");
  }
}

std::uint64_t fileSize(const fs::path& p) {
  std::error_code ec;
  const auto size = fs::file_size(p, ec);
  return ec ? 0 : size;
}

/// The output files of one run block.
class BlockWriters {
 public:
  /// fresh: replace the files (first block of a new run); blockStart: the block begins here
  /// (not a resumed middle), so thermo.out gets the block's header.
  BlockWriters(const fs::path& folder, const RunBlock& block, std::size_t atoms, bool fresh,
               bool blockStart)
      : folder_(folder), block_(block) {
    const auto mode = std::ios::out | (fresh ? std::ios::trunc : std::ios::app);
    if (block.dumpThermo > 0) {
      thermo_.open(folder / "thermo.out", mode);
      if (blockStart) thermo_ << thermoHeader(block.dumpThermo, atoms, block.timeStep);
      checked(thermo_.flush(), "thermo.out");
    }
    for (const DumpXyz& d : block.dumpXyz) {
      xyz_.emplace_back(folder / d.file, mode);
      checked(xyz_.back(), d.file);
    }
    for (const DumpNetcdf& d : block.dumpNetcdf)
      netcdf_.push_back(std::make_unique<NetcdfTrajectoryWriter>(
          (folder / d.file).string(), atoms,
          NetcdfContents{d.quantities.velocity, d.quantities.force, d.quantities.charge}, !fresh));
  }

  void afterStep(const MdState& s, const Thermo& t, std::int64_t stepInBlock) {
    if (block_.dumpThermo > 0 && stepInBlock % block_.dumpThermo == 0) {
      thermo_ << thermoLine(
          {t.temperature, t.kineticEnergy, t.potentialEnergy, t.pressure, s.cell.matrix()});
      checked(thermo_.flush(), "thermo.out");
    }
    for (std::size_t k = 0; k < block_.dumpXyz.size(); ++k) {
      const DumpXyz& d = block_.dumpXyz[k];
      if (stepInBlock % d.interval != 0) continue;
      writeDumpExyzFrame(xyz_[k], structureOf(s), frameOf(s, t),
                         {d.quantities.mass, d.quantities.charge, false, d.quantities.velocity,
                          d.quantities.force, d.quantities.potential, false, false});
      checked(xyz_[k].flush(), d.file);
    }
    for (std::size_t k = 0; k < block_.dumpNetcdf.size(); ++k) {
      if (stepInBlock % block_.dumpNetcdf[k].interval != 0) continue;
      NetcdfFrame f;
      f.step = s.step;
      f.time = s.time;
      f.cell = s.cell.matrix();
      f.positions = s.positions;
      f.velocities = s.velocities;
      f.forces = s.forces.forces;
      f.charges = s.forces.charges;
      try {
        netcdf_[k]->appendFrame(f);
      } catch (const InputError& e) {
        throw OutputError(e.what());  // the message names the file
      }
    }
    if (block_.dumpRestart > 0 && stepInBlock % block_.dumpRestart == 0) {
      try {
        writeExtXyz((folder_ / "restart.xyz").string(), structureOf(s), {true, true, false, false});
      } catch (const InputError& e) {
        throw OutputError(e.what());
      }
    }
  }

  /// What afterStep needs at step k of the block: atoms for frames and restart files, scalars
  /// for thermo lines.
  Simulation::StepNeed need(std::int64_t k) const {
    bool atoms = block_.dumpRestart > 0 && k % block_.dumpRestart == 0;
    for (const DumpXyz& d : block_.dumpXyz) atoms = atoms || k % d.interval == 0;
    for (const DumpNetcdf& d : block_.dumpNetcdf) atoms = atoms || k % d.interval == 0;
    if (atoms) return Simulation::StepNeed::State;
    if (block_.dumpThermo > 0 && k % block_.dumpThermo == 0) return Simulation::StepNeed::Thermo;
    return Simulation::StepNeed::None;
  }

  /// Byte sizes of the outputs (and NetCDF frame counts), stored in checkpoints so a resumed run
  /// can cut them back.
  std::map<std::string, std::string> sizes() const {
    std::map<std::string, std::string> out;
    if (block_.dumpThermo > 0)
      out["size:thermo.out"] = std::to_string(fileSize(folder_ / "thermo.out"));
    for (const DumpXyz& d : block_.dumpXyz)
      out["size:" + d.file] = std::to_string(fileSize(folder_ / d.file));
    for (std::size_t k = 0; k < netcdf_.size(); ++k) {
      const std::string& file = block_.dumpNetcdf[k].file;
      out["frames:" + file] = std::to_string(netcdf_[k]->frameCount());
      out["size:" + file] = std::to_string(fileSize(folder_ / file));
    }
    return out;
  }

  /// A stream whose last write failed stops the run, naming the file.
  void checked(const std::ostream& out, const std::string& file) const {
    if (!out)
      throw OutputError((folder_ / file).string() + ": writing failed (" + std::strerror(errno) +
                        ")");
  }

  static Structure structureOf(const MdState& s) {
    Structure out;
    out.symbols = s.symbols;
    out.positions = s.positions;
    out.velocities = s.velocities;
    out.masses = s.masses;
    out.charges = s.forces.charges;
    out.forces = s.forces.forces;
    out.cell = s.cell;
    return out;
  }

 private:
  static DumpExyzFrame frameOf(const MdState& s, const Thermo& t) {
    DumpExyzFrame f;
    f.time = s.time;
    f.step = s.step;
    f.energy = s.forces.energy;
    f.virial = s.forces.virial;
    f.pressure = t.pressure / units::kEvPerCubicAngstromToGpa;
    f.perAtomEnergy = &s.forces.perAtomEnergy;
    return f;
  }

  fs::path folder_;
  const RunBlock& block_;
  std::ofstream thermo_;
  std::vector<std::ofstream> xyz_;
  std::vector<std::unique_ptr<NetcdfTrajectoryWriter>> netcdf_;
};

/// Runs a `minimize` command on the simulation's state; false when the user stopped it.
bool runMinimization(const MinimizeCommand& m, Backend& backend, Simulation& sim,
                     const RunFolderOptions& options) {
  MinimizeSettings settings;
  settings.method = m.fire ? MinimizeMethod::Fire : MinimizeMethod::SteepestDescent;
  settings.forceTolerance = m.forceTolerance;
  settings.maxSteps = m.maxSteps;
  settings.cell = m.cell;
  settings.stressTolerance = m.stressTolerance;
  const char* name = m.fire ? "fire" : "sd";
  const MinimizeOutcome outcome =
      minimizeEnergy(backend, sim.mutableState(), settings, [&](const MinimizeProgress& p) {
        if (options.log) {
          char line[200];
          const int used = std::snprintf(
              line, sizeof line, "minimize %s: step %lld/%lld, E = %.6f eV, f_max = %.3g eV/A",
              name, static_cast<long long>(p.step), static_cast<long long>(p.maxSteps), p.energy,
              p.maxForce);
          if (m.cell != CellRelaxation::None)
            std::snprintf(line + used, sizeof line - used, ", lateral stress %.3g GPa",
                          p.maxStress);
          options.log(line);
        }
        return !(options.stopRequested && options.stopRequested());
      });
  sim.refreshForces();
  if (options.log && !outcome.cancelled)
    options.log(
        std::string("minimize ") + name +
        (outcome.converged ? ": converged" : ": stopped at MAX_STEPS before the tolerances"));
  if (options.log && m.cell != CellRelaxation::None) {
    const Eigen::Matrix3d& h = sim.state().cell.matrix();
    char line[160];
    std::snprintf(line, sizeof line, "minimize %s: cell a = (%.5f, %.5f) A, b = (%.5f, %.5f) A",
                  name, h(0, 0), h(1, 0), h(0, 1), h(1, 1));
    options.log(line);
  }
  return !outcome.cancelled;
}

/// A count the driver stored in a checkpoint's extra entries, at most `most`: the checkpoint
/// belongs to this run.in (a block shortened or removed since is named, not skipped).
std::uint64_t checkpointCount(const CheckpointData& c, const std::string& key,
                              const std::string& path, std::uint64_t most) {
  const auto it = c.extra.find(key);
  std::uint64_t value = 0;
  const char* end = it == c.extra.end() ? nullptr : it->second.data() + it->second.size();
  if (!end || std::from_chars(it->second.data(), end, value).ptr != end)
    throw InputError(path, 0, "expected an 'extra " + key + " N' line with a count");
  if (value > most)
    throw InputError(path, 0,
                     "checkpoint is at " + key + " " + std::to_string(value) +
                         ", beyond run.in (at most " + std::to_string(most) +
                         "; was a `run` line shortened or removed?)");
  return value;
}

/// The output file a checkpoint's `prefix:name` key names, refused unless it stays inside the
/// run folder.
fs::path outputFile(const fs::path& folder, const std::string& key, std::size_t prefix,
                    const std::string& path) {
  const fs::path name(key.substr(prefix));
  bool inside = !name.empty() && name.is_relative() && !name.has_root_name();
  for (const fs::path& part : name) inside = inside && part != ".." && part != ".";
  if (!inside) throw InputError(path, 0, "'" + key + "' names a file outside the run folder");
  return folder / name;
}

std::uint64_t countOf(const std::string& key, const std::string& value, const std::string& path) {
  std::uint64_t n = 0;
  const char* end = value.data() + value.size();
  if (value.empty() || std::from_chars(value.data(), end, n).ptr != end)
    throw InputError(path, 0, "'" + key + "' has no count, found '" + value + "'");
  return n;
}

/// Cuts the outputs back to the sizes the checkpoint recorded, so no line or frame appears
/// twice. Every size must lie within its file: outputs only ever grow, so a larger size means
/// a file edited or replaced since. NetCDF files get their frame count back before their size
/// (the keys sort "frames:" before "size:").
void cutOutputsBack(const fs::path& folder, const CheckpointData& c, const std::string& path) {
  const std::map<std::string, std::string> frames(c.extra.lower_bound("frames:"),
                                                  c.extra.lower_bound("frames;"));
  for (const auto& [key, value] : c.extra) {
    if (key.rfind("size:", 0) != 0) continue;
    const fs::path file = outputFile(folder, key, 5, path);
    const std::uint64_t size = countOf(key, value, path), has = fileSize(file);
    if (size > has)
      throw InputError(path, 0,
                       "'" + key + "' records " + std::to_string(size) + " bytes but " +
                           file.string() + " has " + std::to_string(has) +
                           " (edited or replaced since the checkpoint?)");
    const auto f = frames.find("frames:" + key.substr(5));
    if (f != frames.end())
      cutNetcdfTrajectory(file.string(), countOf(f->first, f->second, path), size);
    else if (size < has)
      fs::resize_file(file, size);
  }
}

/// The watchdog run.in asks for, its committee read now so that a bad file stops the run before
/// anything runs; nullptr without a `watchdog` line.
std::unique_ptr<Watchdog> makeWatchdog(const RunPlan& plan, const fs::path& folder,
                                       const std::string& runIn,
                                       std::shared_ptr<const NepModel> model,
                                       const Structure& structure,
                                       const NepEvaluatorOptions& options) {
  const WatchdogSettings& w = plan.watchdog;
  if (w.interval <= 0) return nullptr;
  std::vector<std::shared_ptr<const NepModel>> committee;
  for (const std::string& file : w.committee) {
    const fs::path path = fs::path(file).is_absolute() ? fs::path(file) : folder / file;
    committee.push_back(std::make_shared<const NepModel>(readNepModel(path.string())));
    if (committee.back()->hasCharges() && !structure.cell.fullyPeriodic())
      throw InputError(runIn, w.line,
                       "watchdog committee model " + file +
                           " is a charge (qNEP) model, which needs a cell periodic in all "
                           "directions");
  }
  std::shared_ptr<const DescriptorReference> reference;
  if (w.extrapolation > 0) {
    const std::string& file = w.extrapolationReference;
    const fs::path path = fs::path(file).is_absolute() ? fs::path(file) : folder / file;
    reference = std::make_shared<const DescriptorReference>(
        descriptorReference(model, readExtXyzFrames(path.string()), kDescriptorReferencePoints,
                            options.threads, path.string()));
  }
  return std::make_unique<Watchdog>(w, std::move(model), committee, structure.symbols, options,
                                    std::move(reference));
}

}  // namespace

RunOutcome executeRunFolder(const RunFolderOptions& options) {
  const fs::path folder(options.folder);
  const RunFolderLock lock(folder.string());  // two runs never write into one folder
  const std::string runIn = (folder / "run.in").string();
  const RunPlan plan = parseRunInput(runIn);
  const fs::path modelPath =
      fs::path(plan.potential).is_absolute() ? fs::path(plan.potential) : folder / plan.potential;
  std::shared_ptr<const NepModel> model = options.model;
  if (!model || fs::weakly_canonical(fs::absolute(model->path)) !=
                    fs::weakly_canonical(fs::absolute(modelPath)))
    model = std::make_shared<const NepModel>(readNepModel(modelPath.string()));
  checkSupported(plan, runIn, model->hasCharges());
  const std::string xyzPath = (folder / "model.xyz").string();
  const Structure structure = readExtXyz(xyzPath);
  if (model->hasCharges() && !structure.cell.fullyPeriodic())
    throw InputError(xyzPath, 2, "a charge (qNEP) model needs a cell periodic in all directions");
  MdState state = makeMdState(structure, model->typesOf(structure, xyzPath));

  NepEvaluatorOptions evaluatorOptions;
  evaluatorOptions.threads = options.threads;
  evaluatorOptions.kspace = plan.kspace;
  evaluatorOptions.kspaceAccuracy = plan.kspaceAccuracy;
  evaluatorOptions.slabFactor = plan.slabFactor;
  // Temperature models read the simulation temperature: the target of the thermostat as it
  // ramps (set per step by Simulation), before that the first block's target (the velocity
  // temperature for NVE).
  if (!plan.runs.empty() && plan.runs.front().ensemble.temperatureStart > 0)
    evaluatorOptions.temperature = plan.runs.front().ensemble.temperatureStart;
  else if (plan.velocity)
    evaluatorOptions.temperature = plan.velocity->temperature;
  BackendChoice choice = makeBackend(options.backend, model, evaluatorOptions);
  if (options.backendChosen) options.backendChosen(choice.note);
  std::shared_ptr<Backend> backend = std::move(choice.backend);
  const std::unique_ptr<Watchdog> watchdog =
      makeWatchdog(plan, folder, runIn, model, structure, evaluatorOptions);
  const std::uint64_t seed =
      plan.velocity && plan.velocity->seed ? *plan.velocity->seed : std::random_device{}();
  if (structure.velocities.empty()) {
    Random rng(seed);
    initializeVelocities(state, plan.velocity ? plan.velocity->temperature : 300.0, rng);
  }

  std::size_t firstBlock = 0;
  std::int64_t firstStep = 0;
  std::optional<CheckpointData> checkpoint;
  const std::string checkpointPath = (folder / "checkpoint.chk").string();
  if (options.resume) {
    checkpoint = readCheckpoint(checkpointPath);
    firstBlock = checkpointCount(*checkpoint, "block", checkpointPath, plan.runs.size() - 1);
    firstStep = static_cast<std::int64_t>(
        checkpointCount(*checkpoint, "block_step", checkpointPath, plan.runs[firstBlock].steps));
    cutOutputsBack(folder, *checkpoint, checkpointPath);
  }

  Simulation sim(backend, std::move(state), makeNve(), seed);
  checkDistinctAtoms(structure, sim.state().forces.closest, xyzPath);
  struct Attachment {
    const RunFolderOptions& options;
    Attachment(const RunFolderOptions& o, Simulation& sim) : options(o) {
      if (options.attach) options.attach(&sim);
    }
    ~Attachment() {
      if (options.attach) options.attach(nullptr);
    }
  } attachment(options, sim);
  // The k-space resolution is known after the first evaluation (the simulation's start).
  if (options.log && !backend->electrostaticsSummary().empty())
    options.log("k-space: " + backend->electrostaticsSummary());
  for (std::size_t b = firstBlock; b < plan.runs.size(); ++b) {
    const RunBlock& block = plan.runs[b];
    sim.setTimeStep(block.timeStep);
    sim.setEnsemble(makeEnsemble(block.ensemble, block.timeStep, runIn));
    const bool resuming = checkpoint && b == firstBlock;
    if (resuming) sim.restore(*checkpoint);
    // The `minimize` commands before this block, unless the run resumes inside the block.
    if (!resuming || firstStep == 0)
      for (const MinimizeCommand& m : plan.minimizations) {
        if (m.beforeRun != b || runMinimization(m, *backend, sim, options)) continue;
        writeCheckpoint(checkpointPath,
                        sim.checkpoint({{"block", std::to_string(b)}, {"block_step", "0"}}));
        return RunOutcome::Stopped;
      }
    const std::int64_t done = resuming ? firstStep : 0;
    const EnsembleSettings& e = block.ensemble;
    if (e.temperatureStart > 0.0)  // a thermostat (0 for nve)
      sim.setTemperatureRamp(e.temperatureStart, e.temperatureEnd, block.steps, done);
    BlockWriters writers(folder, block, sim.state().size(), b == 0 && !resuming, done == 0);
    const std::int64_t base = sim.state().step - done;
    auto saveCheckpoint = [&](std::int64_t stepInBlock, std::map<std::string, std::string> extra) {
      extra["block"] = std::to_string(b);
      extra["block_step"] = std::to_string(stepInBlock);
      writeCheckpoint(checkpointPath, sim.checkpoint(extra));
    };
    auto save = [&](std::int64_t stepInBlock) { saveCheckpoint(stepInBlock, writers.sizes()); };
    // A failed write: a checkpoint of this step with the outputs as they stood before it and a
    // note that its outputs are still to be written, so a resume repeats them (after the user
    // freed space); then the run stops, naming the file.
    auto stopAfterFailedWrite = [&](const OutputError& e, std::map<std::string, std::string> before,
                                    std::int64_t stepInBlock) {
      before["outputs_pending"] = "1";
      try {
        saveCheckpoint(stepInBlock, before);
      } catch (const std::exception& also) {
        throw OutputError(std::string(e.what()) + "; the checkpoint could not be written either (" +
                          also.what() + "), resume from the previous one");
      }
      throw OutputError(std::string(e.what()) + "; checkpoint written at step " +
                        std::to_string(sim.state().step) +
                        ", continue with --resume once the file can be written");
    };
    // The watchdog at step k of the block, after its outputs: an event's frames are written,
    // then the run stops with a checkpoint of this step (or pauses, or goes on).
    auto watch = [&](const MdState& s, const Thermo& t, std::int64_t k) {
      if (e.temperatureStart > 0.0)  // the thermostat's target, which temperature models read
        watchdog->setTemperature(e.temperatureStart + (e.temperatureEnd - e.temperatureStart) *
                                                          static_cast<double>(k) / block.steps);
      const std::vector<WatchdogEvent> events = watchdog->check(s, t);
      if (events.empty()) return;
      const std::string frames = writeWatchdogEvent(folder.string(), events, s.symbols,
                                                    watchdog->framesFor(events.front(), s));
      if (options.log)
        for (const WatchdogEvent& event : events) options.log(event.message(s.symbols));
      const WatchdogAction action = options.watchdogFired
                                        ? options.watchdogFired(events.front(), frames)
                                        : WatchdogAction::Stop;
      if (action == WatchdogAction::Pause) {
        sim.setPaused(true);
        sim.endChunk();
      } else if (action == WatchdogAction::Stop) {
        save(k);
        throw WatchdogStop(events.front().message(s.symbols) + "; frames for labelling in " +
                               frames + ", checkpoint written at step " + std::to_string(s.step),
                           events.front());
      }
    };
    if (watchdog) {
      const EnsembleDescriptor* d = findEnsemble(e.keyword);
      const bool conserved = d && d->form != EnsembleForm::ThermostatBarostat;
      watchdog->startBlock(conserved ? std::optional<double>(sim.thermo().conservedEnergy)
                                     : std::nullopt);
    }
    // A resumed run first writes the outputs a failed write left out at its checkpoint.
    if (resuming && checkpoint->extra.count("outputs_pending"))
      writers.afterStep(sim.state(), sim.thermo(), done);
    sim.setStepObserver(
        [&](const MdState& s, const Thermo& t) {
          const std::int64_t k = s.step - base;
          const auto before = writers.sizes();
          try {
            writers.afterStep(s, t, k);
          } catch (const OutputError& e) {
            stopAfterFailedWrite(e, before, k);
          }
          if (block.checkpoint > 0 && k % block.checkpoint == 0) save(k);
          if (watchdog && watchdog->due(k)) watch(s, t, k);
        },
        [&](std::int64_t step) {
          const std::int64_t k = step - base;
          if (block.checkpoint > 0 && k % block.checkpoint == 0) return Simulation::StepNeed::State;
          if (watchdog && watchdog->due(k)) return Simulation::StepNeed::State;
          return writers.need(k);
        });
    try {
      sim.run(block.steps - done,
              options.chunk > 0
                  ? options.chunk
                  : std::max<std::int64_t>(1, std::min<std::int64_t>(100, block.steps / 10)),
              [&](const Progress& p) {
                if (options.progress) options.progress(p, b);
                if (options.stopRequested && options.stopRequested()) sim.requestCancel();
              });
    } catch (const BlowUpError& e) {
      // Only a state that passed the guard replaces the last good files of an earlier run.
      if (sim.lastGood().size() == 0)
        throw BlowUpError(std::string(e.what()) +
                          "; no state of this run passed the guard, lastgood.* left as they were");
      writeExtXyz((folder / "lastgood.xyz").string(), BlockWriters::structureOf(sim.lastGood()),
                  {true, true, false, false});
      CheckpointData last = sim.checkpoint({{"block", std::to_string(b)}});
      last.state = sim.lastGood();
      last.extra["block_step"] = std::to_string(sim.lastGood().step - base);
      writeCheckpoint((folder / "lastgood.chk").string(), last);
      throw BlowUpError(std::string(e.what()) + "; last good state (step " +
                        std::to_string(sim.lastGood().step) + ") in lastgood.xyz and lastgood.chk");
    }
    if (sim.state().step - base < block.steps) {
      save(sim.state().step - base);
      return RunOutcome::Stopped;
    }
    // The end state too, so that a finished run can be continued for more steps.
    const bool savedAtEnd = block.checkpoint > 0 && block.steps % block.checkpoint == 0;
    if (b + 1 == plan.runs.size() && !savedAtEnd) save(block.steps);
  }
  return RunOutcome::Finished;
}

}  // namespace sei
