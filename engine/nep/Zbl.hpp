#pragma once

#include <array>
#include <vector>

#include "nep/NepModel.hpp"

namespace sei::nep {

/// Screened nuclear repulsion of NEP *_zbl models (spec §9), per pair of types.
class Zbl {
 public:
  explicit Zbl(const NepModel& model);
  /// Pair energy V(r) (eV) and dV/dr (eV/Å) for central type ti and neighbour type tj.
  void evaluate(int ti, int tj, double r, double& v, double& dv) const;

 private:
  struct Pair {
    double prefactor = 0.0;  ///< k_e Z_i Z_j, eV·Å
    double inverseA = 0.0;   ///< 1/a, Å⁻¹
    double rInner = 0.0;     ///< Å
    double rOuter = 0.0;     ///< Å
    std::array<double, 4> a{};
    std::array<double, 4> b{};
  };
  int numTypes_;
  std::vector<Pair> pairs_;  ///< [ti*T + tj]
};

}  // namespace sei::nep
