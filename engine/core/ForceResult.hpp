#pragma once

#include <Eigen/Dense>
#include <vector>

namespace sei {

/// What one force evaluation produces (the Backend output of the architecture). Virials are
/// W^{ab} = Σ r^a F^b (eV, not divided by volume, no kinetic part); row a, column b.
struct ForceResult {
  double energy = 0.0;                               ///< eV, total potential energy
  std::vector<double> perAtomEnergy;                 ///< eV, sums to energy
  std::vector<Eigen::Vector3d> forces;               ///< eV/Å
  Eigen::Matrix3d virial = Eigen::Matrix3d::Zero();  ///< eV
  std::vector<Eigen::Matrix3d> perAtomVirial;        ///< eV (empty unless requested)
  std::vector<double> charges;                       ///< e, neutralised (qNEP only)
  std::vector<Eigen::Matrix3d> bec;  ///< e, Born effective charges (qNEP, if requested)
};

/// Which optional outputs an evaluation should fill; skipping them saves time in MD.
struct ForceRequest {
  bool perAtomVirial = false;
  bool bornEffectiveCharges = false;
};

}  // namespace sei
