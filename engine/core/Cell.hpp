#pragma once

#include <Eigen/Dense>
#include <array>

namespace sei {

/// Simulation cell: h = [a b c] with the cell vectors as columns (Å), and which directions are
/// periodic. A cell with zero volume is "no cell" (free boundaries, only for non-periodic runs).
class Cell {
 public:
  Cell() = default;
  explicit Cell(const Eigen::Matrix3d& h, std::array<bool, 3> periodic = {true, true, true});

  const Eigen::Matrix3d& matrix() const { return h_; }
  const Eigen::Matrix3d& inverse() const { return hInv_; }
  Eigen::Vector3d vector(int d) const { return h_.col(d); }  ///< Å
  bool periodic(int d) const { return periodic_[d]; }
  const std::array<bool, 3>& periodicity() const { return periodic_; }
  bool fullyPeriodic() const { return periodic_[0] && periodic_[1] && periodic_[2]; }
  double volume() const { return volume_; }  ///< Å³, |det h|
  /// Distance between the two faces spanned by the other two vectors, Å.
  double thickness(int d) const { return thickness_[d]; }
  bool orthogonal() const;

  Eigen::Vector3d toFractional(const Eigen::Vector3d& r) const { return hInv_ * r; }
  Eigen::Vector3d toCartesian(const Eigen::Vector3d& s) const { return h_ * s; }

 private:
  Eigen::Matrix3d h_ = Eigen::Matrix3d::Zero();
  Eigen::Matrix3d hInv_ = Eigen::Matrix3d::Zero();
  std::array<bool, 3> periodic_{false, false, false};
  double volume_ = 0.0;                ///< Å³
  std::array<double, 3> thickness_{};  ///< Å
};

}  // namespace sei
