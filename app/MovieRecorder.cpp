#include "MovieRecorder.hpp"

#include <QThread>

namespace sei::studio {

MovieRecorder::MovieRecorder(QObject* parent) : QObject(parent) {}

MovieRecorder::~MovieRecorder() {
  if (worker_) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      cancelling_ = true;
    }
    wake_.notify_all();
    worker_->wait();
    delete worker_;
  }
}

void MovieRecorder::start(const QString& path, const render::MovieOptions& options,
                          int expectedFrames) {
  join();
  encoder_ = std::make_unique<render::MovieEncoder>(path, options);  // throws on bad output
  path_ = path;
  expected_ = expectedFrames;
  encoded_ = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.clear();
    finishing_ = cancelling_ = false;
  }
  worker_ = QThread::create([this] { work(); });
  worker_->setObjectName("movie");
  worker_->start();
}

bool MovieRecorder::hasRoom() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(queue_.size()) < kMaxQueued;
}

bool MovieRecorder::push(const QImage& frame) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!worker_ || finishing_ || cancelling_ || static_cast<int>(queue_.size()) >= kMaxQueued)
      return false;
    queue_.push_back(frame);
  }
  wake_.notify_one();
  return true;
}

void MovieRecorder::finish() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    finishing_ = true;
  }
  wake_.notify_all();
}

void MovieRecorder::cancel() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    cancelling_ = true;
  }
  wake_.notify_all();
}

void MovieRecorder::join() {
  if (!worker_) return;
  worker_->wait();
  delete worker_;
  worker_ = nullptr;
}

void MovieRecorder::work() {
  try {
    for (;;) {
      QImage frame;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [this] { return cancelling_ || finishing_ || !queue_.empty(); });
        if (cancelling_) break;
        if (queue_.empty()) {  // finishing, all frames encoded
          lock.unlock();
          encoder_->finish();
          encoder_.reset();
          QMetaObject::invokeMethod(this, [this] {
            join();
            emit finished(path_);
          });
          return;
        }
        frame = std::move(queue_.front());
        queue_.pop_front();
      }
      encoder_->addFrame(frame);
      const int done = encoder_->framesWritten();
      QMetaObject::invokeMethod(this, [this, done] {
        encoded_ = done;
        emit progressed(done, expected_);
      });
    }
    encoder_.reset();  // an unfinished movie leaves no file
    QMetaObject::invokeMethod(this, [this] {
      join();
      emit cancelled();
    });
  } catch (const std::exception& e) {
    encoder_.reset();
    const QString message = QString::fromUtf8(e.what());
    QMetaObject::invokeMethod(this, [this, message] {
      join();
      emit failed(message);
    });
  }
}

}  // namespace sei::studio
