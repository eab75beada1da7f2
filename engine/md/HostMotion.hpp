#pragma once

#include "md/Ensemble.hpp"
#include "md/Motion.hpp"

namespace sei {

/// Motion of an MdState in host memory: the per-atom bodies of md/AtomMotion.hpp in loops over
/// the atoms, reductions in atom order, normals drawn in atom order from the run's Random.
class HostMotion : public Motion {
 public:
  HostMotion(MdState& state, const ForceUpdate& updateForces)
      : state_(state), updateForces_(updateForces) {}

  std::size_t size() const override { return state_.size(); }
  const Cell& cell() const override { return state_.cell; }
  void halfKick(double dt) override;
  void drift(double dt) override;
  void updateForces() override { updateForces_(state_); }
  void scaleVelocities(double factor) override;
  void strain(const Eigen::Vector3d& scale) override;
  void ornsteinUhlenbeck(double c1, double c2, double kT, Random& rng) override;
  Eigen::Matrix3d kineticTensor() override { return sei::kineticTensor(state_); }
  Eigen::Matrix3d virial() override { return state_.forces.virial; }

 private:
  MdState& state_;
  const ForceUpdate& updateForces_;
};

}  // namespace sei
