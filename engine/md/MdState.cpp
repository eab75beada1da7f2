#include "md/MdState.hpp"

#include <cmath>

#include "core/Elements.hpp"
#include "core/Structure.hpp"
#include "md/Random.hpp"
#include "md/Units.hpp"

namespace sei {

Eigen::Matrix3d kineticTensor(const MdState& s) {
  Eigen::Matrix3d k = Eigen::Matrix3d::Zero();
  for (std::size_t i = 0; i < s.size(); ++i)
    k += s.masses[i] * s.velocities[i] * s.velocities[i].transpose();
  return k * units::kMassVelocity2ToEv;
}

double kineticEnergy(const MdState& s) { return 0.5 * kineticTensor(s).trace(); }

double temperature(const MdState& s) {
  return 2.0 * kineticEnergy(s) / (s.degreesOfFreedom() * units::kBoltzmann);
}

Eigen::Matrix3d pressureTensor(const MdState& s) {
  return (kineticTensor(s) + s.forces.virial) / s.cell.volume() * units::kEvPerCubicAngstromToGpa;
}

MdState makeMdState(const Structure& structure, std::vector<int> types) {
  MdState s;
  s.symbols = structure.symbols;
  s.types = std::move(types);
  s.positions = structure.positions;
  s.cell = structure.cell;
  s.masses = structure.masses;
  if (s.masses.empty())
    for (const auto& e : s.symbols) s.masses.push_back(atomicMass(atomicNumber(e)));
  s.velocities = structure.velocities;
  s.velocities.resize(s.size(), Eigen::Vector3d::Zero());
  return s;
}

void initializeVelocities(MdState& s, double temperatureK, Random& rng) {
  const std::size_t n = s.size();
  s.velocities.assign(n, Eigen::Vector3d::Zero());
  if (n == 0) return;
  Eigen::Vector3d momentum = Eigen::Vector3d::Zero();
  double totalMass = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double sigma = std::sqrt(units::kBoltzmann * temperatureK / s.masses[i] /
                                   units::kMassVelocity2ToEv);  // Å/fs
    for (int a = 0; a < 3; ++a) s.velocities[i][a] = sigma * rng.normal();
    momentum += s.masses[i] * s.velocities[i];
    totalMass += s.masses[i];
  }
  for (auto& v : s.velocities) v -= momentum / totalMass;
  const double t = temperature(s);
  if (t > 0.0)
    for (auto& v : s.velocities) v *= std::sqrt(temperatureK / t);
}

}  // namespace sei
