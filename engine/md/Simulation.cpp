#include "md/Simulation.hpp"

#include <chrono>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "core/Error.hpp"
#include "md/DeviceIntegrator.hpp"
#include "md/HostMotion.hpp"
#include "md/Units.hpp"
#include "neighbor/NeighborList.hpp"

namespace sei {
namespace {

/// MD shows per-atom energies (the studio's Atom info, dumps' `potential` column), so they are
/// each atom's own (PPPM interpolates them from the mesh it has already, at no extra cost).
ForceRequest mdRequest() {
  ForceRequest request;
  request.atomResolved = true;
  return request;
}

}  // namespace

Simulation::Simulation(std::shared_ptr<Backend> backend, MdState initial,
                       std::unique_ptr<Ensemble> ensemble, std::uint64_t seed)
    : backend_(std::move(backend)),
      state_(std::move(initial)),
      ensemble_(std::move(ensemble)),
      random_(seed),
      symbols_(std::make_shared<const std::vector<std::string>>(state_.symbols)) {
  refreshForces();
}

void Simulation::setEnsemble(std::unique_ptr<Ensemble> ensemble) {
  ensemble_ = std::move(ensemble);
}

void Simulation::setTemperatureRamp(double startK, double endK, std::int64_t blockSteps,
                                    std::int64_t stepsDone) {
  ramp_ = Ramp{startK, endK, std::max<std::int64_t>(blockSteps, 1), stepsDone};
  // Temperature models see the ramp's temperature of the current step, also in the forces the
  // first step starts from.
  if (backend_->setTemperature(rampTemperature(stepsDone))) refreshForces();
}

double Simulation::rampTemperature(std::int64_t blockStep) const {
  // The same expression before and after a restart, so resumed runs match bit for bit.
  const double f = static_cast<double>(blockStep) / ramp_->blockSteps;
  return ramp_->start + f * (ramp_->end - ramp_->start);
}

void Simulation::refreshForces() {
  backend_->compute(state_.types, state_.positions, state_.cell, mdRequest(), state_.forces);
  try {
    checkBlowUp();
    lastGood_ = state_;
  } catch (const BlowUpError&) {
    lastGood_ = MdState();  // run() reports it; a failing state is never the last good one
  }
  publish();
}

namespace {

Thermo makeThermo(const Eigen::Matrix3d& kinetic, const Eigen::Matrix3d& virial, double potential,
                  double volume, int degreesOfFreedom, double reservoir) {
  Thermo t;
  t.kineticEnergy = 0.5 * kinetic.trace();
  t.temperature = 2.0 * t.kineticEnergy / (degreesOfFreedom * units::kBoltzmann);
  t.potentialEnergy = potential;
  t.conservedEnergy = t.kineticEnergy + t.potentialEnergy + reservoir;
  t.pressure = (kinetic + virial) / volume * units::kEvPerCubicAngstromToGpa;
  return t;
}

}  // namespace

Thermo Simulation::thermo() const {
  return makeThermo(kineticTensor(state_), state_.forces.virial, state_.forces.energy,
                    state_.cell.volume(), ensemble_->degreesOfFreedom(state_.size()),
                    ensemble_->reservoirEnergy());
}

Thermo Simulation::thermoOf(Motion& motion) const {
  return makeThermo(motion.kineticTensor(), motion.virial(), state_.forces.energy,
                    motion.cell().volume(), ensemble_->degreesOfFreedom(motion.size()),
                    ensemble_->reservoirEnergy());
}

CheckpointData Simulation::checkpoint(std::map<std::string, std::string> extra) const {
  CheckpointData d;
  d.state = state_;
  d.ensembleName = ensemble_->name();
  std::ostringstream es;
  es << std::setprecision(17);
  ensemble_->saveState(es);
  d.ensembleState = es.str();
  d.randomState = random_.state();
  d.extra = std::move(extra);
  return d;
}

void Simulation::restore(const CheckpointData& d) {
  if (d.ensembleName != ensemble_->name())
    throw InputError("checkpoint was written by ensemble '" + d.ensembleName +
                     "' but the run uses '" + ensemble_->name() + "'");
  if (d.state.size() != state_.size())
    throw InputError("checkpoint has " + std::to_string(d.state.size()) +
                     " atoms but the run has " + std::to_string(state_.size()));
  std::istringstream es(d.ensembleState);
  try {
    ensemble_->loadState(es);
    random_.setState(d.randomState);
  } catch (const std::invalid_argument& e) {
    throw InputError(std::string("checkpoint: ") + e.what());
  }
  state_ = d.state;
  refreshForces();
}

void Simulation::requestCancel() {
  {
    std::lock_guard<std::mutex> lock(pauseMutex_);
    cancel_ = true;
  }
  pauseChanged_.notify_all();
}

void Simulation::setPaused(bool paused) {
  {
    std::lock_guard<std::mutex> lock(pauseMutex_);
    paused_ = paused;
  }
  pauseChanged_.notify_all();
}

std::shared_ptr<const Snapshot> Simulation::snapshot() const {
  std::lock_guard<std::mutex> lock(snapshotMutex_);
  return snapshot_;
}

void Simulation::publish() {
  auto snap = std::make_shared<Snapshot>();
  snap->step = state_.step;
  snap->time = state_.time;
  snap->symbols = symbols_;
  snap->positions = state_.positions;
  snap->velocities = state_.velocities;
  snap->forces = state_.forces.forces;
  snap->charges = state_.forces.charges;
  snap->perAtomEnergy = state_.forces.perAtomEnergy;
  snap->cell = state_.cell;
  snap->thermo = thermo();
  publish(std::move(snap));
}

void Simulation::publish(std::shared_ptr<Snapshot> snapshot) {
  std::lock_guard<std::mutex> lock(snapshotMutex_);
  snapshot_ = std::move(snapshot);
}

namespace {

std::string atomName(const MdState& s, std::size_t i) {
  return std::to_string(i + 1) + " (" + s.symbols[i] + ")";
}

/// Non-finite or too large forces, checked every step (O(N), negligible next to the forces).
void checkForces(const MdState& s, double maxForce) {
  if (!std::isfinite(s.forces.energy))
    throw BlowUpError("step " + std::to_string(s.step) + ": the potential energy is " +
                      std::to_string(s.forces.energy));
  for (std::size_t i = 0; i < s.size(); ++i) {
    const double f = s.forces.forces[i].norm();
    if (!std::isfinite(f) || f > maxForce) {
      std::ostringstream m;
      m << "step " << s.step << ": atom " << atomName(s, i) << " has a force of " << f
        << " eV/Å, above the limit of " << maxForce << " eV/Å";
      throw BlowUpError(m.str());
    }
  }
}

/// The temperature (O(N)); above the limit, the message names the fastest atom.
void checkTemperature(const MdState& s, double maxTemperature) {
  const double t = temperature(s);
  if (t <= maxTemperature) return;
  std::size_t hottest = 0;
  double most = -1.0;  // amu Å²/fs², twice the kinetic energy
  for (std::size_t i = 0; i < s.size(); ++i) {
    const double e = s.masses[i] * s.velocities[i].squaredNorm();
    if (!(e <= most)) {
      most = e;
      hottest = i;
    }
  }
  std::ostringstream m;
  m << "step " << s.step << ": the temperature is " << t << " K, above the limit of "
    << maxTemperature << " K (fastest atom " << atomName(s, hottest) << ", "
    << (s.size() ? s.velocities[hottest].norm() : 0.0) << " Å/fs)";
  throw BlowUpError(m.str());
}

void checkPair(const MdState& s, const ClosestPair& c, double minDistance) {
  if (c.i < 0 || c.distance >= minDistance) return;
  std::ostringstream m;
  m << "step " << s.step << ": atoms " << atomName(s, c.i) << " and " << atomName(s, c.j) << " are "
    << c.distance << " Å apart (limit " << minDistance << " Å)";
  throw BlowUpError(m.str());
}

}  // namespace

void Simulation::checkStep() const {
  checkForces(state_, guard_.maxForce);
  checkTemperature(state_, guard_.maxTemperature);
  checkPair(state_, state_.forces.closest, guard_.minDistance);
}

void Simulation::checkBlowUp() const {
  checkStep();
  if (state_.forces.closest.reported) return;
  // A backend that does not report its closest pair: a list of our own. Bins of at least 2 Å
  // keep the search cheap however small the distance limit is.
  NeighborList close;
  buildNeighborList(state_.cell, state_.positions, std::max(guard_.minDistance, 2.0), close);
  checkPair(state_, closestPair(close), guard_.minDistance);
}

void Simulation::observe(DeviceIntegrator* device, Motion& motion) {
  const StepNeed need = schedule_ ? schedule_(state_.step) : StepNeed::State;
  if (need == StepNeed::None) return;
  if (device && need == StepNeed::Thermo) {
    state_.cell = motion.cell();
    state_.forces.energy = device->potentialEnergy();
    state_.forces.virial = motion.virial();
    observer_(state_, thermoOf(motion));
    return;
  }
  if (device) device->download(state_);  // checked on the device at this step already
  observer_(state_, thermo());
}

void Simulation::collectSnapshot(DeviceIntegrator& device, bool wait) {
  if (!pendingSnapshot_ || !device.finishSnapshotCopy(*pendingSnapshot_, wait)) return;
  lastGoodSnapshot_ = pendingSnapshot_;
  publish(std::move(pendingSnapshot_));
  pendingSnapshot_.reset();
}

void Simulation::checkDevice(DeviceIntegrator& device, Motion& motion) {
  const GuardScalars g = device.guardScalars();
  const double t = 2.0 * motion.kineticEnergy() /
                   (ensemble_->degreesOfFreedom(motion.size()) * units::kBoltzmann);  // K
  if (!(g.maxForce <= guard_.maxForce) || g.minDistance < guard_.minDistance ||
      !(t <= guard_.maxTemperature)) {
    // The host checks name the atoms; the device's values speak if they do not trip.
    device.download(state_);
    collectSnapshot(device, true);
    if (lastGoodSnapshot_) {
      const Snapshot& good = *lastGoodSnapshot_;
      lastGood_.step = good.step;
      lastGood_.time = good.time;
      lastGood_.positions = good.positions;
      lastGood_.velocities = good.velocities;
      lastGood_.cell = good.cell;
      lastGood_.forces = ForceResult();
      lastGood_.forces.energy = good.thermo.potentialEnergy;
      lastGood_.forces.forces = good.forces;
      lastGood_.forces.charges = good.charges;
      lastGood_.forces.perAtomEnergy = good.perAtomEnergy;
    }
    checkForces(state_, guard_.maxForce);
    checkBlowUp();
    std::ostringstream m;
    m << "step " << state_.step << ": on the device the largest force is " << g.maxForce
      << " eV/Å, the closest pair " << g.minDistance << " Å, the temperature " << t << " K";
    throw BlowUpError(m.str());
  }
}

void Simulation::endDeviceChunk(DeviceIntegrator& device, Motion& motion, bool snapshot) {
  collectSnapshot(device, false);
  if (!snapshot || pendingSnapshot_ || !device.startSnapshotCopy()) return;
  auto snap = std::make_shared<Snapshot>();
  snap->step = state_.step;
  snap->time = state_.time;
  snap->symbols = symbols_;
  snap->cell = motion.cell();
  state_.forces.energy = device.potentialEnergy();
  snap->thermo = thermoOf(motion);
  pendingSnapshot_ = std::move(snap);
}

std::int64_t Simulation::run(std::int64_t steps, std::int64_t chunk,
                             const std::function<void(const Progress&)>& progress) {
  cancel_ = false;
  endChunk_ = false;
  const ForceUpdate update = [this](MdState& s) {
    backend_->compute(s.types, s.positions, s.cell, mdRequest(), s.forces);
  };
  HostMotion host(state_, update);
  auto* device = dynamic_cast<DeviceIntegrator*>(backend_.get());
  if (device) {
    device->upload(state_);
    pendingSnapshot_.reset();
    lastGoodSnapshot_.reset();
  }
  Motion& motion = device ? device->motion() : static_cast<Motion&>(host);
  // A starting state (a structure, a restored checkpoint) that failed the guard when its
  // forces were computed stops the run before its first step.
  if (lastGood_.size() == 0) checkBlowUp();
  const auto start = std::chrono::steady_clock::now();
  std::int64_t done = 0;
  try {
    while (done < steps) {
      {
        std::unique_lock<std::mutex> lock(pauseMutex_);
        pauseChanged_.wait(lock, [this] { return !paused_ || cancel_; });
      }
      if (cancel_) break;
      std::int64_t n = std::min(std::max<std::int64_t>(chunk, 1), steps - done);
      for (std::int64_t k = 0; k < n; ++k) {
        if (ramp_) {
          const double target = rampTemperature(ramp_->stepsDone + done + k + 1);
          ensemble_->setTargetTemperature(target);
          backend_->setTemperature(target);
        }
        ensemble_->advance(motion, timeStep_, random_);
        ++state_.step;
        state_.time += timeStep_;
        // Every step, before the observer: no output ever holds a state that fails.
        if (device) {
          checkDevice(*device, motion);
          collectSnapshot(*device, false);
        } else {
          checkStep();
        }
        if (observer_) observe(device, motion);
        if (endChunk_) {
          endChunk_ = false;
          n = k + 1;
        }
      }
      done += n;
      if (device) {
        // The end of the run publishes synchronously anyway.
        endDeviceChunk(*device, motion, done < steps);
      } else {
        checkBlowUp();
        lastGood_ = state_;
        publish();
      }
      if (progress) {
        const double wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        Progress p;
        p.step = done;
        p.totalSteps = steps;
        p.time = state_.time;
        p.nsPerDay = wall > 0 ? done * timeStep_ * 1e-6 * 86400.0 / wall : 0.0;
        p.secondsRemaining = wall / done * (steps - done);
        progress(p);
      }
    }
  } catch (...) {
    // The state as far as it got, unless the device itself failed: then the error at hand is
    // the one to report, not the failed copy.
    if (device) {
      try {
        device->download(state_);
      } catch (...) {
      }
    }
    throw;
  }
  if (device) {
    collectSnapshot(*device, true);
    device->download(state_);
    lastGood_ = state_;
    publish();
  }
  ramp_.reset();
  return done;
}

}  // namespace sei
