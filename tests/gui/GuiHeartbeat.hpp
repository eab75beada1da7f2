#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <algorithm>

namespace sei::test {

/// A 20 ms timer on the GUI thread, beating from construction to stop(): its longest gap is how
/// long the GUI was blocked meanwhile (a blocked GUI shows one long gap and few beats).
class GuiHeartbeat {
 public:
  GuiHeartbeat() {
    timer_.setInterval(20);
    QObject::connect(&timer_, &QTimer::timeout, [this] {
      const qint64 now = clock_.elapsed();
      longestGap_ = std::max(longestGap_, now - last_);
      last_ = now;
      ++beats_;
    });
    clock_.start();
    timer_.start();
  }
  /// Stops beating; elapsed() is the time until now.
  void stop() {
    timer_.stop();
    elapsed_ = clock_.elapsed();
  }
  qint64 elapsed() const { return elapsed_; }        ///< ms from construction to stop()
  qint64 longestGap() const { return longestGap_; }  ///< ms
  qint64 beats() const { return beats_; }

 private:
  QElapsedTimer clock_;
  QTimer timer_;
  qint64 last_ = 0, longestGap_ = 0, beats_ = 0, elapsed_ = 0;
};

}  // namespace sei::test
