#pragma once

#include <array>
#include <vector>

#include "nep/AngularMath.hpp"
#include "nep/NepModel.hpp"

namespace sei::nep {

/// A descriptor block of one angular channel: a polynomial in that channel's S sums.
struct BlockPolynomial {
  std::vector<Monomial> terms;

  template <class Real>
  Real value(const Real* s) const {
    return blockValue(terms.data(), size(), s);
  }
  /// Adds weight · ∂value/∂S[k] to grad[k] for every k.
  template <class Real>
  void addGradient(const Real* s, Real weight, Real* grad) const {
    addBlockGradient(terms.data(), size(), s, weight, grad);
  }
  int size() const { return static_cast<int>(terms.size()); }
};

/// The angular blocks of a model in descriptor order (spec §3.6): the 3-body blocks l = 1..L,
/// then the enabled higher-order blocks.
std::vector<BlockPolynomial> angularBlocks(const NepModel& model);

/// C_{l,m} of the 3-body descriptor (spec §3.4).
double threeBodyWeight(int l, int m);

/// Real angular functions Y_k(û) = Z_{l,m}(û_z)·Re/Im((û_x + iû_y)^m), k the flat S index, and
/// their gradients with respect to the components of û taken as independent variables.
class AngularFunctions {
 public:
  explicit AngularFunctions(int lMax);
  int size() const { return count_; }
  /// Fills y[0..size) and, if grad != nullptr, grad[3k..3k+3) = ∂Y_k/∂û.
  template <class Real>
  void evaluate(const Real u[3], Real* y, typename hd::NonDeduced<Real>::Type* grad) const {
    evaluateAngular(terms_.data(), count_, lMax_, u, y, grad);
  }
  int lMax() const { return lMax_; }
  /// The table evaluate() works from, in flat S order (for copies to other devices).
  const std::vector<AngularTerm>& terms() const { return terms_; }

 private:
  int lMax_;
  int count_;
  std::vector<AngularTerm> terms_;
};

}  // namespace sei::nep
