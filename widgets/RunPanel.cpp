#include "RunPanel.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>
#include <cmath>
#include <limits>

#include "md/BackendRegistry.hpp"
#include "md/EnsembleRegistry.hpp"

namespace sei::studio {
namespace {

QDoubleSpinBox* spin(double lo, double hi, double value, int decimals, const QString& unit) {
  auto* s = new QDoubleSpinBox;
  s->setRange(lo, hi);
  s->setDecimals(decimals);
  s->setValue(value);
  s->setSuffix(" " + unit);
  s->setKeyboardTracking(false);
  return s;
}

QSpinBox* intSpin(int lo, int hi, int value, const QString& suffix) {
  auto* s = new QSpinBox;
  s->setRange(lo, hi);
  s->setValue(value);
  s->setSuffix(suffix);
  s->setGroupSeparatorShown(true);
  return s;
}

/// The exact value last set while the box still shows it (spin boxes round to their decimals),
/// else the value edited: a project's numbers reach run.in unchanged.
double keptOrEdited(const QDoubleSpinBox* box, double set) {
  return std::abs(box->value() - set) <= 0.5 * std::pow(10.0, -box->decimals()) ? set
                                                                                : box->value();
}

/// The seed as the field can show it.
int shownSeed(std::uint64_t seed) {
  return static_cast<int>(std::min<std::uint64_t>(seed, std::numeric_limits<int>::max()));
}

}  // namespace

QString formatDuration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return QStringLiteral("\u2014");
  const long s = std::lround(seconds);
  if (s < 60) return QObject::tr("%1 s").arg(s);
  if (s < 3600) return QObject::tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
  return QObject::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QChar('0'));
}

RunPanel::RunPanel(QWidget* parent)
    : QWidget(parent),
      ensemble_(new QComboBox),
      temperature_(spin(0.0, 1e5, 300.0, 1, "K")),
      ramp_(new QCheckBox(tr("ramp to"))),
      temperatureEnd_(spin(0.0, 1e5, 300.0, 1, "K")),
      thermostatTau_(spin(1.0, 1e6, 100.0, 1, "fs")),
      pressure_(spin(-100.0, 100.0, 0.0, 4, "GPa")),
      coupling_(new QComboBox),
      barostatTau_(spin(10.0, 1e7, 1000.0, 0, "fs")),
      timeStep_(spin(0.01, 10.0, 0.5, 2, "fs")),
      steps_(intSpin(1, 2000000000, 10000, "")),
      duration_(new QLabel),
      kspace_(new QComboBox),
      snapshotInterval_(intSpin(1, 1000000, 10, tr(" steps"))),
      thermoInterval_(intSpin(1, 1000000, 10, tr(" steps"))),
      dumpInterval_(intSpin(0, 2000000000, 100, tr(" steps"))),
      checkpointInterval_(intSpin(0, 2000000000, 0, tr(" steps"))),
      seed_(intSpin(0, std::numeric_limits<int>::max(), 2024, "")),
      relax_(new QCheckBox(tr("relax first (FIRE)"))),
      backend_(new QComboBox),
      start_(new QPushButton(tr("Start"))),
      pause_(new QPushButton(tr("Pause"))),
      stop_(new QPushButton(tr("Stop"))),
      runMore_(new QPushButton(tr("Run more\u2026"))),
      outputs_(new QLineEdit),
      chooseOutputs_(new QPushButton(tr("Change\u2026"))),
      progress_(new QProgressBar),
      reason_(new QLabel) {
  // The ensembles the engine registers (md/EnsembleRegistry), with their run.in parameters.
  for (const EnsembleDescriptor& d : registeredEnsembles()) {
    ensemble_->addItem(QString::fromStdString(d.label), QString::fromStdString(d.keyword));
    QStringList parameters;
    for (const EnsembleParameter& p : ensembleParameters(d.form))
      parameters << QStringLiteral("%1 (%2): %3")
                        .arg(QString::fromStdString(p.name), QString::fromStdString(p.unit),
                             QString::fromStdString(p.description));
    ensemble_->setItemData(
        ensemble_->count() - 1,
        tr("run.in: ensemble %1 %2")
                .arg(QString::fromStdString(d.keyword), parameters.isEmpty() ? QString() : "\n") +
            parameters.join("\n"),
        Qt::ToolTipRole);
  }
  coupling_->addItem(tr("isotropic"), static_cast<int>(PressureCouplingMode::Isotropic));
  coupling_->addItem(tr("anisotropic (x, y, z)"),
                     static_cast<int>(PressureCouplingMode::Anisotropic));
  coupling_->addItem(tr("lateral (x, y; slabs)"), static_cast<int>(PressureCouplingMode::Lateral));
  coupling_->addItem(tr("normal only (z)"), static_cast<int>(PressureCouplingMode::AxialZ));
  kspace_->addItem(tr("PPPM (GPUMD default)"), static_cast<int>(KSpaceMethod::Pppm));
  kspace_->addItem(tr("Ewald (as NEP_CPU)"), static_cast<int>(KSpaceMethod::Ewald));
  backend_->addItem(tr("CPU (double precision, OpenMP)"), QStringLiteral("cpu"));
  std::string why;
  const bool cuda = backendUsable("cuda", why);
  backend_->addItem(cuda ? tr("CUDA: %1").arg(QString::fromStdString(why))
                         : tr("CUDA (unavailable: %1)").arg(QString::fromStdString(why)),
                    QStringLiteral("cuda"));
  // Listed either way, so users see the GPU path exists and why it cannot be chosen here.
  if (auto* items = qobject_cast<QStandardItemModel*>(backend_->model()))
    items->item(1)->setEnabled(cuda);
  // Long entries ("NPT, Bussi thermostat + stochastic cell rescaling") are read in the open
  // list: closed, the boxes take the panel's width, not the longest entry's.
  for (QComboBox* box : {ensemble_, coupling_, kspace_, backend_}) {
    box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    box->setMinimumContentsLength(12);
  }
  checkpointInterval_->setSpecialValueText(tr("only at the end"));
  dumpInterval_->setSpecialValueText(tr("not recorded"));
  snapshotInterval_->setToolTip(tr("Frames handed to the live view and plots"));
  dumpInterval_->setToolTip(
      tr("Frames written to dump.xyz in the run folder (with charges for "
         "qNEP models); plots can show them again later"));
  seed_->setToolTip(
      tr("Seed of the initial velocities (run.in: velocity T seed SEED): the same "
         "seed gives the same trajectory in the studio and with sei run"));
  seed_->setGroupSeparatorShown(false);
  relax_->setToolTip(tr("run.in: minimize fire %1 %2 before the first block: positions relaxed "
                        "until no force component exceeds %1 eV/\u00c5 (at most %2 steps), so "
                        "packed molecules do not start hot")
                         .arg(kRelaxForceTolerance)
                         .arg(kRelaxMaxSteps));
  steps_->setSingleStep(1000);
  reason_->setWordWrap(true);
  reason_->setStyleSheet("color: #c0392b;");
  progress_->setRange(0, 1000);
  progress_->setValue(0);
  progress_->setFormat(tr("idle"));
  progress_->setTextVisible(true);

  auto* rampRow = new QHBoxLayout;
  rampRow->addWidget(ramp_);
  rampRow->addWidget(temperatureEnd_);
  auto* form = new QFormLayout;
  form->addRow(tr("Before MD:"), relax_);
  form->addRow(tr("Ensemble:"), ensemble_);
  form->addRow(tr("Temperature:"), temperature_);
  form->addRow(QString(), rampRow);
  form->addRow(tr("Thermostat \u03c4:"), thermostatTau_);
  form->addRow(tr("Pressure:"), pressure_);
  form->addRow(tr("Coupling:"), coupling_);
  form->addRow(tr("Barostat \u03c4:"), barostatTau_);
  form->addRow(tr("Time step:"), timeStep_);
  form->addRow(tr("Steps:"), steps_);
  form->addRow(tr("Duration:"), duration_);
  form->addRow(tr("k-space:"), kspace_);
  form->addRow(tr("View frame every:"), snapshotInterval_);
  form->addRow(tr("Thermo every:"), thermoInterval_);
  form->addRow(tr("Trajectory every:"), dumpInterval_);
  form->addRow(tr("Checkpoint every:"), checkpointInterval_);
  form->addRow(tr("Velocity seed:"), seed_);
  form->addRow(tr("Backend:"), backend_);
  outputs_->setReadOnly(true);
  outputs_->setObjectName("outputsFolder");
  auto* outputsRow = new QHBoxLayout;
  outputsRow->addWidget(outputs_, 1);
  outputsRow->addWidget(chooseOutputs_);
  form->addRow(tr("Writes to:"), outputsRow);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(start_);
  buttons->addWidget(pause_);
  buttons->addWidget(stop_);
  runMore_->setEnabled(false);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addLayout(buttons);
  layout->addWidget(runMore_);  // a row of its own: four buttons in one would widen the panel
  layout->addWidget(progress_);
  layout->addWidget(reason_);
  layout->addStretch();

  connect(ramp_, &QCheckBox::toggled, this, &RunPanel::updateEnabled);
  connect(ensemble_, &QComboBox::currentIndexChanged, this, &RunPanel::updateEnabled);
  connect(timeStep_, &QDoubleSpinBox::valueChanged, this, &RunPanel::updateDuration);
  connect(steps_, &QSpinBox::valueChanged, this, &RunPanel::updateDuration);
  connect(start_, &QPushButton::clicked, this, &RunPanel::startRequested);
  connect(stop_, &QPushButton::clicked, this, &RunPanel::stopRequested);
  connect(runMore_, &QPushButton::clicked, this, &RunPanel::runMoreRequested);
  connect(chooseOutputs_, &QPushButton::clicked, this, &RunPanel::outputsFolderRequested);
  connect(pause_, &QPushButton::clicked, this, [this] {
    if (state_ == RunState::Paused)
      emit resumeRequested();
    else
      emit pauseRequested();
  });
  setSettings(RunSettings{});
}

RunSettings RunPanel::settings() const {
  RunSettings s = base_;
  ProjectRunSettings& r = s.run;
  const ProjectRunSettings& b = base_.run;
  r.ensemble = ensemble_->currentData().toString().toStdString();
  r.temperature = keptOrEdited(temperature_, b.temperature);
  r.temperatureEnd =
      ramp_->isChecked() ? keptOrEdited(temperatureEnd_, b.temperatureEnd) : r.temperature;
  r.timeStep = keptOrEdited(timeStep_, b.timeStep);
  // The panel shows coupling times in fs; run.in states them in time steps.
  auto coupling = [&](const QDoubleSpinBox* box, double steps) {
    const double tau = keptOrEdited(box, steps * b.timeStep);
    return tau == steps * b.timeStep && r.timeStep == b.timeStep ? steps : tau / r.timeStep;
  };
  r.temperatureCoupling = coupling(thermostatTau_, b.temperatureCoupling);
  r.pressure = keptOrEdited(pressure_, b.pressure);
  r.coupling = static_cast<PressureCouplingMode>(coupling_->currentData().toInt());
  r.pressureCoupling = coupling(barostatTau_, b.pressureCoupling);
  r.steps = steps_->value();
  r.kspace = static_cast<KSpaceMethod>(kspace_->currentData().toInt());
  s.snapshotInterval = snapshotInterval_->value();
  r.thermoInterval = thermoInterval_->value();
  r.dumpInterval = dumpInterval_->value();
  r.checkpointInterval = checkpointInterval_->value();
  // A seed beyond the field's range is kept until the field is edited.
  if (seed_->value() != shownSeed(base_.run.velocitySeed)) r.velocitySeed = seed_->value();
  r.backend = backend_->currentData().toString().toStdString();
  r.relax = relax_->isChecked();
  return s;
}

void RunPanel::setSettings(const RunSettings& s) {
  base_ = s;
  const ProjectRunSettings& r = s.run;
  ensemble_->setCurrentIndex(ensemble_->findData(QString::fromStdString(r.ensemble)));
  temperature_->setValue(r.temperature);
  ramp_->setChecked(r.temperatureEnd != r.temperature);
  temperatureEnd_->setValue(r.temperatureEnd);
  thermostatTau_->setValue(r.temperatureCoupling * r.timeStep);
  pressure_->setValue(r.pressure);
  coupling_->setCurrentIndex(coupling_->findData(static_cast<int>(r.coupling)));
  barostatTau_->setValue(r.pressureCoupling * r.timeStep);
  timeStep_->setValue(r.timeStep);
  steps_->setValue(static_cast<int>(std::min<std::int64_t>(r.steps, steps_->maximum())));
  kspace_->setCurrentIndex(kspace_->findData(static_cast<int>(r.kspace)));
  snapshotInterval_->setValue(s.snapshotInterval);
  thermoInterval_->setValue(static_cast<int>(r.thermoInterval));
  dumpInterval_->setValue(static_cast<int>(r.dumpInterval));
  checkpointInterval_->setValue(static_cast<int>(r.checkpointInterval));
  seed_->setValue(shownSeed(r.velocitySeed));
  relax_->setChecked(r.relax);
  const int backend = backend_->findData(QString::fromStdString(r.backend));
  if (backend >= 0 &&
      backend_->model()->flags(backend_->model()->index(backend, 0)) & Qt::ItemIsEnabled)
    backend_->setCurrentIndex(backend);
  updateEnabled();
  updateDuration();
}

void RunPanel::setRunnable(bool runnable, const QString& reason) {
  runnable_ = runnable;
  reason_->setText(runnable ? QString() : reason);
  updateEnabled();
}

QString RunPanel::reason() const { return reason_->text(); }

void RunPanel::setOutputsFolder(const QString& folder, const QString& toolTip) {
  outputs_->setText(folder);
  outputs_->setCursorPosition(folder.size());  // the folder's own name is the end
  outputs_->setToolTip(toolTip);
}

QString RunPanel::outputsFolder() const { return outputs_->text(); }

void RunPanel::setRunMore(bool enabled, const QString& toolTip) {
  runMore_->setEnabled(enabled);
  runMore_->setToolTip(toolTip);
}

void RunPanel::setRunState(RunState state) {
  state_ = state;
  switch (state) {
    case RunState::Preparing:
      progress_->setFormat(tr("preparing (forces, velocities)\u2026"));
      break;
    case RunState::Paused:
      progress_->setFormat(tr("paused at %p%"));
      break;
    case RunState::Stopping:
      progress_->setFormat(tr("stopping, writing the checkpoint\u2026"));
      break;
    case RunState::Finished:
      progress_->setFormat(tr("finished"));
      break;
    case RunState::Stopped:
      progress_->setFormat(tr("stopped at %p% (checkpoint written)"));
      break;
    case RunState::Failed:
      progress_->setFormat(tr("failed"));
      break;
    default:
      break;
  }
  updateEnabled();
}

void RunPanel::setActivity(const QString& line) {
  if (state_ == RunState::Running || state_ == RunState::Preparing) progress_->setFormat(line);
}

void RunPanel::setProgress(const Progress& p) {
  const double fraction = p.totalSteps > 0 ? double(p.step) / double(p.totalSteps) : 0.0;
  progress_->setValue(static_cast<int>(std::lround(1000.0 * fraction)));
  if (state_ == RunState::Running)
    progress_->setFormat(tr("step %1 / %2 \u2014 ETA %3")
                             .arg(p.step)
                             .arg(p.totalSteps)
                             .arg(formatDuration(p.secondsRemaining)));
}

void RunPanel::updateEnabled() {
  const bool active = isActive(state_);
  start_->setEnabled(runnable_ && !active);
  start_->setToolTip(active      ? tr("A run is in progress.")
                     : runnable_ ? tr("Start the run (F5)")
                                 : reason_->text());
  pause_->setEnabled(state_ == RunState::Running || state_ == RunState::Paused ||
                     state_ == RunState::Preparing);
  pause_->setText(state_ == RunState::Paused ? tr("Resume") : tr("Pause"));
  stop_->setEnabled(active && state_ != RunState::Stopping);
  chooseOutputs_->setEnabled(!active);
  // A disabled button says why.
  pause_->setToolTip(!pause_->isEnabled()       ? tr("No run is in progress to pause.")
                     : state_ == RunState::Paused ? tr("Resume the run (F6)")
                                                  : tr("Pause the run (F6)"));
  stop_->setToolTip(!active ? tr("No run is in progress to stop.")
                    : state_ == RunState::Stopping
                        ? tr("The run is already stopping.")
                        : tr("Stop the run; its checkpoint is written (Shift+F5)"));
  ramp_->setToolTip(active ? tr("Stop the run to change its settings")
                           : tr("Ramp the thermostat's temperature linearly over the run"));
  chooseOutputs_->setToolTip(active ? tr("Stop the run to change where it writes")
                                    : tr("Choose the folder the run writes to"));
  const EnsembleDescriptor* kind = findEnsemble(ensemble_->currentData().toString().toStdString());
  const bool thermostat = kind && kind->form != EnsembleForm::Plain;
  const bool barostat = kind && kind->form == EnsembleForm::ThermostatBarostat;
  thermostatTau_->setEnabled(thermostat);
  pressure_->setEnabled(barostat);
  coupling_->setEnabled(barostat);
  barostatTau_->setEnabled(barostat);
  for (QWidget* w : std::initializer_list<QWidget*>{
           ensemble_, temperature_, ramp_, timeStep_, steps_, kspace_, snapshotInterval_,
           thermoInterval_, dumpInterval_, checkpointInterval_, seed_, relax_})
    w->setEnabled(!active);
  temperatureEnd_->setEnabled(!active && ramp_->isChecked());
}

void RunPanel::updateDuration() {
  const double ps = timeStep_->value() * steps_->value() / 1000.0;
  duration_->setText(tr("%1 ps").arg(ps, 0, 'g', 4));
}

}  // namespace sei::studio
