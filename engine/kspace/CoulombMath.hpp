#pragma once

#include "core/HostDevice.hpp"

namespace sei {

/// Coulomb constant used by GPUMD and NEP_CPU, eV·Å/e².
constexpr double kCoulomb = 14.399645;

/// Real-space Ewald pair terms at distance r (spec §7.3): erfc(αr)/r (Å⁻¹), which times k_e q_j
/// is the pair's share of D_i, and γ/(k_e q_i q_j) = [erfc(αr)/r + 2α/√π e^{−α²r²}]/r² (Å⁻³),
/// which times the displacement r_j − r_i is −F_i/(k_e q_i q_j).
template <class Real>
SEI_HD inline void realSpaceCoulombPair(Real r, Real alpha, Real& erfcOverR, Real& gammaUnit) {
  const Real selfFactor = alpha / hd::sqrtOf(Real(hd::kPi));
  erfcOverR = hd::erfcOf(alpha * r) / r;
  gammaUnit = (erfcOverR + Real(2) * selfFactor * hd::expOf(-alpha * alpha * (r * r))) / (r * r);
}

}  // namespace sei
