#pragma once

#include <numeric>
#include <vector>

namespace sei::analysis {

/// Union–find with path halving and union by size: connected components of contact graphs in
/// near-linear time.
class DisjointSets {
 public:
  explicit DisjointSets(std::size_t n = 0) { reset(n); }
  void reset(std::size_t n) {
    parent_.resize(n);
    std::iota(parent_.begin(), parent_.end(), 0);
    size_.assign(n, 1);
  }
  int find(int a) {
    while (parent_[a] != a) {
      parent_[a] = parent_[parent_[a]];
      a = parent_[a];
    }
    return a;
  }
  void unite(int a, int b) {
    a = find(a);
    b = find(b);
    if (a == b) return;
    if (size_[a] < size_[b]) std::swap(a, b);
    parent_[b] = a;
    size_[a] += size_[b];
  }

 private:
  std::vector<int> parent_;
  std::vector<int> size_;
};

}  // namespace sei::analysis
