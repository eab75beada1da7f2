#pragma once

#include <vtkPolyData.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkSmartPointer.h>

#include <Eigen/Dense>
#include <array>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "ColorMaps.hpp"
#include "core/Structure.hpp"
#include "md/Snapshot.hpp"

namespace sei::render {

enum class ColorMode {
  Element,  ///< Jmol colours
  Charge,   ///< diverging map centred on 0 e (the default when the frame has charges)
  Height,   ///< sequential map over the atoms' z range
};

enum class CameraPreset {
  Side,   ///< looking along y with z up: the interface seen edge-on (default for slabs)
  Front,  ///< looking along x with z up
  Top,    ///< looking down z
  Oblique,
};

/// A frame for the scene from a structure (no thermo; charges if the file had them) at a step and
/// time (fs) of a trajectory.
std::shared_ptr<const Snapshot> snapshotOf(const Structure& structure, std::int64_t step = 0,
                                           double time = 0.0);

/// The 3D picture of one frame: atoms as sphere impostors (vtkPointGaussianMapper, so 10^5
/// atoms stay interactive) sized by element, the cell box and a colour bar. Fed only with
/// immutable snapshots; owns the live renderer and can build more renderers of the same scene
/// (offscreen export) that share its data.
class AtomScene {
 public:
  AtomScene();
  ~AtomScene();
  AtomScene(const AtomScene&) = delete;
  AtomScene& operator=(const AtomScene&) = delete;

  /// Shows a frame. The camera is reset when the atom count or the cell shape class changes.
  void setFrame(std::shared_ptr<const Snapshot> frame);
  const std::shared_ptr<const Snapshot>& frame() const { return frame_; }

  /// Until called, the mode follows the frame: Charge when it has charges, Element otherwise.
  void setColorMode(ColorMode mode);
  ColorMode colorMode() const { return mode_; }
  /// Half-width of the charge colour range, e; 0 = from the frame (max |q|, rounded up).
  void setChargeRange(double range);
  double chargeRange() const;  ///< the range in use, e
  void setElementVisible(const std::string& symbol, bool visible);
  bool elementVisible(const std::string& symbol) const;
  /// Elements present in the current frame, sorted.
  std::vector<std::string> elements() const;
  void setAtomScale(double scale);  ///< sphere radius / covalent radius
  double atomScale() const { return atomScale_; }
  void setBackground(double r, double g, double b);
  /// Takes another scene's colour mode, charge range, hidden elements, atom size, background and
  /// camera (a second scene renders movie frames without disturbing the live view).
  void copyViewFrom(const AtomScene& other);

  /// A surface-normal vacuum or a non-periodic z marks a slab (interface) frame.
  bool isSlab() const;
  void setCameraPreset(CameraPreset preset);

  vtkRenderer* renderer() const { return renderer_; }
  /// A new renderer drawing this scene with the live camera and background (actors of its own,
  /// data shared), for offscreen windows.
  vtkSmartPointer<vtkRenderer> makeRenderer(bool colorBar) const;

  /// Index of the atom drawn under a point of `renderer` (VTK display coordinates, pixels from
  /// the lower left), the one nearest the camera; −1 if none.
  int pickAtom(vtkRenderer* renderer, double x, double y) const;

 private:
  void rebuildAtoms();
  void rebuildColors();
  void rebuildCell();
  /// Adds this scene's actors to a renderer; returns its colour bar.
  vtkSmartPointer<vtkScalarBarActor> populate(vtkRenderer* renderer, bool colorBar) const;
  bool colorBarShown() const { return mode_ != ColorMode::Element; }

  std::shared_ptr<const Snapshot> frame_;
  ColorMode mode_ = ColorMode::Element;
  bool modeChosen_ = false;
  double chargeRange_ = 0.0;  ///< e, 0 = automatic
  double atomScale_ = 0.6;
  std::set<std::string> hidden_;
  std::vector<int> drawn_;                    ///< point id → atom index
  ColorMode tableMode_ = ColorMode::Element;  ///< what table_ holds now
  std::array<double, 2> tableRange_{};        ///< its range (e or Å)

  vtkSmartPointer<vtkPolyData> atoms_;
  vtkSmartPointer<vtkPolyData> cellBox_;
  vtkSmartPointer<vtkLookupTable> table_;
  vtkSmartPointer<vtkRenderer> renderer_;
  vtkSmartPointer<vtkScalarBarActor> bar_;
};

}  // namespace sei::render
