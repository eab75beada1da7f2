#pragma once

#include <array>
#include <vector>

#include "nep/NepModel.hpp"

namespace sei::nep {

constexpr int kMaxLMax = 8;
/// Number of angular sums S(l,m,·) for l = 1..L (spec §3.4): (L+1)² − 1.
constexpr int numAngularSums(int lMax) { return (lMax + 1) * (lMax + 1) - 1; }
constexpr int kMaxAngularSums = numAngularSums(kMaxLMax);

/// One product of angular sums, coefficient · Π S[factors[0..degree)].
struct Monomial {
  double coefficient;
  int degree;
  std::array<int, 4> factors;  ///< flat S indices (spec §3.4), unused ones -1
};

/// A descriptor block of one angular channel: a polynomial in that channel's S sums.
struct BlockPolynomial {
  std::vector<Monomial> terms;

  double value(const double* s) const;
  /// Adds weight · ∂value/∂S[k] to grad[k] for every k.
  void addGradient(const double* s, double weight, double* grad) const;
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
  void evaluate(const double u[3], double* y, double* grad) const;

 private:
  struct Term {
    int m;
    bool sine;
    std::array<double, kMaxLMax + 1> poly;  ///< Z_{l,m} coefficients, ascending powers
    int polyDegree;
  };
  int lMax_;
  int count_;
  std::vector<Term> terms_;
};

}  // namespace sei::nep
