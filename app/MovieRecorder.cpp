#include "MovieRecorder.hpp"

namespace sei::studio {

MovieRecorder::MovieRecorder(QObject* parent) : QObject(parent) {}

MovieRecorder::~MovieRecorder() {
  job_.cancel();
  encoder_.reset();  // the requests still running drop the last reference: no partial file
}

void MovieRecorder::start(const QString& path, const render::MovieOptions& options,
                          int expectedFrames) {
  job_.waitForWorker(60000);  // an earlier movie's last request
  encoder_ = std::make_shared<render::MovieEncoder>(path, options);  // throws on bad output
  path_ = path;
  expected_ = expectedFrames;
  encoded_ = 0;
  recording_ = true;
  closing_ = false;
}

bool MovieRecorder::hasRoom() const { return static_cast<int>(job_.waiting()) < kMaxQueued; }

bool MovieRecorder::push(const QImage& frame) {
  if (!recording_ || closing_ || !hasRoom()) return false;
  job_.submit(
      [this, encoder = encoder_, frame](BackgroundJob::Task&) -> std::function<void()> {
        try {
          encoder->addFrame(frame);
        } catch (const std::exception& e) {
          return [this, message = QString::fromUtf8(e.what())] {
            end();
            emit failed(message);
          };
        }
        return [this, done = encoder->framesWritten()] {
          encoded_ = done;
          emit progressed(done, expected_);
        };
      },
      BackgroundJob::Policy::Queue);
  return true;
}

void MovieRecorder::finish() {
  if (!recording_ || closing_) return;
  closing_ = true;
  job_.submit(
      [this, encoder = encoder_](BackgroundJob::Task&) -> std::function<void()> {
        try {
          encoder->finish();
        } catch (const std::exception& e) {
          return [this, message = QString::fromUtf8(e.what())] {
            end();
            emit failed(message);
          };
        }
        return [this] {
          end();
          emit finished(path_);
        };
      },
      BackgroundJob::Policy::Queue);
}

void MovieRecorder::cancel() {
  if (!recording_) return;
  closing_ = true;
  job_.cancel();  // frames (and a finish) still waiting are dropped
  job_.submit(
      [this](BackgroundJob::Task&) -> std::function<void()> {
        return [this] {
          end();
          emit cancelled();
        };
      },
      BackgroundJob::Policy::Queue);
  encoder_.reset();  // the request encoding a frame now holds the last reference
}

void MovieRecorder::end() {
  // Dropping the GUI's reference after finish() or a failure; after cancel() it is gone already,
  // and the encoder, destroyed unfinished, removes its file.
  encoder_.reset();
  recording_ = false;
  job_.cancel();  // after a failure, the frames still queued
}

}  // namespace sei::studio
