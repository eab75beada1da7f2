#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

#include "core/Cell.hpp"
#include "core/ForceResult.hpp"

namespace sei {

class Random;
struct Structure;

/// Everything that evolves in an MD run, plus the forces at the current positions.
struct MdState {
  std::vector<std::string> symbols;
  std::vector<int> types;                   ///< model types
  std::vector<double> masses;               ///< amu
  std::vector<Eigen::Vector3d> positions;   ///< Å
  std::vector<Eigen::Vector3d> velocities;  ///< Å/fs
  Cell cell;
  std::int64_t step = 0;
  double time = 0.0;   ///< fs
  ForceResult forces;  ///< at the current positions and cell

  std::size_t size() const { return positions.size(); }
  /// 3N − 3: total momentum is conserved (and removed at the start).
  int degreesOfFreedom() const { return std::max(1, 3 * static_cast<int>(size()) - 3); }
};

double kineticEnergy(const MdState& s);           ///< eV
Eigen::Matrix3d kineticTensor(const MdState& s);  ///< Σ m v⊗v, eV
double temperature(const MdState& s);             ///< K, from 3N − 3 degrees of freedom
/// (Σ m v⊗v + W)/V, GPa; W the virial of s.forces.
Eigen::Matrix3d pressureTensor(const MdState& s);

/// An MD state for a structure whose atoms have the given model types: masses from the
/// structure's mass column or the element table, velocities from the structure or zero.
MdState makeMdState(const Structure& structure, std::vector<int> types);

/// Maxwell–Boltzmann velocities at temperature (K) with zero total momentum, rescaled so the
/// instantaneous temperature is exactly the target (as GPUMD's `velocity` does).
void initializeVelocities(MdState& s, double temperatureK, Random& rng);

}  // namespace sei
