#include "RunPanel.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>
#include <cmath>

#include "md/BackendRegistry.hpp"

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
      backend_(new QComboBox),
      start_(new QPushButton(tr("Start"))),
      pause_(new QPushButton(tr("Pause"))),
      stop_(new QPushButton(tr("Stop"))),
      progress_(new QProgressBar),
      reason_(new QLabel) {
  for (RunEnsemble k : {RunEnsemble::Nve, RunEnsemble::Langevin, RunEnsemble::Bussi,
                        RunEnsemble::NoseHoover, RunEnsemble::NptScr})
    ensemble_->addItem(tr(ensembleLabel(k)), static_cast<int>(k));
  coupling_->addItem(tr("isotropic"), static_cast<int>(PressureCoupling::Isotropic));
  coupling_->addItem(tr("anisotropic (x, y, z)"), static_cast<int>(PressureCoupling::Anisotropic));
  coupling_->addItem(tr("lateral (x, y; slabs)"), static_cast<int>(PressureCoupling::Lateral));
  coupling_->addItem(tr("normal only (z)"), static_cast<int>(PressureCoupling::AxialZ));
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
  checkpointInterval_->setSpecialValueText(tr("only at the end"));
  dumpInterval_->setSpecialValueText(tr("not recorded"));
  snapshotInterval_->setToolTip(tr("Frames handed to the live view and plots"));
  dumpInterval_->setToolTip(
      tr("Frames written to dump.xyz in the run folder (with charges for "
         "qNEP models); plots can show them again later"));
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
  form->addRow(tr("Backend:"), backend_);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(start_);
  buttons->addWidget(pause_);
  buttons->addWidget(stop_);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addLayout(buttons);
  layout->addWidget(progress_);
  layout->addWidget(reason_);
  layout->addStretch();

  connect(ramp_, &QCheckBox::toggled, this, &RunPanel::updateEnabled);
  connect(ensemble_, &QComboBox::currentIndexChanged, this, &RunPanel::updateEnabled);
  connect(timeStep_, &QDoubleSpinBox::valueChanged, this, &RunPanel::updateDuration);
  connect(steps_, &QSpinBox::valueChanged, this, &RunPanel::updateDuration);
  connect(start_, &QPushButton::clicked, this, &RunPanel::startRequested);
  connect(stop_, &QPushButton::clicked, this, &RunPanel::stopRequested);
  connect(pause_, &QPushButton::clicked, this, [this] {
    if (state_ == RunState::Paused)
      emit resumeRequested();
    else
      emit pauseRequested();
  });
  setSettings(RunSettings{});
}

RunSettings RunPanel::settings() const {
  RunSettings s;
  s.ensemble = static_cast<RunEnsemble>(ensemble_->currentData().toInt());
  s.temperature = temperature_->value();
  s.temperatureEnd = ramp_->isChecked() ? temperatureEnd_->value() : s.temperature;
  s.thermostatTau = thermostatTau_->value();
  s.pressure = pressure_->value();
  s.coupling = static_cast<PressureCoupling>(coupling_->currentData().toInt());
  s.barostatTau = barostatTau_->value();
  s.timeStep = timeStep_->value();
  s.steps = steps_->value();
  s.kspace = static_cast<KSpaceMethod>(kspace_->currentData().toInt());
  s.snapshotInterval = snapshotInterval_->value();
  s.thermoInterval = thermoInterval_->value();
  s.dumpInterval = dumpInterval_->value();
  s.checkpointInterval = checkpointInterval_->value();
  s.backend = backend_->currentData().toString().toStdString();
  return s;
}

void RunPanel::setSettings(const RunSettings& s) {
  ensemble_->setCurrentIndex(ensemble_->findData(static_cast<int>(s.ensemble)));
  temperature_->setValue(s.temperature);
  ramp_->setChecked(s.temperatureEnd != s.temperature);
  temperatureEnd_->setValue(s.temperatureEnd);
  thermostatTau_->setValue(s.thermostatTau);
  pressure_->setValue(s.pressure);
  coupling_->setCurrentIndex(coupling_->findData(static_cast<int>(s.coupling)));
  barostatTau_->setValue(s.barostatTau);
  timeStep_->setValue(s.timeStep);
  steps_->setValue(static_cast<int>(std::min<std::int64_t>(s.steps, steps_->maximum())));
  kspace_->setCurrentIndex(kspace_->findData(static_cast<int>(s.kspace)));
  snapshotInterval_->setValue(s.snapshotInterval);
  thermoInterval_->setValue(s.thermoInterval);
  dumpInterval_->setValue(s.dumpInterval);
  checkpointInterval_->setValue(s.checkpointInterval);
  const int backend = backend_->findData(QString::fromStdString(s.backend));
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
  start_->setToolTip(runnable_ ? tr("Start the run (F5)") : reason_->text());
  pause_->setEnabled(state_ == RunState::Running || state_ == RunState::Paused ||
                     state_ == RunState::Preparing);
  pause_->setText(state_ == RunState::Paused ? tr("Resume") : tr("Pause"));
  stop_->setEnabled(active && state_ != RunState::Stopping);
  const auto kind = static_cast<RunEnsemble>(ensemble_->currentData().toInt());
  const bool thermostat = kind != RunEnsemble::Nve;
  const bool barostat = kind == RunEnsemble::NptScr;
  thermostatTau_->setEnabled(thermostat);
  pressure_->setEnabled(barostat);
  coupling_->setEnabled(barostat);
  barostatTau_->setEnabled(barostat);
  for (QWidget* w : std::initializer_list<QWidget*>{
           ensemble_, temperature_, ramp_, timeStep_, steps_, kspace_, snapshotInterval_,
           thermoInterval_, dumpInterval_, checkpointInterval_})
    w->setEnabled(!active);
  temperatureEnd_->setEnabled(!active && ramp_->isChecked());
}

void RunPanel::updateDuration() {
  const double ps = timeStep_->value() * steps_->value() / 1000.0;
  duration_->setText(tr("%1 ps").arg(ps, 0, 'g', 4));
}

}  // namespace sei::studio
