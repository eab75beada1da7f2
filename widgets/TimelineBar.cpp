#include "TimelineBar.hpp"

#include <QHBoxLayout>
#include <QLabel>
#include <QShortcut>
#include <QSlider>
#include <QSpinBox>
#include <QStyle>
#include <QToolButton>
#include <algorithm>

namespace sei::studio {
namespace {

constexpr int kDefaultFps = 10;

QToolButton* button(QWidget* parent, QStyle::StandardPixmap icon, const QString& name,
                    const QString& tip) {
  auto* b = new QToolButton(parent);
  b->setIcon(parent->style()->standardIcon(icon));
  b->setObjectName(name);
  b->setToolTip(tip);
  b->setAutoRaise(true);
  return b;
}

QString placeText(std::int64_t step, double time) {
  return TimelineBar::tr("step %1 \u00b7 t = %2 ps").arg(step).arg(time / 1000.0, 0, 'f', 3);
}

}  // namespace

TimelineBar::TimelineBar(QWidget* parent)
    : QWidget(parent),
      slider_(new QSlider(Qt::Horizontal, this)),
      first_(button(this, QStyle::SP_MediaSkipBackward, "timelineFirst", tr("First frame (Home)"))),
      back_(
          button(this, QStyle::SP_MediaSeekBackward, "timelineBack", tr("One frame back (Left)"))),
      playButton_(button(this, QStyle::SP_MediaPlay, "timelinePlay",
                         tr("Play the recorded frames (Space)"))),
      forward_(button(this, QStyle::SP_MediaSeekForward, "timelineForward",
                      tr("One frame forward (Right)"))),
      last_(button(this, QStyle::SP_MediaSkipForward, "timelineLast", tr("Last frame (End)"))),
      liveButton_(new QToolButton(this)),
      counter_(new QLabel(this)),
      fps_(new QSpinBox(this)) {
  setObjectName("timeline");
  slider_->setObjectName("timelineSlider");
  slider_->setToolTip(tr("Recorded frames: drag to scrub"));
  slider_->setPageStep(10);
  liveButton_->setObjectName("timelineLive");
  liveButton_->setText(tr("Live"));
  liveButton_->setCheckable(true);
  liveButton_->setToolTip(tr("Follow the run's newest frame"));
  counter_->setObjectName("timelineCounter");
  fps_->setObjectName("timelineFps");
  fps_->setRange(1, 60);
  fps_->setValue(kDefaultFps);
  fps_->setSuffix(tr(" fps"));
  fps_->setToolTip(tr("Play speed: recorded frames per second"));

  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(4, 2, 4, 2);
  for (QWidget* w : {static_cast<QWidget*>(first_), static_cast<QWidget*>(back_),
                     static_cast<QWidget*>(playButton_), static_cast<QWidget*>(forward_),
                     static_cast<QWidget*>(last_)})
    layout->addWidget(w);
  layout->addWidget(slider_, 1);
  layout->addWidget(counter_);
  layout->addWidget(fps_);
  layout->addWidget(liveButton_);

  connect(first_, &QToolButton::clicked, this, [this] { choose(0); });
  connect(last_, &QToolButton::clicked, this, [this] { choose(frameCount() - 1); });
  connect(back_, &QToolButton::clicked, this, [this] { step(-1); });
  connect(forward_, &QToolButton::clicked, this, [this] { step(1); });
  connect(playButton_, &QToolButton::clicked, this, &TimelineBar::togglePlay);
  connect(liveButton_, &QToolButton::clicked, this, [this] {
    if (live_)
      liveButton_->setChecked(true);  // Live is left by choosing a frame, not by unchecking
    else
      goLive();
  });
  connect(slider_, &QSlider::valueChanged, this, [this](int value) {
    if (!settingSlider_) choose(value);
  });
  connect(fps_, &QSpinBox::valueChanged, this,
          [this](int fps) { playTimer_.setInterval(1000 / fps); });
  playTimer_.setInterval(1000 / kDefaultFps);
  connect(&playTimer_, &QTimer::timeout, this, [this] {
    if (position_ + 1 < frameCount())
      choose(position_ + 1);
    else
      pause();
  });
  updateControls();
}

void TimelineBar::appendFrames(const std::vector<Mark>& marks) {
  marks_.insert(marks_.end(), marks.begin(), marks.end());
  updateControls();
}

void TimelineBar::clearFrames() {
  pause();
  marks_.clear();
  position_ = 0;
  updateControls();
}

void TimelineBar::setLiveAvailable(bool available) {
  liveAvailable_ = available;
  live_ = live_ && available;
  updateControls();
}

void TimelineBar::goLive() {
  if (!liveAvailable_) return;
  pause();
  live_ = true;
  updateControls();
  emit liveRequested();
}

void TimelineBar::setLiveFrame(std::int64_t step, double time) {
  liveMark_ = {step, time};
  if (live_) counter_->setText(counterText());
}

void TimelineBar::showFrame(int index) {
  pause();
  choose(index);
}

QString TimelineBar::counterText() const {
  if (live_) return tr("Live \u00b7 ") + placeText(liveMark_.step, liveMark_.time);
  if (marks_.empty()) return {};
  const Mark& m = marks_[static_cast<std::size_t>(position_)];
  return tr("frame %1 / %2 \u00b7 ").arg(position_ + 1).arg(frameCount()) +
         placeText(m.step, m.time);
}

void TimelineBar::play() {
  if (marks_.empty()) return;
  if (live_ || position_ + 1 >= frameCount()) choose(0);
  playTimer_.start();
  updateControls();
}

void TimelineBar::pause() {
  playTimer_.stop();
  updateControls();
}

void TimelineBar::togglePlay() {
  if (playing())
    pause();
  else
    play();
}

int TimelineBar::framesPerSecond() const { return fps_->value(); }

void TimelineBar::setFramesPerSecond(int fps) { fps_->setValue(fps); }

void TimelineBar::bindKeys(QWidget* view) {
  const auto bind = [this, view](int key, auto action) {
    auto* shortcut = new QShortcut(QKeySequence(key), view);
    shortcut->setContext(Qt::WidgetShortcut);
    connect(shortcut, &QShortcut::activated, this, action);
  };
  bind(Qt::Key_Space, [this] { togglePlay(); });
  bind(Qt::Key_Left, [this] { step(-1); });
  bind(Qt::Key_Right, [this] { step(1); });
  bind(Qt::Key_Home, [this] { choose(0); });
  bind(Qt::Key_End, [this] { choose(frameCount() - 1); });
}

void TimelineBar::step(int delta) {
  if (marks_.empty()) return;
  pause();
  // From Live, one back is the newest recorded frame.
  choose(live_ ? (delta < 0 ? frameCount() - 1 : frameCount()) : position_ + delta);
}

void TimelineBar::choose(int index) {
  if (index < 0 || index >= frameCount()) return;
  live_ = false;
  position_ = index;
  updateControls();
  emit frameRequested(index);
}

void TimelineBar::updateControls() {
  const int n = frameCount();
  // One frame is no trajectory; during a run the bar shows from the first recorded frame.
  setVisible(n > 1 || (n > 0 && liveAvailable_));
  position_ = std::clamp(position_, 0, std::max(0, n - 1));
  settingSlider_ = true;
  slider_->setRange(0, std::max(0, n - 1));
  slider_->setValue(live_ ? n - 1 : position_);
  settingSlider_ = false;
  const bool recorded = n > 0 && !live_;
  first_->setEnabled(n > 0 && (live_ || position_ > 0));
  back_->setEnabled(first_->isEnabled());
  forward_->setEnabled(recorded && position_ + 1 < n);
  last_->setEnabled(n > 0 && (live_ || position_ + 1 < n));
  playButton_->setEnabled(n > 1);
  playButton_->setIcon(
      style()->standardIcon(playing() ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
  playButton_->setToolTip(playing() ? tr("Pause (Space)") : tr("Play the recorded frames (Space)"));
  liveButton_->setVisible(liveAvailable_);
  liveButton_->setChecked(live_);
  counter_->setText(counterText());
}

}  // namespace sei::studio
