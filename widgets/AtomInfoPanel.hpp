#pragma once

#include <QWidget>
#include <memory>
#include <vector>

#include "md/Snapshot.hpp"

class QLabel;
class QListWidget;

namespace sei::studio {

struct Neighbor {
  int index;        ///< atom index
  double distance;  ///< Å, nearest periodic image
};

/// Atoms bonded to `atom`: closer than `factor` × the sum of the two covalent radii (engine
/// table), nearest image (minimum image in fractional coordinates), sorted by distance.
std::vector<Neighbor> bondedNeighbors(const Snapshot& frame, int atom, double factor = 1.15);

/// What is known about the picked atom: element, position, charge, energy, force, neighbours.
/// Follows the live run: showing a newer frame of the same system updates the numbers.
class AtomInfoPanel : public QWidget {
  Q_OBJECT
 public:
  explicit AtomInfoPanel(QWidget* parent = nullptr);

  /// Shows atom `index` of `frame`; index < 0 clears the panel.
  void showAtom(std::shared_ptr<const Snapshot> frame, int index);
  int atom() const { return index_; }
  QString summary() const;  ///< the header text, for tests and the status bar

 private:
  int index_ = -1;
  QLabel* header_;
  QLabel* details_;
  QListWidget* neighbors_;
};

}  // namespace sei::studio
