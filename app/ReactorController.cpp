#include "ReactorController.hpp"

#include <omp.h>

#include <QThread>
#include <algorithm>

#include "reactor/GenerationStages.hpp"
#include "reactor/SamplingStages.hpp"

namespace sei::studio {

ReactorController::ReactorController(QObject* parent) : QObject(parent) {
  qRegisterMetaType<reactor::ReactorOutcome>();
  stagesOf_ = [](const reactor::ReactorPlan& plan) {
    reactor::ReactorStages stages = reactor::generationStages(plan);
    reactor::addSamplingStages(stages, plan);
    return stages;
  };
}

ReactorController::~ReactorController() {
  // The job's destructor waits for the worker, which sees the stop at once.
  job_.cancel();
}

bool ReactorController::start(const QString& plan, const QString& folder, int threads) {
  if (running_ || job_.busy()) {
    lastError_ = tr("a reactor loop is already running");
    return false;
  }
  lastError_.clear();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    lines_.clear();
  }
  setState(true, false);
  if (threads <= 0) threads = std::max(1, QThread::idealThreadCount() - 1);
  job_.submit(
      [this, plan = plan.toStdString(), folder = folder.toStdString(), threads,
       stagesOf = stagesOf_](BackgroundJob::Task& task) -> std::function<void()> {
        omp_set_num_threads(threads);  // per calling thread; the GUI keeps a core
        reactor::ReactorOptions o;
        o.out = folder;
        o.threads = threads;
        o.stop = [&task] { return task.cancelled(); };
        o.log = [this, &task](const std::string& line) {
          {
            std::lock_guard<std::mutex> lock(mutex_);
            lines_.push_back(QString::fromStdString(line));
          }
          task.post(0, [this] { deliver(); });
        };
        try {
          const reactor::ReactorPlan p = reactor::readReactorPlan(plan);
          const reactor::ReactorSummary s = reactor::runReactor(p, stagesOf(p), o);
          return [this, outcome = s.outcome, text = QString::fromStdString(s.message)] {
            deliver();
            setState(false, false);
            emit finished(outcome, text);
          };
        } catch (const std::exception& e) {
          return [this, text = QString::fromUtf8(e.what())] {
            deliver();
            lastError_ = text;
            setState(false, false);
            emit failed(text);
          };
        }
      },
      BackgroundJob::Policy::Queue);
  return true;
}

void ReactorController::stop() {
  if (!running_ || stopping_) return;
  job_.cancel();  // the loop's stop sees the task's flag
  setState(true, true);
}

bool ReactorController::wait(int milliseconds) { return job_.waitForWorker(milliseconds); }

void ReactorController::setState(bool running, bool stopping) {
  if (running_ == running && stopping_ == stopping) return;
  running_ = running;
  stopping_ = stopping;
  emit stateChanged(running, stopping);
}

void ReactorController::deliver() {
  std::vector<QString> lines;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    lines.swap(lines_);
  }
  for (const QString& line : lines) emit message(line);
}

}  // namespace sei::studio
