#pragma once

#include <QObject>
#include <QStringList>
#include <memory>
#include <vector>

#include "BackgroundJob.hpp"
#include "PlotData.hpp"
#include "md/Snapshot.hpp"

namespace sei::studio {

/// Runs the analysis pipeline on snapshots on a background job (one frame takes tens of ms for
/// tens of thousands of atoms) and publishes the plots' data after each frame. Live frames are
/// taken latest-wins: a frame that arrives while one is analysed replaces any live frame still
/// waiting, so the analysis never slows the run or the GUI, it only skips frames.
class AnalysisWorker : public QObject {
  Q_OBJECT
 public:
  explicit AnalysisWorker(QObject* parent = nullptr);
  /// Waits for the frame under analysis.
  ~AnalysisWorker() override;

  /// Queues a frame for analysis (replacing a live frame still waiting): a live run's frames.
  void submit(std::shared_ptr<const Snapshot> frame);
  /// Queues a frame that must not be skipped (a recorded run's frames, in order).
  void append(std::shared_ptr<const Snapshot> frame);
  /// Frames and thermo batches waiting, not yet analysed (any thread).
  std::size_t queued() const;
  /// Thermo lines of a recorded run (thermo.out); from the first call on, the thermo plot shows
  /// these instead of the frames' own thermo, until reset().
  void appendThermo(const std::vector<ThermoSample>& samples);
  /// The thermo lines appended so far belong to a thermo.out that was replaced (a run started
  /// over in the folder): they are dropped, the frames' thermo counts until new lines come.
  void restartThermo();
  /// Forgets every series (a new structure or run) and what waits, before the next frame.
  void reset();
  /// Element or species pairs for the RDF and the running-average window (frames, 0: all);
  /// the RDF restarts with them.
  void setRdf(const QStringList& pairs, int window);

  /// No frame or thermo line waits or is being analysed.
  bool idle() const;
  long framesAnalysed() const;
  long framesSkipped() const;

 signals:
  void updated(std::shared_ptr<const sei::studio::PlotData> data);
  /// Species and contact graph of the analysed frame, whose system's symbols are `symbols`.
  void speciesUpdated(std::shared_ptr<const sei::analysis::SpeciesFrame> species,
                      std::shared_ptr<const std::vector<std::string>> symbols);
  void failed(const QString& message);

 private:
  struct State;
  /// Worker: adds a frame (or only thermo lines) to the series; returns what to publish.
  std::function<void()> analyse(const BackgroundJob::Task& task,
                                std::shared_ptr<const Snapshot> frame,
                                std::vector<ThermoSample> thermoIn, bool externalThermo);

  std::unique_ptr<State> state_;
  BackgroundJob job_{"analysis"};  ///< last: its destructor waits for the frame under analysis
};

}  // namespace sei::studio
