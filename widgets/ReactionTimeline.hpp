#pragma once

#include <QWidget>
#include <vector>

#include "analysis/Species.hpp"

class QComboBox;
class QLabel;
class QTableWidget;

namespace sei::studio {

/// The reactions of a run as a timeline (issue 17): one row per reaction with its time, the
/// reactants and products in the species palette, its atom count and the charge its atoms
/// gained, newest last; a filter by reaction type with counts per type. Choosing a row asks for
/// the recorded frame at that time (as a click on a time plot does) and for its atoms to be
/// highlighted.
class ReactionTimeline : public QWidget {
  Q_OBJECT
 public:
  explicit ReactionTimeline(QWidget* parent = nullptr);

  /// Shows the reactions found so far (the list only grows during a run; a shorter one replaces
  /// it, as after a reset).
  void setReactions(const std::vector<analysis::Reaction>& reactions);
  int rows() const;  ///< rows shown (after the type filter)
  /// Chooses the shown row `row` as a click would.
  void activate(int row);

 signals:
  /// fs: the reaction's time; atoms: its atoms (indices of the frame).
  void reactionChosen(double fs, const std::vector<int>& atoms);
  void highlightCleared();

 private:
  void rebuild();

  std::vector<analysis::Reaction> reactions_;
  std::vector<std::size_t> shown_;  ///< reaction index of each row
  QComboBox* type_;
  QLabel* summary_;
  QTableWidget* table_;
};

}  // namespace sei::studio
