#pragma once

#include <deque>
#include <string>
#include <vector>

#include "analysis/Frame.hpp"
#include "analysis/Selection.hpp"
#include "analysis/Species.hpp"

namespace sei::analysis {

/// g(r) and the running coordination number of one pair, on bin centres.
struct RdfCurve {
  std::string label;      ///< "Na-O"
  std::vector<double> r;  ///< Å, bin centres
  /// Pair distribution: pairs in the shell over the ideal-gas expectation Σ_a (N_B − [a∈B]) / V
  /// × shell volume, summed over the frames of the window. NaN without frames, without B atoms
  /// or with a frame that has no cell (volume 0).
  std::vector<double> g;
  /// Mean number of B atoms within the bin's upper edge of an A atom: the running integral
  /// of the counts (exact, not integrated from g), averaged over the A atoms of the window.
  std::vector<double> cn;
};

/// Radial distribution functions and coordination numbers of selection pairs, for any cell
/// (triclinic, smaller than rMax: every periodic image is counted), O(N) per frame through the
/// frame's cell-list neighbour list. Averages over the last `window` frames (0: all frames
/// since construction or reset()).
class RdfAccumulator {
 public:
  RdfAccumulator(std::vector<std::pair<Selection, Selection>> pairs, double rMax = 6.0,
                 double binWidth = 0.02, std::size_t window = 0);

  /// Adds one frame; species selections need `species` (of the same frame).
  void add(const Frame& frame, const SpeciesFrame* species = nullptr);
  double cutoff() const { return rMax_; }  ///< Å
  bool needsSpecies() const;
  std::size_t frames() const { return frames_; }  ///< in the current average
  std::size_t pairCount() const { return pairs_.size(); }
  RdfCurve curve(std::size_t pair) const;
  /// Throws InputError naming the first pair whose selections found no atoms to pair in any
  /// frame (an element the trajectory lacks, an unknown species), whose g would be undefined.
  void requirePairs(const std::string& source) const;
  void reset();

 private:
  struct Sample {
    std::vector<std::vector<double>> counts;  ///< per pair, per bin
    std::vector<double> ideal;                ///< per pair: Σ_a (N_B − [a∈B]) / V, Å⁻³
    std::vector<double> centres;              ///< per pair: N_A
  };
  Sample emptySample() const;
  static void merge(Sample& into, const Sample& s, double sign);

  std::vector<std::pair<Selection, Selection>> pairs_;
  double rMax_;      ///< Å
  double binWidth_;  ///< Å
  int bins_;
  std::size_t windowSize_;
  std::deque<Sample> window_;  ///< the frames of the window (empty when averaging all)
  Sample total_;               ///< sum over the frames of the average
  std::size_t frames_ = 0;
};

/// Å, the edge of the first coordination shell: on g smoothed over 5 bins, the first local
/// minimum after the first local maximum above 1 (after the global maximum if none exceeds 1).
/// 0 if there is no such minimum.
double firstMinimum(const RdfCurve& curve);

}  // namespace sei::analysis
