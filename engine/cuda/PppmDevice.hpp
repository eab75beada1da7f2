#pragma once

#include <Eigen/Dense>
#include <array>

#include "core/Cell.hpp"
#include "cuda/CoulombAtomKernels.hpp"
#include "cuda/DeviceArray.hpp"
#include "kspace/KSpaceAccuracy.hpp"

namespace sei::cuda {

/// PPPM on the device (spec §7.5), the counterpart of kspace/PppmSolver: the same mesh sizes,
/// stencils and influence function (computed on the device when the cell changes), with cuFFT
/// transforms. Assigns the potential's k-space part and adds energy (uniform split), forces and
/// virial (uniform split) to the outputs.
class PppmDevice {
 public:
  PppmDevice() = default;
  ~PppmDevice();
  PppmDevice(const PppmDevice&) = delete;
  PppmDevice& operator=(const PppmDevice&) = delete;

  /// grid: K_d and P, chosen by the caller's KSpaceResolution as on the host.
  void compute(const Cell& cell, double alpha, const PppmGrid& grid, const double* position,
               const double* charges, int numAtoms, CoulombOutputs out);
  std::size_t bytes() const;

 private:
  void prepare(const Cell& cell, double alpha, const PppmGrid& grid, int numAtoms);

  std::array<int, 3> mesh_{0, 0, 0};
  int order_ = 0;
  int forward_ = 0, backward_ = 0;  ///< cufftHandle values, 0 = none
  bool plans_ = false;
  Eigen::Matrix3d influenceCell_ = Eigen::Matrix3d::Zero();
  double influenceAlpha_ = 0.0;
  DeviceArray<double> rho_, rhoHat_, work_, fields_, gEven_, kgOdd_, wShape_, weights_, sums_;
  DeviceArray<int> base_;
};

}  // namespace sei::cuda
