#include "LennardJones.hpp"

#include <cmath>
#include <stdexcept>

namespace sei::test {

LennardJones::LennardJones(double epsilon, double sigma, double cutoff)
    : epsilon_(epsilon), sigma_(sigma), cutoff_(cutoff) {
  const double s6 = std::pow(sigma / cutoff, 6);
  shift_ = 4.0 * epsilon * (s6 * s6 - s6);
}

MdState LennardJones::cubicState(int n, double spacing, double mass) {
  MdState s;
  for (int z = 0; z < n; ++z)
    for (int y = 0; y < n; ++y)
      for (int x = 0; x < n; ++x) {
        s.positions.push_back(spacing * Eigen::Vector3d(x + 0.5, y + 0.5, z + 0.5));
        s.symbols.push_back("Ar");
        s.types.push_back(0);
        s.masses.push_back(mass);
      }
  s.velocities.assign(s.size(), Eigen::Vector3d::Zero());
  s.cell = Cell(Eigen::Matrix3d::Identity() * (spacing * n));
  return s;
}

void LennardJones::compute(const std::vector<int>&, const std::vector<Eigen::Vector3d>& r,
                           const Cell& cell, const ForceRequest&, ForceResult& out) {
  for (int a = 0; a < 3; ++a)
    if (cell.thickness(a) < 2.0 * cutoff_)
      throw std::invalid_argument("cell too small for minimum images with this cutoff");
  const std::size_t n = r.size();
  out.energy = 0.0;
  out.perAtomEnergy.assign(n, 0.0);
  out.forces.assign(n, Eigen::Vector3d::Zero());
  out.virial.setZero();
  const double cut2 = cutoff_ * cutoff_, s2 = sigma_ * sigma_;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      Eigen::Vector3d d = cell.toFractional(r[j] - r[i]);
      for (int a = 0; a < 3; ++a) d[a] -= std::round(d[a]);
      d = cell.toCartesian(d);
      const double d2 = d.squaredNorm();
      if (d2 >= cut2) continue;
      const double x6 = std::pow(s2 / d2, 3);
      const double e = 4.0 * epsilon_ * (x6 * x6 - x6) - shift_;
      // −dV/dr · (1/r), so that the force on j is this times d.
      const double f = 24.0 * epsilon_ * (2.0 * x6 * x6 - x6) / d2;
      out.forces[i] -= f * d;
      out.forces[j] += f * d;
      out.energy += e;
      out.perAtomEnergy[i] += 0.5 * e;
      out.perAtomEnergy[j] += 0.5 * e;
      out.virial += f * d * d.transpose();
    }
}

}  // namespace sei::test
