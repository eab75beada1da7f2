#include "cuda/PppmDevice.hpp"

#include <cufft.h>

#include <stdexcept>
#include <string>

#include "cuda/CudaKernels.hpp"
#include "kspace/Pppm.hpp"

namespace sei::cuda {
namespace {

void checkFft(cufftResult status, const char* what) {
  if (status != CUFFT_SUCCESS)
    throw std::runtime_error(std::string("cuFFT: ") + what + " failed with code " +
                             std::to_string(static_cast<int>(status)));
}

}  // namespace

PppmDevice::~PppmDevice() {
  if (plans_) {
    cufftDestroy(forward_);
    cufftDestroy(backward_);
  }
}

void PppmDevice::prepare(const Cell& cell, double alpha, const PppmGrid& grid, int numAtoms) {
  const std::array<int, 3>& mesh = grid.mesh;
  const std::size_t size = static_cast<std::size_t>(mesh[0]) * mesh[1] * mesh[2];
  const std::size_t half = static_cast<std::size_t>(mesh[0] / 2 + 1) * mesh[1] * mesh[2];
  if (mesh != mesh_) {
    if (plans_) {
      cufftDestroy(forward_);
      cufftDestroy(backward_);
      plans_ = false;
    }
    // cuFFT is row-major with the last index fastest: (K_2, K_1, K_0) gives m₀ fastest.
    cufftHandle f, b;
    checkFft(cufftPlan3d(&f, mesh[2], mesh[1], mesh[0], CUFFT_D2Z), "forward plan");
    checkFft(cufftPlan3d(&b, mesh[2], mesh[1], mesh[0], CUFFT_Z2D), "backward plan");
    forward_ = f;
    backward_ = b;
    plans_ = true;
    mesh_ = mesh;
    rho_.resize(size);
    fields_.resize(4 * size);
    rhoHat_.resize(2 * half);
    work_.resize(2 * half);
    influenceAlpha_ = 0.0;
  }
  if (grid.order != order_) influenceAlpha_ = 0.0;
  order_ = grid.order;
  if (alpha != influenceAlpha_ || cell.matrix() != influenceCell_) {
    // On the device: under NPT the cell, and so the influence function, changes every step.
    gEven_.resize(half);
    kgOdd_.resize(3 * half);
    wShape_.resize(6 * half);
    launchPppmInfluence(influenceGeometry(grid, cell, alpha, 2.0 * M_PI), gEven_.data(),
                        kgOdd_.data(), wShape_.data());
    influenceAlpha_ = alpha;
    influenceCell_ = cell.matrix();
  }
  base_.resize(3 * static_cast<std::size_t>(numAtoms));
  weights_.resize(3 * static_cast<std::size_t>(order_) * numAtoms);
  sums_.resize(7);
}

void PppmDevice::compute(const Cell& cell, double alpha, const PppmGrid& grid,
                         const double* position, const double* charges, int numAtoms,
                         CoulombOutputs out) {
  prepare(cell, alpha, grid, numAtoms);
  PppmMeshView m{};
  for (int d = 0; d < 3; ++d) m.k[d] = mesh_[d];
  m.order = order_;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) m.hInv[3 * r + c] = cell.inverse()(r, c);
  const long size = static_cast<long>(mesh_[0]) * mesh_[1] * mesh_[2];
  const long half = static_cast<long>(mesh_[0] / 2 + 1) * mesh_[1] * mesh_[2];

  rho_.zero();
  launchPppmSpread(m, position, charges, numAtoms, base_.data(), weights_.data(), rho_.data());
  checkFft(
      cufftExecD2Z(forward_, rho_.data(), reinterpret_cast<cufftDoubleComplex*>(rhoHat_.data())),
      "forward transform");
  sums_.zero();
  launchPppmSpectrumSums(gEven_.data(), wShape_.data(), rhoHat_.data(), half, mesh_[0],
                         sums_.data());
  launchScale(sums_.data(), 7, kCoulomb);
  // Re IDFT of the Hermitian parts (see kspace/Pppm.cpp); c2r destroys its input, so the
  // spectrum of each field is rebuilt in work_.
  for (int f = 0; f < 4; ++f) {
    launchPppmFieldSpectrum(gEven_.data(), kgOdd_.data(), rhoHat_.data(), half, f, work_.data());
    checkFft(cufftExecZ2D(backward_, reinterpret_cast<cufftDoubleComplex*>(work_.data()),
                          fields_.data() + f * size),
             "backward transform");
  }
  launchPppmGather(m, base_.data(), weights_.data(), fields_.data(), charges, sums_.data(),
                   numAtoms, out);
}

std::size_t PppmDevice::bytes() const {
  return rho_.bytes() + rhoHat_.bytes() + work_.bytes() + fields_.bytes() + gEven_.bytes() +
         kgOdd_.bytes() + wShape_.bytes() + weights_.bytes() + sums_.bytes() + base_.bytes();
}

}  // namespace sei::cuda
