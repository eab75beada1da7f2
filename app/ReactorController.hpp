#pragma once

#include <QObject>
#include <QString>
#include <functional>
#include <mutex>
#include <vector>

#include "BackgroundJob.hpp"
#include "reactor/ReactorLoop.hpp"

namespace sei::studio {

/// Runs `sei reactor` (engine reactor/runReactor with the real stages, as the CLI does) on a
/// plan in a background job, so the loop never blocks the GUI. Each stage's line reaches the
/// GUI thread (lines gather until the GUI takes them; none is lost). Stop asks the loop to end:
/// it stops at the next stage boundary or inside a stage (a CP2K run is killed, a training
/// writes its restart, an MD run stops), leaving the stage markers from which a new start
/// resumes.
class ReactorController : public QObject {
  Q_OBJECT
 public:
  /// The stages of a plan: by default generationStages + addSamplingStages (CP2K, sei train,
  /// MD); tests put fakes here.
  using StagesOf = std::function<reactor::ReactorStages(const reactor::ReactorPlan&)>;

  explicit ReactorController(QObject* parent = nullptr);
  /// Stops a running loop and waits for the worker.
  ~ReactorController() override;

  void setStages(StagesOf stages) { stagesOf_ = std::move(stages); }
  /// Runs the loop of the plan file `plan` in `folder` (resuming what is there). `threads` 0:
  /// one fewer than the cores. False, with the reason in lastError(), if one runs already.
  bool start(const QString& plan, const QString& folder, int threads = 0);
  void stop();
  /// Blocks until the worker has ended; true if it has.
  bool wait(int milliseconds);

  bool active() const { return running_; }
  bool stopping() const { return stopping_; }
  const QString& lastError() const { return lastError_; }

 signals:
  void stateChanged(bool running, bool stopping);
  /// A stage's line (or a frame's, while labelling).
  void message(const QString& line);
  /// The loop ended: how (reactor::ReactorOutcome) and its one line.
  void finished(reactor::ReactorOutcome outcome, const QString& message);
  /// Bad input (one line) or an error that ended the loop.
  void failed(const QString& message);

 private:
  void deliver();
  void setState(bool running, bool stopping);

  StagesOf stagesOf_;
  bool running_ = false, stopping_ = false;
  QString lastError_;
  std::mutex mutex_;  ///< guards lines_, shared with the worker
  std::vector<QString> lines_;
  BackgroundJob job_{QStringLiteral("sei-reactor")};
};

}  // namespace sei::studio
