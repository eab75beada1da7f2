#include "ReactionTimeline.hpp"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <map>

#include "ColorMaps.hpp"

namespace sei::studio {
namespace {

constexpr double kFsPerPs = 1000.0;

QString joinedNames(const std::vector<std::string>& names) {
  QStringList out;
  for (const auto& n : names) out << QString::fromStdString(n);
  return out.join(" + ");
}

/// The first reactant's or product's palette colour, as a light row tint.
QColor tintOf(const std::vector<std::string>& names) {
  if (names.empty()) return {};
  const render::Rgb c = render::speciesColor(names.front());
  QColor color = QColor::fromRgbF(c[0], c[1], c[2]);
  color.setAlphaF(0.35);
  return color;
}

}  // namespace

ReactionTimeline::ReactionTimeline(QWidget* parent)
    : QWidget(parent), type_(new QComboBox), summary_(new QLabel), table_(new QTableWidget) {
  table_->setColumnCount(5);
  table_->setHorizontalHeaderLabels(
      {tr("time (ps)"), tr("reactants"), tr("products"), tr("atoms"), tr("\u0394q (e)")});
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->verticalHeader()->hide();
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  type_->setToolTip(tr("Show one reaction type; the count is how often it happened"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  layout->addWidget(type_);
  layout->addWidget(table_, 1);
  auto* clear = new QPushButton(tr("Clear highlight"));
  connect(clear, &QPushButton::clicked, this, [this] {
    table_->clearSelection();
    emit highlightCleared();
  });
  auto* bottom = new QHBoxLayout;
  bottom->addWidget(summary_, 1);
  bottom->addWidget(clear);
  layout->addLayout(bottom);
  connect(type_, &QComboBox::currentIndexChanged, this, [this] { rebuild(); });
  connect(table_, &QTableWidget::cellClicked, this, [this](int row, int) { activate(row); });
  rebuild();
}

void ReactionTimeline::setReactions(const std::vector<analysis::Reaction>& reactions) {
  if (reactions.size() == reactions_.size()) return;
  reactions_ = reactions;
  // Reaction types with their counts, most frequent first.
  std::map<std::string, int> counts;
  for (const auto& r : reactions_) ++counts[r.type()];
  std::vector<std::pair<int, std::string>> byCount;
  for (const auto& [type, n] : counts) byCount.emplace_back(-n, type);
  std::sort(byCount.begin(), byCount.end());
  const QString current = type_->currentData().toString();
  {
    const QSignalBlocker block(type_);
    type_->clear();
    type_->addItem(tr("all reactions (%1)").arg(reactions_.size()), QString());
    for (const auto& [n, type] : byCount)
      type_->addItem(QString("%1 (%2)").arg(QString::fromStdString(type)).arg(-n),
                     QString::fromStdString(type));
    const int keep = type_->findData(current);
    type_->setCurrentIndex(keep < 0 ? 0 : keep);
  }
  rebuild();
}

void ReactionTimeline::rebuild() {
  const std::string filter = type_->currentData().toString().toStdString();
  shown_.clear();
  for (std::size_t k = 0; k < reactions_.size(); ++k)
    if (filter.empty() || reactions_[k].type() == filter) shown_.push_back(k);
  table_->setRowCount(static_cast<int>(shown_.size()));
  for (int row = 0; row < static_cast<int>(shown_.size()); ++row) {
    const analysis::Reaction& r = reactions_[shown_[row]];
    const QString dq = std::isnan(r.chargeTransferred)
                           ? QStringLiteral("\u2014")
                           : QString::number(r.chargeTransferred, 'f', 2);
    const QString cells[] = {QString::number(r.time / kFsPerPs, 'f', 3), joinedNames(r.reactants),
                             joinedNames(r.products), QString::number(r.atoms.size()), dq};
    for (int c = 0; c < 5; ++c) {
      auto* item = new QTableWidgetItem(cells[c]);
      if (c == 1) item->setBackground(tintOf(r.reactants));
      if (c == 2) item->setBackground(tintOf(r.products));
      if (c == 0)
        item->setToolTip(tr("frame %1, step %2; bonds formed %3, broken %4")
                             .arg(r.frame)
                             .arg(r.step)
                             .arg(r.formed.size())
                             .arg(r.broken.size()));
      table_->setItem(row, c, item);
    }
  }
  summary_->setText(reactions_.empty()
                        ? tr("No reactions yet: bond changes that outlast the lifetime filter "
                             "appear here.")
                        : tr("%1 reactions of %2 types; click one to see its frame and atoms")
                              .arg(reactions_.size())
                              .arg(type_->count() - 1));
}

int ReactionTimeline::rows() const { return table_->rowCount(); }

void ReactionTimeline::activate(int row) {
  if (row < 0 || row >= static_cast<int>(shown_.size())) return;
  table_->selectRow(row);
  const analysis::Reaction& r = reactions_[shown_[row]];
  emit reactionChosen(r.time, r.atoms);
}

}  // namespace sei::studio
