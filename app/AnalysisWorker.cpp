#include "AnalysisWorker.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <QThread>
#include <deque>
#include <utility>

namespace sei::studio {
namespace {
constexpr int kAnalysisNice = 10;
}  // namespace

/// What the GUI thread and the analysis thread share (guarded by mutex), and what only the
/// analysis thread touches (the pipelines and series).
struct AnalysisWorker::State {
  std::mutex mutex;
  std::shared_ptr<const Snapshot> pending;
  std::deque<std::shared_ptr<const Snapshot>> queue;  ///< appended frames, none skipped
  std::vector<ThermoSample> thermoIn;                 ///< appended thermo lines not yet taken
  bool externalThermo = false;
  bool posted = false;  ///< a process() call is queued or running
  bool resetRequested = true;
  bool rdfChanged = true;
  std::vector<std::string> rdfPairs = {"Na-O"};
  std::size_t rdfWindow = 0;
  long analysed = 0, skipped = 0;

  // Analysis thread only.
  std::unique_ptr<analysis::AnalysisPipeline> main;  ///< species, solvation, charge statistics
  std::unique_ptr<analysis::AnalysisPipeline> rdf;   ///< rebuilt when the pairs change
  std::vector<ThermoSample> thermo;
  bool thermoFromFile = false;
  std::shared_ptr<const PlotData> last;  ///< the data published last
};

AnalysisWorker::AnalysisWorker(QObject* parent)
    : QObject(parent), thread_(new QThread(this)), context_(new QObject), state_(new State) {
  context_->moveToThread(thread_);
  connect(thread_, &QThread::finished, context_, &QObject::deleteLater);
  thread_->start();
  // Like the simulation's worker: the GUI thread gets a core first (nice is per thread on Linux).
  QMetaObject::invokeMethod(context_, [] {
    setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), kAnalysisNice);
  });
}

AnalysisWorker::~AnalysisWorker() {
  thread_->quit();
  thread_->wait();
}

void AnalysisWorker::submit(std::shared_ptr<const Snapshot> frame) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (state_->pending) ++state_->skipped;
  state_->pending = std::move(frame);
  schedule();
}

void AnalysisWorker::append(std::shared_ptr<const Snapshot> frame) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->queue.push_back(std::move(frame));
  schedule();
}

std::size_t AnalysisWorker::queued() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->queue.size();
}

void AnalysisWorker::appendThermo(const std::vector<ThermoSample>& samples) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->thermoIn.insert(state_->thermoIn.end(), samples.begin(), samples.end());
  state_->externalThermo = true;
  schedule();
}

void AnalysisWorker::schedule() {
  if (state_->posted) return;
  state_->posted = true;
  QMetaObject::invokeMethod(
      context_, [this] { process(); }, Qt::QueuedConnection);
}

void AnalysisWorker::reset() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->pending.reset();
  state_->queue.clear();
  state_->thermoIn.clear();
  state_->externalThermo = false;
  state_->resetRequested = true;
}

void AnalysisWorker::setRdf(const QStringList& pairs, int window) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->rdfPairs.clear();
  for (const QString& p : pairs) state_->rdfPairs.push_back(p.toStdString());
  state_->rdfWindow = static_cast<std::size_t>(std::max(window, 0));
  state_->rdfChanged = true;
}

bool AnalysisWorker::idle() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return !state_->posted;
}

long AnalysisWorker::framesAnalysed() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->analysed;
}

long AnalysisWorker::framesSkipped() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->skipped;
}

void AnalysisWorker::fail(const QString& message) {
  QMetaObject::invokeMethod(
      this, [this, message] { emit failed(message); }, Qt::QueuedConnection);
}

void AnalysisWorker::publish(std::shared_ptr<const PlotData> data) {
  state_->last = data;
  QMetaObject::invokeMethod(
      this, [this, data = std::move(data)] { emit updated(data); }, Qt::QueuedConnection);
}

void AnalysisWorker::process() {
  State& s = *state_;
  for (;;) {
    std::shared_ptr<const Snapshot> frame;
    std::vector<ThermoSample> thermoIn;
    bool reset, rdfChanged, externalThermo;
    analysis::PipelineOptions rdfOptions;
    {
      std::lock_guard<std::mutex> lock(s.mutex);
      // A pending frame precedes the queue: it is the structure a recorded run started from.
      if (s.pending) {
        frame = std::move(s.pending);
        s.pending.reset();
      } else if (!s.queue.empty()) {
        frame = std::move(s.queue.front());
        s.queue.pop_front();
      }
      thermoIn.swap(s.thermoIn);
      externalThermo = s.externalThermo;
      if (!frame && thermoIn.empty()) {
        s.posted = false;
        return;
      }
      reset = std::exchange(s.resetRequested, false);
      rdfChanged = std::exchange(s.rdfChanged, false) || reset;
      rdfOptions.species = false;
      rdfOptions.rdfPairs = s.rdfPairs;
      rdfOptions.rdfWindow = s.rdfWindow;
    }
    try {
      if (reset) {
        analysis::PipelineOptions options;
        options.solvation = true;
        options.profiles = true;
        options.transport = true;
        s.main = std::make_unique<analysis::AnalysisPipeline>(options);
        s.thermo.clear();
        s.last.reset();
      }
      // A recorded run's thermo.out replaces the frames' thermo (it has every line, the frames
      // only every dump interval).
      if (externalThermo && !s.thermoFromFile) s.thermo.clear();
      s.thermoFromFile = externalThermo;
      s.thermo.insert(s.thermo.end(), thermoIn.begin(), thermoIn.end());
      if (!frame) {
        auto data = std::make_shared<PlotData>(s.last ? *s.last : PlotData{});
        data->thermo = s.thermo;
        publish(std::move(data));
        continue;
      }
      if (rdfChanged) {
        s.rdf.reset();
        try {
          if (!rdfOptions.rdfPairs.empty())
            s.rdf = std::make_unique<analysis::AnalysisPipeline>(rdfOptions);
        } catch (const std::exception& e) {
          // A malformed pair drops the RDF only.
          fail(QString::fromUtf8(e.what()));
        }
      }
      const analysis::Frame f(*frame);
      s.main->add(f);
      if (s.rdf) s.rdf->add(f);
      if (!s.thermoFromFile) {
        const Thermo& t = frame->thermo;
        s.thermo.push_back(
            {frame->step, frame->time, t.temperature, t.potentialEnergy, t.pressure.trace() / 3.0});
      }

      auto data = std::make_shared<PlotData>();
      data->thermo = s.thermo;
      data->species = s.main->speciesSeries();
      data->solvation = s.main->solvationSeries();
      data->reactions = s.main->reactions();
      data->transport = s.main->transport()->samples();
      if (const analysis::ProfileAccumulator* p = s.main->profiles()) {
        data->interface = p->samples();
        data->hasCharges = p->hasCharges();
        data->profileZ = p->positions();
        data->elementDensity = p->elementDensity();
        if (p->hasCharges()) data->chargeDensity = p->chargeDensity();
      }
      if (s.rdf && s.rdf->rdf()) {
        for (std::size_t i = 0; i < s.rdf->rdf()->pairCount(); ++i)
          data->rdf.push_back(s.rdf->rdf()->curve(i));
        data->rdfFrames = s.rdf->rdf()->frames();
      }
      auto species = std::make_shared<const analysis::SpeciesFrame>(s.main->species()->current());
      {
        std::lock_guard<std::mutex> lock(s.mutex);
        ++s.analysed;
      }
      QMetaObject::invokeMethod(
          this,
          [this, species, symbols = frame->symbols] { emit speciesUpdated(species, symbols); },
          Qt::QueuedConnection);
      publish(std::move(data));
    } catch (const std::exception& e) {
      // The series may hold part of the frame: start over with the next one.
      std::lock_guard<std::mutex> lock(s.mutex);
      s.resetRequested = true;
      fail(QString::fromUtf8(e.what()));
    }
  }
}

}  // namespace sei::studio
