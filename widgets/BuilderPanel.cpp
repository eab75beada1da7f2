#include "BuilderPanel.hpp"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStyle>
#include <QTableWidget>
#include <QUndoStack>
#include <QVBoxLayout>
#include <cmath>
#include <functional>
#include <utility>

#include "WheelGuard.hpp"
#include "core/Paths.hpp"
#include "io/AtomicFile.hpp"
#include "project/RecipeJson.hpp"

namespace sei::studio {

namespace {

constexpr int kDefaultRebuildDelayMs = 400;
/// Dynamic properties the panel's style sheet and tooltips follow.
constexpr char kBuildError[] = "buildError";  ///< the field a build error points at
constexpr char kOutOfDate[] = "outOfDate";    ///< the report describes an earlier recipe
constexpr char kOwnToolTip[] = "ownToolTip";  ///< the tooltip a widget has when nothing overrides
const char* const kStyle =
    "[buildError=\"true\"] { border: 2px solid #c0392b; border-radius: 3px; }"
    // A framed spin box keeps room for its arrows, which the style draws.
    "QAbstractSpinBox[buildError=\"true\"] { padding-right: 16px; }"
    "QAbstractSpinBox[buildError=\"true\"]::up-button { subcontrol-origin: border;"
    " subcontrol-position: top right; width: 16px; }"
    "QAbstractSpinBox[buildError=\"true\"]::down-button { subcontrol-origin: border;"
    " subcontrol-position: bottom right; width: 16px; }"
    "QPlainTextEdit[outOfDate=\"true\"] { color: #8a8a8a; }";

/// Sets a dynamic property the style sheet selects on, and restyles the widget.
void setStyleFlag(QWidget* w, const char* name, bool on) {
  if (w->property(name).toBool() == on) return;
  w->setProperty(name, on);
  w->style()->unpolish(w);
  w->style()->polish(w);
  w->update();
}

/// A row's widgets in one widget, so a form row is always label and widget.
QWidget* inRow(const std::vector<QWidget*>& widgets) {
  auto* box = new QWidget;
  auto* layout = new QHBoxLayout(box);
  layout->setContentsMargins(0, 0, 0, 0);
  for (QWidget* w : widgets) layout->addWidget(w);
  return box;
}

/// A recipe edit, held as the JSON of the recipe before and after.
class RecipeEdit : public QUndoCommand {
 public:
  RecipeEdit(std::string before, std::string after, std::function<void(const std::string&)> apply)
      : QUndoCommand(QObject::tr("Edit recipe")),
        before_(std::move(before)),
        after_(std::move(after)),
        apply_(std::move(apply)) {}
  void undo() override { apply_(before_); }
  void redo() override {
    // Pushed after the form already shows the edit.
    if (!first_) apply_(after_);
    first_ = false;
  }

 private:
  std::string before_, after_;
  std::function<void(const std::string&)> apply_;
  bool first_ = true;
};

QDoubleSpinBox* quantity(double lo, double hi, int decimals, const QString& unit,
                         const QString& zeroText = {}) {
  auto* s = new QDoubleSpinBox;
  s->setRange(lo, hi);
  s->setDecimals(decimals);
  if (!unit.isEmpty()) s->setSuffix(" " + unit);
  s->setSpecialValueText(zeroText);
  s->setKeyboardTracking(false);
  return s;
}

QSpinBox* count(int lo, int hi, const QString& zeroText = {}) {
  auto* s = new QSpinBox;
  s->setRange(lo, hi);
  s->setSpecialValueText(zeroText);
  s->setKeyboardTracking(false);
  return s;
}

QTableWidget* table(const QStringList& headers) {
  auto* t = new QTableWidget(0, headers.size());
  t->setHorizontalHeaderLabels(headers);
  t->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  t->verticalHeader()->hide();
  t->setMinimumHeight(90);
  return t;
}

QString cellText(const QTableWidget* t, int row, int column) {
  const QTableWidgetItem* item = t->item(row, column);
  return item ? item->text().trimmed() : QString();
}

/// Add and Remove buttons under a table.
QWidget* withRowButtons(QTableWidget* t, const std::function<void()>& add,
                        const std::function<void()>& removed) {
  auto* box = new QWidget;
  auto* layout = new QVBoxLayout(box);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(t);
  auto* row = new QHBoxLayout;
  auto* addButton = new QPushButton(QObject::tr("Add"));
  auto* removeButton = new QPushButton(QObject::tr("Remove"));
  QObject::connect(addButton, &QPushButton::clicked, box, add);
  QObject::connect(removeButton, &QPushButton::clicked, box, [t, removed] {
    if (t->rowCount() == 0) return;
    t->removeRow(t->currentRow() >= 0 ? t->currentRow() : t->rowCount() - 1);
    removed();
  });
  row->addWidget(addButton);
  row->addWidget(removeButton);
  row->addStretch();
  layout->addLayout(row);
  return box;
}

}  // namespace

RecipeElectrode BuilderPanel::defaultElectrode() {
  RecipeElectrode e;  // Na, 4.29 Å, (100), 6 layers, both faces wetted
  const Eigen::Vector2d cell = surfaceCell(e.slab.facet, e.slab.latticeConstant);
  e.slab.repeatsA = static_cast<int>(std::ceil(kMinimumLateral / cell.x()));
  e.slab.repeatsB = static_cast<int>(std::ceil(kMinimumLateral / cell.y()));
  return e;
}

Recipe BuilderPanel::defaultRecipe() {
  Recipe r;
  r.electrode = defaultElectrode();
  r.electrolyte.solvents = {{{"EC", ""}, 1.0, 0.0}};
  r.electrolyte.salt = RecipeSalt{};
  r.electrolyte.thickness = 15.0;
  return r;
}

BuilderPanel::BuilderPanel(QWidget* parent)
    : QWidget(parent),
      undo_(new QUndoStack(this)),
      loadButton_(new QPushButton(tr("Load recipe\u2026"))),
      undoButton_(new QPushButton(tr("Undo"))),
      redoButton_(new QPushButton(tr("Redo"))),
      undoAction_(new QAction(tr("&Undo recipe edit"), this)),
      redoAction_(new QAction(tr("&Redo recipe edit"), this)),
      electrode_(new QGroupBox(tr("Electrode (metal slab)"))),
      metal_(new QLineEdit),
      latticeConstant_(quantity(0.1, 20.0, 3, "\u00c5")),
      facet_(new QComboBox),
      repeatsA_(count(1, 1000)),
      repeatsB_(count(1, 1000)),
      layers_(count(1, 1000)),
      faces_(new QComboBox),
      solvents_(table({tr("Solvent"), tr("SMILES"), tr("Fraction"), tr("Density")})),
      fractionKind_(new QComboBox),
      salt_(new QGroupBox(tr("Salt"))),
      cation_(new QLineEdit),
      anion_(new QLineEdit),
      molarity_(quantity(0.0, 20.0, 3, "mol/L")),
      additives_(table({tr("Additive"), tr("SMILES"), tr("Copies")})),
      electrolyte_(new QGroupBox(tr("Electrolyte"))),
      geometry_(new QGroupBox(tr("Geometry and packing"))),
      density_(quantity(0.0, 5.0, 3, "g/cm\u00b3", tr("ideal mixing"))),
      amountMode_(new QComboBox),
      thickness_(quantity(0.0, 10000.0, 2, "\u00c5")),
      molecules_(count(0, 10000000)),
      lateralX_(quantity(0.0, 10000.0, 2, "\u00c5")),
      lateralY_(quantity(0.0, 10000.0, 2, "\u00c5")),
      gap_(quantity(0.0, 100.0, 2, "\u00c5")),
      vacuum_(quantity(0.0, 10000.0, 2, "\u00c5")),
      seed_(count(0, 2147483647)),
      tolerance_(quantity(0.5, 10.0, 2, "\u00c5")),
      metalTolerance_(quantity(0.5, 10.0, 2, "\u00c5")),
      ionDistance_(quantity(0.0, 50.0, 2, "\u00c5")),
      maxSweeps_(count(1, 1000000)),
      autoRebuild_(new QCheckBox(tr("Rebuild the preview on each change"))),
      buildButton_(new QPushButton(tr("Build"))),
      cancelButton_(new QPushButton(tr("Cancel"))),
      progress_(new QProgressBar),
      status_(new QLabel),
      staleNote_(new QLabel(tr("Out of date \u2014 rebuild to update"))),
      report_(new QPlainTextEdit) {
  confirm_ = [this](const QString& question) {
    return QMessageBox::question(this, tr("Replace the structure?"), question) == QMessageBox::Yes;
  };
  buildForm();
  setStyleSheet(kStyle);
  // Names for tests and style sheets.
  const std::pair<QWidget*, const char*> named[] = {
      {metal_, "metal"},         {repeatsA_, "repeatsA"}, {repeatsB_, "repeatsB"},
      {layers_, "layers"},       {molarity_, "molarity"}, {thickness_, "thickness"},
      {molecules_, "molecules"}, {amountMode_, "amount"}, {gap_, "gap"},
      {seed_, "seed"},           {solvents_, "solvents"}, {additives_, "additives"},
      {electrode_, "electrode"}, {salt_, "salt"},         {faces_, "faces"},
      {vacuum_, "vacuum"},       {status_, "status"},     {staleNote_, "outOfDate"},
      {report_, "report"},       {buildButton_, "build"}, {density_, "density"}};
  for (const auto& [widget, name] : named) widget->setObjectName(name);
  debounce_.setSingleShot(true);
  debounce_.setInterval(kDefaultRebuildDelayMs);
  connect(&debounce_, &QTimer::timeout, this, &BuilderPanel::build);
  connect(&build_, &BackgroundJob::progressed, this, [this](double fraction, const QString& stage) {
    progress_->setValue(static_cast<int>(fraction * 1000.0));
    progress_->setFormat(stage + " %p%");
  });

  const Recipe initial = defaultRecipe();
  showRecipe(initial);
  shownJson_ = recipeToJson(initial);
}

BuilderPanel::~BuilderPanel() = default;  // build_ cancels and waits for its build

void BuilderPanel::buildForm() {
  auto* layout = new QVBoxLayout(this);
  auto* files = new QHBoxLayout;
  auto* save = new QPushButton(tr("Save recipe\u2026"));
  const QString filter = tr("Recipes (*.json);;All files (*)");
  connect(loadButton_, &QPushButton::clicked, this, [this, filter] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Load recipe"), {}, filter);
    if (!path.isEmpty()) loadRecipe(path);
  });
  connect(save, &QPushButton::clicked, this, [this, filter] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save recipe"), {}, filter);
    if (!path.isEmpty()) saveRecipe(path);
  });
  files->addWidget(loadButton_);
  files->addWidget(save);
  files->addStretch();
  layout->addLayout(files);
  layout->addWidget(electrodeBox());
  layout->addWidget(electrolyteBox());
  layout->addWidget(geometryBox());

  undoAction_->setShortcut(QKeySequence::Undo);
  redoAction_->setShortcut(QKeySequence::Redo);
  connect(undoAction_, &QAction::triggered, undo_, &QUndoStack::undo);
  connect(redoAction_, &QAction::triggered, undo_, &QUndoStack::redo);
  connect(undoButton_, &QPushButton::clicked, undo_, &QUndoStack::undo);
  connect(redoButton_, &QPushButton::clicked, undo_, &QUndoStack::redo);
  connect(undo_, &QUndoStack::canUndoChanged, this, &BuilderPanel::updateUndoRedo);
  connect(undo_, &QUndoStack::canRedoChanged, this, &BuilderPanel::updateUndoRedo);
  updateUndoRedo();
  auto* buttons = new QGridLayout;  // two by two: a row of four would widen the dock
  buttons->addWidget(buildButton_, 0, 0);
  buttons->addWidget(cancelButton_, 0, 1);
  buttons->addWidget(undoButton_, 1, 0);
  buttons->addWidget(redoButton_, 1, 1);
  layout->addWidget(autoRebuild_);
  layout->addLayout(buttons);
  layout->addWidget(progress_);
  layout->addWidget(status_);
  layout->addWidget(staleNote_);
  layout->addWidget(report_);

  autoRebuild_->setChecked(true);
  cancelButton_->setEnabled(false);
  cancelButton_->setToolTip(tr("No build is in progress to cancel"));
  progress_->setRange(0, 1000);
  progress_->setValue(0);
  progress_->setTextVisible(true);
  progress_->setFormat(tr("idle"));
  status_->setWordWrap(true);
  report_->setReadOnly(true);
  report_->setLineWrapMode(QPlainTextEdit::NoWrap);
  report_->setFont(QFont("monospace"));
  report_->setMinimumHeight(160);
  staleNote_->setStyleSheet("color: #8a8a8a; font-style: italic;");
  staleNote_->hide();
  connect(buildButton_, &QPushButton::clicked, this, [this] {
    if (!outputsExist_ || askToReplace()) build();
  });
  connect(cancelButton_, &QPushButton::clicked, this, &BuilderPanel::cancelBuild);

  // Every control reports its committed edits the same way.
  for (QDoubleSpinBox* s : findChildren<QDoubleSpinBox*>())
    connect(s, &QDoubleSpinBox::valueChanged, this, &BuilderPanel::formEdited);
  for (QSpinBox* s : findChildren<QSpinBox*>())
    connect(s, &QSpinBox::valueChanged, this, &BuilderPanel::formEdited);
  for (QComboBox* c : findChildren<QComboBox*>())
    connect(c, &QComboBox::currentIndexChanged, this, &BuilderPanel::formEdited);
  for (QLineEdit* e : findChildren<QLineEdit*>())
    connect(e, &QLineEdit::editingFinished, this, &BuilderPanel::formEdited);
  connect(electrode_, &QGroupBox::toggled, this, &BuilderPanel::electrodeToggled);
  connect(salt_, &QGroupBox::toggled, this, &BuilderPanel::formEdited);
  for (QTableWidget* t : {solvents_, additives_})
    connect(t, &QTableWidget::cellChanged, this, &BuilderPanel::formEdited);
  connect(amountMode_, &QComboBox::currentIndexChanged, this, &BuilderPanel::updateAmountMode);
  connect(electrode_, &QGroupBox::toggled, this, &BuilderPanel::updateAmountMode);
  guardWheels(this);
}

void BuilderPanel::guardWheels(QWidget* root) {
  for (QAbstractSpinBox* s : root->findChildren<QAbstractSpinBox*>()) guardWheel(s);
  for (QComboBox* c : root->findChildren<QComboBox*>()) guardWheel(c);
}

void BuilderPanel::registerField(RecipeField field, const QString& label,
                                 std::vector<QWidget*> widgets) {
  fields_[field] = {label, std::move(widgets)};
}

void BuilderPanel::addFieldRow(QFormLayout* form, RecipeField field, const QString& label,
                               QWidget* widget, std::vector<QWidget*> framed) {
  form->addRow(label + ":", widget);
  registerField(field, label, framed.empty() ? std::vector<QWidget*>{widget} : std::move(framed));
}

QWidget* BuilderPanel::electrodeBox() {
  facet_->addItem("(100)", static_cast<int>(SurfaceFacet::F100));
  facet_->addItem("(110)", static_cast<int>(SurfaceFacet::F110));
  facet_->addItem("(111)", static_cast<int>(SurfaceFacet::F111));
  faces_->addItem(tr("both (liquid between slab images)"), static_cast<int>(WettedFaces::Both));
  faces_->addItem(tr("one (vacuum above the liquid)"), static_cast<int>(WettedFaces::One));
  metal_->setToolTip(tr("Element symbol of the bcc metal"));
  latticeConstant_->setToolTip(tr("Conventional bcc cube edge"));
  electrode_->setCheckable(true);
  auto* form = new QFormLayout(electrode_);
  addFieldRow(form, RecipeField::Metal, tr("Metal"), metal_);
  addFieldRow(form, RecipeField::LatticeConstant, tr("Lattice constant"), latticeConstant_);
  form->addRow(tr("Facet:"), facet_);
  addFieldRow(form, RecipeField::SurfaceCells, tr("Surface cells"),
              inRow({repeatsA_, new QLabel("\u00d7"), repeatsB_}), {repeatsA_, repeatsB_});
  addFieldRow(form, RecipeField::Layers, tr("Layers"), layers_);
  addFieldRow(form, RecipeField::WettedFaces, tr("Wetted faces"), faces_);
  return electrode_;
}

QWidget* BuilderPanel::electrolyteBox() {
  fractionKind_->addItem(tr("by volume"), static_cast<int>(FractionKind::Volume));
  fractionKind_->addItem(tr("by mass"), static_cast<int>(FractionKind::Mass));
  solvents_->setToolTip(
      tr("Shipped templates by name (EC, PC, DMC, DME, G2, FEC, H2O) or any molecule by SMILES; "
         "density 0 uses the tabulated density of the pure solvent."));
  additives_->setToolTip(tr("Extra molecules by SMILES (or a template name) and copies"));
  salt_->setCheckable(true);
  auto* saltForm = new QFormLayout(salt_);
  addFieldRow(saltForm, RecipeField::Cation, tr("Cation"), cation_);
  addFieldRow(saltForm, RecipeField::Anion, tr("Anion"), anion_);
  addFieldRow(saltForm, RecipeField::Molarity, tr("Molarity"), molarity_);
  amountMode_->addItem(tr("Liquid thickness"));
  amountMode_->addItem(tr("Solvent molecules"));

  auto* form = new QFormLayout(electrolyte_);
  // Row edits count as edits of their table (a build error there clears).
  const auto editedIn = [this](QTableWidget* t) {
    return [this, t] {
      noteEdit(t);
      formEdited();
    };
  };
  form->addRow(withRowButtons(
      solvents_,
      [this] {
        noteEdit(solvents_);
        addSolventRow({{"EC", ""}, 1.0, 0.0});
      },
      editedIn(solvents_)));
  registerField(RecipeField::Solvents, tr("Solvents"), {solvents_});
  form->addRow(tr("Fractions:"), fractionKind_);
  form->addRow(salt_);
  form->addRow(withRowButtons(
      additives_,
      [this] {
        noteEdit(additives_);
        addAdditiveRow({"additive", "C=C"}, 1);
      },
      editedIn(additives_)));
  registerField(RecipeField::Additives, tr("Additives"), {additives_});
  addFieldRow(form, RecipeField::Density, tr("Density"), density_);
  addFieldRow(form, RecipeField::Amount, tr("Amount"), inRow({amountMode_, thickness_, molecules_}),
              {amountMode_, thickness_, molecules_});
  // The count alone, as the amount box calls it.
  registerField(RecipeField::SolventMolecules, amountMode_->itemText(1), {amountMode_, molecules_});
  addFieldRow(form, RecipeField::LateralSize, tr("Lateral size (no electrode)"),
              inRow({lateralX_, new QLabel("\u00d7"), lateralY_}), {lateralX_, lateralY_});
  return electrolyte_;
}

QWidget* BuilderPanel::geometryBox() {
  gap_->setToolTip(tr("From the outermost metal layer to the nearest liquid atom centres"));
  vacuum_->setToolTip(tr("Empty space above the liquid (one wetted face, or no electrode)"));
  auto* form = new QFormLayout(geometry_);
  addFieldRow(form, RecipeField::Gap, tr("Gap"), gap_);
  addFieldRow(form, RecipeField::Vacuum, tr("Vacuum"), vacuum_);
  form->addRow(tr("Seed:"), seed_);
  addFieldRow(form, RecipeField::Tolerance, tr("Min. distance between molecules"), tolerance_);
  addFieldRow(form, RecipeField::MetalTolerance, tr("Min. distance to metal"), metalTolerance_);
  addFieldRow(form, RecipeField::IonDistance, tr("Min. distance between ions"), ionDistance_);
  addFieldRow(form, RecipeField::PackingSweeps, tr("Packing sweeps (max)"), maxSweeps_);
  return geometry_;
}

void BuilderPanel::addSolventRow(const RecipeSolvent& solvent) {
  const bool wasApplying = applying_;
  applying_ = true;
  const int row = solvents_->rowCount();
  solvents_->insertRow(row);
  solvents_->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(solvent.molecule.name)));
  solvents_->setItem(row, 1, new QTableWidgetItem(QString::fromStdString(solvent.molecule.smiles)));
  auto* fraction = quantity(0.0001, 1000.0, 4, "");
  fraction->setSingleStep(0.1);
  fraction->setObjectName("solventFraction");
  fraction->setValue(solvent.fraction);
  auto* density = quantity(0.0, 5.0, 3, "g/cm\u00b3", tr("tabulated"));
  density->setValue(solvent.density);
  for (QDoubleSpinBox* s : {fraction, density}) {
    connect(s, &QDoubleSpinBox::valueChanged, this, &BuilderPanel::formEdited);
    guardWheel(s);
  }
  solvents_->setCellWidget(row, 2, fraction);
  solvents_->setCellWidget(row, 3, density);
  applying_ = wasApplying;
  formEdited();
}

void BuilderPanel::addAdditiveRow(const MoleculeSource& molecule, int copies) {
  const bool wasApplying = applying_;
  applying_ = true;
  const int row = additives_->rowCount();
  additives_->insertRow(row);
  additives_->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(molecule.name)));
  additives_->setItem(row, 1, new QTableWidgetItem(QString::fromStdString(molecule.smiles)));
  auto* n = count(1, 100000);
  n->setValue(copies);
  connect(n, &QSpinBox::valueChanged, this, &BuilderPanel::formEdited);
  guardWheel(n);
  additives_->setCellWidget(row, 2, n);
  applying_ = wasApplying;
  formEdited();
}

Recipe BuilderPanel::recipe() const {
  Recipe r;
  if (electrode_->isChecked()) {
    RecipeElectrode e;
    e.slab.element = metal_->text().trimmed().toStdString();
    e.slab.latticeConstant = latticeConstant_->value();
    e.slab.facet = static_cast<SurfaceFacet>(facet_->currentData().toInt());
    e.slab.repeatsA = repeatsA_->value();
    e.slab.repeatsB = repeatsB_->value();
    e.slab.layers = layers_->value();
    e.faces = static_cast<WettedFaces>(faces_->currentData().toInt());
    r.electrode = e;
  }
  RecipeElectrolyte& l = r.electrolyte;
  for (int row = 0; row < solvents_->rowCount(); ++row) {
    RecipeSolvent s;
    s.molecule = {cellText(solvents_, row, 0).toStdString(),
                  cellText(solvents_, row, 1).toStdString()};
    s.fraction = static_cast<QDoubleSpinBox*>(solvents_->cellWidget(row, 2))->value();
    s.density = static_cast<QDoubleSpinBox*>(solvents_->cellWidget(row, 3))->value();
    l.solvents.push_back(s);
  }
  l.fractions = static_cast<FractionKind>(fractionKind_->currentData().toInt());
  if (salt_->isChecked()) {
    RecipeSalt salt;
    salt.cation = {cation_->text().trimmed().toStdString(), ""};
    salt.anion = {anion_->text().trimmed().toStdString(), ""};
    salt.molarity = molarity_->value();
    l.salt = salt;
  }
  for (int row = 0; row < additives_->rowCount(); ++row) {
    l.additives.push_back(
        {cellText(additives_, row, 0).toStdString(), cellText(additives_, row, 1).toStdString()});
    l.additiveCounts.push_back(static_cast<QSpinBox*>(additives_->cellWidget(row, 2))->value());
  }
  l.density = density_->value();
  if (amountMode_->currentIndex() == 0)
    l.thickness = thickness_->value();
  else
    l.solventMolecules = molecules_->value();
  l.lateralSize = {lateralX_->value(), lateralY_->value()};
  r.gap = gap_->value();
  r.vacuum = vacuum_->value();
  r.seed = static_cast<std::uint64_t>(seed_->value());
  r.packing.tolerance = tolerance_->value();
  r.packing.metalTolerance = metalTolerance_->value();
  r.packing.ionDistance = ionDistance_->value();
  r.packing.maxSweeps = maxSweeps_->value();
  return r;
}

void BuilderPanel::showRecipe(const Recipe& r) {
  applying_ = true;
  const RecipeElectrode e = r.electrode.value_or(defaultElectrode());
  electrode_->setChecked(r.electrode.has_value());
  metal_->setText(QString::fromStdString(e.slab.element));
  latticeConstant_->setValue(e.slab.latticeConstant);
  facet_->setCurrentIndex(facet_->findData(static_cast<int>(e.slab.facet)));
  // The form offers repeat counts only: a recipe given by target sizes shows the counts the
  // builder would choose for them.
  const Eigen::Vector2d cell = surfaceCell(e.slab.facet, e.slab.latticeConstant);
  const auto repeats = [](int n, double target, double edge) {
    return n > 0 ? n : std::max(1, static_cast<int>(std::ceil(target / edge - 1e-9)));
  };
  repeatsA_->setValue(repeats(e.slab.repeatsA, e.slab.targetLateralA, cell[0]));
  repeatsB_->setValue(repeats(e.slab.repeatsB, e.slab.targetLateralB, cell[1]));
  layers_->setValue(e.slab.layers);
  faces_->setCurrentIndex(faces_->findData(static_cast<int>(e.faces)));
  const RecipeElectrolyte& l = r.electrolyte;
  solvents_->setRowCount(0);
  for (const RecipeSolvent& s : l.solvents) addSolventRow(s);
  fractionKind_->setCurrentIndex(fractionKind_->findData(static_cast<int>(l.fractions)));
  const RecipeSalt salt = l.salt.value_or(RecipeSalt{});
  salt_->setChecked(l.salt.has_value());
  cation_->setText(QString::fromStdString(salt.cation.name));
  anion_->setText(QString::fromStdString(salt.anion.name));
  molarity_->setValue(salt.molarity);
  additives_->setRowCount(0);
  for (std::size_t i = 0; i < l.additives.size(); ++i)
    addAdditiveRow(l.additives[i], i < l.additiveCounts.size() ? l.additiveCounts[i] : 1);
  density_->setValue(l.density);
  amountMode_->setCurrentIndex(l.solventMolecules > 0 ? 1 : 0);
  thickness_->setValue(l.thickness);
  molecules_->setValue(l.solventMolecules);
  lateralX_->setValue(l.lateralSize[0]);
  lateralY_->setValue(l.lateralSize[1]);
  gap_->setValue(r.gap);
  vacuum_->setValue(r.vacuum);
  seed_->setValue(static_cast<int>(r.seed));
  tolerance_->setValue(r.packing.tolerance);
  metalTolerance_->setValue(r.packing.metalTolerance);
  ionDistance_->setValue(r.packing.ionDistance);
  maxSweeps_->setValue(r.packing.maxSweeps);
  updateAmountMode();
  applying_ = false;
}

void BuilderPanel::updateAmountMode() {
  const bool byThickness = amountMode_->currentIndex() == 0;
  thickness_->setVisible(byThickness);
  molecules_->setVisible(!byThickness);
  lateralX_->setEnabled(!electrode_->isChecked());
  lateralY_->setEnabled(!electrode_->isChecked());
}

void BuilderPanel::formEdited() {
  if (applying_) return;
  noteEdit(sender());
  if (outputsExist_ && autoRebuild_->isChecked() && recipeToJson(recipe()) != shownJson_) {
    // Asked from the event loop, not inside the control's own signal (a spin box would keep
    // spinning under the dialog).
    if (!std::exchange(confirmPending_, true))
      QMetaObject::invokeMethod(this, &BuilderPanel::confirmEdit, Qt::QueuedConnection);
    return;
  }
  commitEdit(recipeToJson(recipe()));
}

void BuilderPanel::electrodeToggled(bool on) {
  if (on && !applying_) {
    // The wetted faces that fit the vacuum as it stands, so ticking builds at once.
    const QSignalBlocker quiet(faces_);
    const WettedFaces faces = vacuum_->value() > 0.0 ? WettedFaces::One : WettedFaces::Both;
    faces_->setCurrentIndex(faces_->findData(static_cast<int>(faces)));
  }
  formEdited();
}

void BuilderPanel::confirmEdit() {
  confirmPending_ = false;
  if (!outputsExist_ || askToReplace()) {
    formEdited();
    return;
  }
  showRecipe(parseRecipe(shownJson_, "the form"));
  setStatus(tr("Edit undone: the structure and its run are kept."), false);
}

bool BuilderPanel::askToReplace() {
  const QString question = tr("Replacing the structure starts a new run; the outputs of the "
                              "current run stay in %1. Continue?")
                               .arg(QDir::toNativeSeparators(outputsFolder_));
  if (!confirm_(question)) return false;
  outputsExist_ = false;  // the new structure has no run yet
  return true;
}

void BuilderPanel::commitEdit(std::string json) {
  if (json == shownJson_) return;
  std::string before = std::exchange(shownJson_, json);
  undo_->push(new RecipeEdit(std::move(before), std::move(json),
                             [this](const std::string& j) { applyFromUndo(j); }));
  updateReportState();
  emit recipeChanged();
  if (autoRebuild_->isChecked()) debounce_.start();
}

void BuilderPanel::applyFromUndo(const std::string& json) {
  showRecipe(parseRecipe(json, "undo stack"));
  shownJson_ = json;
  clearErrorField();
  updateReportState();
  emit recipeChanged();
  // An undo cannot be answered No half-way through the stack: with a run's outputs, Build asks.
  if (outputsExist_)
    setStatus(tr("Build to use this recipe (asks first: the current run has outputs)."), false);
  else if (autoRebuild_->isChecked())
    debounce_.start();
}

void BuilderPanel::setRecipe(const Recipe& recipe) {
  showRecipe(recipe);
  clearErrorField();
  commitEdit(recipeToJson(this->recipe()));
}

void BuilderPanel::noteEdit(QObject* source) {
  if (errorField_ == RecipeField::None || !source || !source->isWidgetType()) return;
  const auto* edited = static_cast<QWidget*>(source);
  for (QWidget* w : fields_.at(errorField_).widgets)
    if (w == edited || w->isAncestorOf(edited)) {
      clearErrorField();
      return;
    }
}

void BuilderPanel::setRunActive(bool running) {
  runActive_ = running;
  if (running) debounce_.stop();
  for (QWidget* w : frozenWidgets()) w->setEnabled(!running);
  updateUndoRedo();
  for (QWidget* w : editingWidgets()) updateToolTip(w);
}

void BuilderPanel::updateUndoRedo() {
  // The stack's own enabling would undo a recipe edit under a running simulation.
  const bool undo = !runActive_ && undo_->canUndo(), redo = !runActive_ && undo_->canRedo();
  undoButton_->setEnabled(undo);
  undoAction_->setEnabled(undo);
  redoButton_->setEnabled(redo);
  redoAction_->setEnabled(redo);
  // Disabled, they say why (a running simulation overrides the buttons' tips, updateToolTip).
  const auto explain = [](QAction* action, QPushButton* button, const QString& tip) {
    action->setToolTip(tip);
    action->setStatusTip(tip);
    button->setProperty(kOwnToolTip, tip);
    button->setToolTip(tip);
  };
  const QString running = tr("Stop the run to edit the system");
  explain(undoAction_, undoButton_,
          undo ? tr("Undo the last recipe edit")
               : (runActive_ ? running : tr("Nothing to undo: the recipe is unedited")));
  explain(redoAction_, redoButton_,
          redo ? tr("Redo the recipe edit just undone")
               : (runActive_ ? running : tr("Nothing to redo: no recipe edit was undone")));
}

void BuilderPanel::setOutputsExist(bool exist, const QString& folder) {
  outputsExist_ = exist;
  outputsFolder_ = folder;
}

std::vector<QWidget*> BuilderPanel::frozenWidgets() const {
  return {loadButton_,  electrode_,   electrolyte_, geometry_,
          autoRebuild_, buildButton_, undoButton_,  redoButton_};
}

std::vector<QWidget*> BuilderPanel::editingWidgets() const {
  std::vector<QWidget*> all;
  for (QWidget* root : frozenWidgets()) {
    all.push_back(root);
    for (QWidget* w : root->findChildren<QWidget*>()) {
      const bool control = qobject_cast<QAbstractSpinBox*>(w) || qobject_cast<QComboBox*>(w) ||
                           qobject_cast<QAbstractButton*>(w) || qobject_cast<QTableWidget*>(w) ||
                           qobject_cast<QLineEdit*>(w) || qobject_cast<QGroupBox*>(w);
      // A spin box's own line edit shows the spin box's tooltip.
      if (control && !qobject_cast<QAbstractSpinBox*>(w->parentWidget())) all.push_back(w);
    }
  }
  return all;
}

void BuilderPanel::updateToolTip(QWidget* w) {
  if (!w->property(kOwnToolTip).isValid()) w->setProperty(kOwnToolTip, w->toolTip());
  if (runActive_)
    w->setToolTip(tr("Stop the run to edit the system"));
  else if (w->property(kBuildError).toBool())
    w->setToolTip(lastError_);
  else
    w->setToolTip(w->property(kOwnToolTip).toString());
}

void BuilderPanel::setAutoRebuild(bool on) { autoRebuild_->setChecked(on); }

bool BuilderPanel::loadRecipe(const QString& path) {
  try {
    setRecipe(readRecipe(path.toStdString()));
  } catch (const std::exception& e) {
    lastError_ = QString::fromUtf8(e.what());
    setStatus(lastError_, true);
    return false;
  }
  return true;
}

bool BuilderPanel::saveRecipe(const QString& path) {
  try {
    writeFileAtomically(path.toStdString(), recipeToJson(recipe()));
  } catch (const std::exception& e) {
    lastError_ = QString::fromUtf8(e.what());
    setStatus(lastError_, true);
    return false;
  }
  return true;
}

void BuilderPanel::build() {
  debounce_.stop();
  // A build under way is stale: Restart cancels it and drops its result.
  const Recipe recipe = this->recipe();
  const std::string resources = resourceDirectory();
  build_.submit(
      [this, recipe, resources,
       json = recipeToJson(recipe)](BackgroundJob::Task& task) -> std::function<void()> {
        BuildControl control;
        control.cancel = &task.cancelFlag();
        control.progress = [&task](const std::string& stage, double fraction) {
          task.progress(fraction, QString::fromStdString(stage));
        };
        try {
          auto result =
              std::make_shared<const BuiltInterface>(buildInterface(recipe, resources, control));
          // Cancelled after the builder's last look at the flag: still a cancelled build.
          if (task.cancelled()) return [this] { finishBuild(nullptr, QString()); };
          return [this, result, json] { finishBuild(result, QString(), json); };
        } catch (const BuildCancelled&) {
          return [this] { finishBuild(nullptr, QString()); };
        } catch (const std::exception& e) {
          return [this, error = QString::fromUtf8(e.what())] { finishBuild(nullptr, error); };
        }
      },
      BackgroundJob::Policy::Restart);
  cancelButton_->setEnabled(true);
  cancelButton_->setToolTip(tr("Stop the build; the shown structure stays"));
  progress_->setValue(0);
  progress_->setFormat(tr("starting"));
  setStatus(tr("Building\u2026"), false);
}

void BuilderPanel::cancelBuild() {
  debounce_.stop();
  const bool underWay = build_.busy();
  build_.cancel();
  // A build dropped before it started reports nothing itself; one running reports its end. The
  // report goes through the event loop either way, so listeners see it after this call returns.
  if (underWay && !build_.busy())
    QMetaObject::invokeMethod(
        this, [this] { finishBuild(nullptr, QString()); }, Qt::QueuedConnection);
}

void BuilderPanel::finishBuild(std::shared_ptr<const BuiltInterface> result, const QString& error,
                               const std::string& json) {
  cancelButton_->setEnabled(false);
  cancelButton_->setToolTip(tr("No build is in progress to cancel"));
  progress_->setFormat(tr("idle"));
  progress_->setValue(0);
  if (!result && error.isEmpty()) {
    setStatus(tr("Build cancelled."), false);
    emit buildCancelled();
  } else if (!result) {
    showError(error);
    emit buildFailed(lastError_);
  } else {
    last_ = std::move(result);
    builtJson_ = json;
    clearErrorField();
    updateReportState();
    const BuildReport& r = last_->report;
    report_->setPlainText(QString::fromStdString(formatBuildReport(r)));
    setStatus(tr("Built %1 atoms in %2 s: %3 mol/L reached, liquid %4 g/cm\u00b3.")
                  .arg(last_->structure.size())
                  .arg(r.seconds, 0, 'f', 2)
                  .arg(r.molarityReached, 0, 'f', 3)
                  .arg(r.liquidDensity, 0, 'f', 3),
              false);
    // Aliases the build, so the structure lives as long as anyone holds it.
    emit built(std::shared_ptr<const Structure>(last_, &last_->structure), r);
  }
}

QString BuilderPanel::reportText() const { return report_->toPlainText(); }

bool BuilderPanel::reportOutOfDate() const { return last_ && builtJson_ != shownJson_; }

void BuilderPanel::updateReportState() {
  const bool stale = reportOutOfDate();
  staleNote_->setVisible(stale);
  setStyleFlag(report_, kOutOfDate, stale);
}

void BuilderPanel::showError(const QString& engineError) {
  clearErrorField();
  const ExplainedBuildError e =
      explainBuildError(engineError, electrode_->isChecked(), [this](RecipeField field) {
        const auto it = fields_.find(field);
        return it == fields_.end() ? QString() : it->second.label;
      });
  lastError_ = e.message;
  setStatus(lastError_, true);
  if (!fields_.count(e.field)) return;
  errorField_ = e.field;
  for (QWidget* w : fields_.at(errorField_).widgets) {
    setStyleFlag(w, kBuildError, true);
    updateToolTip(w);
  }
}

void BuilderPanel::clearErrorField() {
  if (errorField_ == RecipeField::None) return;
  for (QWidget* w : fields_.at(std::exchange(errorField_, RecipeField::None)).widgets) {
    setStyleFlag(w, kBuildError, false);
    updateToolTip(w);
  }
}

void BuilderPanel::setStatus(const QString& text, bool error) {
  status_->setText(text);
  status_->setStyleSheet(error ? "color: #c0392b;" : QString());
}

}  // namespace sei::studio
