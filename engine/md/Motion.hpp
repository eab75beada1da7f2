#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <cstddef>

#include "core/Cell.hpp"

namespace sei {

class Random;

/// The operations ensembles move a system with. HostMotion applies them to an MdState; a
/// DeviceIntegrator applies them to arrays resident on its device. Each ensemble's scheme is
/// written once (Ensemble::advance) and runs on either; reductions return host scalars, the
/// only data that leaves a device during a step.
class Motion {
 public:
  virtual ~Motion() = default;
  virtual std::size_t size() const = 0;
  virtual const Cell& cell() const = 0;
  /// v += F/m · dt/2, dt in fs.
  virtual void halfKick(double dt) = 0;
  /// r += v · dt, dt in fs.
  virtual void drift(double dt) = 0;
  /// Forces, energy and virial for the current positions and cell.
  virtual void updateForces() = 0;
  virtual void scaleVelocities(double factor) = 0;
  /// Cartesian strain: r_a *= scale_a, v_a /= scale_a, and the cell's rows scaled likewise.
  virtual void strain(const Eigen::Vector3d& scale) = 0;
  /// BAOAB's O step: v ← c1 v + c2 √(kT/m) ξ with standard normals ξ drawn through rng (kT eV).
  virtual void ornsteinUhlenbeck(double c1, double c2, double kT, Random& rng) = 0;
  /// Σ m v⊗v, eV.
  virtual Eigen::Matrix3d kineticTensor() = 0;
  /// Virial W = Σ r⊗F of the current forces, eV.
  virtual Eigen::Matrix3d virial() = 0;

  double kineticEnergy() { return 0.5 * kineticTensor().trace(); }  ///< eV
  /// 3N − 3, as MdState::degreesOfFreedom().
  int degreesOfFreedom() const { return std::max(1, 3 * static_cast<int>(size()) - 3); }
  /// (Σ m v⊗v + W)/V, GPa.
  Eigen::Matrix3d pressureTensor();
};

}  // namespace sei
