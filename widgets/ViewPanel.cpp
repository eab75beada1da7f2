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
#include <QStandardItemModel>
#include <QVBoxLayout>
#include <cmath>

namespace sei::studio {

using render::CameraPreset;
using render::ColorMap;
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

/// An end of the colour range, in the property's units.
QDoubleSpinBox* rangeBox(const QString& name, const QString& tip) {
  auto* box = new QDoubleSpinBox;
  box->setObjectName(name);
  box->setRange(-1e6, 1e6);
  box->setDecimals(3);
  box->setSingleStep(0.1);
  box->setToolTip(tip);
  return box;
}

}  // namespace

ViewPanel::ViewPanel(QWidget* parent)
    : QWidget(parent),
      mode_(new QComboBox),
      map_(new QComboBox),
      rangeMode_(new QComboBox),
      rangeLow_(rangeBox("rangeLow", tr("Property value drawn with the map's first colour"))),
      rangeHigh_(rangeBox("rangeHigh", tr("Property value drawn with the map's last colour"))),
      orthographic_(new QCheckBox(tr("Orthographic"))),
      atomScale_(new QDoubleSpinBox),
      bonds_(new QCheckBox(tr("Show bonds"))),
      elementBoxes_(new QVBoxLayout),
      speciesBoxes_(new QVBoxLayout),
      clip_(new QGroupBox(tr("Clip slab along z"))),
      clipLow_(heightBox(tr("Atoms below this height are hidden"))),
      clipHigh_(heightBox(tr("Atoms above this height are hidden"))) {
  mode_->setObjectName("colorMode");
  for (ColorMode m : render::colorModes())
    mode_->addItem(tr(render::colorModeName(m)), static_cast<int>(m));
  map_->setObjectName("colorMap");
  for (ColorMap m : {ColorMap::CoolWarm, ColorMap::Viridis, ColorMap::Plasma, ColorMap::Greys})
    map_->addItem(QString::fromUtf8(render::colorMapName(m)), static_cast<int>(m));
  map_->setToolTip(tr("Colour map of the property (each property keeps its own)"));
  rangeMode_->setObjectName("rangeMode");
  rangeMode_->addItem(tr("per run (only widens)"));
  rangeMode_->addItem(tr("fixed"));
  rangeMode_->setToolTip(
      tr("Per run: the range covers every frame shown since the run or structure started and "
         "never shrinks, so colours compare across frames and in movies. Fixed: the values "
         "entered."));
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
  form->addRow(tr("Colour map:"), map_);
  form->addRow(tr("Range:"), rangeMode_);
  auto* ends = new QHBoxLayout;
  ends->addWidget(rangeLow_);
  ends->addWidget(rangeHigh_);
  form->addRow(tr("from, to:"), ends);
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
  orthographic_->setObjectName("orthographic");
  orthographic_->setToolTip(tr("Parallel projection: distances read the same at every depth"));
  grid->addWidget(orthographic_, 2, 0);
  auto* fit = new QPushButton(tr("Zoom to fit"));
  fit->setObjectName("zoomToFit");
  fit->setToolTip(tr("Fit the cell and all shown atoms into the view"));
  grid->addWidget(fit, 2, 1);
  connect(orthographic_, &QCheckBox::toggled, this, &ViewPanel::projectionChanged);
  connect(fit, &QPushButton::clicked, this, &ViewPanel::zoomToFitRequested);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  auto* shown = new QHBoxLayout;  // side by side: the dock stays short
  shown->addWidget(elements);
  shown->addWidget(species);
  layout->addLayout(shown);
  layout->addWidget(clip_);
  layout->addWidget(cameras);
  layout->addStretch();

  connect(mode_, &QComboBox::currentIndexChanged, this,
          [this] { emit colorModeChanged(static_cast<ColorMode>(mode_->currentData().toInt())); });
  connect(map_, &QComboBox::currentIndexChanged, this,
          [this] { emit colorMapChanged(static_cast<ColorMap>(map_->currentData().toInt())); });
  connect(rangeMode_, &QComboBox::currentIndexChanged, this, &ViewPanel::emitRange);
  connect(rangeLow_, &QDoubleSpinBox::valueChanged, this, &ViewPanel::emitRange);
  connect(rangeHigh_, &QDoubleSpinBox::valueChanged, this, &ViewPanel::emitRange);
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

void ViewPanel::emitRange() {
  const bool fixed = rangeMode_->currentIndex() == 1;
  rangeLow_->setEnabled(fixed);
  rangeHigh_->setEnabled(fixed);
  // An empty range is ignored until both ends are entered.
  if (!fixed || rangeHigh_->value() > rangeLow_->value())
    emit colorRangeChanged(fixed, rangeLow_->value(), rangeHigh_->value());
}

void ViewPanel::syncFrom(const render::AtomScene& scene) {
  {
    const QSignalBlocker block(mode_);
    auto* items = qobject_cast<QStandardItemModel*>(mode_->model());
    for (int k = 0; k < mode_->count(); ++k) {
      const auto m = static_cast<ColorMode>(mode_->itemData(k).toInt());
      const QString missing = QString::fromStdString(scene.colorModeMissing(m));
      QStandardItem* item = items->item(k);
      item->setEnabled(missing.isEmpty() || m == scene.colorMode());
      item->setToolTip(missing.isEmpty() ? QString() : tr("Not available: %1").arg(missing));
    }
    mode_->setCurrentIndex(mode_->findData(static_cast<int>(scene.colorMode())));
  }
  {
    const bool continuous = render::isContinuous(scene.colorMode());
    const QSignalBlocker map(map_), mode(rangeMode_), low(rangeLow_), high(rangeHigh_);
    map_->setCurrentIndex(map_->findData(static_cast<int>(scene.colorMap())));
    rangeMode_->setCurrentIndex(scene.rangeFixed() ? 1 : 0);
    const auto range = scene.colorRange();
    rangeLow_->setValue(range[0]);
    rangeHigh_->setValue(range[1]);
    for (QWidget* w : {static_cast<QWidget*>(map_), static_cast<QWidget*>(rangeMode_)})
      w->setEnabled(continuous);
    rangeLow_->setEnabled(continuous && scene.rangeFixed());
    rangeHigh_->setEnabled(continuous && scene.rangeFixed());
  }
  {
    const QSignalBlocker block(orthographic_);
    orthographic_->setChecked(scene.parallelProjection());
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
