#pragma once

#include <QWidget>
#include <set>
#include <string>
#include <vector>

#include "AtomScene.hpp"

class QComboBox;
class QDoubleSpinBox;
class QVBoxLayout;

namespace sei::studio {

/// How the 3D view draws the atoms: colour mode and charge range, atom size, which elements are
/// shown, camera presets. Emits what the user changes; the main window applies it to the scene.
class ViewPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ViewPanel(QWidget* parent = nullptr);

  /// Shows the scene's current state (after a new structure or an automatic mode choice).
  void syncFrom(const render::AtomScene& scene);

 signals:
  void colorModeChanged(sei::render::ColorMode mode);
  /// Half-width of the charge colour range, e; 0 = automatic.
  void chargeRangeChanged(double range);
  void atomScaleChanged(double scale);
  void elementVisibilityChanged(const QString& element, bool visible);
  void cameraPresetRequested(sei::render::CameraPreset preset);

 private:
  QComboBox* mode_;
  QDoubleSpinBox* chargeRange_;
  QDoubleSpinBox* atomScale_;
  QVBoxLayout* elementBoxes_;
  std::vector<std::string> shownElements_;
};

}  // namespace sei::studio
