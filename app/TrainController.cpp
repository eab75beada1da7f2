#include "TrainController.hpp"

#include <omp.h>

#include <QDir>
#include <QFile>
#include <QThread>
#include <algorithm>
#include <chrono>

#include "training/TrainOutputs.hpp"
#include "training/Trainer.hpp"

namespace sei::studio {
namespace {

/// What a fresh start moves aside: the restarts of both optimisers and the loss history.
const char* const kRunFiles[] = {"nep.restart", "nep.restart.sei", "nep.restart.adam", "loss.out"};

}  // namespace

TrainController::TrainController(QObject* parent) : QObject(parent) {
  qRegisterMetaType<std::vector<std::vector<double>>>();
}

TrainController::~TrainController() {
  stop();
  job_.cancel();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    paused_ = false;
  }
  unpaused_.notify_all();
}

bool TrainController::start(const QString& dir, bool resume, int threads) {
  if (active() || job_.busy()) {
    lastError_ = tr("a training is already running");
    return false;
  }
  lastError_.clear();
  if (!resume) {
    QStringList moved;
    for (const char* name : kRunFiles) {
      const QString path = QDir(dir).filePath(name);
      if (!QFile::exists(path)) continue;
      QFile::remove(path + ".bak");
      if (!QFile::rename(path, path + ".bak")) {
        lastError_ = tr("cannot rename %1 to %1.bak").arg(path);
        return false;
      }
      moved << name;
    }
    if (!moved.isEmpty())
      emit message(tr("Fresh start: the earlier run's %1 kept as *.bak.").arg(moved.join(", ")));
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    paused_ = false;
    rows_.clear();
    lines_.clear();
  }
  setState(State::Running);
  job_.submit([this, d = dir.toStdString(),
               threads](BackgroundJob::Task& task) { return work(task, d, threads); },
              BackgroundJob::Policy::Queue);
  return true;
}

void TrainController::setPaused(bool paused) {
  if (state_ != State::Running && state_ != State::Paused) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    paused_ = paused;
  }
  unpaused_.notify_all();
  setState(paused ? State::Paused : State::Running);
}

void TrainController::stop() {
  if (state_ != State::Running && state_ != State::Paused) return;
  job_.cancel();  // the trainer's stopRequested sees the task's flag
  unpaused_.notify_all();
  setState(State::Stopping);
}

bool TrainController::wait(int milliseconds) { return job_.waitForWorker(milliseconds); }

void TrainController::setState(State state) {
  if (state_ == state) return;
  state_ = state;
  emit stateChanged(state);
}

std::function<void()> TrainController::work(BackgroundJob::Task& task, const std::string& dir,
                                            int threads) {
  // The GUI keeps a core; OpenMP's thread count is per calling thread.
  if (threads <= 0) threads = std::max(1, QThread::idealThreadCount() - 1);
  omp_set_num_threads(threads);
  training::TrainOptions options;
  options.dir = dir;
  options.threads = threads;
  // Polled once per generation: a pause waits here, between generations.
  options.stopRequested = [this, &task] {
    std::unique_lock<std::mutex> lock(mutex_);
    while (paused_ && !task.cancelled()) unpaused_.wait_for(lock, std::chrono::milliseconds(200));
    return task.cancelled();
  };
  options.log = [this, &task](const std::string& line) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      const std::vector<double> row = training::parseLossRow(line);
      if (training::isLossRow(row))
        rows_.push_back(row);
      else
        lines_.push_back(QString::fromStdString(line));
    }
    task.post(0, [this] { deliver(); });
  };
  try {
    const training::TrainOutcome outcome = training::runTraining(options);
    return [this, completed = outcome != training::TrainOutcome::Stopped] {
      deliver();
      if (!completed) emit message(tr("Stopped; the restart is written, Resume continues there."));
      setState(State::Idle);
      emit finished(completed);
    };
  } catch (const std::exception& e) {
    return [this, text = QString::fromUtf8(e.what())] {
      deliver();
      lastError_ = text;
      setState(State::Idle);
      emit failed(text);
    };
  }
}

void TrainController::deliver() {
  std::vector<std::vector<double>> rows;
  std::vector<QString> lines;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    rows.swap(rows_);
    lines.swap(lines_);
  }
  for (const QString& line : lines) emit message(line);
  if (!rows.empty()) emit lossRows(rows);
}

}  // namespace sei::studio
