#include "AnalysisWorker.hpp"

#include <mutex>
#include <utility>

namespace sei::studio {
namespace {
/// Live frames supersede each other; recorded frames and thermo lines queue.
constexpr int kLiveFrames = 0;
constexpr int kRecorded = 1;
}  // namespace

/// The settings the GUI thread changes (guarded by mutex) and what only the job's thread touches
/// (the pipelines and series).
struct AnalysisWorker::State {
  mutable std::mutex mutex;
  bool resetRequested = true;
  bool rdfChanged = true;
  std::vector<std::string> rdfPairs = {"Na-O"};
  std::size_t rdfWindow = 0;
  long analysed = 0;

  // Job thread only.
  std::unique_ptr<analysis::AnalysisPipeline> main;  ///< species, solvation, charge statistics
  std::unique_ptr<analysis::AnalysisPipeline> rdf;   ///< rebuilt when the pairs change
  std::vector<ThermoSample> thermo;
  bool thermoFromFile = false;
  std::shared_ptr<const PlotData> last;  ///< the data published last
};

AnalysisWorker::AnalysisWorker(QObject* parent) : QObject(parent), state_(new State) {
  connect(&job_, &BackgroundJob::failed, this, &AnalysisWorker::failed);
}

AnalysisWorker::~AnalysisWorker() = default;

void AnalysisWorker::submit(std::shared_ptr<const Snapshot> frame) {
  job_.submit([this, frame = std::move(frame)](
                  BackgroundJob::Task& task) { return analyse(task, frame, {}, false); },
              BackgroundJob::Policy::Latest, kLiveFrames);
}

void AnalysisWorker::append(std::shared_ptr<const Snapshot> frame) {
  job_.submit([this, frame = std::move(frame)](
                  BackgroundJob::Task& task) { return analyse(task, frame, {}, false); },
              BackgroundJob::Policy::Queue, kRecorded);
}

std::size_t AnalysisWorker::queued() const { return job_.waiting(); }

void AnalysisWorker::appendThermo(const std::vector<ThermoSample>& samples) {
  job_.submit(
      [this, samples](BackgroundJob::Task& task) { return analyse(task, nullptr, samples, true); },
      BackgroundJob::Policy::Queue, kRecorded);
}

void AnalysisWorker::restartThermo() {
  job_.submit(
      [this](BackgroundJob::Task& task) {
        state_->thermo.clear();
        state_->thermoFromFile = false;
        return analyse(task, nullptr, {}, false);
      },
      BackgroundJob::Policy::Queue, kRecorded);
}

void AnalysisWorker::reset() {
  job_.cancel();
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->resetRequested = true;
}

void AnalysisWorker::setRdf(const QStringList& pairs, int window) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->rdfPairs.clear();
  for (const QString& p : pairs) state_->rdfPairs.push_back(p.toStdString());
  state_->rdfWindow = static_cast<std::size_t>(std::max(window, 0));
  state_->rdfChanged = true;
}

bool AnalysisWorker::idle() const { return !job_.busy(); }

long AnalysisWorker::framesAnalysed() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->analysed;
}

long AnalysisWorker::framesSkipped() const { return job_.superseded(); }

std::function<void()> AnalysisWorker::analyse(const BackgroundJob::Task& task,
                                              std::shared_ptr<const Snapshot> frame,
                                              std::vector<ThermoSample> thermoIn,
                                              bool externalThermo) {
  State& s = *state_;
  bool reset, rdfChanged;
  analysis::PipelineOptions rdfOptions;
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    // A request that was already running when reset() cancelled it belongs to the series
    // before the reset: it must neither consume the reset nor start the new series (a stale
    // live frame would otherwise become the first sample of a continued run's history).
    if (task.cancelled()) return {};
    reset = std::exchange(s.resetRequested, false);
    rdfChanged = std::exchange(s.rdfChanged, false) || reset;
    rdfOptions.species = false;
    rdfOptions.rdfPairs = s.rdfPairs;
    rdfOptions.rdfWindow = s.rdfWindow;
  }
  QStringList problems;
  auto publish = [this, &problems](std::shared_ptr<const PlotData> data,
                                   std::function<void()> species) -> std::function<void()> {
    state_->last = data;
    return [this, problems, data = std::move(data), species = std::move(species)] {
      for (const QString& p : problems) emit failed(p);
      if (species) species();
      emit updated(data);
    };
  };
  try {
    if (reset) {
      analysis::PipelineOptions options;
      options.solvation = true;
      options.profiles = true;
      options.transport = true;
      s.main = std::make_unique<analysis::AnalysisPipeline>(options);
      s.thermo.clear();
      s.thermoFromFile = false;
      s.last.reset();
    }
    // A recorded run's thermo.out replaces the frames' thermo (it has every line, the frames
    // only every dump interval).
    if (externalThermo && !s.thermoFromFile) s.thermo.clear();
    s.thermoFromFile = s.thermoFromFile || externalThermo;
    s.thermo.insert(s.thermo.end(), thermoIn.begin(), thermoIn.end());
    if (!frame) {
      auto data = std::make_shared<PlotData>(s.last ? *s.last : PlotData{});
      data->thermo = s.thermo;
      return publish(std::move(data), {});
    }
    if (rdfChanged) {
      s.rdf.reset();
      try {
        if (!rdfOptions.rdfPairs.empty())
          s.rdf = std::make_unique<analysis::AnalysisPipeline>(rdfOptions);
      } catch (const std::exception& e) {
        problems << QString::fromUtf8(e.what());  // a malformed pair drops the RDF only
      }
    }
    const analysis::Frame f(*frame);
    s.main->add(f);
    if (s.rdf) s.rdf->add(f);
    if (!s.thermoFromFile) {
      const Thermo& t = frame->thermo;
      s.thermo.push_back(
          {frame->step,
           frame->time,
           {t.temperature, t.kineticEnergy, t.potentialEnergy, t.pressure, frame->cell.matrix()}});
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
    return publish(std::move(data), [this, species, symbols = frame->symbols] {
      emit speciesUpdated(species, symbols);
    });
  } catch (const std::exception& e) {
    // The series may hold part of the frame: start over with the next one.
    std::lock_guard<std::mutex> lock(s.mutex);
    s.resetRequested = true;
    throw;
  }
}

}  // namespace sei::studio
