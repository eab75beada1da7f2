#include "ViewPanel.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace sei::studio {

using render::CameraPreset;
using render::ColorMode;

ViewPanel::ViewPanel(QWidget* parent)
    : QWidget(parent),
      mode_(new QComboBox),
      chargeRange_(new QDoubleSpinBox),
      atomScale_(new QDoubleSpinBox),
      elementBoxes_(new QVBoxLayout) {
  mode_->addItem(tr("Element"), static_cast<int>(ColorMode::Element));
  mode_->addItem(tr("Partial charge"), static_cast<int>(ColorMode::Charge));
  mode_->addItem(tr("Height z"), static_cast<int>(ColorMode::Height));
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

  auto* form = new QFormLayout;
  form->addRow(tr("Colour by:"), mode_);
  form->addRow(tr("Charge range:"), chargeRange_);
  form->addRow(tr("Atom size:"), atomScale_);
  auto* elements = new QGroupBox(tr("Show elements"));
  elements->setLayout(elementBoxes_);
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
  layout->addWidget(elements);
  layout->addWidget(cameras);
  layout->addStretch();

  connect(mode_, &QComboBox::currentIndexChanged, this, [this] {
    const auto mode = static_cast<ColorMode>(mode_->currentData().toInt());
    chargeRange_->setEnabled(mode == ColorMode::Charge);
    emit colorModeChanged(mode);
  });
  connect(chargeRange_, &QDoubleSpinBox::valueChanged, this, &ViewPanel::chargeRangeChanged);
  connect(atomScale_, &QDoubleSpinBox::valueChanged, this, &ViewPanel::atomScaleChanged);
}

void ViewPanel::syncFrom(const render::AtomScene& scene) {
  {
    const QSignalBlocker block(mode_);
    mode_->setCurrentIndex(mode_->findData(static_cast<int>(scene.colorMode())));
    chargeRange_->setEnabled(scene.colorMode() == ColorMode::Charge);
  }
  const std::vector<std::string> elements = scene.elements();
  if (elements == shownElements_) return;
  shownElements_ = elements;
  while (QLayoutItem* item = elementBoxes_->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  for (const auto& e : elements) {
    const QString name = QString::fromStdString(e);
    auto* box = new QCheckBox(name);
    box->setChecked(scene.elementVisible(e));
    connect(box, &QCheckBox::toggled, this,
            [this, name](bool on) { emit elementVisibilityChanged(name, on); });
    elementBoxes_->addWidget(box);
  }
}

}  // namespace sei::studio
