#include "TrajectoryMovie.hpp"

#include <QRegularExpression>

#include "core/Error.hpp"
#include "io/ExtXyz.hpp"

namespace sei::studio {

QString frameCaption(const Structure& frame, int index) {
  static const QRegularExpression time("(?:^|\\s)Time=([-+0-9.eE]+)");
  const auto match = time.match(QString::fromStdString(frame.info));
  if (match.hasMatch())
    return QObject::tr("t = %1 ps").arg(match.captured(1).toDouble() / 1000.0, 0, 'f', 3);
  return QObject::tr("frame %1").arg(index);
}

TrajectoryMovie::TrajectoryMovie(QObject* parent) : QObject(parent) {
  timer_.setInterval(0);
  connect(&timer_, &QTimer::timeout, this, &TrajectoryMovie::renderNext);
  connect(&recorder_, &MovieRecorder::progressed, this,
          [this](int encoded) { emit progressed(encoded, frameCount()); });
  connect(&recorder_, &MovieRecorder::finished, this, &TrajectoryMovie::finished);
  connect(&recorder_, &MovieRecorder::cancelled, this, &TrajectoryMovie::cancelled);
  connect(&recorder_, &MovieRecorder::failed, this, [this](const QString& message) {
    timer_.stop();
    emit failed(message);
  });
}

void TrajectoryMovie::start(const render::AtomScene& view, const QString& trajectory,
                            const QString& output, const TrajectoryMovieSettings& settings) {
  frames_ = readExtXyzFrames(trajectory.toStdString());
  const int count = static_cast<int>(frames_.size());
  const int last = settings.last < 0 ? count - 1 : settings.last;
  if (settings.first < 0 || settings.first > last || last >= count || settings.every < 1)
    throw InputError(trajectory.toStdString(), 0,
                     "frames " + std::to_string(settings.first) + ".." + std::to_string(last) +
                         " every " + std::to_string(settings.every) + " do not fit the " +
                         std::to_string(count) + " frames of the trajectory");
  order_.clear();
  for (int k = settings.first; k <= last; k += settings.every) order_.push_back(k);
  scene_.copyViewFrom(view);
  const analysis::SpeciesOptions defaults;  // named: GCC 12 warns falsely on a temporary
  species_ = std::make_unique<analysis::SpeciesTracker>(defaults);
  figure_ = render::FigureOptions{};
  figure_.size = settings.movie.size;
  figure_.colorBar = settings.colorBar;
  timeOverlay_ = settings.timeOverlay;
  recorder_.start(output, settings.movie, frameCount());
  next_ = 0;
  timer_.start();
}

void TrajectoryMovie::cancel() {
  timer_.stop();
  recorder_.cancel();
}

void TrajectoryMovie::renderNext() {
  if (next_ == order_.size()) {
    timer_.stop();
    recorder_.finish();
    return;
  }
  // While the encoder is behind, look again in 10 ms rather than spinning the event loop.
  const bool room = recorder_.hasRoom();
  timer_.setInterval(room ? 0 : 10);
  if (!room) return;
  const int k = order_[next_];
  figure_.caption = timeOverlay_ ? frameCaption(frames_[k], k) : QString();
  try {
    auto frame = render::snapshotOf(frames_[k]);
    scene_.setFrame(frame);
    // Bonds and species of this very frame: the live view's belong to another one.
    scene_.setSpecies(
        std::make_shared<const analysis::SpeciesFrame>(species_->update(analysis::Frame(*frame))),
        frame->symbols);
    recorder_.push(render::FigureExporter::render(scene_, figure_));
  } catch (const std::exception& e) {
    cancel();
    emit failed(QString::fromUtf8(e.what()));
    return;
  }
  ++next_;
}

}  // namespace sei::studio
