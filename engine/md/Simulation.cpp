#include "md/Simulation.hpp"

#include <chrono>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "core/Error.hpp"
#include "md/DeviceIntegrator.hpp"
#include "md/Units.hpp"
#include "neighbor/NeighborList.hpp"

namespace sei {

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
}

void Simulation::refreshForces() {
  backend_->compute(state_.types, state_.positions, state_.cell, {}, state_.forces);
  lastGood_ = state_;
  publish();
}

Thermo Simulation::thermo() const {
  Thermo t;
  t.kineticEnergy = kineticEnergy(state_);
  t.temperature = temperature(state_);
  t.potentialEnergy = state_.forces.energy;
  t.conservedEnergy = t.kineticEnergy + t.potentialEnergy + ensemble_->reservoirEnergy();
  t.pressure = pressureTensor(state_);
  return t;
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
  state_ = d.state;
  std::istringstream es(d.ensembleState);
  ensemble_->loadState(es);
  random_.setState(d.randomState);
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
  std::lock_guard<std::mutex> lock(snapshotMutex_);
  snapshot_ = std::move(snap);
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

}  // namespace

void Simulation::checkBlowUp() const {
  const double t = temperature(state_);
  if (!(t <= guard_.maxTemperature)) {
    std::ostringstream m;
    m << "step " << state_.step << ": the temperature is " << t << " K, above the limit of "
      << guard_.maxTemperature << " K";
    throw BlowUpError(m.str());
  }
  // Bins of at least 2 Å keep the search cheap however small the distance limit is.
  NeighborList close;
  buildNeighborList(state_.cell, state_.positions, std::max(guard_.minDistance, 2.0), close);
  for (std::size_t i = 0; i < close.numAtoms(); ++i)
    for (std::size_t p = close.begin(i); p < close.end(i); ++p) {
      const double r = close.displacement[p].norm();
      if (r < guard_.minDistance) {
        std::ostringstream m;
        m << "step " << state_.step << ": atoms " << atomName(state_, i) << " and "
          << atomName(state_, close.index[p]) << " are " << r << " Å apart (limit "
          << guard_.minDistance << " Å)";
        throw BlowUpError(m.str());
      }
    }
}

std::int64_t Simulation::run(std::int64_t steps, std::int64_t chunk,
                             const std::function<void(const Progress&)>& progress) {
  cancel_ = false;
  const auto update = [this](MdState& s) {
    backend_->compute(s.types, s.positions, s.cell, {}, s.forces);
  };
  const auto start = std::chrono::steady_clock::now();
  std::int64_t done = 0;
  while (done < steps) {
    {
      std::unique_lock<std::mutex> lock(pauseMutex_);
      pauseChanged_.wait(lock, [this] { return !paused_ || cancel_; });
    }
    if (cancel_) break;
    const std::int64_t n = std::min(std::max<std::int64_t>(chunk, 1), steps - done);
    // Plain NVE chunks stay on a device that can integrate: nothing needs the state in between.
    auto* device = dynamic_cast<DeviceIntegrator*>(backend_.get());
    if (device && !observer_ && ensemble_->name() == "nve") {
      device->advanceNve(state_, n, timeStep_);
      for (std::int64_t k = 0; k < n; ++k) state_.time += timeStep_;  // as the step loop adds
      state_.step += n;
      checkForces(state_, guard_.maxForce);
    } else {
      for (std::int64_t k = 0; k < n; ++k) {
        if (ramp_) {
          // The same expression before and after a restart, so resumed runs match bit for bit.
          const double f = static_cast<double>(ramp_->stepsDone + done + k + 1) / ramp_->blockSteps;
          ensemble_->setTargetTemperature(ramp_->start + f * (ramp_->end - ramp_->start));
        }
        ensemble_->step(state_, timeStep_, update, random_);
        ++state_.step;
        state_.time += timeStep_;
        checkForces(state_, guard_.maxForce);
        if (observer_) observer_(state_, thermo());
      }
    }
    done += n;
    checkBlowUp();
    lastGood_ = state_;
    publish();
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
  ramp_.reset();
  return done;
}

}  // namespace sei
