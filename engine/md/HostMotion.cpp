#include "md/HostMotion.hpp"

#include "md/AtomMotion.hpp"
#include "md/Random.hpp"
#include "md/Units.hpp"

namespace sei {
namespace {

double* flat(std::vector<Eigen::Vector3d>& v) { return v.data()->data(); }

}  // namespace

Eigen::Matrix3d Motion::pressureTensor() {
  return (kineticTensor() + virial()) / cell().volume() * units::kEvPerCubicAngstromToGpa;
}

void HostMotion::halfKick(double dt) {
  const double kick = 0.5 * dt / units::kMassVelocity2ToEv;
  for (int i = 0; i < static_cast<int>(size()); ++i)
    md::halfKickAtom(i, kick, state_.masses.data(), flat(state_.forces.forces),
                     flat(state_.velocities));
}

void HostMotion::drift(double dt) {
  for (int i = 0; i < static_cast<int>(size()); ++i)
    md::driftAtom(i, dt, flat(state_.velocities), flat(state_.positions));
}

void HostMotion::scaleVelocities(double factor) {
  for (auto& v : state_.velocities) v *= factor;
}

void HostMotion::strain(const Eigen::Vector3d& scale) {
  const Eigen::Vector3d inverse = scale.cwiseInverse();
  for (int i = 0; i < static_cast<int>(size()); ++i)
    md::strainAtom(i, scale.data(), inverse.data(), flat(state_.positions),
                   flat(state_.velocities));
  state_.cell = Cell(scale.asDiagonal() * state_.cell.matrix(), state_.cell.periodicity());
}

void HostMotion::ornsteinUhlenbeck(double c1, double c2, double kT, Random& rng) {
  for (int i = 0; i < static_cast<int>(size()); ++i) {
    double noise[3];
    for (double& x : noise) x = rng.normal();
    md::ornsteinUhlenbeckAtom(i, c1, c2, kT, state_.masses.data(), noise, flat(state_.velocities));
  }
}

}  // namespace sei
