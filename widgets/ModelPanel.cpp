#include "ModelPanel.hpp"

#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>

namespace sei::studio {
namespace {

QString joined(const std::vector<std::string>& items) {
  QStringList list;
  for (const auto& s : items) list << QString::fromStdString(s);
  return list.join(", ");
}

QString cutoffText(const std::vector<double>& perType, bool typewise) {
  if (!typewise || perType.empty()) return QString::number(perType.empty() ? 0.0 : perType[0]);
  QStringList values;
  for (double c : perType) values << QString::number(c);
  return values.join("/");
}

}  // namespace

QString modelKind(const NepModel& m) {
  QString kind = m.hasCharges() ? QObject::tr("qNEP, charge mode %1").arg(m.chargeMode)
                                : QStringLiteral("NEP%1").arg(m.version);
  if (m.temperatureDescriptor) kind += QObject::tr(", temperature descriptor");
  return kind + " (" + QString::fromStdString(m.token) + ")";
}

QString zblDescription(const NepModel& m) {
  if (!m.zbl) return QObject::tr("none");
  if (m.flexibleZbl) return QObject::tr("flexible (per type pair)");
  QString text = QObject::tr("universal, %1\u2013%2 \u00c5").arg(m.zblInner).arg(m.zblOuter);
  if (m.zblTypewiseFactor > 0.0)
    text += QObject::tr(", typewise factor %1").arg(m.zblTypewiseFactor);
  return text;
}

std::vector<std::string> missingElements(const NepModel& model,
                                         const std::vector<std::string>& structureElements) {
  std::vector<std::string> missing;
  for (const auto& e : structureElements)
    if (std::find(model.elements.begin(), model.elements.end(), e) == model.elements.end() &&
        std::find(missing.begin(), missing.end(), e) == missing.end())
      missing.push_back(e);
  return missing;
}

ModelPanel::ModelPanel(QWidget* parent)
    : QWidget(parent),
      path_(new QLabel(tr("no model loaded"))),
      kind_(new QLabel),
      zbl_(new QLabel),
      elements_(new QLabel),
      cutoffs_(new QLabel),
      size_(new QLabel),
      fit_(new QLabel) {
  auto* load = new QPushButton(tr("Load model\u2026"));
  load->setToolTip(tr("Open a GPUMD nep.txt (NEP or qNEP)"));
  connect(load, &QPushButton::clicked, this, &ModelPanel::loadRequested);
  path_->setWordWrap(true);
  path_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  fit_->setWordWrap(true);
  auto* form = new QFormLayout;
  form->addRow(tr("Kind:"), kind_);
  form->addRow(tr("ZBL:"), zbl_);
  form->addRow(tr("Elements:"), elements_);
  form->addRow(tr("Cutoffs:"), cutoffs_);
  form->addRow(tr("Size:"), size_);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(load);
  layout->addWidget(path_);
  layout->addLayout(form);
  layout->addWidget(fit_);
  layout->addStretch();
  refresh();
}

void ModelPanel::setModel(std::shared_ptr<const NepModel> model) {
  model_ = std::move(model);
  refresh();
}

void ModelPanel::setStructureElements(const std::vector<std::string>& elements) {
  structureElements_ = elements;
  refresh();
}

QString ModelPanel::fitMessage() const {
  if (!model_) return tr("Load a model (Model \u25b8 Load model\u2026, or drop a nep.txt here).");
  if (structureElements_.empty()) return tr("Load a structure to check the model against it.");
  const auto missing = missingElements(*model_, structureElements_);
  if (!missing.empty())
    return tr("The model lacks %1, which the structure contains: load a model that covers %2.")
        .arg(joined(missing), joined(structureElements_));
  return tr("The model covers every element of the structure.");
}

void ModelPanel::refresh() {
  const bool have = model_ != nullptr;
  if (have) {
    const NepModel& m = *model_;
    path_->setText(QFileInfo(QString::fromStdString(m.path)).fileName());
    path_->setToolTip(QString::fromStdString(m.path));
    kind_->setText(modelKind(m));
    zbl_->setText(zblDescription(m));
    elements_->setText(joined(m.elements));
    cutoffs_->setText(tr("radial %1 \u00c5, angular %2 \u00c5")
                          .arg(cutoffText(m.radialCutoff, m.typewiseCutoff),
                               cutoffText(m.angularCutoff, m.typewiseCutoff)));
    size_->setText(tr("%1 descriptors, %2 hidden neurons, %3 types")
                       .arg(m.dimension())
                       .arg(m.hidden)
                       .arg(m.numTypes()));
  }
  for (QLabel* l : {kind_, zbl_, elements_, cutoffs_, size_})
    if (!have) l->setText(QStringLiteral("\u2014"));
  const bool fits =
      have && !structureElements_.empty() && missingElements(*model_, structureElements_).empty();
  fit_->setText(fitMessage());
  fit_->setStyleSheet(fits ? "color: #2e8b57;" : "color: #c0392b;");
}

}  // namespace sei::studio
