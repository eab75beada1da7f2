#pragma once

#include <QWidget>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "AtomScene.hpp"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QVBoxLayout;

namespace sei::studio {

/// How the 3D view draws the atoms: what they are coloured by (modes the frame lacks are disabled
/// with the reason as tool tip), the colour map and a per-run or fixed range, atom size, bonds,
/// which elements and species are shown, slab clipping along z, camera presets, projection and
/// zoom to fit. Emits what the user changes; the main window applies it to the scene.
class ViewPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ViewPanel(QWidget* parent = nullptr);

  /// Shows the scene's current state (after a new frame, new species or an automatic mode
  /// choice): the modes its frame has, the map and range in use, the projection.
  void syncFrom(const render::AtomScene& scene);

 signals:
  void colorModeChanged(sei::render::ColorMode mode);
  void colorMapChanged(sei::render::ColorMap map);
  /// A fixed range [low, high] (the property's units) or, with `fixed` false, the per-run one.
  void colorRangeChanged(bool fixed, double low, double high);
  void atomScaleChanged(double scale);
  void bondsToggled(bool shown);
  void elementVisibilityChanged(const QString& element, bool visible);
  void speciesVisibilityChanged(const QString& species, bool visible);
  void slabClipChanged(const sei::render::SlabClip& clip);
  void cameraPresetRequested(sei::render::CameraPreset preset);
  /// Orthographic (true) or perspective projection.
  void projectionChanged(bool parallel);
  void zoomToFitRequested();

 private:
  /// Replaces the check boxes in `layout` by one per name (object name: the layout's followed
  /// by the name), with a swatch of its colour, checked where `visible`, each emitting
  /// `toggled(name, on)`; nothing happens if the names are those of `shown`.
  void fillChecks(QVBoxLayout* layout, std::vector<std::string>& shown,
                  const std::vector<std::string>& names,
                  const std::function<bool(const std::string&)>& visible,
                  const std::function<render::Rgb(const std::string&)>& color,
                  void (ViewPanel::*toggled)(const QString&, bool));
  void emitClip();
  void emitRange();

  QComboBox* mode_;
  QComboBox* map_;
  QComboBox* rangeMode_;  ///< per run or fixed
  QDoubleSpinBox* rangeLow_;
  QDoubleSpinBox* rangeHigh_;
  QCheckBox* orthographic_;
  QDoubleSpinBox* atomScale_;
  QCheckBox* bonds_;
  QVBoxLayout* elementBoxes_;
  QVBoxLayout* speciesBoxes_;
  QGroupBox* clip_;
  QDoubleSpinBox* clipLow_;
  QDoubleSpinBox* clipHigh_;
  bool clipEdited_ = false;  ///< the user set a clipping control
  std::vector<std::string> shownElements_;
  std::vector<std::string> shownSpecies_;
};

}  // namespace sei::studio
