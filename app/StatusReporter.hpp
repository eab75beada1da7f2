#pragma once

#include <QString>

class QMainWindow;

namespace sei::studio {

/// Where the studio's parts report to the user: the window's status bar, a warning dialog, and
/// the last error (which tests and the command line read).
class StatusReporter {
 public:
  explicit StatusReporter(QMainWindow& window) : window_(window) {}

  /// Records `message` as lastError(), shows it in the status bar and, unless `quiet`, in a
  /// warning dialog.
  void fail(const QString& message, bool quiet);
  /// Records a failure that is shown elsewhere (the status bar, a panel).
  void setLastError(const QString& message) { lastError_ = message; }
  /// A message in the status bar, for `timeoutMs` (0: until the next one).
  void show(const QString& message, int timeoutMs = 0);
  /// lastError() in a warning dialog.
  void warnLastError();
  const QString& lastError() const { return lastError_; }
  /// The window dialogs belong to.
  QMainWindow& window() const { return window_; }

 private:
  QMainWindow& window_;
  QString lastError_;
};

}  // namespace sei::studio
