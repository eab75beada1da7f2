#include "AtomInfoPanel.hpp"

#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

#include "analysis/Contacts.hpp"

namespace sei::studio {
namespace {

QString contactName(analysis::ContactKind kind) {
  switch (kind) {
    case analysis::ContactKind::Covalent:
      return QObject::tr("bond");
    case analysis::ContactKind::Ionic:
      return QObject::tr("ionic contact");
    case analysis::ContactKind::Metallic:
      return QObject::tr("metallic contact");
  }
  return {};
}

}  // namespace

AtomInfoPanel::AtomInfoPanel(QWidget* parent)
    : QWidget(parent),
      header_(new QLabel(tr("Click an atom in the view."))),
      species_(new QLabel),
      details_(new QLabel),
      neighbors_(new QListWidget) {
  header_->setWordWrap(true);
  species_->setWordWrap(true);
  details_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(header_);
  layout->addWidget(species_);
  layout->addWidget(details_);
  layout->addWidget(new QLabel(tr("Bonds and contacts:")));
  layout->addWidget(neighbors_);
}

QString AtomInfoPanel::summary() const { return header_->text(); }

QString AtomInfoPanel::speciesText() const { return species_->text(); }

QStringList AtomInfoPanel::neighbors() const {
  QStringList out;
  for (int k = 0; k < neighbors_->count(); ++k) out << neighbors_->item(k)->text();
  return out;
}

void AtomInfoPanel::showAtom(std::shared_ptr<const Snapshot> frame,
                             const analysis::SpeciesFrame* species, int index) {
  neighbors_->clear();
  species_->clear();
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
  if (!species || species->unitOfAtom.size() != frame->positions.size()) {
    species_->setText(tr("species: not analysed yet"));
    return;
  }
  const int u = species->unitOfAtom[index];
  const analysis::SpeciesUnit& unit = species->units[u];
  species_->setText(tr("species: %1, unit %2 of %3 (%4 atoms)")
                        .arg(QString::fromStdString(unit.name))
                        .arg(u + 1)
                        .arg(species->units.size())
                        .arg(unit.atoms.size()));
  for (const analysis::Neighbor& n :
       analysis::neighborsOf(*species, index, frame->positions, frame->cell))
    neighbors_->addItem(tr("%1 %2 at %3 \u00c5, %4")
                            .arg(QString::fromStdString(symbols[n.atom]))
                            .arg(n.atom + 1)
                            .arg(n.distance, 0, 'f', 3)
                            .arg(contactName(n.kind)));
}

}  // namespace sei::studio
