#pragma once

#include <QImage>
#include <QObject>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>

#include "MovieEncoder.hpp"

class QThread;

namespace sei::studio {

/// Encodes a movie in a worker thread: the GUI thread renders frames and pushes them; encoding
/// (colour conversion, H.264) happens off the GUI thread, with progress and cancel.
class MovieRecorder : public QObject {
  Q_OBJECT
 public:
  /// Frames waiting for the encoder at most; push() refuses more (the producer waits or drops).
  static constexpr int kMaxQueued = 4;

  explicit MovieRecorder(QObject* parent = nullptr);
  /// Cancels an unfinished movie and waits for the worker.
  ~MovieRecorder() override;

  /// Opens the movie (throws InputError naming the path) and starts the encoder thread.
  /// `expectedFrames` (0 = open-ended, e.g. a live run) scales the progress.
  void start(const QString& path, const render::MovieOptions& options, int expectedFrames);
  bool recording() const { return worker_ != nullptr; }
  /// Queues a frame; false if the queue is full (nothing is queued then).
  bool push(const QImage& frame);
  bool hasRoom() const;
  /// No more frames: the worker encodes what is queued, finishes the file and emits finished().
  void finish();
  /// Stops and deletes the partial movie; emits cancelled().
  void cancel();
  int framesEncoded() const { return encoded_; }
  const QString& path() const { return path_; }

 signals:
  void progressed(int encoded, int expected);
  void finished(const QString& path);
  void cancelled();
  void failed(const QString& message);

 private:
  void work();
  void join();

  QString path_;
  int expected_ = 0;
  int encoded_ = 0;  ///< GUI-thread copy, updated by progress
  QThread* worker_ = nullptr;
  std::unique_ptr<render::MovieEncoder> encoder_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<QImage> queue_;
  bool finishing_ = false;
  bool cancelling_ = false;
};

}  // namespace sei::studio
