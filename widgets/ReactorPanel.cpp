#include "ReactorPanel.hpp"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QTabWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <map>

#include "ChartLines.hpp"
#include "NewReactorPlan.hpp"
#include "ParityChart.hpp"
#include "ReactorPlanForm.hpp"
#include "core/Formula.hpp"
#include "io/AtomicFile.hpp"
#include "io/ExtXyz.hpp"
#include "project/JsonFields.hpp"
#include "reactor/ReactorLoop.hpp"
#include "reactor/ReactorPlan.hpp"
#include "reactor/SamplingStages.hpp"

namespace sei::studio {
namespace {

QString generationName(int g) { return QStringLiteral("gen-%1").arg(g, 3, 10, QLatin1Char('0')); }

QString frameLine(const Structure& s, std::size_t index) {
  std::map<std::string, int> counts;
  for (const std::string& e : s.symbols) ++counts[e];
  return QObject::tr("#%1  %2  (%3 atoms)")
      .arg(index)
      .arg(QString::fromStdString(hillFormula(counts)))
      .arg(s.symbols.size());
}

/// Where `sei reactor PLAN.json` runs its loop: PLAN without `.json`.
QString loopFolderOf(const QString& plan) {
  const QFileInfo info(plan);
  return info.dir().filePath(info.completeBaseName());
}

}  // namespace

ReactorPanel::ReactorPanel(QWidget* parent)
    : QWidget(parent),
      form_(new ReactorPlanForm),
      path_(new QLineEdit),
      save_(new QPushButton(tr("Save plan"))),
      start_(new QPushButton(tr("Start"))),
      stop_(new QPushButton(tr("Stop"))),
      resume_(new QPushButton(tr("Resume"))),
      status_(new QLabel(tr("No plan open."))),
      tabs_(new QTabWidget),
      dataset_(styledChartView(200)),
      errors_(styledChartView(200)),
      generation_(new QComboBox),
      energy_(styledChartView(240)),
      force_(styledChartView(240)),
      tests_(new QListWidget),
      frames_(new QListWidget),
      log_(new QPlainTextEdit) {
  path_->setReadOnly(true);
  path_->setPlaceholderText(tr("reactor plan (PLAN.json); its loop runs in the folder PLAN/"));
  auto* create = new QPushButton(tr("New plan\u2026"));
  create->setToolTip(
      tr("Writes a minimal plan for a starting training set and a test structure, then opens "
         "it"));
  auto* open = new QPushButton(tr("Open plan\u2026"));
  auto* saveAs = new QPushButton(tr("Save as\u2026"));
  auto* openFolder = new QPushButton(tr("Open loop folder\u2026"));
  auto* fileRow = new QHBoxLayout;
  fileRow->addWidget(path_, 1);
  for (QPushButton* b : {create, open, save_, saveAs, openFolder}) fileRow->addWidget(b);

  auto* buttons = new QHBoxLayout;
  for (QPushButton* b : {start_, stop_, resume_}) buttons->addWidget(b);
  buttons->addWidget(status_, 1);
  status_->setWordWrap(true);

  auto* progress = new QWidget;
  auto* progressLayout = new QVBoxLayout(progress);
  progressLayout->addWidget(dataset_);
  progressLayout->addWidget(errors_);

  auto* parity = new QWidget;
  auto* parityLayout = new QVBoxLayout(parity);
  auto* generationRow = new QHBoxLayout;
  generationRow->addWidget(new QLabel(tr("Generation:")));
  generationRow->addWidget(generation_, 1);
  parityLayout->addLayout(generationRow);
  parityLayout->addWidget(energy_);
  parityLayout->addWidget(force_);
  frames_->setToolTip(
      tr("The frames this generation's selection chose for labelling; click one "
         "to show it in the 3D view"));
  parityLayout->addWidget(new QLabel(tr("Frames chosen for labelling:")));
  parityLayout->addWidget(frames_);

  tests_->setToolTip(tr("Each generation's test MD: passed, or the watchdog's event"));

  // The form is long: it scrolls in its tab, so the buttons and the other tabs keep their room.
  auto* formScroll = new QScrollArea;
  formScroll->setWidget(form_);
  formScroll->setWidgetResizable(true);
  formScroll->setFrameShape(QFrame::NoFrame);
  tabs_->addTab(formScroll, tr("Plan"));
  tabs_->addTab(progress, tr("Progress"));
  tabs_->addTab(parity, tr("Generation"));
  tabs_->addTab(tests_, tr("Test runs"));

  log_->setReadOnly(true);
  log_->setMaximumBlockCount(500);
  log_->setFixedHeight(90);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(fileRow);
  layout->addLayout(buttons);
  layout->addWidget(tabs_, 1);
  layout->addWidget(log_);

  connect(create, &QPushButton::clicked, this, &ReactorPanel::chooseNewPlan);
  connect(open, &QPushButton::clicked, this, &ReactorPanel::choosePlan);
  connect(openFolder, &QPushButton::clicked, this, &ReactorPanel::chooseLoopFolder);
  connect(save_, &QPushButton::clicked, this, [this] {
    if (!plan_.isEmpty() && savePlan(plan_)) log(tr("Saved %1.").arg(plan_));
  });
  connect(saveAs, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save reactor plan"), plan_,
                                                      tr("Reactor plans (*.json)"));
    if (!path.isEmpty() && savePlan(path)) log(tr("Saved %1.").arg(path));
  });
  connect(start_, &QPushButton::clicked, this, &ReactorPanel::requestRun);
  connect(resume_, &QPushButton::clicked, this, &ReactorPanel::requestRun);
  connect(stop_, &QPushButton::clicked, this, &ReactorPanel::stopRequested);
  connect(generation_, &QComboBox::currentIndexChanged, this, &ReactorPanel::showGeneration);
  connect(frames_, &QListWidget::currentRowChanged, this, [this](int row) {
    if (row < 0 || static_cast<std::size_t>(row) >= selected_.size()) return;
    emit frameChosen(selected_[static_cast<std::size_t>(row)],
                     tr("%1 selected #%2").arg(generation_->currentText()).arg(row));
  });
  drawHistory();
  updateButtons();
}

void ReactorPanel::choosePlan() {
  const QString path =
      QFileDialog::getOpenFileName(this, tr("Reactor plan"), plan_, tr("Reactor plans (*.json)"));
  if (!path.isEmpty()) openPlan(path);
}

void ReactorPanel::chooseNewPlan() {
  // The save dialog asks before it lets an existing file be chosen.
  const QString plan = QFileDialog::getSaveFileName(this, tr("New reactor plan"), plan_,
                                                    tr("Reactor plans (*.json)"));
  if (plan.isEmpty()) return;
  const QString dir = QFileInfo(plan).absolutePath();
  const QString dataset =
      QFileDialog::getOpenFileName(this, tr("Starting training set (GPUMD train.xyz)"), dir,
                                   tr("Extended XYZ (*.xyz);;All files (*)"));
  if (dataset.isEmpty()) return;
  const QString structure =
      QFileDialog::getOpenFileName(this, tr("Test structure: the target interface (extended XYZ)"),
                                   dir, tr("Extended XYZ (*.xyz);;All files (*)"));
  if (structure.isEmpty()) {
    log(tr("No plan written: the loop's test needs a structure (the target interface)."));
    return;
  }
  emit newPlanChosen(plan, dataset, structure);
}

void ReactorPanel::chooseLoopFolder() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Reactor loop folder"));
  if (!dir.isEmpty()) openLoopFolder(dir);
}

bool ReactorPanel::openPlan(const QString& path) {
  nlohmann::json plan;
  try {
    plan = parseJsonText(readTextFile(path.toStdString(), "reactor plan"), path.toStdString());
  } catch (const std::exception& e) {
    log(QString::fromUtf8(e.what()));
    form_->showError(QString::fromUtf8(e.what()));
    return false;
  }
  plan_ = path;
  folder_ = loopFolderOf(path);
  shownStage_ = {-2, 0};  // another loop: its files are read afresh
  path_->setText(QDir::toNativeSeparators(path));
  form_->setPlan(plan);
  refresh();
  log(history_.empty()
          ? tr("Opened %1.").arg(path)
          : tr("Opened %1: %n generation(s) in %2.", nullptr, static_cast<int>(history_.size()))
                .arg(path, loopFolder()));
  return true;
}

bool ReactorPanel::openLoopFolder(const QString& dir) {
  const QString beside = QDir::cleanPath(dir) + ".json";
  if (QFileInfo::exists(beside)) return openPlan(beside);
  const QString kept = QDir(dir).filePath("plan.json");
  if (!QFileInfo::exists(kept)) {
    log(tr("%1 holds no reactor loop (no plan.json).").arg(dir));
    return false;
  }
  // The kept copy names the loop's own folder; its relative paths are the original plan's.
  if (!openPlan(kept)) return false;
  folder_ = QDir::cleanPath(dir);
  shownStage_ = {-2, 0};  // another loop: its files are read afresh
  refresh();
  return true;
}

namespace {

/// Checks `text` as `sei reactor` reads a plan from `path` (the plan, its sampling and
/// selection) and writes it there atomically; throws the engine's error, nothing written.
void writeCheckedPlan(const std::string& text, const QString& path) {
  const reactor::ReactorPlan plan = reactor::parseReactorPlan(text, path.toStdString());
  reactor::ReactorStages stages;
  reactor::addSamplingStages(stages, plan);
  writeFileAtomically(path.toStdString(), text);
}

}  // namespace

bool ReactorPanel::refusePlan(const QString& why) {
  form_->showError(why);
  tabs_->setCurrentIndex(0);  // the Plan tab
  log(tr("Plan not saved: %1").arg(why));
  status_->setText(tr("Plan not saved: %1").arg(why));
  return false;
}

bool ReactorPanel::savePlan(const QString& path) {
  try {
    writeCheckedPlan(form_->plan().dump(2) + "\n", path);
  } catch (const std::exception& e) {
    return refusePlan(QString::fromUtf8(e.what()));
  }
  form_->showError({});
  if (plan_ != path) {
    plan_ = path;
    folder_ = loopFolderOf(path);
    shownStage_ = {-2, 0};  // another loop: its files are read afresh
    path_->setText(QDir::toNativeSeparators(path));
    refresh();
  }
  return true;
}

bool ReactorPanel::newPlan(const QString& planPath, const QString& dataset,
                           const QString& testStructure, const nlohmann::json& recipe,
                           bool replace) {
  if (!replace && QFileInfo::exists(planPath))
    return refusePlan(tr("%1 exists already: a new plan does not replace it").arg(planPath));
  if (dataset.isEmpty()) return refusePlan(tr("a new plan needs a starting training set"));
  if (testStructure.isEmpty())
    return refusePlan(tr("a new plan needs a test structure (the target interface)"));
  try {
    writeCheckedPlan(newReactorPlan(planPath, dataset, testStructure, recipe).dump(2) + "\n",
                     planPath);
  } catch (const std::exception& e) {
    return refusePlan(QString::fromUtf8(e.what()));
  }
  if (!openPlan(planPath)) return false;
  log(tr("New plan %1: edit it, then Start.").arg(planPath));
  return true;
}

void ReactorPanel::requestRun() {
  if (plan_.isEmpty() || !savePlan(plan_)) return;
  emit startRequested(plan_, loopFolder());
}

void ReactorPanel::refresh() {
  try {
    history_ = folder_.isEmpty() ? std::vector<reactor::GenerationRecord>{}
                                 : reactor::loopHistory(folder_.toStdString());
  } catch (const std::exception& e) {
    log(QString::fromUtf8(e.what()));
  }
  drawHistory();
}

void ReactorPanel::setRunning(bool running, bool stopping) {
  running_ = running;
  stopping_ = stopping;
  if (!running) refresh();
  updateButtons();
}

void ReactorPanel::log(const QString& line) { log_->appendPlainText(line); }

namespace {

/// Enables `button` when `whyNot` is empty; the tooltip says what it does, or why it cannot.
void setAvailable(QPushButton* button, const QString& whyNot, const QString& what) {
  button->setEnabled(whyNot.isEmpty());
  button->setToolTip(whyNot.isEmpty() ? what : whyNot);
}

}  // namespace

void ReactorPanel::updateButtons() {
  const bool open = !plan_.isEmpty();
  // A disabled button says why in its tooltip; an enabled one what it does.
  const QString noPlan =
      tr("No plan is open: New plan\u2026, Open plan\u2026, or Save as\u2026 names one");
  const QString busy = tr("The loop is running: Stop it first");
  setAvailable(start_,
               !open               ? noPlan
               : running_          ? busy
               : !history_.empty() ? tr("This loop has run already: Resume continues it")
                                   : QString(),
               tr("Saves the plan and runs the loop in its folder from the start"));
  setAvailable(resume_,
               !open              ? noPlan
               : running_         ? busy
               : history_.empty() ? tr("Nothing to resume: the loop has not run yet")
                                  : QString(),
               tr("Runs the loop again: finished stages (their STAGE.done markers) are "
                  "skipped, the one cut short is redone"));
  setAvailable(stop_,
               !running_   ? tr("No loop is running")
               : stopping_ ? tr("Stopping already, at the next stage boundary")
                           : QString(),
               tr("Stops at the next stage boundary (a running CP2K is killed, a training "
                  "writes its restart); Resume goes on there"));
  setAvailable(save_,
               !open      ? noPlan
               : running_ ? tr("The plan is fixed while its loop runs")
                          : QString(),
               tr("Checks the plan as sei reactor does and writes it"));
  form_->setEnabled(!running_);
  if (running_)
    status_->setText(stopping_ ? tr("Stopping at the next stage boundary\u2026")
                               : tr("Running in %1").arg(loopFolder()));
  else if (open)
    status_->setText(history_.empty()
                         ? tr("Not run yet.")
                         : tr("%n generation(s) in %1.", nullptr, static_cast<int>(history_.size()))
                               .arg(loopFolder()));
}

void ReactorPanel::drawHistory() {
  std::vector<Line> sizes = {{tr("training frames"), {}}, {tr("labelled this generation"), {}}};
  std::vector<Line> errors = {{QString::fromUtf8("force RMSE train (eV/\u00c5)"), {}},
                              {QString::fromUtf8("force RMSE test (eV/\u00c5)"), {}},
                              {tr("energy RMSE train (eV/atom)"), {}, true},
                              {tr("energy RMSE test (eV/atom)"), {}, true}};
  tests_->clear();
  for (const reactor::GenerationRecord& r : history_) {
    const double g = r.generation;
    if (r.finished("train")) {
      sizes[0].points.append(QPointF(g, static_cast<double>(r.trainingFrames)));
      const reactor::TrainResult& m = r.models.front();
      errors[0].points.append(QPointF(g, m.forceTrain));
      errors[1].points.append(QPointF(g, m.forceTest));
      errors[2].points.append(QPointF(g, m.energyTrain));
      errors[3].points.append(QPointF(g, m.energyTest));
    }
    if (r.finished("label")) sizes[1].points.append(QPointF(g, static_cast<double>(r.labelled)));
    if (r.finished("test")) {
      auto* item = new QListWidgetItem(tr("%1: %2 \u2014 %3")
                                           .arg(generationName(r.generation),
                                                r.test.passed ? tr("passed") : tr("failed"),
                                                QString::fromStdString(r.test.message)));
      item->setForeground(r.test.passed ? QColor(0, 120, 0) : QColor(180, 0, 0));
      tests_->addItem(item);
    }
  }
  // Without a test set the test columns are zeros: not a measurement.
  errors.erase(std::remove_if(errors.begin(), errors.end(),
                              [](const Line& l) {
                                return std::none_of(l.points.begin(), l.points.end(),
                                                    [](const QPointF& p) { return p.y() > 0; });
                              }),
               errors.end());
  Axes sizeAxes(tr("generation"), tr("frames"));
  sizeAxes.xFromZero = sizeAxes.yFromZero = sizeAxes.xWhole = true;
  setLines(dataset_->chart(), sizes, sizeAxes);
  dataset_->chart()->setTitle(tr("Training set per generation"));
  Axes errorAxes(tr("generation"), QString::fromUtf8("force RMSE (eV/\u00c5)"),
                 tr("energy RMSE (eV/atom)"));
  errorAxes.xFromZero = errorAxes.yFromZero = errorAxes.rightFromZero = errorAxes.xWhole = true;
  setLines(errors_->chart(), errors, errorAxes);
  errors_->chart()->setTitle(tr("Model errors per generation (committee member 0)"));

  const QString shown = generation_->currentText();
  {
    const QSignalBlocker block(generation_);
    generation_->clear();
    for (const reactor::GenerationRecord& r : history_)
      generation_->addItem(generationName(r.generation), r.generation);
    const int keep = generation_->findText(shown);
    generation_->setCurrentIndex(keep >= 0 && running_ ? keep : generation_->count() - 1);
  }
  // Parity files and frames are reread only when the shown generation has moved on a stage.
  const int g = generation_->currentIndex();
  const std::pair<int, std::size_t> stage{g, g >= 0 ? history_[g].done.size() : 0};
  if (stage != shownStage_) showGeneration();
  updateButtons();
}

void ReactorPanel::showGeneration() {
  const int g = generation_->currentIndex();
  shownStage_ = {g, g >= 0 ? history_[g].done.size() : 0};
  const QDir dir(loopFolder() + "/" + generation_->currentText());
  const bool any = generation_->currentIndex() >= 0;
  auto read = [&](const QString& name) {
    return any ? readParityPairs(dir.filePath("train/" + name),
                                 [this](const QString& line) { log(line); })
               : ParityPairs{};
  };
  setParity(energy_->chart(), tr("energy"), tr("eV/atom"),
            {{tr("train"), read("energy_train.out")}, {tr("test"), read("energy_test.out")}});
  setParity(force_->chart(), tr("force"), QString::fromUtf8("eV/\u00c5"),
            {{tr("train"), read("force_train.out")}, {tr("test"), read("force_test.out")}});
  frames_->clear();
  selected_.clear();
  const QString selected = dir.filePath("selected.xyz");
  if (!any || !QFileInfo::exists(selected)) return;
  try {
    selected_ = readExtXyzFrames(selected.toStdString());
  } catch (const std::exception& e) {
    log(QString::fromUtf8(e.what()));
  }
  const QSignalBlocker block(frames_);
  for (std::size_t i = 0; i < selected_.size(); ++i) frames_->addItem(frameLine(selected_[i], i));
}

QChart* ReactorPanel::datasetChart() const { return dataset_->chart(); }
QChart* ReactorPanel::errorChart() const { return errors_->chart(); }
QChart* ReactorPanel::energyParityChart() const { return energy_->chart(); }
QChart* ReactorPanel::forceParityChart() const { return force_->chart(); }

}  // namespace sei::studio
