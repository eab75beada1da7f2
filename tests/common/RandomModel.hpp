#pragma once

#include <Eigen/Dense>
#include <array>
#include <string>
#include <vector>

#include "core/Structure.hpp"

namespace sei::test {

/// Shape of a random but valid nep.txt model. Parameters are drawn so that descriptors stay in
/// tanh's responsive range and charges are O(0.1–1 e), i.e. forces are neither zero nor huge.
struct RandomModelSpec {
  std::string token = "nep4";
  std::vector<std::string> elements = {"H", "O"};
  double radialCutoff = 5.0;   ///< Å
  double angularCutoff = 4.0;  ///< Å
  /// Per-type (R_c, A_c) for typewise cutoffs; empty = the uniform ones above.
  std::vector<std::array<double, 2>> typewiseCutoffs;
  int nMaxRadial = 4, nMaxAngular = 3;
  int basisRadial = 5, basisAngular = 5;
  int lMax = 4;
  std::vector<int> lMaxFlags = {2, 1};  ///< f_222 f_1111 [f_112 f_123 f_233 f_134]
  int hidden = 8;
  double zblInner = 0.6, zblOuter = 1.4;  ///< Å; 0 0 = flexible ZBL
  double zblTypewiseFactor = 0.0;         ///< written as 4th zbl token when > 0
  unsigned seed = 1;
};

/// The text of a model file for the spec (header and one number per line).
std::string randomModelText(const RandomModelSpec& spec);
/// Writes randomModelText(spec) to `path`.
void writeTextFile(const std::string& path, const std::string& text);

/// Random atoms of the given elements (cycled) in cell h, no two closer than minDistance Å.
Structure randomStructure(const std::vector<std::string>& elements, int numAtoms,
                          const Eigen::Matrix3d& h, unsigned seed, double minDistance = 1.0);

}  // namespace sei::test
