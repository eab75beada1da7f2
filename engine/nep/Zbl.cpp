#include "nep/Zbl.hpp"

#include <algorithm>
#include <cmath>

#include "core/Elements.hpp"
#include "kspace/Electrostatics.hpp"

namespace sei::nep {

Zbl::Zbl(const NepModel& model) : numTypes_(model.numTypes()) {
  const int T = numTypes_;
  pairs_.resize(T * T);
  for (int ti = 0; ti < T; ++ti) {
    for (int tj = 0; tj < T; ++tj) {
      const int zi = model.atomicNumbers[ti], zj = model.atomicNumbers[tj];
      Pair& p = pairs_[ti * T + tj];
      p.prefactor = kCoulomb * zi * zj;
      p.inverseA = (std::pow(zi, 0.23) + std::pow(zj, 0.23)) / 0.46848;
      if (model.flexibleZbl) {
        const int t1 = std::min(ti, tj), t2 = std::max(ti, tj);
        const ZblPairParameters& f = model.zblPairs[t1 * T - t1 * (t1 - 1) / 2 + (t2 - t1)];
        p.rInner = f.rInner;
        p.rOuter = f.rOuter;
        p.a = f.a;
        p.b = f.b;
      } else {
        p.a = {0.18175, 0.50986, 0.28022, 0.02817};
        p.b = {3.1998, 0.94229, 0.4029, 0.20162};
        p.rInner = model.zblInner;
        p.rOuter = model.zblOuter;
        if (model.zblTypewiseFactor > 0.0) {
          p.rInner = 0.0;
          p.rOuter =
              std::min(model.zblTypewiseFactor * (zblCovalentRadius(zi) + zblCovalentRadius(zj)),
                       model.zblOuter);
        }
      }
    }
  }
}

void Zbl::evaluate(int ti, int tj, double r, double& v, double& dv) const {
  const Pair& p = pairs_[ti * numTypes_ + tj];
  v = dv = 0.0;
  if (r >= p.rOuter) return;
  double switchValue = 1.0, switchSlope = 0.0;
  if (r > p.rInner) {
    const double width = p.rOuter - p.rInner;
    const double phase = M_PI * (r - p.rInner) / width;
    switchValue = 0.5 * (1.0 + std::cos(phase));
    switchSlope = -0.5 * M_PI / width * std::sin(phase);
  }
  const double x = r * p.inverseA;
  double psi = 0.0, dpsi = 0.0;  // screening function and d/dr
  for (int k = 0; k < 4; ++k) {
    const double e = p.a[k] * std::exp(-p.b[k] * x);
    psi += e;
    dpsi -= p.b[k] * p.inverseA * e;
  }
  const double coulomb = p.prefactor / r;
  v = coulomb * psi * switchValue;
  dv = coulomb * (dpsi * switchValue + psi * switchSlope - psi * switchValue / r);
}

}  // namespace sei::nep
