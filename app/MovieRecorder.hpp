#pragma once

#include <QImage>
#include <QObject>
#include <memory>

#include "BackgroundJob.hpp"
#include "MovieEncoder.hpp"

namespace sei::studio {

/// Encodes a movie on a background job (widgets/BackgroundJob): the GUI thread renders frames
/// and pushes them; encoding (colour conversion, H.264) happens off the GUI thread, frame by frame
/// in order, with progress and cancel.
class MovieRecorder : public QObject {
  Q_OBJECT
 public:
  /// Frames waiting for the encoder at most; push() refuses more (the producer waits or drops).
  static constexpr int kMaxQueued = 4;

  explicit MovieRecorder(QObject* parent = nullptr);
  /// Cancels an unfinished movie and waits for the encoder.
  ~MovieRecorder() override;

  /// Opens the movie (throws InputError naming the path). `expectedFrames` (0 = open-ended,
  /// e.g. a live run) scales the progress.
  void start(const QString& path, const render::MovieOptions& options, int expectedFrames);
  bool recording() const { return recording_; }
  /// Queues a frame; false if the queue is full (nothing is queued then).
  bool push(const QImage& frame);
  bool hasRoom() const;
  /// No more frames: the encoder encodes what is queued, finishes the file and emits finished().
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
  /// GUI thread: the movie ended (finished, cancelled or failed).
  void end();

  QString path_;
  int expected_ = 0;
  int encoded_ = 0;  ///< GUI-thread copy, updated by progress
  bool recording_ = false;
  bool closing_ = false;  ///< finish() or cancel() was called: no more frames
  /// The open movie; its requests hold it too, so the last one done with it closes the file (a
  /// movie destroyed unfinished leaves no file).
  std::shared_ptr<render::MovieEncoder> encoder_;
  BackgroundJob job_{"movie", 0};  ///< last: its destructor waits for the frame being encoded
};

}  // namespace sei::studio
