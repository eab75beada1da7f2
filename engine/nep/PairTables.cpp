#include "nep/PairTables.hpp"

#include <algorithm>

namespace sei::nep {

PairTables::PairTables(const NepModel& m)
    : numTypes(m.numTypes()),
      dim(m.dimension()),
      nR(m.nMaxRadial),
      nA(m.nMaxAngular),
      kR(m.basisRadial),
      kA(m.basisAngular),
      numSums(numAngularSums(m.lMax)),
      cRadial(pairMajorCoefficients(m.radialCoefficients, numTypes, nR, kR)),
      cAngular(pairMajorCoefficients(m.angularCoefficients, numTypes, nA, kA)),
      angular(m.lMax),
      blocks(angularBlocks(m)) {
  for (int t1 = 0; t1 < numTypes; ++t1)
    for (int t2 = 0; t2 < numTypes; ++t2) {
      rcRadial.push_back(m.pairRadialCutoff(t1, t2));
      rcAngular.push_back(m.pairAngularCutoff(t1, t2));
    }
}

double PairTables::maxCutoff() const {
  return std::max(*std::max_element(rcRadial.begin(), rcRadial.end()),
                  *std::max_element(rcAngular.begin(), rcAngular.end()));
}

}  // namespace sei::nep
