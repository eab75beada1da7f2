#pragma once

#include "nep/AngularMath.hpp"

namespace sei::nep {

/// The angular descriptors of one atom, block after block (numBlocks + 1 offsets into
/// monomials in blockStart), each block over the channels 0…nA: q[b·(nA+1) + c] from the
/// channel's S sums at s + c·S. Shared by the CUDA evaluator and trainer.
template <class Real>
SEI_HD inline void angularDescriptors(const Monomial* monomials, const int* blockStart,
                                      int numBlocks, int nA, int S, const Real* s, Real* q) {
  for (int b = 0; b < numBlocks; ++b) {
    const Monomial* terms = monomials + blockStart[b];
    const int numTerms = blockStart[b + 1] - blockStart[b];
    for (int c = 0; c <= nA; ++c) q[b * (nA + 1) + c] = blockValue(terms, numTerms, s + c * S);
  }
}

}  // namespace sei::nep
