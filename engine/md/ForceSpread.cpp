#include "md/ForceSpread.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace sei {

void ForceSpread::add(const std::vector<Eigen::Vector3d>& forces) {
  if (forces.size() != sum_.size())
    throw std::invalid_argument("ForceSpread: a member's forces are for another number of atoms");
  for (std::size_t i = 0; i < forces.size(); ++i) {
    sum_[i] += forces[i];
    squares_[i] += forces[i].squaredNorm();
  }
  ++members_;
}

std::vector<double> ForceSpread::deviations() const {
  std::vector<double> deviation(sum_.size(), 0.0);
  if (members_ < 2) return deviation;
  const double m = members_;
  for (std::size_t i = 0; i < sum_.size(); ++i)
    deviation[i] = std::sqrt(std::max(0.0, squares_[i] / m - (sum_[i] / m).squaredNorm()));
  return deviation;
}

}  // namespace sei
