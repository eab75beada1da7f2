#pragma once

#include <QStringList>
#include <QWidget>
#include <memory>

#include "analysis/Species.hpp"
#include "md/Snapshot.hpp"

class QLabel;
class QListWidget;

namespace sei::studio {

/// What is known about the picked atom: element, position, charge, energy, force, its species
/// (unit name and index) and its bonds and contacts from the analysis' contact graph, at their
/// distances in the shown frame. Follows the live run: showing a newer frame of the same system
/// updates the numbers.
class AtomInfoPanel : public QWidget {
  Q_OBJECT
 public:
  explicit AtomInfoPanel(QWidget* parent = nullptr);

  /// Shows atom `index` of `frame` with its species and contacts from `species` (the analysis of
  /// the same system; null while none is known); index < 0 clears the panel.
  void showAtom(std::shared_ptr<const Snapshot> frame, const analysis::SpeciesFrame* species,
                int index);
  int atom() const { return index_; }
  QString summary() const;        ///< the header text, for tests and the status bar
  QString speciesText() const;    ///< the species line ("" without species)
  QStringList neighbors() const;  ///< one line per bonded or contacting atom, nearest first

 private:
  int index_ = -1;
  QLabel* header_;
  QLabel* species_;
  QLabel* details_;
  QListWidget* neighbors_;
};

}  // namespace sei::studio
