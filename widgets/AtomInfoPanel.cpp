#include "AtomInfoPanel.hpp"

#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "ColorMaps.hpp"

namespace sei::studio {

std::vector<Neighbor> bondedNeighbors(const Snapshot& frame, int atom, double factor) {
  std::vector<Neighbor> out;
  const auto& symbols = *frame.symbols;
  const Cell& cell = frame.cell;
  const bool hasCell = cell.volume() > 0.0;
  const Eigen::Vector3d& ri = frame.positions[atom];
  const double radiusI = render::elementRadius(symbols[atom]);
  for (std::size_t j = 0; j < frame.positions.size(); ++j) {
    if (static_cast<int>(j) == atom) continue;
    Eigen::Vector3d d = frame.positions[j] - ri;
    if (hasCell) {
      Eigen::Vector3d s = cell.toFractional(d);
      for (int k = 0; k < 3; ++k)
        if (cell.periodic(k)) s[k] -= std::round(s[k]);
      d = cell.toCartesian(s);
    }
    const double r = d.norm();
    if (r < factor * (radiusI + render::elementRadius(symbols[j])))
      out.push_back({static_cast<int>(j), r});
  }
  std::sort(out.begin(), out.end(),
            [](const Neighbor& a, const Neighbor& b) { return a.distance < b.distance; });
  return out;
}

AtomInfoPanel::AtomInfoPanel(QWidget* parent)
    : QWidget(parent),
      header_(new QLabel(tr("Click an atom in the view."))),
      details_(new QLabel),
      neighbors_(new QListWidget) {
  header_->setWordWrap(true);
  details_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(header_);
  layout->addWidget(details_);
  layout->addWidget(new QLabel(tr("Bonded neighbours:")));
  layout->addWidget(neighbors_);
}

QString AtomInfoPanel::summary() const { return header_->text(); }

void AtomInfoPanel::showAtom(std::shared_ptr<const Snapshot> frame, int index) {
  neighbors_->clear();
  if (!frame || index < 0 || index >= static_cast<int>(frame->positions.size())) {
    index_ = -1;
    header_->setText(tr("Click an atom in the view."));
    details_->clear();
    return;
  }
  index_ = index;
  const auto& symbols = *frame->symbols;
  header_->setText(tr("Atom %1: %2").arg(index + 1).arg(QString::fromStdString(symbols[index])));
  const Eigen::Vector3d& r = frame->positions[index];
  QStringList lines;
  lines << tr("position  %1  %2  %3 \u00c5")
               .arg(r.x(), 0, 'f', 3)
               .arg(r.y(), 0, 'f', 3)
               .arg(r.z(), 0, 'f', 3);
  if (!frame->charges.empty()) lines << tr("charge  %1 e").arg(frame->charges[index], 0, 'f', 4);
  if (!frame->perAtomEnergy.empty())
    lines << tr("energy  %1 eV").arg(frame->perAtomEnergy[index], 0, 'f', 4);
  if (!frame->forces.empty())
    lines << tr("|force|  %1 eV/\u00c5").arg(frame->forces[index].norm(), 0, 'f', 4);
  lines << tr("step %1").arg(frame->step);
  details_->setText(lines.join("\n"));
  for (const Neighbor& n : bondedNeighbors(*frame, index))
    neighbors_->addItem(tr("%1 %2 at %3 \u00c5")
                            .arg(QString::fromStdString(symbols[n.index]))
                            .arg(n.index + 1)
                            .arg(n.distance, 0, 'f', 3));
}

}  // namespace sei::studio
