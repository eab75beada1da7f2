#include "BackgroundJob.hpp"

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>

namespace sei::studio {

BackgroundJob::BackgroundJob(const QString& name, int niceness, QObject* parent)
    : QObject(parent), niceness_(niceness) {
  thread_ = std::thread([this, name = name.left(15).toStdString()] {
    pthread_setname_np(pthread_self(), name.c_str());
    // Per thread on Linux, and inherited by the threads this one starts (OpenMP's team).
    if (niceness_ > 0) setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), niceness_);
    loop();
  });
}

BackgroundJob::~BackgroundJob() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    queue_.clear();
    if (running_) running_->store(true);
  }
  wake_.notify_all();
  thread_.join();
}

void BackgroundJob::submit(Work work, Policy policy, int kind) {
  ++outstanding_;
  Request request{std::move(work), policy, kind, ++serial_,
                  std::make_shared<std::atomic<bool>>(false)};
  int dropped = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (policy != Policy::Queue) {
      for (auto it = queue_.begin(); it != queue_.end();) {
        if (it->kind == kind && it->policy != Policy::Queue) {
          it = queue_.erase(it);
          ++dropped;
        } else {
          ++it;
        }
      }
    }
    if (policy == Policy::Restart) {
      latestRestart_[kind] = request.serial;
      if (running_ && runningKind_ == kind && runningRestartable_) running_->store(true);
    }
    queue_.push_back(std::move(request));
  }
  superseded_ += dropped;
  outstanding_ -= dropped;
  wake_.notify_all();
}

void BackgroundJob::cancel() {
  std::size_t dropped = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    dropped = queue_.size();
    queue_.clear();
    if (running_) running_->store(true);
  }
  outstanding_ -= static_cast<int>(dropped);
  if (dropped > 0 && outstanding_ == 0) emit idle();
}

std::size_t BackgroundJob::waiting() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return queue_.size();
}

bool BackgroundJob::waitForWorker(int milliseconds) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return wake_.wait_for(lock, std::chrono::milliseconds(milliseconds),
                        [this] { return queue_.empty() && !busyWorker_; });
}

void BackgroundJob::loop() {
  for (;;) {
    Request request;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      request = std::move(queue_.front());
      queue_.pop_front();
      running_ = request.cancel;
      runningKind_ = request.kind;
      runningRestartable_ = request.policy == Policy::Restart;
      busyWorker_ = true;
    }
    std::function<void()> apply;
    QString error;
    Task task(*this, request.cancel);
    try {
      apply = request.work(task);
    } catch (const std::exception& e) {
      error = QString::fromUtf8(e.what());
    }
    request.work = nullptr;  // the request's input is released before its result is applied
    {
      std::lock_guard<std::mutex> lock(mutex_);
      running_.reset();
      busyWorker_ = false;
    }
    wake_.notify_all();
    const bool restart = request.policy == Policy::Restart;
    QMetaObject::invokeMethod(
        this,
        [this, apply = std::move(apply), error, restart, kind = request.kind,
         serial = request.serial] {
          // A Restart request's result is stale once a newer one of its kind was submitted.
          const bool drop = restart && latestRestart_[kind] != serial;
          if (!error.isEmpty() && !drop) emit failed(error);
          settle(apply, drop);
        },
        Qt::QueuedConnection);
  }
}

void BackgroundJob::settle(const std::function<void()>& apply, bool drop) {
  deliverPosts();  // the request's last intermediate results come before its result
  // busy() is false while the last result is applied (what it shows is no longer pending); a
  // request the apply step submits makes it busy again.
  --outstanding_;
  if (!drop && apply) apply();
  if (outstanding_ == 0) emit idle();
}

void BackgroundJob::deliverPosts() {
  std::map<int, std::function<void()>> posts;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    posts.swap(posts_);
    postsScheduled_ = false;
  }
  for (auto& [channel, apply] : posts) apply();
}

void BackgroundJob::Task::progress(double fraction, const QString& stage) {
  std::lock_guard<std::mutex> lock(job_.mutex_);
  job_.progress_ = {fraction, stage};
  if (job_.progressPending_) return;
  job_.progressPending_ = true;
  QMetaObject::invokeMethod(
      &job_,
      [job = &job_] {
        std::pair<double, QString> p;
        {
          std::lock_guard<std::mutex> lock(job->mutex_);
          p = job->progress_;
          job->progressPending_ = false;
        }
        emit job->progressed(p.first, p.second);
      },
      Qt::QueuedConnection);
}

void BackgroundJob::Task::post(int channel, std::function<void()> apply) {
  std::lock_guard<std::mutex> lock(job_.mutex_);
  std::function<void()>& slot = job_.posts_[channel];
  if (slot) ++job_.replacedPosts_;
  slot = std::move(apply);
  if (job_.postsScheduled_) return;
  job_.postsScheduled_ = true;
  QMetaObject::invokeMethod(
      &job_, [job = &job_] { job->deliverPosts(); }, Qt::QueuedConnection);
}

}  // namespace sei::studio
