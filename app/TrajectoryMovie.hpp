#pragma once

#include <QObject>
#include <QTimer>
#include <memory>
#include <vector>

#include "AtomScene.hpp"
#include "FigureExporter.hpp"
#include "MovieRecorder.hpp"
#include "analysis/Species.hpp"
#include "core/Structure.hpp"

namespace sei::studio {

/// Which frames of a recorded trajectory go into a movie, and how it looks.
struct TrajectoryMovieSettings {
  int first = 0;  ///< first frame (0-based)
  int last = -1;  ///< last frame, inclusive; −1 = the last one
  int every = 1;  ///< take every n-th frame
  render::MovieOptions movie;
  bool timeOverlay = true;  ///< simulated time (GPUMD's Time= key) as a caption
  bool colorBar = true;
};

/// "t = 1.250 ps" from a frame's Time= key (fs, as GPUMD and `sei run` write it); "frame N"
/// when the frame has none.
QString frameCaption(const Structure& frame, int index);

/// Makes an MP4 of an extended XYZ trajectory as the view shows it (colours, camera): the GUI
/// thread renders one frame per event-loop turn offscreen, the recorder encodes in its thread.
class TrajectoryMovie : public QObject {
  Q_OBJECT
 public:
  explicit TrajectoryMovie(QObject* parent = nullptr);

  /// Reads the trajectory and starts. Throws InputError for an unreadable trajectory, an empty
  /// frame range or an output that cannot be written.
  void start(const render::AtomScene& view, const QString& trajectory, const QString& output,
             const TrajectoryMovieSettings& settings);
  void cancel();
  bool running() const { return timer_.isActive() || recorder_.recording(); }
  int frameCount() const { return static_cast<int>(order_.size()); }

 signals:
  void progressed(int encoded, int total);
  void finished(const QString& path);
  void cancelled();
  void failed(const QString& message);

 private:
  void renderNext();

  render::AtomScene scene_;
  /// Bonds and species of the movie's frames, in order.
  std::unique_ptr<analysis::SpeciesTracker> species_;
  render::FigureOptions figure_;
  bool timeOverlay_ = true;
  std::vector<Structure> frames_;
  std::vector<int> order_;
  std::size_t next_ = 0;
  QTimer timer_;
  MovieRecorder recorder_;
};

}  // namespace sei::studio
