#include "ViewPanel.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QPixmap>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>
#include <cmath>

namespace sei::studio {

using render::CameraPreset;
using render::ColorMode;

namespace {

QDoubleSpinBox* heightBox(const QString& tip) {
  auto* box = new QDoubleSpinBox;
  box->setRange(-10000.0, 10000.0);
  box->setDecimals(2);
  box->setSingleStep(0.5);
  box->setSuffix(QStringLiteral(" \u00c5"));
  box->setToolTip(tip);
  return box;
}

}  // namespace

ViewPanel::ViewPanel(QWidget* parent)
    : QWidget(parent),
      mode_(new QComboBox),
      chargeRange_(new QDoubleSpinBox),
      atomScale_(new QDoubleSpinBox),
      bonds_(new QCheckBox(tr("Show bonds"))),
      elementBoxes_(new QVBoxLayout),
      speciesBoxes_(new QVBoxLayout),
      clip_(new QGroupBox(tr("Clip slab along z"))),
      clipLow_(heightBox(tr("Atoms below this height are hidden"))),
      clipHigh_(heightBox(tr("Atoms above this height are hidden"))) {
  mode_->addItem(tr("Element"), static_cast<int>(ColorMode::Element));
  mode_->addItem(tr("Partial charge"), static_cast<int>(ColorMode::Charge));
  mode_->addItem(tr("Height z"), static_cast<int>(ColorMode::Height));
  mode_->addItem(tr("Species"), static_cast<int>(ColorMode::Species));
  chargeRange_->setRange(0.0, 10.0);
  chargeRange_->setDecimals(2);
  chargeRange_->setSingleStep(0.05);
  chargeRange_->setPrefix(QStringLiteral("\u00b1"));
  chargeRange_->setSuffix(" e");
  chargeRange_->setSpecialValueText(tr("automatic (max |q|)"));
  chargeRange_->setToolTip(tr("Colour range of the charge map, symmetric about 0 e"));
  atomScale_->setRange(0.1, 2.0);
  atomScale_->setSingleStep(0.05);
  atomScale_->setValue(0.6);
  atomScale_->setToolTip(tr("Sphere radius as a fraction of the covalent radius"));
  bonds_->setObjectName("showBonds");
  bonds_->setChecked(true);
  bonds_->setToolTip(tr("Covalent bonds of the analysis' contact graph, updated as it runs"));
  clip_->setObjectName("slabClip");
  clip_->setCheckable(true);
  clip_->setChecked(false);
  elementBoxes_->setObjectName("element:");
  speciesBoxes_->setObjectName("species:");
  clipLow_->setObjectName("clipLow");
  clipHigh_->setObjectName("clipHigh");

  auto* form = new QFormLayout;
  form->addRow(tr("Colour by:"), mode_);
  form->addRow(tr("Charge range:"), chargeRange_);
  form->addRow(tr("Atom size:"), atomScale_);
  form->addRow(bonds_);
  auto* elements = new QGroupBox(tr("Show elements"));
  elements->setLayout(elementBoxes_);
  auto* species = new QGroupBox(tr("Show species"));
  species->setLayout(speciesBoxes_);
  auto* clipForm = new QFormLayout(clip_);
  clipForm->addRow(tr("from z:"), clipLow_);
  clipForm->addRow(tr("to z:"), clipHigh_);
  auto* cameras = new QGroupBox(tr("Camera"));
  auto* grid = new QGridLayout(cameras);
  const std::pair<const char*, CameraPreset> presets[] = {{"Side", CameraPreset::Side},
                                                          {"Front", CameraPreset::Front},
                                                          {"Top", CameraPreset::Top},
                                                          {"Oblique", CameraPreset::Oblique}};
  int k = 0;
  for (const auto& [label, preset] : presets) {
    auto* b = new QPushButton(tr(label));
    connect(b, &QPushButton::clicked, this,
            [this, preset = preset] { emit cameraPresetRequested(preset); });
    grid->addWidget(b, k / 2, k % 2);
    ++k;
  }
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  auto* shown = new QHBoxLayout;  // side by side: the dock stays short
  shown->addWidget(elements);
  shown->addWidget(species);
  layout->addLayout(shown);
  layout->addWidget(clip_);
  layout->addWidget(cameras);
  layout->addStretch();

  connect(mode_, &QComboBox::currentIndexChanged, this, [this] {
    const auto mode = static_cast<ColorMode>(mode_->currentData().toInt());
    chargeRange_->setEnabled(mode == ColorMode::Charge);
    emit colorModeChanged(mode);
  });
  connect(chargeRange_, &QDoubleSpinBox::valueChanged, this, &ViewPanel::chargeRangeChanged);
  connect(atomScale_, &QDoubleSpinBox::valueChanged, this, &ViewPanel::atomScaleChanged);
  connect(bonds_, &QCheckBox::toggled, this, &ViewPanel::bondsToggled);
  connect(clip_, &QGroupBox::toggled, this, &ViewPanel::emitClip);
  connect(clipLow_, &QDoubleSpinBox::valueChanged, this, &ViewPanel::emitClip);
  connect(clipHigh_, &QDoubleSpinBox::valueChanged, this, &ViewPanel::emitClip);
}

void ViewPanel::emitClip() {
  clipEdited_ = true;
  emit slabClipChanged({clip_->isChecked(), clipLow_->value(), clipHigh_->value()});
}

void ViewPanel::syncFrom(const render::AtomScene& scene) {
  {
    const QSignalBlocker block(mode_);
    mode_->setCurrentIndex(mode_->findData(static_cast<int>(scene.colorMode())));
    chargeRange_->setEnabled(scene.colorMode() == ColorMode::Charge);
  }
  {
    const QSignalBlocker block(bonds_);
    bonds_->setChecked(scene.bondsVisible());
  }
  // Until the user touches clipping, its range follows the frame's atoms (rounded outwards to
  // 0.1 Å).
  if (!clipEdited_) {
    const auto range = scene.heightRange();
    const QSignalBlocker low(clipLow_), high(clipHigh_);
    clipLow_->setValue(std::floor(range[0] * 10.0) / 10.0);
    clipHigh_->setValue(std::ceil(range[1] * 10.0) / 10.0);
  }
  fillChecks(
      elementBoxes_, shownElements_, scene.elements(),
      [&](const std::string& e) { return scene.elementVisible(e); }, &render::elementColor,
      &ViewPanel::elementVisibilityChanged);
  fillChecks(
      speciesBoxes_, shownSpecies_, scene.speciesNames(),
      [&](const std::string& s) { return scene.speciesVisible(s); },
      [&](const std::string& s) { return scene.speciesColor(s); },
      &ViewPanel::speciesVisibilityChanged);
}

void ViewPanel::fillChecks(QVBoxLayout* layout, std::vector<std::string>& shown,
                           const std::vector<std::string>& names,
                           const std::function<bool(const std::string&)>& visible,
                           const std::function<render::Rgb(const std::string&)>& color,
                           void (ViewPanel::*toggled)(const QString&, bool)) {
  if (names == shown) return;
  shown = names;
  while (QLayoutItem* item = layout->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  for (const auto& n : names) {
    const QString name = QString::fromStdString(n);
    auto* box = new QCheckBox(name);
    box->setObjectName(layout->objectName() + name);
    const render::Rgb c = color(n);
    QPixmap swatch(12, 12);
    swatch.fill(QColor::fromRgbF(c[0], c[1], c[2]));
    box->setIcon(swatch);
    box->setChecked(visible(n));
    connect(box, &QCheckBox::toggled, this,
            [this, name, toggled](bool on) { emit(this->*toggled)(name, on); });
    layout->addWidget(box);
  }
}

}  // namespace sei::studio
