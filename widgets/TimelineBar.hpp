#pragma once

#include <QTimer>
#include <QWidget>
#include <cstdint>
#include <vector>

class QLabel;
class QSlider;
class QSpinBox;
class QToolButton;

namespace sei::studio {

/// The timeline under the 3D view, as OVITO's animation bar: a slider over the frames of a
/// recorded trajectory, first / step back / play-pause / step forward / last, a frame counter
/// ("frame i / N · step S · t = … ps") and the play speed. During a run (or while a run folder is
/// followed) its Live button follows the newest frame; choosing a recorded frame leaves Live, and
/// the view keeps that frame until the user goes back to Live. The bar only says which frame is
/// wanted (frameRequested, liveRequested): the main window reads and shows it.
class TimelineBar : public QWidget {
  Q_OBJECT
 public:
  /// A recorded frame's place in the run.
  struct Mark {
    std::int64_t step = 0;
    double time = 0.0;  ///< fs
  };

  explicit TimelineBar(QWidget* parent = nullptr);

  /// Marks of frames recorded since (appended; the user's position stays where it is, or at the
  /// newest frame while Live).
  void appendFrames(const std::vector<Mark>& marks);
  /// Forgets the recorded frames (another trajectory, or the run started over).
  void clearFrames();
  int frameCount() const { return static_cast<int>(marks_.size()); }
  /// Whether a live source exists (a run, or a followed run folder); without one Live is hidden.
  void setLiveAvailable(bool available);
  bool liveAvailable() const { return liveAvailable_; }
  /// Follows the live frames again (as the Live button).
  void goLive();
  bool isLive() const { return live_; }
  /// The live frame now shown (for the counter while Live).
  void setLiveFrame(std::int64_t step, double time /*fs*/);
  /// Shows recorded frame `index` (0-based): leaves Live and asks for it (plot clicks).
  void showFrame(int index);
  /// The recorded frame chosen; -1 while Live or without frames.
  int position() const { return live_ ? -1 : position_; }
  /// The counter's text, e.g. "frame 3 / 10 · step 20 · t = 0.010 ps".
  QString counterText() const;
  /// Plays the recorded frames at framesPerSecond() (from the first if at the last).
  void play();
  void pause();
  bool playing() const { return playTimer_.isActive(); }
  int framesPerSecond() const;
  void setFramesPerSecond(int fps);
  /// Space plays or pauses, Left and Right step one frame, Home and End go to the first and last
  /// frame, while `view` (the 3D view) has the focus.
  void bindKeys(QWidget* view);

 signals:
  /// The user (or playback) chose recorded frame `index`.
  void frameRequested(int index);
  /// The user went back to Live.
  void liveRequested();

 private:
  void step(int delta);
  void choose(int index);
  void updateControls();
  void togglePlay();

  std::vector<Mark> marks_;
  int position_ = 0;
  bool live_ = false;
  bool liveAvailable_ = false;
  Mark liveMark_;
  bool settingSlider_ = false;  ///< the slider moves by program, not by the user
  QTimer playTimer_;
  QSlider* slider_;
  QToolButton* first_;
  QToolButton* back_;
  QToolButton* playButton_;
  QToolButton* forward_;
  QToolButton* last_;
  QToolButton* liveButton_;
  QLabel* counter_;
  QSpinBox* fps_;
};

}  // namespace sei::studio
