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
      ZblPair& p = pairs_[ti * T + tj];
      p.prefactor = kCoulomb * zi * zj;
      p.inverseA = (std::pow(zi, 0.23) + std::pow(zj, 0.23)) / 0.46848;
      if (model.flexibleZbl) {
        const int t1 = std::min(ti, tj), t2 = std::max(ti, tj);
        const ZblPairParameters& f = model.zblPairs[t1 * T - t1 * (t1 - 1) / 2 + (t2 - t1)];
        p.rInner = f.rInner;
        p.rOuter = f.rOuter;
        std::copy(f.a.begin(), f.a.end(), p.a);
        std::copy(f.b.begin(), f.b.end(), p.b);
      } else {
        const double universalA[4] = {0.18175, 0.50986, 0.28022, 0.02817};
        const double universalB[4] = {3.1998, 0.94229, 0.4029, 0.20162};
        std::copy(universalA, universalA + 4, p.a);
        std::copy(universalB, universalB + 4, p.b);
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

}  // namespace sei::nep
