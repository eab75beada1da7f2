#include "training/DualElectrostatics.hpp"

#include <cmath>
#include <complex>

#include "kspace/CoulombMath.hpp"
#include "kspace/Electrostatics.hpp"

namespace sei::training {
namespace {

/// |r_ij| on dual numbers along the motion r_ij → r_ij + t(g_j − g_i + Hᵀr_ij) of list entry p.
Dual pairDistance(const NeighborList& neighbors, const std::vector<Eigen::Vector3d>& forceAdjoint,
                  const Eigen::Matrix3d& strainRate, std::size_t i, std::size_t p) {
  const Eigen::Vector3d& d = neighbors.displacement[p];
  Eigen::Vector3d delta = strainRate * d;
  if (!forceAdjoint.empty()) delta += forceAdjoint[neighbors.index[p]] - forceAdjoint[i];
  const Dual x(d[0], delta[0]), y(d[1], delta[1]), z(d[2], delta[2]);
  return sqrt(x * x + y * y + z * z);
}

}  // namespace

Dual dualElectrostatics(const NepModel& model, const Cell& cell,
                        const std::vector<Eigen::Vector3d>& positions,
                        const NeighborList& neighbors,
                        const std::vector<Eigen::Vector3d>& forceAdjoint,
                        const Eigen::Matrix3d& strainRate, const std::vector<Dual>& rawCharges,
                        double totalCharge, const std::vector<double>& rawChargeAdjoint,
                        std::vector<Dual>& chargeAdjoint) {
  const std::size_t n = positions.size();
  // Charges shifted to the total charge (spec §5, GPUMD's trainer).
  Dual mean = 0.0;
  for (const Dual& q : rawCharges) mean += q;
  mean *= 1.0 / n;
  std::vector<Dual> q(n);
  for (std::size_t i = 0; i < n; ++i) q[i] = rawCharges[i] - mean + Dual(totalCharge / n);

  // Reciprocal space (spec §7.4) along the direction: atoms move by g_j + Hᵀr_j and the cell by
  // Hᵀh, so k changes by −H k, the volume by V tr H, and k·r_j by k·g_j only.
  const double rc = model.radialCutoff[0];
  const double alpha = hd::kPi / rc;
  const EwaldKSpace space = ewaldKSpace(cell, alpha);
  const EwaldPhases phases(space, positions);
  const double trace = strainRate.trace();
  std::vector<Dual> potential(n, 0.0), cosines(n), sines(n);
  Dual energy = 0.0;
  for (const EwaldKVector& kv : space.vectors) {
    const double k2 = kv.k.squaredNorm();
    const double k2Rate = -2.0 * kv.k.dot(strainRate.transpose() * kv.k);
    const Dual weight(kv.weight,
                      kv.weight * (-trace - k2Rate * (1.0 / k2 + 1.0 / (4 * alpha * alpha))));
    Dual c = 0.0, s = 0.0;  // S(k) = c − i s
    for (std::size_t j = 0; j < n; ++j) {
      const std::complex<double> e = phases(kv, j);
      const double phaseRate = forceAdjoint.empty() ? 0.0 : kv.k.dot(forceAdjoint[j]);
      cosines[j] = Dual(e.real(), -e.imag() * phaseRate);
      sines[j] = Dual(e.imag(), e.real() * phaseRate);
      c += q[j] * cosines[j];
      s += q[j] * sines[j];
    }
    energy += weight * (c * c + s * s);
    for (std::size_t j = 0; j < n; ++j)
      potential[j] += 2.0 * weight * (c * cosines[j] + s * sines[j]);
  }

  // Real space and self term of mode 1 (spec §7.3), over the radial list.
  if (model.chargeMode == 1) {
    const double selfFactor = alpha / std::sqrt(hd::kPi);
    for (std::size_t i = 0; i < n; ++i) {
      Dual phi = 0.0;
      for (std::size_t p = neighbors.begin(i); p < neighbors.end(i); ++p) {
        if (neighbors.displacement[p].norm() >= rc) continue;
        Dual erfcOverR, gammaUnit;
        realSpaceCoulombPair(pairDistance(neighbors, forceAdjoint, strainRate, i, p), Dual(alpha),
                             erfcOverR, gammaUnit);
        phi += q[neighbors.index[p]] * erfcOverR;
      }
      energy += 0.5 * q[i] * phi - selfFactor * q[i] * q[i];
      potential[i] += phi - 2.0 * selfFactor * q[i];
    }
  }

  // ∂E/∂q̂_i = D̄_i = D_i − mean(D); the charge loss enters as the seed −t ∂L/∂q̂_i, so that
  // a·v − d of the result adds Σ ∂L/∂q̂_i ∂q̂_i/∂θ.
  Dual meanPotential = 0.0;
  for (const Dual& d : potential) meanPotential += d;
  meanPotential *= 1.0 / n;
  chargeAdjoint.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    chargeAdjoint[i] = kCoulomb * (potential[i] - meanPotential);
    chargeAdjoint[i].d -= rawChargeAdjoint[i];
  }
  return kCoulomb * energy;
}

}  // namespace sei::training
