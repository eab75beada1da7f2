#pragma once

#include <QObject>
#include <QString>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace sei::studio {

/// The studio's one way to work off the GUI thread (as OVITO's asynchronous engines and
/// Avogadro's calculation worker do). A job owns one worker thread that runs its requests in
/// order. A request captures its input by value (a clone: the GUI may change its own copy
/// meanwhile), computes on the worker and returns the step that applies the result, which runs
/// on the GUI thread. Newer requests supersede older ones still waiting (Policy::Latest), or
/// also cancel the one running and drop its result (Policy::Restart); Policy::Queue requests
/// all run. cancel() drops what waits and asks the running request to stop. Progress and the
/// intermediate results of a long request reach the GUI thread latest-wins: an update the GUI
/// has not taken yet is replaced by a newer one, so a slow GUI never slows the work.
class BackgroundJob : public QObject {
  Q_OBJECT
 public:
  enum class Policy {
    Latest,   ///< replaces waiting requests of its kind; the running one finishes
    Restart,  ///< as Latest, and cancels the running request of its kind, whose result is dropped
    Queue,    ///< runs after everything submitted before it; never dropped but by cancel()
  };

  /// What a running request sees.
  class Task {
   public:
    /// cancel() was called, or a Restart request superseded this one.
    bool cancelled() const { return cancel_->load(); }
    /// The flag behind cancelled(), for engine loops that poll one (BuildControl::cancel).
    const std::atomic<bool>& cancelFlag() const { return *cancel_; }
    /// Reports progress (0..1) and the stage under way; progressed() shows the newest.
    void progress(double fraction, const QString& stage);
    /// Runs `apply` on the GUI thread, unless a newer post on the same channel replaces it
    /// before it ran (latest-wins hand-off of intermediate results).
    void post(int channel, std::function<void()> apply);

   private:
    friend class BackgroundJob;
    Task(BackgroundJob& job, std::shared_ptr<std::atomic<bool>> cancel)
        : job_(job), cancel_(std::move(cancel)) {}
    BackgroundJob& job_;
    std::shared_ptr<std::atomic<bool>> cancel_;
  };
  /// Runs on the worker; returns what to do on the GUI thread with the result (may be empty).
  using Work = std::function<std::function<void()>(Task&)>;

  /// `name` names the worker thread; `niceness` > 0 lowers its scheduling priority (and that of
  /// the threads it starts, e.g. OpenMP's) so the GUI thread gets a core first.
  explicit BackgroundJob(const QString& name, int niceness = 10, QObject* parent = nullptr);
  /// Cancels what waits and runs, and waits for the worker.
  ~BackgroundJob() override;

  /// Submits a request; `kind` groups requests for supersession (a poll does not supersede a
  /// frame read).
  void submit(Work work, Policy policy = Policy::Latest, int kind = 0);
  /// Drops every waiting request and asks the running one to stop.
  void cancel();
  /// A request waits or runs, or its result waits to be applied (GUI thread).
  bool busy() const { return outstanding_ > 0; }
  /// Requests waiting, not yet started (any thread).
  std::size_t waiting() const;
  /// Requests dropped unrun because newer ones superseded them, and posts replaced unapplied.
  long superseded() const { return superseded_; }
  long replacedPosts() const { return replacedPosts_; }
  /// Waits, processing no events, until nothing waits or runs; true if so within `ms`.
  bool waitForWorker(int milliseconds) const;

 signals:
  void progressed(double fraction, const QString& stage);
  /// A request threw; its message.
  void failed(const QString& message);
  /// The last outstanding request has been applied or dropped.
  void idle();

 private:
  struct Request {
    Work work;
    Policy policy;
    int kind;
    std::uint64_t serial;
    std::shared_ptr<std::atomic<bool>> cancel;
  };
  void loop();
  /// GUI thread: the end of one request (applied or dropped).
  void settle(const std::function<void()>& apply, bool drop);
  void deliverPosts();

  mutable std::mutex mutex_;
  mutable std::condition_variable wake_;
  std::deque<Request> queue_;
  std::shared_ptr<std::atomic<bool>> running_;  ///< cancel flag of the running request
  int runningKind_ = -1;
  bool runningRestartable_ = false;
  bool stopping_ = false;
  bool busyWorker_ = false;
  std::uint64_t serial_ = 0;
  std::map<int, std::uint64_t> latestRestart_;  ///< per kind, the newest Restart request
  std::map<int, std::function<void()>> posts_;  ///< per channel, the newest unapplied post
  bool postsScheduled_ = false;
  std::pair<double, QString> progress_;
  bool progressPending_ = false;
  std::atomic<long> superseded_{0};
  std::atomic<long> replacedPosts_{0};
  int outstanding_ = 0;  ///< GUI thread only
  int niceness_;
  std::thread thread_;
};

}  // namespace sei::studio
