#include "md/Minimizer.hpp"

#include <cmath>

#include "md/Units.hpp"

namespace sei {
namespace {

double largestComponent(const std::vector<Eigen::Vector3d>& forces) {
  double m = 0.0;
  for (const auto& f : forces) m = std::max(m, f.cwiseAbs().maxCoeff());
  return m;
}

/// The loop both methods share: force evaluations, the stopping rule and progress reports.
class Relaxation {
 public:
  Relaxation(Backend& backend, MdState& state, const MinimizeSettings& settings,
             const std::function<bool(const MinimizeProgress&)>& progress)
      : backend_(backend), state_(state), settings_(settings), progress_(progress) {
    evaluate(state_.positions, state_.forces);
    outcome_.last.maxSteps = settings.maxSteps;
    reportEvery_ = std::max<std::int64_t>(1, settings.maxSteps / 10);
  }

  void evaluate(const std::vector<Eigen::Vector3d>& positions, ForceResult& into) {
    backend_.compute(state_.types, positions, state_.cell, {}, into);
  }

  /// Records the state after `step` steps; false when the minimisation ends here.
  bool proceed(std::int64_t step) {
    MinimizeProgress& p = outcome_.last;
    p.step = step;
    p.energy = state_.forces.energy;
    p.maxForce = largestComponent(state_.forces.forces);
    outcome_.converged = p.maxForce < settings_.forceTolerance;
    const bool end = outcome_.converged || step >= settings_.maxSteps;
    if (progress_ && (step % reportEvery_ == 0 || end) && !progress_(p)) {
      outcome_.cancelled = !end;
      return false;
    }
    return !end;
  }

  MinimizeOutcome outcome() const { return outcome_; }

 private:
  Backend& backend_;
  MdState& state_;
  const MinimizeSettings& settings_;
  const std::function<bool(const MinimizeProgress&)>& progress_;
  MinimizeOutcome outcome_;
  std::int64_t reportEvery_;
};

// GPUMD's steepest descent: a trial move of `stepLength` Å for the largest force component,
// kept (and the step grown) when the energy does not rise, discarded (and the step shrunk)
// otherwise.
void steepestDescent(Relaxation& r, MdState& s) {
  double stepLength = 0.1;  // Å
  ForceResult trial;
  std::vector<Eigen::Vector3d> moved(s.size());
  for (std::int64_t step = 0; r.proceed(step); ++step) {
    const double scale = stepLength / largestComponent(s.forces.forces);
    for (std::size_t i = 0; i < s.size(); ++i)
      moved[i] = s.positions[i] + scale * s.forces.forces[i];
    r.evaluate(moved, trial);
    if (trial.energy > s.forces.energy) {
      stepLength *= 0.2;
    } else {
      s.positions.swap(moved);
      std::swap(s.forces, trial);
      stepLength *= 1.2;
    }
  }
}

// FIRE with the parameters of Bitzek et al. (N_min 5, f_inc 1.1, f_dec 0.5, α_start 0.1,
// f_α 0.99, Δt_max = 10 Δt_0) and Δt_0 = 1 fs on the atoms' own masses; the MD part is a
// semi-implicit Euler step whose largest displacement is capped at 0.1 Å (as LAMMPS' dmax) so
// that the huge forces of a freshly packed structure cannot throw atoms across the cell.
void fire(Relaxation& r, MdState& s) {
  constexpr int kMinPositive = 5;
  constexpr double kIncrease = 1.1, kDecrease = 0.5, kAlphaStart = 0.1, kAlphaShrink = 0.99;
  constexpr double kStart = 1.0, kMaxStep = 10.0;                     // fs
  constexpr double kMaxMove = 0.1;                                    // Å
  std::vector<Eigen::Vector3d> v(s.size(), Eigen::Vector3d::Zero());  // Å/fs
  double dt = kStart, alpha = kAlphaStart;
  int positive = 0;
  for (std::int64_t step = 0; r.proceed(step); ++step) {
    const auto& f = s.forces.forces;
    double power = 0.0, vv = 0.0, ff = 0.0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      power += f[i].dot(v[i]);
      vv += v[i].squaredNorm();
      ff += f[i].squaredNorm();
    }
    if (power > 0.0) {
      const double mix = ff > 0.0 ? alpha * std::sqrt(vv / ff) : 0.0;
      for (std::size_t i = 0; i < s.size(); ++i) v[i] = (1.0 - alpha) * v[i] + mix * f[i];
      if (++positive > kMinPositive) {
        dt = std::min(dt * kIncrease, kMaxStep);
        alpha *= kAlphaShrink;
      }
    } else {
      for (auto& x : v) x.setZero();
      dt *= kDecrease;
      alpha = kAlphaStart;
      positive = 0;
    }
    double largestMove = 0.0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      v[i] += f[i] * (dt / (s.masses[i] * units::kMassVelocity2ToEv));
      largestMove = std::max(largestMove, v[i].norm() * dt);
    }
    const double cap = largestMove > kMaxMove ? kMaxMove / largestMove : 1.0;
    for (std::size_t i = 0; i < s.size(); ++i) s.positions[i] += cap * dt * v[i];
    r.evaluate(s.positions, s.forces);
  }
}

}  // namespace

MinimizeOutcome minimizeEnergy(Backend& backend, MdState& state, const MinimizeSettings& settings,
                               const std::function<bool(const MinimizeProgress&)>& progress) {
  Relaxation relaxation(backend, state, settings, progress);
  if (settings.method == MinimizeMethod::SteepestDescent)
    steepestDescent(relaxation, state);
  else
    fire(relaxation, state);
  return relaxation.outcome();
}

}  // namespace sei
