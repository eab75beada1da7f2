#include "md/Minimizer.hpp"

#include <cmath>
#include <numeric>

#include "core/Error.hpp"
#include "md/Units.hpp"

namespace sei {
namespace {

double largestComponent(const std::vector<Eigen::Vector3d>& forces) {
  double m = 0.0;
  for (const auto& f : forces) m = std::max(m, f.cwiseAbs().maxCoeff());
  return m;
}

/// A point of the coordinates the methods move, and the evaluation there. The coordinates are
/// the atoms' positions r₀ in the reference cell H₀ and, with a relaxed cell, one entry more
/// holding the lateral deformation u = L (F_xx − 1, F_yy − 1, F_xy) (Å, L = √|a×b| of H₀), so
/// that r = F r₀ and H = F H₀. Generalized forces are −∂E/∂coordinates: Fᵀf for the atoms and,
/// from dE = −tr(W dF F⁻¹) for an affine deformation (W the virial), (W F⁻ᵀ)/L for the cell.
/// With L the cell entry's stiffness is ~ c_z × elastic modulus, close to an atom's.
struct Point {
  std::vector<Eigen::Vector3d> coordinates;  ///< Å
  std::vector<Eigen::Vector3d> generalized;  ///< eV/Å
  std::vector<Eigen::Vector3d> positions;    ///< Å, r = F r₀
  Cell cell;
  ForceResult result;
};

/// The loop both methods share: force evaluations, the stopping rule and progress reports.
class Relaxation {
 public:
  Relaxation(Backend& backend, MdState& state, const MinimizeSettings& settings,
             const std::function<bool(const MinimizeProgress&)>& progress)
      : backend_(backend), state_(state), settings_(settings), progress_(progress) {
    current_.coordinates = state.positions;
    masses_ = state.masses;
    if (settings.cell != CellRelaxation::None) {
      const Eigen::Matrix3d& h = state.cell.matrix();
      if (h(2, 0) != 0.0 || h(2, 1) != 0.0 || !state.cell.periodic(0) || !state.cell.periodic(1))
        throw InputError(
            "minimize with a relaxed cell: the cell's a and b must lie in the xy plane and be "
            "periodic");
      reference_ = h;
      length_ = std::sqrt(h.col(0).cross(h.col(1)).norm());
      current_.coordinates.push_back(Eigen::Vector3d::Zero());
      const double total = std::accumulate(masses_.begin(), masses_.end(), 0.0);
      masses_.push_back(masses_.empty() ? 1.0 : total / masses_.size());  // amu
    }
    evaluate(current_);
    outcome_.last.maxSteps = settings.maxSteps;
    reportEvery_ = std::max<std::int64_t>(1, settings.maxSteps / 10);
  }

  const std::vector<double>& masses() const { return masses_; }  ///< amu, per coordinate
  Point& current() { return current_; }
  void accept(Point& trial) { std::swap(current_, trial); }

  /// Evaluates energy and forces at p.coordinates.
  void evaluate(Point& p) {
    const std::size_t n = state_.size();
    Eigen::Matrix3d f = Eigen::Matrix3d::Identity();
    if (settings_.cell == CellRelaxation::None) {
      p.positions = p.coordinates;
      p.cell = state_.cell;
    } else {
      const Eigen::Vector3d& u = p.coordinates[n];
      f(0, 0) += u.x() / length_;
      f(1, 1) += u.y() / length_;
      if (settings_.cell == CellRelaxation::LateralTilt) f(0, 1) += u.z() / length_;
      p.cell = Cell(f * reference_, state_.cell.periodicity());
      p.positions.resize(n);
      for (std::size_t i = 0; i < n; ++i) p.positions[i] = f * p.coordinates[i];
    }
    backend_.compute(state_.types, p.positions, p.cell, {}, p.result);
    p.generalized.resize(p.coordinates.size());
    if (settings_.cell == CellRelaxation::None) {
      p.generalized = p.result.forces;
      return;
    }
    for (std::size_t i = 0; i < n; ++i) p.generalized[i] = f.transpose() * p.result.forces[i];
    const Eigen::Matrix3d g = p.result.virial * f.inverse().transpose() / length_;
    p.generalized[n] = Eigen::Vector3d(
        g(0, 0), g(1, 1), settings_.cell == CellRelaxation::LateralTilt ? g(0, 1) : 0.0);
  }

  /// Records the state after `step` steps; false when the minimisation ends here.
  bool proceed(std::int64_t step) {
    MinimizeProgress& p = outcome_.last;
    p.step = step;
    p.energy = current_.result.energy;
    p.maxForce = largestComponent(current_.result.forces);
    p.maxStress = 0.0;
    if (settings_.cell != CellRelaxation::None) {
      const Eigen::Matrix3d stress =
          current_.result.virial / current_.cell.volume() * units::kEvPerCubicAngstromToGpa;  // GPa
      p.maxStress = std::max(std::abs(stress(0, 0)), std::abs(stress(1, 1)));
      if (settings_.cell == CellRelaxation::LateralTilt)
        p.maxStress = std::max(p.maxStress, std::abs(stress(0, 1)));
    }
    outcome_.converged =
        p.maxForce < settings_.forceTolerance &&
        (settings_.cell == CellRelaxation::None || p.maxStress <= settings_.stressTolerance);
    const bool end = outcome_.converged || step >= settings_.maxSteps;
    if (progress_ && (step % reportEvery_ == 0 || end) && !progress_(p)) {
      outcome_.cancelled = !end;
      return false;
    }
    return !end;
  }

  /// Puts the final positions, cell and forces into the state.
  MinimizeOutcome finish() {
    state_.positions.swap(current_.positions);
    state_.cell = current_.cell;
    std::swap(state_.forces, current_.result);
    return outcome_;
  }

 private:
  Backend& backend_;
  MdState& state_;
  const MinimizeSettings& settings_;
  const std::function<bool(const MinimizeProgress&)>& progress_;
  std::vector<double> masses_;
  Eigen::Matrix3d reference_ = Eigen::Matrix3d::Identity();  ///< H₀, Å
  double length_ = 1.0;                                      ///< L, Å
  Point current_;
  MinimizeOutcome outcome_;
  std::int64_t reportEvery_;
};

// GPUMD's steepest descent: a trial move of `stepLength` Å for the largest force component,
// kept (and the step grown) when the energy does not rise, discarded (and the step shrunk)
// otherwise.
void steepestDescent(Relaxation& r) {
  double stepLength = 0.1;  // Å
  Point trial;
  for (std::int64_t step = 0; r.proceed(step); ++step) {
    const Point& now = r.current();
    const double scale = stepLength / largestComponent(now.generalized);
    trial.coordinates.resize(now.coordinates.size());
    for (std::size_t i = 0; i < now.coordinates.size(); ++i)
      trial.coordinates[i] = now.coordinates[i] + scale * now.generalized[i];
    r.evaluate(trial);
    if (trial.result.energy > now.result.energy) {
      stepLength *= 0.2;
    } else {
      r.accept(trial);
      stepLength *= 1.2;
    }
  }
}

// FIRE with the parameters of Bitzek et al. (N_min 5, f_inc 1.1, f_dec 0.5, α_start 0.1,
// f_α 0.99, Δt_max = 10 Δt_0) and Δt_0 = 1 fs on the atoms' own masses (the cell entry has their
// mean mass); the MD part is a semi-implicit Euler step whose largest displacement is capped at
// 0.1 Å (as LAMMPS' dmax) so that the huge forces of a freshly packed structure cannot throw
// atoms across the cell.
void fire(Relaxation& r) {
  constexpr int kMinPositive = 5;
  constexpr double kIncrease = 1.1, kDecrease = 0.5, kAlphaStart = 0.1, kAlphaShrink = 0.99;
  constexpr double kStart = 1.0, kMaxStep = 10.0;  // fs
  constexpr double kMaxMove = 0.1;                 // Å
  Point& s = r.current();
  const std::vector<double>& masses = r.masses();
  const std::size_t n = s.coordinates.size();
  std::vector<Eigen::Vector3d> v(n, Eigen::Vector3d::Zero());  // Å/fs
  double dt = kStart, alpha = kAlphaStart;
  int positive = 0;
  for (std::int64_t step = 0; r.proceed(step); ++step) {
    const auto& f = s.generalized;
    double power = 0.0, vv = 0.0, ff = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      power += f[i].dot(v[i]);
      vv += v[i].squaredNorm();
      ff += f[i].squaredNorm();
    }
    if (power > 0.0) {
      const double mix = ff > 0.0 ? alpha * std::sqrt(vv / ff) : 0.0;
      for (std::size_t i = 0; i < n; ++i) v[i] = (1.0 - alpha) * v[i] + mix * f[i];
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
    for (std::size_t i = 0; i < n; ++i) {
      v[i] += f[i] * (dt / (masses[i] * units::kMassVelocity2ToEv));
      largestMove = std::max(largestMove, v[i].norm() * dt);
    }
    const double cap = largestMove > kMaxMove ? kMaxMove / largestMove : 1.0;
    for (std::size_t i = 0; i < n; ++i) s.coordinates[i] += cap * dt * v[i];
    r.evaluate(s);
  }
}

}  // namespace

MinimizeOutcome minimizeEnergy(Backend& backend, MdState& state, const MinimizeSettings& settings,
                               const std::function<bool(const MinimizeProgress&)>& progress) {
  Relaxation relaxation(backend, state, settings, progress);
  if (settings.method == MinimizeMethod::SteepestDescent)
    steepestDescent(relaxation);
  else
    fire(relaxation);
  return relaxation.finish();
}

}  // namespace sei
