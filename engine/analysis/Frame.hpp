#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

#include "core/Cell.hpp"
#include "core/Structure.hpp"
#include "md/Snapshot.hpp"
#include "neighbor/NeighborList.hpp"

namespace sei::analysis {

/// One configuration as the analyses see it, from a running simulation's Snapshot or from a
/// Structure read off disk. A view: the source must outlive the Frame. The neighbour list is
/// built on the first request and shared by every analysis of the frame.
class Frame {
 public:
  /// Throws InputError for an unknown element symbol or arrays of different lengths.
  Frame(const Structure& s, std::int64_t step = 0, double time = 0.0);
  explicit Frame(const Snapshot& s);
  // A view of a temporary would dangle.
  Frame(Structure&&, std::int64_t = 0, double = 0.0) = delete;
  explicit Frame(Snapshot&&) = delete;

  std::size_t size() const { return positions_->size(); }
  const std::vector<std::string>& symbols() const { return *symbols_; }
  const std::vector<int>& atomicNumbers() const { return z_; }
  const std::vector<Eigen::Vector3d>& positions() const { return *positions_; }  ///< Å
  const Cell& cell() const { return *cell_; }
  /// e; empty when the source has no charges (non-charge models, plain XYZ files).
  const std::vector<double>& charges() const { return *charges_; }
  bool hasCharges() const { return !charges_->empty(); }
  std::int64_t step() const { return step_; }
  double time() const { return time_; }  ///< fs

  /// Full neighbour list holding every pair within at least `cutoff` (Å), cached: entries beyond
  /// the cutoff may be present, so callers compare distances themselves. A request beyond the
  /// cached cutoff rebuilds it.
  const NeighborList& neighbors(double cutoff) const;
  /// Neighbours (among all atoms) within `cutoff` (Å) of the atoms marked in `centres` only;
  /// the other rows are empty. Far cheaper than the full list when few atoms are asked about
  /// with a long cutoff (RDF of Na, solvation shells of ions).
  NeighborList neighborsOf(const std::vector<char>& centres, double cutoff) const;

 private:
  void init();

  const std::vector<std::string>* symbols_;
  const std::vector<Eigen::Vector3d>* positions_;
  const Cell* cell_;
  const std::vector<double>* charges_;
  std::int64_t step_ = 0;
  double time_ = 0.0;  ///< fs
  std::vector<int> z_;
  mutable NeighborList list_;
  mutable double listCutoff_ = 0.0;  ///< Å, 0 while no list is built
};

}  // namespace sei::analysis
