#pragma once

#include <Eigen/Dense>
#include <vector>

namespace sei {

/// Committee disagreement of forces, DeePMD's max_devi_f per atom: √(⟨|F_m − ⟨F⟩|²⟩_m) with the
/// population average over the members m. Members are added one at a time (Σ F_m and Σ |F_m|²
/// are kept, since ⟨|F − ⟨F⟩|²⟩ = ⟨|F|²⟩ − |⟨F⟩|²), so no member's forces need to be stored.
class ForceSpread {
 public:
  explicit ForceSpread(std::size_t atoms) : sum_(atoms, Eigen::Vector3d::Zero()), squares_(atoms) {}

  /// One member's forces on the same atoms, eV/Å.
  void add(const std::vector<Eigen::Vector3d>& forces);
  int members() const { return members_; }
  /// Per atom, eV/Å; zeros before two members.
  std::vector<double> deviations() const;

 private:
  std::vector<Eigen::Vector3d> sum_;  ///< Σ_m F_m, eV/Å
  std::vector<double> squares_;       ///< Σ_m |F_m|², (eV/Å)²
  int members_ = 0;
};

}  // namespace sei
