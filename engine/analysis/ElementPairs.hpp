#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include "analysis/Frame.hpp"

namespace sei::analysis {

/// A per-element-pair cutoff table over the elements present in a frame, indexed by small local
/// types so that the pair loops compare squared distances without looking anything up.
class ElementPairs {
 public:
  /// cutoffOf(za, zb): Å, for atomic numbers.
  template <class CutoffOf>
  ElementPairs(const Frame& frame, CutoffOf cutoffOf) {
    std::vector<int> localOf(128, -1);
    type_.resize(frame.size());
    for (std::size_t i = 0; i < frame.size(); ++i) {
      int& t = localOf[frame.atomicNumbers()[i]];
      if (t < 0) {
        t = static_cast<int>(elements_.size());
        elements_.push_back(frame.atomicNumbers()[i]);
      }
      type_[i] = t;
    }
    const std::size_t m = elements_.size();
    cutoffSquared_.resize(m * m);
    for (std::size_t a = 0; a < m; ++a)
      for (std::size_t b = 0; b < m; ++b) {
        const double r = cutoffOf(elements_[a], elements_[b]);
        cutoffSquared_[a * m + b] = r * r;
      }
  }

  int type(std::size_t atom) const { return type_[atom]; }
  int types() const { return static_cast<int>(elements_.size()); }
  int element(int t) const { return elements_[t]; }  ///< atomic number of local type t
  double cutoffSquared(int ta, int tb) const { return cutoffSquared_[ta * elements_.size() + tb]; }

 private:
  std::vector<int> elements_;          ///< atomic number of each local type
  std::vector<int> type_;              ///< local type of each atom
  std::vector<double> cutoffSquared_;  ///< Å²
};

}  // namespace sei::analysis
