#pragma once

#include <QImage>
#include <QSize>
#include <QString>
#include <memory>

namespace sei::render {

struct MovieOptions {
  QSize size{1280, 720};  ///< pixels; both rounded down to even numbers (YUV 4:2:0)
  int framesPerSecond = 30;
  int quality = 20;  ///< x264 constant rate factor: 0 lossless … 51 worst; ~18 looks lossless
};

/// Writes an H.264 MP4 movie frame by frame with the libav* libraries (libx264). Not tied to a
/// thread: frames may be added from a worker. The file appears under its name only when
/// finish() succeeds (written as NAME.part, then renamed); a movie never finished leaves nothing.
class MovieEncoder {
 public:
  /// Opens the encoder and the output. Throws InputError naming the path if it cannot.
  MovieEncoder(const QString& path, const MovieOptions& options);
  ~MovieEncoder();
  MovieEncoder(const MovieEncoder&) = delete;
  MovieEncoder& operator=(const MovieEncoder&) = delete;

  /// Encodes one frame; images of another size are scaled to the movie's size.
  void addFrame(const QImage& image);
  /// Flushes the encoder, writes the index and moves the file into place.
  void finish();
  int framesWritten() const;
  QSize size() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace sei::render
