#pragma once

#include <QObject>
#include <QString>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "BackgroundJob.hpp"

namespace sei::studio {

/// Runs `sei train` on a training folder (engine training/runTraining, as the CLI does) in a
/// background job, so training never blocks the GUI. Each loss.out row the trainer writes
/// reaches the GUI thread as numbers; rows gather until the GUI takes them (one latest-wins
/// post drains them all, so none is lost and a slow GUI never slows training). Pause holds the
/// trainer between generations (Adam: epochs); stop lets it write its restart, as Ctrl-C does.
class TrainController : public QObject {
  Q_OBJECT
 public:
  enum class State { Idle, Running, Paused, Stopping };

  explicit TrainController(QObject* parent = nullptr);
  /// Stops a running training (its restart written) and waits for the worker.
  ~TrainController() override;

  /// Trains in `dir`. `resume` false starts afresh: restart files and loss.out of an earlier run
  /// are renamed to *.bak first (named in a message()); true continues from them.
  /// `threads` 0: one fewer than the cores. False, with the reason in lastError(), if busy.
  bool start(const QString& dir, bool resume, int threads = 0);
  void setPaused(bool paused);
  /// Asks the trainer to stop after the current generation; it writes its restart.
  void stop();
  /// Blocks until the worker has ended; true if it has.
  bool wait(int milliseconds);

  State state() const { return state_; }
  bool active() const { return state_ != State::Idle; }
  const QString& lastError() const { return lastError_; }

 signals:
  void stateChanged(sei::studio::TrainController::State state);
  /// loss.out rows written since the last delivery, parsed (GPUMD's columns).
  void lossRows(const std::vector<std::vector<double>>& rows);
  /// A line of the trainer that is not a loss row (resuming, ...), or the controller's own.
  void message(const QString& line);
  /// The training ended: `completed` (all generations or a prediction) or stopped.
  void finished(bool completed);
  void failed(const QString& message);

 private:
  std::function<void()> work(BackgroundJob::Task& task, const std::string& dir, int threads);
  /// GUI thread: hands what the worker gathered to the panel.
  void deliver();
  void setState(State state);

  State state_ = State::Idle;
  QString lastError_;

  // Shared with the worker, guarded by mutex_.
  std::mutex mutex_;
  std::condition_variable unpaused_;
  bool paused_ = false;
  std::vector<std::vector<double>> rows_;
  std::vector<QString> lines_;

  BackgroundJob job_{QStringLiteral("sei-train")};
};

}  // namespace sei::studio
