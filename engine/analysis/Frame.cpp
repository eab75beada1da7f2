#include "analysis/Frame.hpp"

#include "core/Elements.hpp"
#include "core/Error.hpp"

namespace sei::analysis {

Frame::Frame(const Structure& s, std::int64_t step, double time)
    : symbols_(&s.symbols),
      positions_(&s.positions),
      cell_(&s.cell),
      charges_(&s.charges),
      step_(step),
      time_(time) {
  init();
}

Frame::Frame(const Snapshot& s)
    : symbols_(s.symbols.get()),
      positions_(&s.positions),
      cell_(&s.cell),
      charges_(&s.charges),
      step_(s.step),
      time_(s.time) {
  if (!symbols_)
    throw InputError("analysis: snapshot of step " + std::to_string(s.step) +
                     " has no element symbols");
  init();
}

void Frame::init() {
  if (symbols_->size() != positions_->size() ||
      (!charges_->empty() && charges_->size() != positions_->size())) {
    throw InputError("analysis: frame of step " + std::to_string(step_) + " has " +
                     std::to_string(positions_->size()) + " positions, " +
                     std::to_string(symbols_->size()) + " symbols and " +
                     std::to_string(charges_->size()) + " charges, expected equal counts");
  }
  z_.resize(size());
  for (std::size_t i = 0; i < size(); ++i) {
    z_[i] = atomicNumber((*symbols_)[i]);
    if (z_[i] == 0) {
      throw InputError("analysis: atom " + std::to_string(i + 1) + " of step " +
                       std::to_string(step_) + " has unknown element '" + (*symbols_)[i] + "'");
    }
  }
}

const NeighborList& Frame::neighbors(double cutoff) const {
  if (listCutoff_ <= 0.0 || cutoff > listCutoff_) {
    buildNeighborList(*cell_, *positions_, cutoff, list_);
    listCutoff_ = cutoff;
  }
  return list_;
}

NeighborList Frame::neighborsOf(const std::vector<char>& centres, double cutoff) const {
  NeighborList list;
  buildNeighborList(*cell_, *positions_, cutoff, list, &centres);
  return list;
}

}  // namespace sei::analysis
