#include "AtomScene.hpp"

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkFloatArray.h>
#include <vtkLookupTable.h>
#include <vtkMatrix4x4.h>
#include <vtkPointData.h>
#include <vtkPointGaussianMapper.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkTextProperty.h>
#include <vtkUnsignedCharArray.h>

#include <algorithm>
#include <cmath>

#include "ColorLegend.hpp"
#include "ColorMaps.hpp"
#include "SceneCamera.hpp"
#include "analysis/Contacts.hpp"

namespace sei::render {
namespace {

/// Shades the impostor quad as a sphere lit from the viewer: discards the corners, darkens
/// towards the rim by the normal's z component.
const char* const kSphereSplat =
    "//VTK::Color::Impl\n"
    "float rr = dot(offsetVCVSOutput.xy, offsetVCVSOutput.xy);\n"
    "if (rr > 1.0) { discard; }\n"
    "float facing = 0.35 + 0.65 * sqrt(1.0 - rr);\n"
    "diffuseColor *= facing;\n"
    "ambientColor *= facing;\n";

/// Draws the picked atom's halo: a ring, dark on its inner edge and bright outside it, so it
/// reads on any atom colour and background.
const char* const kHaloSplat =
    "//VTK::Color::Impl\n"
    "float rr = dot(offsetVCVSOutput.xy, offsetVCVSOutput.xy);\n"
    "if (rr > 1.0 || rr < 0.58) { discard; }\n"
    "if (rr < 0.68) { diffuseColor = vec3(0.0); ambientColor = vec3(0.0); }\n";
const Rgb kHaloColor = {1.0, 0.85, 0.0};
/// Halo radius: this many atom radii plus kHaloPad.
constexpr double kHaloScale = 1.35;
constexpr double kHaloPad = 0.35;  ///< Å

/// Intervals between colour-bar labels over [low, high]: the first of 4, 5, 6, 7, 8, 3 whose
/// step is a round number (1, 2, 2.5 or 5 × 10^k) with 0 on a label when the range spans it;
/// 4 when none is.
int labelIntervals(double low, double high) {
  auto whole = [](double x) { return std::abs(x - std::round(x)) < 1e-6; };
  for (int n : {4, 5, 6, 7, 8, 3}) {
    const double step = (high - low) / n;
    const double scale = std::pow(10.0, std::floor(std::log10(step)));
    const double mantissa = step / scale;
    const double m = std::round(mantissa);
    const bool round =
        whole(mantissa) ? (m == 1 || m == 2 || m == 5) : std::abs(mantissa - 2.5) < 1e-6;
    if (round && (low >= 0.0 || high <= 0.0 || whole(low / step))) return n;
  }
  return 4;
}

/// Decimals that show every label at `step` apart exactly.
int labelDecimals(double step) {
  if (!(step > 0.0)) return 2;
  for (int d = 0; d < 4; ++d)
    if (std::abs(step * std::pow(10.0, d) - std::round(step * std::pow(10.0, d))) < 1e-6) return d;
  return 4;
}

unsigned char toByte(double c) {
  return static_cast<unsigned char>(std::lround(std::clamp(c, 0.0, 1.0) * 255.0));
}

void setHidden(std::set<std::string>& hidden, const std::string& name, bool hide) {
  if (hide)
    hidden.insert(name);
  else
    hidden.erase(name);
}

/// Atoms of no known species (before the analysis of a new system arrives).
const Rgb kNoSpecies = {0.5, 0.5, 0.5};
constexpr double kDimmed = 0.35;  ///< grey level atoms outside a highlight fade towards

std::array<double, 2> zRange(const std::vector<Eigen::Vector3d>& positions) {
  if (positions.empty()) return {0.0, 0.0};
  std::array<double, 2> range = {positions[0].z(), positions[0].z()};
  for (const auto& r : positions) {
    range[0] = std::min(range[0], r.z());
    range[1] = std::max(range[1], r.z());
  }
  return range;
}

}  // namespace

std::shared_ptr<const Snapshot> snapshotOf(const Structure& structure, std::int64_t step,
                                           double time) {
  auto s = std::make_shared<Snapshot>();
  s->step = step;
  s->time = time;
  s->symbols = std::make_shared<const std::vector<std::string>>(structure.symbols);
  s->positions = structure.positions;
  s->velocities = structure.velocities;
  s->forces = structure.forces;
  s->charges = structure.charges;
  s->cell = structure.cell;
  return s;
}

Structure structureOf(const Snapshot& frame) {
  Structure s;
  if (frame.symbols) s.symbols = *frame.symbols;
  s.positions = frame.positions;
  s.velocities = frame.velocities;
  s.forces = frame.forces;
  s.charges = frame.charges;
  s.cell = frame.cell;
  return s;
}

AtomScene::AtomScene()
    : atoms_(vtkSmartPointer<vtkPolyData>::New()),
      bonds_(vtkSmartPointer<vtkPolyData>::New()),
      cellBox_(vtkSmartPointer<vtkPolyData>::New()),
      table_(divergingTable(1.0)),
      renderer_(vtkSmartPointer<vtkRenderer>::New()),
      halo_(vtkSmartPointer<vtkPolyData>::New()) {
  renderer_->SetBackground(0.1, 0.11, 0.13);
  const Legends legends = populate(renderer_, true);
  bar_ = legends.bar;
  categories_ = legends.categories;
  auto mapper = vtkSmartPointer<vtkPointGaussianMapper>::New();
  mapper->SetInputData(halo_);
  mapper->SetScaleArray("radius");
  mapper->SetScaleFactor(1.0);
  mapper->SetSplatShaderCode(kHaloSplat);
  mapper->EmissiveOff();
  mapper->ScalarVisibilityOff();
  auto halo = vtkSmartPointer<vtkActor>::New();
  halo->SetMapper(mapper);
  halo->GetProperty()->SetColor(kHaloColor[0], kHaloColor[1], kHaloColor[2]);
  halo->GetProperty()->SetAmbient(1.0);
  halo->GetProperty()->SetDiffuse(0.0);
  renderer_->AddActor(halo);
}

AtomScene::~AtomScene() = default;

AtomScene::Legends AtomScene::populate(vtkRenderer* renderer, bool colorBar) const {
  auto mapper = vtkSmartPointer<vtkPointGaussianMapper>::New();
  mapper->SetInputData(atoms_);
  mapper->SetScaleArray("radius");
  mapper->SetScaleFactor(1.0);
  mapper->SetSplatShaderCode(kSphereSplat);
  mapper->EmissiveOff();
  mapper->SetColorModeToDirectScalars();
  mapper->ScalarVisibilityOn();
  auto atoms = vtkSmartPointer<vtkActor>::New();
  atoms->SetMapper(mapper);
  renderer->AddActor(atoms);

  auto bondMapper = vtkSmartPointer<vtkPolyDataMapper>::New();
  bondMapper->SetInputData(bonds_);
  bondMapper->SetScalarModeToUseCellData();
  bondMapper->SetColorModeToDirectScalars();
  auto bonds = vtkSmartPointer<vtkActor>::New();
  bonds->SetMapper(bondMapper);
  bonds->GetProperty()->SetLineWidth(3.0f);
  bonds->GetProperty()->LightingOff();
  renderer->AddActor(bonds);

  auto boxMapper = vtkSmartPointer<vtkPolyDataMapper>::New();
  boxMapper->SetInputData(cellBox_);
  auto box = vtkSmartPointer<vtkActor>::New();
  box->SetMapper(boxMapper);
  box->GetProperty()->SetColor(0.65, 0.67, 0.7);
  box->GetProperty()->LightingOff();
  renderer->AddActor(box);

  auto bar = vtkSmartPointer<vtkScalarBarActor>::New();
  bar->SetLookupTable(table_);
  bar->SetNumberOfLabels(bar_ ? bar_->GetNumberOfLabels() : 5);
  bar->SetLabelFormat(bar_ ? bar_->GetLabelFormat() : "%.2f");
  fitLegendOnRender(renderer, bar);
  renderer->AddActor2D(bar);
  const Legends legends{bar, CategoryLegend::attach(renderer, table_)};
  showLegends(legends, colorBar);
  return legends;
}

void AtomScene::showLegends(const Legends& legends, bool on) const {
  const bool continuous = isContinuous(mode_);
  legends.bar->SetTitle(colorModeTitle(mode_));
  legends.bar->SetVisibility(on && barShown_ && continuous);
  legends.categories->setTitle(colorModeTitle(mode_));
  legends.categories->setVisible(on && barShown_ && !continuous);
}

vtkSmartPointer<vtkRenderer> AtomScene::makeRenderer(bool colorBar) const {
  auto r = vtkSmartPointer<vtkRenderer>::New();
  populate(r, colorBar);
  r->SetBackground(renderer_->GetBackground());
  r->GetActiveCamera()->DeepCopy(renderer_->GetActiveCamera());
  return r;
}

void AtomScene::setFrame(std::shared_ptr<const Snapshot> frame) {
  const bool newSystem = !frame_ || !frame || frame_->positions.size() != frame->positions.size();
  // Another system (not the next frame of a run, nor an equal frame read back): per-run colour
  // ranges and the pick start afresh.
  const bool otherAtoms =
      newSystem || (frame_->symbols != frame->symbols &&
                    (!frame_->symbols || !frame->symbols || *frame_->symbols != *frame->symbols));
  const bool wasSlab = frame_ && isSlab();
  if (otherAtoms) {
    runRange_.clear();
    picked_ = -1;
  }
  frame_ = std::move(frame);
  matchSpecies();
  if (!modeChosen_ && frame_)
    mode_ = frame_->charges.empty() ? ColorMode::Element : ColorMode::Charge;
  rebuildAtoms();
  rebuildCell();
  if (newSystem || wasSlab != isSlab())
    setCameraPreset(isSlab() ? CameraPreset::Side : CameraPreset::Oblique);
}

void AtomScene::setColorMode(ColorMode mode) {
  modeChosen_ = true;
  mode_ = mode;
  rebuildColors();
}

std::string AtomScene::colorModeMissing(ColorMode mode) const {
  return render::colorModeMissing(mode, frame_.get(), species());
}

void AtomScene::setColorMap(ColorMap map) {
  maps_[mode_] = map;
  rebuildColors();
}

ColorMap AtomScene::colorMap() const {
  const auto it = maps_.find(mode_);
  return it == maps_.end() ? defaultColorMap(mode_) : it->second;
}

void AtomScene::setFixedRange(std::optional<std::array<double, 2>> range) {
  if (range && (*range)[1] > (*range)[0])
    fixedRange_[mode_] = *range;
  else
    fixedRange_.erase(mode_);
  rebuildColors();
}

std::array<double, 2> AtomScene::colorRange() const {
  if (const auto it = fixedRange_.find(mode_); it != fixedRange_.end()) return it->second;
  if (const auto it = runRange_.find(mode_); it != runRange_.end()) return it->second;
  return {0.0, 1.0};
}

void AtomScene::resetRunRanges() {
  runRange_.clear();
  rebuildColors();
}

std::array<double, 2> AtomScene::rangeFor(const std::vector<double>& values) {
  if (const auto it = fixedRange_.find(mode_); it != fixedRange_.end()) return it->second;
  std::array<double, 2> range = roundedRange(mode_, values);
  if (const auto it = runRange_.find(mode_); it != runRange_.end())
    range = {std::min(range[0], it->second[0]), std::max(range[1], it->second[1])};
  runRange_[mode_] = range;
  return range;
}

void AtomScene::setElementVisible(const std::string& symbol, bool visible) {
  setHidden(hidden_, symbol, !visible);
  rebuildAtoms();
}

bool AtomScene::elementVisible(const std::string& symbol) const { return !hidden_.count(symbol); }

std::vector<std::string> AtomScene::elements() const {
  if (!frame_ || !frame_->symbols) return {};
  if (frame_->symbols != elementsOf_) {
    const std::set<std::string> present(frame_->symbols->begin(), frame_->symbols->end());
    elements_.assign(present.begin(), present.end());
    elementsOf_ = frame_->symbols;
  }
  return elements_;
}

void AtomScene::setSpecies(std::shared_ptr<const analysis::SpeciesFrame> species,
                           std::shared_ptr<const std::vector<std::string>> symbols) {
  species_ = std::move(species);
  speciesSymbols_ = std::move(symbols);
  matchSpecies();
  rebuildAtoms();
}

const analysis::SpeciesFrame* AtomScene::species() const {
  return speciesMatch_ ? species_.get() : nullptr;
}

void AtomScene::matchSpecies() {
  speciesMatch_ = species_ && frame_ && frame_->symbols && speciesSymbols_ &&
                  species_->unitOfAtom.size() == frame_->positions.size() &&
                  (frame_->symbols == speciesSymbols_ || *frame_->symbols == *speciesSymbols_);
  // The next frames of a run share the frame's list: one pointer comparison for them.
  if (speciesMatch_) speciesSymbols_ = frame_->symbols;
}

std::vector<std::string> AtomScene::speciesNames() const {
  const analysis::SpeciesFrame* species = this->species();
  if (!species) return {};
  std::set<std::string> labels;
  for (const auto& unit : species->units) labels.insert(analysis::speciesLabel(unit));
  return {labels.begin(), labels.end()};
}

void AtomScene::setSpeciesVisible(const std::string& label, bool visible) {
  setHidden(hiddenSpecies_, label, !visible);
  rebuildAtoms();
}

bool AtomScene::speciesVisible(const std::string& label) const {
  return !hiddenSpecies_.count(label);
}

Rgb AtomScene::speciesColor(const std::string& label) const { return render::speciesColor(label); }

void AtomScene::setHighlightedAtoms(std::vector<int> atoms) {
  highlighted_ = std::move(atoms);
  std::sort(highlighted_.begin(), highlighted_.end());
  rebuildColors();
}

void AtomScene::setBondsVisible(bool visible) {
  bondsShown_ = visible;
  rebuildBonds();
}

void AtomScene::setSlabClip(const SlabClip& clip) {
  clip_ = clip;
  rebuildAtoms();
}

std::array<double, 2> AtomScene::heightRange() const {
  return frame_ ? zRange(frame_->positions) : std::array<double, 2>{0.0, 0.0};
}

void AtomScene::setAtomScale(double scale) {
  atomScale_ = scale;
  rebuildAtoms();
}

void AtomScene::setBackground(double r, double g, double b) { renderer_->SetBackground(r, g, b); }

void AtomScene::copyViewFrom(const AtomScene& other) {
  frame_ = other.frame_;  // the same system keeps the copied camera on the next setFrame()
  mode_ = other.mode_;
  modeChosen_ = true;
  maps_ = other.maps_;
  fixedRange_ = other.fixedRange_;
  runRange_ = other.runRange_;
  hidden_ = other.hidden_;
  hiddenSpecies_ = other.hiddenSpecies_;
  species_ = other.species_;
  speciesSymbols_ = other.speciesSymbols_;
  highlighted_ = other.highlighted_;
  matchSpecies();
  bondsShown_ = other.bondsShown_;
  clip_ = other.clip_;
  atomScale_ = other.atomScale_;
  renderer_->SetBackground(other.renderer_->GetBackground());
  renderer_->GetActiveCamera()->DeepCopy(other.renderer_->GetActiveCamera());
  rebuildAtoms();
  rebuildCell();
}

void AtomScene::rebuildAtoms() {
  drawn_.clear();
  pointOf_.clear();
  auto points = vtkSmartPointer<vtkPoints>::New();
  points->SetDataTypeToFloat();
  auto radius = vtkSmartPointer<vtkFloatArray>::New();
  radius->SetName("radius");
  if (frame_ && frame_->symbols) {
    const auto& symbols = *frame_->symbols;
    const std::size_t n = frame_->positions.size();
    std::vector<char> unitHidden;
    const analysis::SpeciesFrame* species = this->species();
    if (species && !hiddenSpecies_.empty())
      for (const auto& unit : species->units)
        unitHidden.push_back(hiddenSpecies_.count(analysis::speciesLabel(unit)) > 0);
    drawn_.reserve(n);
    pointOf_.assign(n, -1);
    for (std::size_t i = 0; i < n; ++i) {
      const double z = frame_->positions[i].z();
      if (hidden_.count(symbols[i]) || (clip_.enabled && (z < clip_.low || z > clip_.high)) ||
          (!unitHidden.empty() && unitHidden[species->unitOfAtom[i]]))
        continue;
      pointOf_[i] = static_cast<int>(drawn_.size());
      drawn_.push_back(static_cast<int>(i));
    }
    points->SetNumberOfPoints(static_cast<vtkIdType>(drawn_.size()));
    radius->SetNumberOfValues(static_cast<vtkIdType>(drawn_.size()));
    for (std::size_t k = 0; k < drawn_.size(); ++k) {
      const Eigen::Vector3d& r = frame_->positions[drawn_[k]];
      points->SetPoint(static_cast<vtkIdType>(k), r.x(), r.y(), r.z());
      radius->SetValue(static_cast<vtkIdType>(k),
                       static_cast<float>(atomScale_ * elementRadius(symbols[drawn_[k]])));
    }
  }
  atoms_->SetPoints(points);
  atoms_->GetPointData()->AddArray(radius);
  rebuildColors();
  rebuildHalo();
}

void AtomScene::updateTable(const std::vector<double>& values) {
  // The colour bar re-renders its labels whenever the table changes: change it only when the
  // map, the range or the names do, not on every frame.
  std::array<double, 2> range{};
  std::vector<std::string> names;
  const ColorMap map = colorMap();
  if (mode_ == ColorMode::Species) {
    names = speciesNames();
  } else if (mode_ == ColorMode::Element) {
    for (const std::string& e : elements())
      if (elementVisible(e)) names.push_back(e);  // the legend lists what is drawn
  } else if (!values.empty()) {
    range = rangeFor(values);
  }
  barShown_ = isContinuous(mode_) ? !values.empty() : !names.empty();
  if (tableBuilt_ && mode_ == tableMode_ && map == tableMap_ && range == tableRange_ &&
      names == tableNames_)
    return;
  if (!isContinuous(mode_)) {
    std::vector<std::pair<std::string, Rgb>> entries;
    for (const auto& name : names)
      entries.emplace_back(name,
                           mode_ == ColorMode::Species ? speciesColor(name) : elementColor(name));
    table_->DeepCopy(categoricalTable(entries));
  } else {
    table_->DeepCopy(colorMapTable(map, range[0], range[1]));
    const bool counts = mode_ == ColorMode::Coordination;
    const int whole = static_cast<int>(std::lround(range[1] - range[0]));
    const int intervals = counts && whole <= 10 ? whole : labelIntervals(range[0], range[1]);
    bar_->SetNumberOfLabels(intervals + 1);
    const double step = (range[1] - range[0]) / intervals;
    bar_->SetLabelFormat(("%." + std::to_string(counts ? 0 : labelDecimals(step)) + "f").c_str());
  }
  tableBuilt_ = true;
  tableMode_ = mode_;
  tableMap_ = map;
  tableRange_ = range;
  tableNames_ = std::move(names);
}

void AtomScene::rebuildColors() {
  auto colors = vtkSmartPointer<vtkUnsignedCharArray>::New();
  colors->SetName("colors");
  colors->SetNumberOfComponents(3);
  colors->SetNumberOfTuples(static_cast<vtkIdType>(drawn_.size()));
  const std::vector<double> values = frame_ && isContinuous(mode_)
                                         ? propertyValues(mode_, *frame_, species())
                                         : std::vector<double>{};
  updateTable(values);
  std::vector<Rgb> unitColor;
  const analysis::SpeciesFrame* species = this->species();
  if (mode_ == ColorMode::Species && species)
    for (const auto& unit : species->units)
      unitColor.push_back(speciesColor(analysis::speciesLabel(unit)));
  for (std::size_t k = 0; k < drawn_.size(); ++k) {
    const int i = drawn_[k];
    Rgb c;
    if (mode_ == ColorMode::Element) {
      c = elementColor((*frame_->symbols)[i]);
    } else if (mode_ == ColorMode::Species) {
      c = species ? unitColor[species->unitOfAtom[i]] : kNoSpecies;
    } else if (values.empty()) {
      c = kNoSpecies;  // the frame lacks the property
    } else {
      table_->GetColor(values[i], c.data());
    }
    if (!highlighted_.empty() && !std::binary_search(highlighted_.begin(), highlighted_.end(), i)) {
      for (double& v : c) v = 0.25 * v + 0.75 * kDimmed;  // the rest fades towards grey
    }
    const unsigned char rgb[3] = {toByte(c[0]), toByte(c[1]), toByte(c[2])};
    colors->SetTypedTuple(static_cast<vtkIdType>(k), rgb);
  }
  atoms_->GetPointData()->SetScalars(colors);
  atoms_->Modified();
  if (bar_) showLegends({bar_, categories_}, true);
  rebuildBonds();
}

void AtomScene::rebuildBonds() {
  auto points = vtkSmartPointer<vtkPoints>::New();
  points->SetDataTypeToFloat();
  auto lines = vtkSmartPointer<vtkCellArray>::New();
  auto colors = vtkSmartPointer<vtkUnsignedCharArray>::New();
  colors->SetName("colors");
  colors->SetNumberOfComponents(3);
  bondCount_ = 0;
  const analysis::SpeciesFrame* species = this->species();
  vtkUnsignedCharArray* atomColors =
      vtkUnsignedCharArray::SafeDownCast(atoms_->GetPointData()->GetScalars());
  vtkFloatArray* radius = vtkFloatArray::SafeDownCast(atoms_->GetPointData()->GetArray("radius"));
  if (bondsShown_ && species && atomColors && radius) {
    // Each half runs from an atom's sphere surface (the impostors are flat at their centre's
    // depth: a line from the centre would show across the sphere) to the bond's middle at the
    // nearest image of its partner, so a bond across a periodic face is drawn at both faces
    // instead of through the cell. A half inside its sphere is left out.
    auto half = [&](int from, const Eigen::Vector3d& towards) {
      const double surface = radius->GetValue(pointOf_[from]);
      const double length = towards.norm();
      if (surface >= length) return false;
      const Eigen::Vector3d& r = frame_->positions[from];
      const Eigen::Vector3d start = r + towards * (surface / length), middle = r + towards;
      const vtkIdType ends[2] = {points->InsertNextPoint(start.x(), start.y(), start.z()),
                                 points->InsertNextPoint(middle.x(), middle.y(), middle.z())};
      lines->InsertNextCell(2, ends);
      unsigned char rgb[3];
      atomColors->GetTypedTuple(pointOf_[from], rgb);
      colors->InsertNextTypedTuple(rgb);
      return true;
    };
    for (const analysis::Contact& c : species->contacts) {
      if (c.kind != analysis::ContactKind::Covalent || pointOf_[c.a] < 0 || pointOf_[c.b] < 0)
        continue;
      const Eigen::Vector3d d =
          analysis::nearestImage(frame_->cell, frame_->positions[c.b] - frame_->positions[c.a]);
      const bool drawnA = half(c.a, 0.5 * d);
      const bool drawnB = half(c.b, -0.5 * d);
      bondCount_ += drawnA || drawnB;
    }
  }
  bonds_->SetPoints(points);
  bonds_->SetLines(lines);
  bonds_->GetCellData()->SetScalars(colors);
  bonds_->Modified();
}

void AtomScene::rebuildCell() {
  auto points = vtkSmartPointer<vtkPoints>::New();
  auto lines = vtkSmartPointer<vtkCellArray>::New();
  if (frame_ && frame_->cell.volume() > 0.0) {
    const Eigen::Matrix3d& h = frame_->cell.matrix();
    for (int corner = 0; corner < 8; ++corner) {
      const Eigen::Vector3d p = h * Eigen::Vector3d(corner & 1, (corner >> 1) & 1, corner >> 2);
      points->InsertNextPoint(p.x(), p.y(), p.z());
    }
    // Edges join corners that differ in one bit of the corner index.
    for (int a = 0; a < 8; ++a)
      for (int bit = 1; bit < 8; bit <<= 1)
        if (!(a & bit)) {
          const vtkIdType edge[2] = {a, a | bit};
          lines->InsertNextCell(2, edge);
        }
  }
  cellBox_->SetPoints(points);
  cellBox_->SetLines(lines);
  cellBox_->Modified();
}

bool AtomScene::isSlab() const {
  if (!frame_ || frame_->positions.empty() || frame_->cell.volume() <= 0.0) return false;
  if (!frame_->cell.periodic(2)) return true;
  const auto [low, high] = heightRange();
  // A vacuum gap of a fifth of the cell along the normal.
  return high - low < 0.8 * frame_->cell.thickness(2);
}

void AtomScene::setPickedAtom(int atom) {
  picked_ = frame_ && atom >= 0 && atom < static_cast<int>(frame_->positions.size()) ? atom : -1;
  rebuildHalo();
}

void AtomScene::rebuildHalo() {
  auto points = vtkSmartPointer<vtkPoints>::New();
  auto radius = vtkSmartPointer<vtkFloatArray>::New();
  radius->SetName("radius");
  if (picked_ >= 0 && picked_ < static_cast<int>(pointOf_.size()) && pointOf_[picked_] >= 0) {
    const Eigen::Vector3d& r = frame_->positions[picked_];
    points->InsertNextPoint(r.x(), r.y(), r.z());
    const double atom = atomScale_ * elementRadius((*frame_->symbols)[picked_]);
    radius->InsertNextValue(static_cast<float>(kHaloScale * atom + kHaloPad));
  }
  halo_->SetPoints(points);
  halo_->GetPointData()->AddArray(radius);
  halo_->Modified();
}

bool AtomScene::parallelProjection() const {
  return renderer_->GetActiveCamera()->GetParallelProjection();
}

void AtomScene::setParallelProjection(bool parallel) {
  renderer_->GetActiveCamera()->SetParallelProjection(parallel);
  zoomToFit();
}

void AtomScene::zoomToFit() {
  std::vector<FitSphere> spheres;
  if (frame_ && frame_->cell.volume() > 0.0) {
    const Eigen::Matrix3d& h = frame_->cell.matrix();
    for (int corner = 0; corner < 8; ++corner)
      spheres.push_back({h * Eigen::Vector3d(corner & 1, (corner >> 1) & 1, corner >> 2), 0.0});
  }
  for (int i : drawn_)
    spheres.push_back({frame_->positions[i], atomScale_ * elementRadius((*frame_->symbols)[i])});
  fitCamera(renderer_, spheres, 1.04);
}

void AtomScene::setCameraPreset(CameraPreset preset) {
  vtkCamera* camera = renderer_->GetActiveCamera();
  Eigen::Vector3d centre = Eigen::Vector3d::Zero();
  if (frame_ && frame_->cell.volume() > 0.0)
    centre = frame_->cell.matrix() * Eigen::Vector3d::Constant(0.5);
  else if (frame_ && !frame_->positions.empty()) {
    for (const auto& r : frame_->positions) centre += r;
    centre /= static_cast<double>(frame_->positions.size());
  }
  Eigen::Vector3d direction(0, -1, 0), up(0, 0, 1);
  switch (preset) {
    case CameraPreset::Side:
      direction = {0, -1, 0};
      break;
    case CameraPreset::Front:
      direction = {-1, 0, 0};
      break;
    case CameraPreset::Top:
      direction = {0, 0, 1};
      up = {0, 1, 0};
      break;
    case CameraPreset::Oblique:
      direction = Eigen::Vector3d(1.0, -1.6, 0.9).normalized();
      break;
  }
  camera->SetFocalPoint(centre.data());
  const Eigen::Vector3d eye = centre + direction;
  camera->SetPosition(eye.data());
  camera->SetViewUp(up.data());
  renderer_->ResetCamera();  // a view before the first frame
  zoomToFit();
}

int AtomScene::pickAtom(vtkRenderer* renderer, double x, double y) const {
  if (!frame_ || drawn_.empty()) return -1;
  const int* size = renderer->GetSize();
  const int* origin = renderer->GetOrigin();
  vtkCamera* camera = renderer->GetActiveCamera();
  vtkMatrix4x4* m =
      camera->GetCompositeProjectionTransformMatrix(renderer->GetTiledAspectRatio(), -1.0, 1.0);
  Eigen::Matrix4d project;
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) project(r, c) = m->GetElement(r, c);
  double upArray[3];
  camera->GetViewUp(upArray);
  const Eigen::Vector3d up(upArray[0], upArray[1], upArray[2]);
  auto toDisplay = [&](const Eigen::Vector3d& p) {
    const Eigen::Vector4d q = project * p.homogeneous();
    return Eigen::Vector3d(origin[0] + (q.x() / q.w() + 1.0) * 0.5 * size[0],
                           origin[1] + (q.y() / q.w() + 1.0) * 0.5 * size[1], q.z() / q.w());
  };
  int best = -1;
  double bestDepth = 2.0;
  for (std::size_t k = 0; k < drawn_.size(); ++k) {
    const int i = drawn_[k];
    const Eigen::Vector3d& p = frame_->positions[i];
    const Eigen::Vector3d centre = toDisplay(p);
    const double radius = atomScale_ * elementRadius((*frame_->symbols)[i]);
    const double pixels = (toDisplay(p + radius * up) - centre).head<2>().norm();
    const double dx = x - centre.x(), dy = y - centre.y();
    if (dx * dx + dy * dy <= pixels * pixels && centre.z() < bestDepth) {
      bestDepth = centre.z();
      best = i;
    }
  }
  return best;
}

}  // namespace sei::render
