#pragma once

#include <vtkPolyData.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkSmartPointer.h>

#include <Eigen/Dense>
#include <array>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "AtomProperty.hpp"
#include "CategoryLegend.hpp"
#include "ColorMaps.hpp"
#include "analysis/Species.hpp"
#include "core/Structure.hpp"
#include "md/Snapshot.hpp"

namespace sei::render {

/// Only atoms with z in [low, high] are drawn while enabled: a slab of the interface.
struct SlabClip {
  bool enabled = false;
  double low = 0.0;   ///< Å
  double high = 0.0;  ///< Å
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
/// The structure a frame shows (symbols, positions, cell, and the velocities, forces and charges
/// it has), for writing it to a file.
Structure structureOf(const Snapshot& frame);

/// The 3D picture of one frame: atoms as sphere impostors (vtkPointGaussianMapper, so 10^5
/// atoms stay interactive) sized by element, covalent bonds as lines in the colours of their two
/// atoms (from the analysis' contact graph), the cell box and a colour bar. Fed only with
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
  /// Why the current frame cannot be coloured by `mode` ("" if it can; colorModeMissing).
  std::string colorModeMissing(ColorMode mode) const;
  /// The map of the current (continuous) mode; each mode keeps its own (defaultColorMap first).
  void setColorMap(ColorMap map);
  ColorMap colorMap() const;
  /// A fixed colour range for the current mode (property units); nullopt: per run, i.e. the
  /// rounded range of every frame shown since the run or structure started (roundedRange), which
  /// only widens, so colours mean the same in every frame of a run and of its movie.
  void setFixedRange(std::optional<std::array<double, 2>> range);
  bool rangeFixed() const { return fixedRange_.count(mode_) > 0; }
  /// The colour range in use for the current mode ({0, 1} when it has none).
  std::array<double, 2> colorRange() const;
  /// Starts the per-run ranges afresh (a new run); a frame of another system does it itself.
  void resetRunRanges();
  /// Whether the colour bar or legend is drawn in the live view (a colour mode the frame has).
  bool colorBarShown() const { return barShown_; }
  /// The colour bar's title for the current mode ("charge (e)").
  std::string colorBarTitle() const { return colorModeTitle(mode_); }
  /// The lookup table behind the colour bar (a categorical one for elements and species).
  vtkLookupTable* colorTable() const { return table_; }
  vtkScalarBarActor* colorBar() const { return bar_; }
  /// The live view's legend of a categorical colouring.
  const CategoryLegend& categoryLegend() const { return *categories_; }
  void setElementVisible(const std::string& symbol, bool visible);
  bool elementVisible(const std::string& symbol) const;
  /// Elements present in the current frame, sorted.
  std::vector<std::string> elements() const;

  /// Species and contact graph of one analysed frame of the system, drawn on the scene's frames
  /// (with their positions) while they have the analysed frame's `symbols` (the same list, as
  /// the snapshots of one run share, or an equal one, as frames read from a trajectory have); a
  /// frame of another system shows no bonds and no species until its own arrive.
  void setSpecies(std::shared_ptr<const analysis::SpeciesFrame> species,
                  std::shared_ptr<const std::vector<std::string>> symbols);
  /// The species in use for the current frame; null when none applies.
  const analysis::SpeciesFrame* species() const;
  /// Species labels present in the species in use, sorted.
  std::vector<std::string> speciesNames() const;
  void setSpeciesVisible(const std::string& label, bool visible);
  bool speciesVisible(const std::string& label) const;
  /// A species' colour: the shared species palette (ColorMaps speciesColor), as in the plots.
  Rgb speciesColor(const std::string& label) const;
  /// Atoms drawn in their colours while the others fade towards grey (a reaction's atoms); empty:
  /// no highlight. Atom indices of the frame.
  void setHighlightedAtoms(std::vector<int> atoms);
  const std::vector<int>& highlightedAtoms() const { return highlighted_; }
  void setBondsVisible(bool visible);
  bool bondsVisible() const { return bondsShown_; }
  void setSlabClip(const SlabClip& clip);
  const SlabClip& slabClip() const { return clip_; }
  /// Lowest and highest z of the current frame's atoms, Å ({0, 0} without atoms).
  std::array<double, 2> heightRange() const;
  std::size_t drawnAtoms() const { return drawn_.size(); }
  /// Bonds with a part outside their atoms' spheres.
  std::size_t drawnBonds() const { return bondCount_; }
  void setAtomScale(double scale);  ///< sphere radius / covalent radius
  double atomScale() const { return atomScale_; }
  void setBackground(double r, double g, double b);
  /// Takes another scene's colour mode, maps and ranges, hidden elements and species, species and
  /// their colours, bonds, clipping, atom size, background and camera (a second scene renders
  /// movie frames without disturbing the live view).
  void copyViewFrom(const AtomScene& other);

  /// A surface-normal vacuum or a non-periodic z marks a slab (interface) frame.
  bool isSlab() const;
  void setCameraPreset(CameraPreset preset);

  vtkRenderer* renderer() const { return renderer_; }
  /// Orthographic (parallel) or perspective projection; either way the view is fitted again.
  void setParallelProjection(bool parallel);
  bool parallelProjection() const;
  /// Fits the cell and all drawn atoms into the live viewport (fitCamera), keeping the viewing
  /// direction.
  void zoomToFit();

  /// Marks the picked atom with a ring (a halo in a contrasting colour around its sphere) in the
  /// live view until another pick or −1; it follows the atom through the frames of the same
  /// system and is cleared by another system. Figures and movies do not show it.
  void setPickedAtom(int atom);
  int pickedAtom() const { return picked_; }

  /// A new renderer drawing this scene with the live camera and background (actors of its own,
  /// data shared), for offscreen windows.
  vtkSmartPointer<vtkRenderer> makeRenderer(bool colorBar) const;

  /// Index of the atom drawn under a point of `renderer` (VTK display coordinates, pixels from
  /// the lower left), the one nearest the camera; −1 if none.
  int pickAtom(vtkRenderer* renderer, double x, double y) const;

 private:
  /// Decides whether species_ describes frame_ (species() is null otherwise).
  void matchSpecies();
  void rebuildAtoms();
  void rebuildColors();
  /// Updates table_ (and the colour bar) for the current mode if its map, range or names
  /// changed; `values` are the property's for a continuous mode.
  void updateTable(const std::vector<double>& values);
  void rebuildBonds();
  void rebuildCell();
  /// A renderer's colour bar (continuous colourings) and category legend (elements, species).
  struct Legends {
    vtkSmartPointer<vtkScalarBarActor> bar;
    std::shared_ptr<CategoryLegend> categories;
  };
  /// Adds this scene's actors to a renderer; returns its legends, shown if `colorBar` and the
  /// current colouring has one.
  Legends populate(vtkRenderer* renderer, bool colorBar) const;
  /// Shows the legend of the current colouring (if it has one and `on`) and hides the other.
  void showLegends(const Legends& legends, bool on) const;
  /// The range for this frame's `values` of the current mode: the fixed one, or the per-run
  /// range widened to cover them.
  std::array<double, 2> rangeFor(const std::vector<double>& values);
  void rebuildHalo();

  std::shared_ptr<const Snapshot> frame_;
  ColorMode mode_ = ColorMode::Element;
  bool modeChosen_ = false;
  std::map<ColorMode, ColorMap> maps_;                     ///< chosen maps
  std::map<ColorMode, std::array<double, 2>> fixedRange_;  ///< property units
  std::map<ColorMode, std::array<double, 2>> runRange_;    ///< per run, property units
  bool barShown_ = false;
  int picked_ = -1;
  double atomScale_ = 0.6;
  std::set<std::string> hidden_;
  std::set<std::string> hiddenSpecies_;
  std::shared_ptr<const analysis::SpeciesFrame> species_;
  std::shared_ptr<const std::vector<std::string>> speciesSymbols_;  ///< the analysed system's
  bool speciesMatch_ = false;
  std::vector<int> highlighted_;  ///< sorted atom indices; empty: none
  /// elements() of the symbol list elementsOf_, kept: a run's frames share one list.
  mutable std::shared_ptr<const std::vector<std::string>> elementsOf_;
  mutable std::vector<std::string> elements_;
  bool bondsShown_ = true;
  SlabClip clip_;
  std::vector<int> drawn_;    ///< point id → atom index
  std::vector<int> pointOf_;  ///< atom index → point id, −1 if not drawn
  std::size_t bondCount_ = 0;
  /// What table_ holds now: mode, map, range (property units) and category names.
  ColorMode tableMode_ = ColorMode::Element;
  ColorMap tableMap_ = ColorMap::CoolWarm;
  std::array<double, 2> tableRange_{};
  std::vector<std::string> tableNames_;
  bool tableBuilt_ = false;

  vtkSmartPointer<vtkPolyData> atoms_;
  vtkSmartPointer<vtkPolyData> bonds_;  ///< two half-bond lines per bond
  vtkSmartPointer<vtkPolyData> cellBox_;
  vtkSmartPointer<vtkLookupTable> table_;
  vtkSmartPointer<vtkRenderer> renderer_;
  vtkSmartPointer<vtkScalarBarActor> bar_;
  std::shared_ptr<CategoryLegend> categories_;
  vtkSmartPointer<vtkPolyData> halo_;  ///< the picked atom's ring, live view only
};

}  // namespace sei::render
