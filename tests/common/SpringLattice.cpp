#include "SpringLattice.hpp"

namespace sei::test {

SpringLattice::SpringLattice(int cellsPerSide, double spacing, double stiffness, double quartic)
    : n_(cellsPerSide), spacing_(spacing), stiffness_(stiffness), quartic_(quartic) {}

MdState SpringLattice::initialState(double mass) const {
  MdState s;
  for (int z = 0; z < n_; ++z)
    for (int y = 0; y < n_; ++y)
      for (int x = 0; x < n_; ++x) {
        s.positions.push_back(spacing_ * Eigen::Vector3d(x, y, z));
        s.symbols.push_back("Ar");
        s.types.push_back(0);
        s.masses.push_back(mass);
      }
  s.velocities.assign(s.size(), Eigen::Vector3d::Zero());
  s.cell = Cell(Eigen::Matrix3d::Identity() * (spacing_ * n_));
  return s;
}

void SpringLattice::compute(const std::vector<int>&, const std::vector<Eigen::Vector3d>& r,
                            const Cell& cell, const ForceRequest& request, ForceResult& out) {
  const std::size_t count = r.size();
  out.energy = 0.0;
  out.perAtomEnergy.assign(count, 0.0);
  out.forces.assign(count, Eigen::Vector3d::Zero());
  out.virial.setZero();
  out.perAtomVirial.assign(request.perAtomVirial ? count : 0, Eigen::Matrix3d::Zero());
  auto index = [this](int x, int y, int z) {
    return ((z + n_) % n_ * n_ + (y + n_) % n_) * n_ + (x + n_) % n_;
  };
  for (int z = 0; z < n_; ++z)
    for (int y = 0; y < n_; ++y)
      for (int x = 0; x < n_; ++x) {
        const int i = index(x, y, z);
        for (const Eigen::Vector3i& step :
             {Eigen::Vector3i(1, 0, 0), Eigen::Vector3i(0, 1, 0), Eigen::Vector3i(0, 0, 1)}) {
          const int j = index(x + step[0], y + step[1], z + step[2]);
          Eigen::Vector3d d = cell.toFractional(r[j] - r[i]);
          for (int a = 0; a < 3; ++a) d[a] -= std::round(d[a]);
          d = cell.toCartesian(d);
          const double length = d.norm(), stretch = length - spacing_;
          const double energy = 0.5 * stiffness_ * stretch * stretch +
                                0.25 * quartic_ * stretch * stretch * stretch * stretch;
          const double slope = stiffness_ * stretch + quartic_ * stretch * stretch * stretch;
          const Eigen::Vector3d f = slope / length * d;  // force on i, towards j when stretched
          out.forces[i] += f;
          out.forces[j] -= f;
          out.energy += energy;
          out.perAtomEnergy[i] += 0.5 * energy;
          out.perAtomEnergy[j] += 0.5 * energy;
          out.virial -= d * f.transpose();
        }
      }
}

}  // namespace sei::test
