#pragma once

#include "core/HostDevice.hpp"

namespace sei::nep {

/// Screened nuclear repulsion of one ordered pair of types (spec §9).
struct ZblPair {
  double prefactor = 0.0;      ///< k_e Z_i Z_j, eV·Å
  double inverseA = 0.0;       ///< 1/a, Å⁻¹
  double rInner = 0.0;         ///< Å
  double rOuter = 0.0;         ///< Å
  double a[4] = {0, 0, 0, 0};  ///< amplitudes of the screening function
  double b[4] = {0, 0, 0, 0};  ///< exponents of the screening function
};

/// Pair energy v(r) (eV) and dv/dr (eV/Å); both zero beyond rOuter.
template <class Real>
SEI_HD inline void zblPairEnergy(const ZblPair& p, Real r, Real& v, Real& dv) {
  v = dv = 0;
  if (r >= Real(p.rOuter)) return;
  Real switchValue = 1, switchSlope = 0;
  if (r > Real(p.rInner)) {
    const Real width = Real(p.rOuter) - Real(p.rInner);
    const Real phase = Real(hd::kPi) * (r - Real(p.rInner)) / width;
    switchValue = Real(0.5) * (Real(1) + hd::cosOf(phase));
    switchSlope = Real(-0.5) * Real(hd::kPi) / width * hd::sinOf(phase);
  }
  const Real inverseA = Real(p.inverseA);
  const Real x = r * inverseA;
  Real psi = 0, dpsi = 0;  // screening function and d/dr
  for (int k = 0; k < 4; ++k) {
    const Real e = Real(p.a[k]) * hd::expOf(-Real(p.b[k]) * x);
    psi += e;
    dpsi -= Real(p.b[k]) * inverseA * e;
  }
  const Real coulomb = Real(p.prefactor) / r;
  v = coulomb * psi * switchValue;
  dv = coulomb * (dpsi * switchValue + psi * switchSlope - psi * switchValue / r);
}

}  // namespace sei::nep
