#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/Cell.hpp"

namespace sei {

/// Thermodynamic summary of one MD step.
struct Thermo {
  double temperature = 0.0;                            ///< K
  double kineticEnergy = 0.0;                          ///< eV
  double potentialEnergy = 0.0;                        ///< eV
  double conservedEnergy = 0.0;                        ///< eV, kinetic + potential + reservoir
  Eigen::Matrix3d pressure = Eigen::Matrix3d::Zero();  ///< GPa
};

/// An immutable picture of the running system handed to readers (GUI, analysis, writers)
/// without stopping the run. Symbols are shared between snapshots, not copied.
struct Snapshot {
  std::int64_t step = 0;
  double time = 0.0;  ///< fs
  std::shared_ptr<const std::vector<std::string>> symbols;
  std::vector<Eigen::Vector3d> positions;   ///< Å
  std::vector<Eigen::Vector3d> velocities;  ///< Å/fs
  std::vector<Eigen::Vector3d> forces;      ///< eV/Å
  std::vector<double> charges;              ///< e (qNEP models; empty otherwise)
  std::vector<double> perAtomEnergy;        ///< eV
  Cell cell;
  Thermo thermo;
};

}  // namespace sei
