#include "core/Cell.hpp"

#include <cmath>

namespace sei {

Cell::Cell(const Eigen::Matrix3d& h, std::array<bool, 3> periodic) : h_(h), periodic_(periodic) {
  const double det = h_.determinant();
  volume_ = std::abs(det);
  if (volume_ > 0.0) hInv_ = h_.inverse();
  for (int d = 0; d < 3; ++d) {
    const Eigen::Vector3d cross = h_.col((d + 1) % 3).cross(h_.col((d + 2) % 3));
    const double area = cross.norm();
    thickness_[d] = area > 0.0 ? volume_ / area : 0.0;
  }
}

bool Cell::orthogonal() const {
  const double tol = 1e-12 * h_.norm();
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c)
      if (r != c && std::abs(h_(r, c)) > tol) return false;
  return true;
}

}  // namespace sei
