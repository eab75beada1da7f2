#include "core/Supercell.hpp"

namespace sei {

Structure replicate(const Structure& s, const std::array<int, 3>& n) {
  Structure out;
  const Eigen::Matrix3d& h = s.cell.matrix();
  const std::size_t total = s.size() * n[0] * n[1] * n[2];
  out.symbols.reserve(total);
  out.positions.reserve(total);
  for (int c = 0; c < n[2]; ++c)
    for (int b = 0; b < n[1]; ++b)
      for (int a = 0; a < n[0]; ++a) {
        const Eigen::Vector3d shift = h * Eigen::Vector3d(a, b, c);
        for (std::size_t i = 0; i < s.size(); ++i) {
          out.symbols.push_back(s.symbols[i]);
          out.positions.push_back(s.positions[i] + shift);
        }
      }
  Eigen::Matrix3d big = h;
  for (int d = 0; d < 3; ++d) big.col(d) *= n[d];
  out.cell = Cell(big, s.cell.periodicity());
  return out;
}

}  // namespace sei
