#include "nep/AngularTerms.hpp"

#include <cmath>
#include <cstdint>
#include <numeric>

namespace sei::nep {
namespace {

/// Coefficients (ascending powers) of 2^l · d^m P_l/dz^m: integers for l ≤ 8.
std::array<std::int64_t, kMaxLMax + 1> scaledLegendreDerivative(int l, int m) {
  std::array<std::int64_t, kMaxLMax + 1> c{};
  auto binomial = [](int n, int k) {
    std::int64_t b = 1;
    for (int i = 1; i <= k; ++i) b = b * (n - k + i) / i;
    return b;
  };
  // Rodrigues: 2^l P_l(z) = Σ_k (−1)^k C(l,k) C(2l−2k, l) z^(l−2k).
  for (int k = 0; 2 * k <= l; ++k)
    c[l - 2 * k] = (k % 2 ? -1 : 1) * binomial(l, k) * binomial(2 * l - 2 * k, l);
  for (int d = 0; d < m; ++d)
    for (int p = 0; p <= l; ++p) c[p] = (p + 1 <= l) ? c[p + 1] * (p + 1) : 0;
  return c;
}

/// Z_{l,m}: the primitive integer polynomial ∝ d^m P_l/dz^m with positive leading coefficient;
/// also returns λ = (d^m P_l/dz^m) / Z_{l,m}.
std::array<std::int64_t, kMaxLMax + 1> zPolynomial(int l, int m, double& lambda) {
  auto c = scaledLegendreDerivative(l, m);
  std::int64_t g = 0;
  for (auto v : c) g = std::gcd(g, v < 0 ? -v : v);
  for (auto& v : c) v /= g;
  lambda = static_cast<double>(g) / std::ldexp(1.0, l);
  return c;
}

#include "nep/HigherOrderTables.inc"

template <std::size_t N>
BlockPolynomial fromTable(const Monomial (&table)[N]) {
  return BlockPolynomial{std::vector<Monomial>(table, table + N)};
}

}  // namespace

double threeBodyWeight(int l, int m) {
  double lambda = 0.0;
  zPolynomial(l, m, lambda);
  double ratio = 1.0;  // (l−m)!/(l+m)!
  for (int k = l - m + 1; k <= l + m; ++k) ratio /= k;
  return (2 * l + 1) / (4.0 * M_PI) * ratio * lambda * lambda;
}

std::vector<BlockPolynomial> angularBlocks(const NepModel& model) {
  std::vector<BlockPolynomial> blocks;
  // 3-body: Q_l = C_l0 S(l,0)² + 2 Σ_m C_lm [S(l,m,c)² + S(l,m,s)²].
  for (int l = 1; l <= model.lMax; ++l) {
    BlockPolynomial b;
    b.terms.push_back({threeBodyWeight(l, 0), 2, {l * l - 1, l * l - 1, -1, -1}});
    for (int m = 1; m <= l; ++m) {
      const double w = 2.0 * threeBodyWeight(l, m);
      const int c = l * l - 2 + 2 * m;
      b.terms.push_back({w, 2, {c, c, -1, -1}});
      b.terms.push_back({w, 2, {c + 1, c + 1, -1, -1}});
    }
    blocks.push_back(std::move(b));
  }
  const std::array<BlockPolynomial, kNumHigherBlocks> higher = {fromTable(kQ222), fromTable(kQ1111),
                                                                fromTable(kQ112), fromTable(kQ123),
                                                                fromTable(kQ233), fromTable(kQ134)};
  for (int k = 0; k < kNumHigherBlocks; ++k)
    if (model.higherBlocks[k]) blocks.push_back(higher[k]);
  return blocks;
}

AngularFunctions::AngularFunctions(int lMax) : lMax_(lMax), count_(numAngularSums(lMax)) {
  terms_.resize(count_);
  for (int l = 1; l <= lMax; ++l) {
    for (int m = 0; m <= l; ++m) {
      double lambda = 0.0;
      const auto z = zPolynomial(l, m, lambda);
      AngularTerm t{m, 0, l - m, {}};
      for (int p = 0; p <= l - m; ++p) t.poly[p] = static_cast<double>(z[p]);
      if (m == 0) {
        terms_[l * l - 1] = t;
      } else {
        terms_[l * l - 2 + 2 * m] = t;
        t.sine = 1;
        terms_[l * l - 1 + 2 * m] = t;
      }
    }
  }
}

}  // namespace sei::nep
