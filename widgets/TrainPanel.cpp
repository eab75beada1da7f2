#include "TrainPanel.hpp"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <fstream>
#include <sstream>

#include "ChargeChart.hpp"
#include "ChartLines.hpp"
#include "ParityChart.hpp"
#include "io/AtomicFile.hpp"
#include "training/TrainOutputs.hpp"
#include "training/TrainingSet.hpp"

namespace sei::studio {
namespace {

constexpr int kReparityMs = 2000;  ///< parity files are reread at most every 2 s while training
constexpr int kRedrawMs = 250;
constexpr int kSnesBatch = 1000,
              kAdamBatch = 2;  ///< batch defaults of GPUMD's nep and GNEP     ///< the loss curve
                               ///< redraws at most 4 times a second

QSpinBox* intBox(int lo, int hi, const QString& tip) {
  auto* s = new QSpinBox;
  s->setRange(lo, hi);
  s->setToolTip(tip);
  return s;
}

QDoubleSpinBox* angstromBox(const QString& tip) {
  auto* s = new QDoubleSpinBox;
  s->setRange(1.0, 20.0);
  s->setDecimals(2);
  s->setSingleStep(0.5);
  s->setSuffix(QString::fromUtf8(" \u00c5"));
  s->setToolTip(tip);
  return s;
}

std::string text(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

}  // namespace

TrainPanel::TrainPanel(QWidget* parent)
    : QWidget(parent),
      path_(new QLineEdit),
      types_(new QLabel(tr("(no folder)"))),
      optimizer_(new QComboBox),
      generation_(intBox(1, 100000000,
                         tr("nep.in generation: SNES generations (GPUMD's "
                            "default 100000)"))),
      epoch_(intBox(1, 1000000,
                    tr("nep.in epoch: Adam epochs (default %1)").arg(training::NepInput{}.epoch))),
      batch_(intBox(1, 1000000,
                    tr("nep.in batch: structures per batch (GPUMD's default "
                       "1000 for SNES, 2 for Adam)"))),
      cutoffRadial_(angstromBox(tr("nep.in cutoff, radial (GPUMD's default 8 \u00c5)"))),
      cutoffAngular_(angstromBox(tr("nep.in cutoff, angular (GPUMD's default 4 \u00c5)"))),
      nMaxRadial_(intBox(0, 19, tr("nep.in n_max, radial (default 6)"))),
      nMaxAngular_(intBox(0, 19, tr("nep.in n_max, angular (default 6)"))),
      neuron_(intBox(1, 120, tr("nep.in neuron: hidden neurons (default 30)"))),
      start_(new QPushButton(tr("Start"))),
      pause_(new QPushButton(tr("Pause"))),
      stop_(new QPushButton(tr("Stop"))),
      resume_(new QPushButton(tr("Resume"))),
      useModel_(new QPushButton(tr("Use this model"))),
      log_(new QPlainTextEdit),
      loss_(styledChartView(220)),
      energy_(styledChartView(250)),
      force_(styledChartView(250)),
      virial_(styledChartView(250)),
      bec_(styledChartView(250)),
      charge_(styledChartView(250)),
      redraw_(new QTimer(this)),
      reparity_(new QTimer(this)) {
  optimizer_->addItem(tr("SNES (GPUMD's nep)"), "snes");
  optimizer_->addItem(tr("Adam (GNEP)"), "adam");
  optimizer_->setToolTip(tr("nep.in optimizer (an SEI extension; default snes)"));
  path_->setReadOnly(true);
  path_->setPlaceholderText(tr("folder with nep.in and train.xyz [+ test.xyz]"));
  auto* choose = new QPushButton(tr("Choose\u2026"));
  auto* folderRow = new QHBoxLayout;
  folderRow->addWidget(path_, 1);
  folderRow->addWidget(choose);

  auto pair = [](QWidget* a, QWidget* b) {
    auto* w = new QWidget;
    auto* l = new QHBoxLayout(w);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(a);
    l->addWidget(b);
    return w;
  };
  auto* form = new QFormLayout;
  form->addRow(tr("Elements (type):"), types_);
  form->addRow(tr("Optimizer:"), optimizer_);
  form->addRow(tr("Generations (SNES):"), generation_);
  form->addRow(tr("Epochs (Adam):"), epoch_);
  form->addRow(tr("Batch (structures):"), batch_);
  form->addRow(tr("Cutoff radial, angular:"), pair(cutoffRadial_, cutoffAngular_));
  form->addRow(tr("n_max radial, angular:"), pair(nMaxRadial_, nMaxAngular_));
  form->addRow(tr("Hidden neurons:"), neuron_);

  pause_->setCheckable(true);
  pause_->setToolTip(tr("Holds the trainer between generations (Adam: epochs)"));
  stop_->setToolTip(
      tr("Stops after the current generation and writes the restart, as Ctrl-C "
         "does for sei train"));
  resume_->setToolTip(tr("Continues from nep.restart (Adam: nep.restart.adam)"));
  start_->setToolTip(
      tr("Trains from the start; an earlier run's restart and loss.out are kept "
         "as *.bak"));
  useModel_->setToolTip(tr("Opens the folder's nep.txt in the Model panel"));
  auto* buttons = new QHBoxLayout;
  for (QPushButton* b : {start_, pause_, stop_, resume_, useModel_}) buttons->addWidget(b);

  log_->setReadOnly(true);
  log_->setMaximumBlockCount(200);
  log_->setFixedHeight(70);
  auto* parity = new QGridLayout;
  parity->addWidget(energy_, 0, 0);
  parity->addWidget(force_, 0, 1);
  parity->addWidget(virial_, 1, 0);
  parity->addWidget(charge_, 1, 1);
  parity->addWidget(bec_, 2, 0);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(folderRow);
  layout->addLayout(form);
  layout->addLayout(buttons);
  layout->addWidget(log_);
  layout->addWidget(loss_, 1);
  layout->addLayout(parity, 2);

  redraw_->setSingleShot(true);
  redraw_->setInterval(kRedrawMs);
  connect(redraw_, &QTimer::timeout, this, &TrainPanel::redrawLoss);
  reparity_->setSingleShot(true);
  reparity_->setInterval(kReparityMs);
  connect(reparity_, &QTimer::timeout, this, &TrainPanel::loadParity);
  connect(choose, &QPushButton::clicked, this, &TrainPanel::chooseFolder);
  connect(optimizer_, &QComboBox::currentIndexChanged, this, [this] {
    // The optimisers' batch defaults differ (GPUMD 1000, GNEP 2): an untouched default follows.
    const bool adam = optimizer_->currentData().toString() == "adam";
    if (!input_.batchSet && batch_->value() == (adam ? kSnesBatch : kAdamBatch))
      batch_->setValue(adam ? kAdamBatch : kSnesBatch);
    updateButtons();
  });
  connect(start_, &QPushButton::clicked, this, [this] { requestStart(false); });
  connect(resume_, &QPushButton::clicked, this, [this] { requestStart(true); });
  connect(pause_, &QPushButton::toggled, this, &TrainPanel::pauseRequested);
  connect(stop_, &QPushButton::clicked, this, &TrainPanel::stopRequested);
  connect(useModel_, &QPushButton::clicked, this,
          [this] { emit useModelRequested(QDir(folder_).filePath("nep.txt")); });
  redrawLoss();
  loadParity();
  updateButtons();
}

void TrainPanel::chooseFolder() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Training folder"), folder_);
  if (!dir.isEmpty()) openFolder(dir);
}

bool TrainPanel::openFolder(const QString& dir) {
  training::NepInput in;
  try {
    in = training::readNepInput(QDir(dir).filePath("nep.in").toStdString());
  } catch (const std::exception& e) {
    log(QString::fromUtf8(e.what()));
    return false;
  }
  folder_ = dir;
  input_ = in;
  path_->setText(QDir::toNativeSeparators(dir));
  types_->setText(QString::fromStdString([&] {
    std::string s;
    for (const std::string& e : in.elements) s += (s.empty() ? "" : " ") + e;
    return s;
  }()));
  optimizer_->setCurrentIndex(in.optimizer == training::Optimizer::Adam ? 1 : 0);
  generation_->setValue(in.generation);
  epoch_->setValue(in.epoch);
  batch_->setValue(in.batch);
  cutoffRadial_->setValue(in.radialCutoff.empty() ? 8.0 : in.radialCutoff.front());
  cutoffAngular_->setValue(in.angularCutoff.empty() ? 4.0 : in.angularCutoff.front());
  // Per-type cutoffs are beyond this form: nep.in keeps them.
  cutoffRadial_->setEnabled(!in.typewiseCutoff);
  cutoffAngular_->setEnabled(!in.typewiseCutoff);
  nMaxRadial_->setValue(in.nMaxRadial);
  nMaxAngular_->setValue(in.nMaxAngular);
  neuron_->setValue(in.neurons);
  loaded_ = formValues();

  loadChargeLayouts();
  rows_.clear();
  std::ifstream loss(QDir(dir).filePath("loss.out").toStdString());
  for (std::string line; std::getline(loss, line);) {
    const std::vector<double> row = training::parseLossRow(line);
    if (training::isLossRow(row)) rows_.push_back(row);
  }
  if (!QFile::exists(QDir(dir).filePath("train.xyz")))
    log(tr("%1 has no train.xyz: the trainer will refuse it.").arg(dir));
  else
    log(tr("Opened %1 (%2 loss rows).").arg(dir).arg(rows_.size()));
  redrawLoss();
  loadParity();
  updateButtons();
  return true;
}

std::vector<std::pair<std::string, std::string>> TrainPanel::formValues() const {
  std::vector<std::pair<std::string, std::string>> v = {
      {"optimizer", optimizer_->currentData().toString().toStdString()},
      {"generation", std::to_string(generation_->value())},
      {"epoch", std::to_string(epoch_->value())},
      {"batch", std::to_string(batch_->value())},
      {"n_max", std::to_string(nMaxRadial_->value()) + " " + std::to_string(nMaxAngular_->value())},
      {"neuron", std::to_string(neuron_->value())}};
  if (!input_.typewiseCutoff)
    v.push_back({"cutoff", text(cutoffRadial_->value()) + " " + text(cutoffAngular_->value())});
  return v;
}

QString TrainPanel::writeFormChanges() {
  const std::vector<std::pair<std::string, std::string>> now = formValues();
  std::vector<std::pair<std::string, std::string>> changes;
  QStringList named;
  for (std::size_t k = 0; k < now.size(); ++k)
    if (k >= loaded_.size() || now[k] != loaded_[k]) {
      changes.push_back(now[k]);
      named << QString::fromStdString(now[k].first + " " + now[k].second);
    }
  if (changes.empty()) return {};
  const std::string path = QDir(folder_).filePath("nep.in").toStdString();
  std::ifstream file(path);
  std::ostringstream old;
  old << file.rdbuf();
  const std::string edited = training::withKeywordValues(old.str(), changes);
  input_ = training::parseNepInput(edited, path);  // refused before anything is written
  writeFileAtomically(path + ".bak", old.str());
  writeFileAtomically(path, edited);
  loaded_ = now;
  return tr("nep.in rewritten from the form (%1); the previous one kept as nep.in.bak.")
      .arg(named.join(", "));
}

void TrainPanel::requestStart(bool resume) {
  if (folder_.isEmpty()) return;
  try {
    const QString line = writeFormChanges();
    if (!line.isEmpty()) log(line);
  } catch (const std::exception& e) {
    log(tr("nep.in not changed: %1").arg(QString::fromUtf8(e.what())));
    return;
  }
  loadChargeLayouts();  // nep.in's batch and optimizer fix the training set's order
  if (!resume) rows_.clear();
  redrawLoss();
  emit startRequested(folder_, resume);
}

void TrainPanel::setTraining(bool active, bool paused) {
  active_ = active;
  paused_ = paused;
  updateButtons();
}

void TrainPanel::updateButtons() {
  const bool open = !folder_.isEmpty();
  const QDir dir(folder_);
  const bool restart = open && (dir.exists("nep.restart") || dir.exists("nep.restart.adam"));
  start_->setEnabled(open && !active_);
  resume_->setEnabled(restart && !active_);
  pause_->setEnabled(active_);
  stop_->setEnabled(active_);
  useModel_->setEnabled(open && !active_ && dir.exists("nep.txt"));
  {
    const QSignalBlocker block(pause_);
    pause_->setChecked(active_ && paused_);
  }
  pause_->setText(paused_ && active_ ? tr("Continue") : tr("Pause"));
  const bool editable = open && !active_;
  for (QWidget* w :
       std::initializer_list<QWidget*>{optimizer_, batch_, nMaxRadial_, nMaxAngular_, neuron_})
    w->setEnabled(editable);
  // Each optimiser reads only its own length.
  const bool adam = optimizer_->currentData().toString() == "adam";
  generation_->setEnabled(editable && !adam);
  epoch_->setEnabled(editable && adam);
  cutoffRadial_->setEnabled(editable && !input_.typewiseCutoff);
  cutoffAngular_->setEnabled(cutoffRadial_->isEnabled());
}

void TrainPanel::addLossRows(const std::vector<std::vector<double>>& rows) {
  rows_.insert(rows_.end(), rows.begin(), rows.end());
  if (!redraw_->isActive()) redraw_->start();
  // The trainer rewrites the parity files with its loss rows (atomically, so never half read).
  if (!reparity_->isActive()) reparity_->start();
}

void TrainPanel::trainingEnded() {
  redraw_->stop();
  reparity_->stop();
  redrawLoss();
  loadParity();
  updateButtons();
}

void TrainPanel::log(const QString& line) { log_->appendPlainText(line); }

void TrainPanel::redrawLoss() {
  // GPUMD's loss.out: generation, total, L1, L2, train E F V [Q Z], test E F V [Q Z].
  const bool charged = !rows_.empty() && rows_.front().size() >= 14;
  const std::size_t test = charged ? 9 : 7;
  std::vector<Line> lines = {{tr("total loss"), {}, false, QColor(Qt::black)},
                             {tr("energy train (eV/atom)"), {}},
                             {tr("force train (eV/\u00c5)"), {}},
                             {tr("energy test (eV/atom)"), {}},
                             {tr("force test (eV/\u00c5)"), {}}};
  const std::size_t columns[] = {1, 4, 5, test, test + 1};
  for (const std::vector<double>& row : rows_)
    for (std::size_t k = 0; k < lines.size(); ++k)
      if (columns[k] < row.size()) lines[k].points.append(QPointF(row[0], row[columns[k]]));
  // No test set: its columns are zeros, which a log axis cannot show anyway.
  lines.erase(std::remove_if(lines.begin(), lines.end(),
                             [](const Line& l) {
                               return std::none_of(l.points.begin(), l.points.end(),
                                                   [](const QPointF& p) { return p.y() > 0; });
                             }),
              lines.end());
  Axes axes(input_.optimizer == training::Optimizer::Adam ? tr("epoch") : tr("generation"),
            tr("loss, RMSE"));
  axes.logY = true;
  axes.xFromZero = axes.xWhole = true;
  setLines(loss_->chart(), lines, axes);
}

void TrainPanel::loadParity() {
  const QDir dir(folder_);
  auto read = [&](const QString& name) {
    return folder_.isEmpty()
               ? ParityPairs{}
               : readParityPairs(dir.filePath(name), [this](const QString& line) { log(line); });
  };
  setParity(energy_->chart(), tr("energy"), tr("eV/atom"),
            {{tr("train"), read("energy_train.out")}, {tr("test"), read("energy_test.out")}});
  setParity(force_->chart(), tr("force"), QString::fromUtf8("eV/\u00c5"),
            {{tr("train"), read("force_train.out")}, {tr("test"), read("force_test.out")}});
  setParity(virial_->chart(), tr("virial"), tr("eV/atom"),
            {{tr("train"), read("virial_train.out")}, {tr("test"), read("virial_test.out")}});
  const bool bec = dir.exists("bec_train.out") || dir.exists("bec_test.out");
  bec_->setVisible(!folder_.isEmpty() && bec);
  if (bec)
    setParity(bec_->chart(), tr("BEC"), tr("e"),
              {{tr("train"), read("bec_train.out")}, {tr("test"), read("bec_test.out")}});

  std::vector<std::pair<QString, training::ChargeSummary>> charges;
  for (const auto& [set, layout] : chargeLayouts_) {
    const QString path = dir.filePath("charge_" + set + ".out");
    if (!QFile::exists(path)) continue;
    try {
      charges.emplace_back(set,
                           training::readChargeFile(path.toStdString(), layout, input_.numTypes()));
    } catch (const std::exception& e) {
      log(QString::fromUtf8(e.what()));
    }
  }
  charge_->setVisible(!folder_.isEmpty() && input_.chargeMode != 0);
  setChargeDistribution(charge_->chart(), input_.elements, charges);
}

void TrainPanel::loadChargeLayouts() {
  chargeLayouts_.clear();
  if (input_.chargeMode == 0) return;
  const QDir dir(folder_);
  for (const QString set : {QStringLiteral("train"), QStringLiteral("test")}) {
    const QString path = dir.filePath(set + ".xyz");
    if (!QFile::exists(path)) continue;
    try {
      chargeLayouts_.emplace_back(
          set, training::chargeLayout(
                   input_, training::readTrainingSet(path.toStdString(), input_.elements),
                   set == "train"));
    } catch (const std::exception& e) {
      log(QString::fromUtf8(e.what()));
    }
  }
}

QChart* TrainPanel::lossChart() const { return loss_->chart(); }
QChart* TrainPanel::energyParityChart() const { return energy_->chart(); }
QChart* TrainPanel::forceParityChart() const { return force_->chart(); }
QChart* TrainPanel::virialParityChart() const { return virial_->chart(); }
QChart* TrainPanel::chargeChart() const { return charge_->chart(); }

}  // namespace sei::studio
