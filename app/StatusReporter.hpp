#pragma once

#include <QString>

#include "LogPanel.hpp"

class QMainWindow;

namespace sei::studio {

/// Where the studio's parts report to the user: the window's status bar, a warning dialog, the
/// log (widgets/LogPanel: every warning and error, and the run events parts record), and the last
/// error (which tests and the command line read).
class StatusReporter {
 public:
  explicit StatusReporter(QMainWindow& window) : window_(window) {}

  /// The log that warnings, errors and recorded events go to (none: they go nowhere else).
  void setLog(LogPanel* log) { log_ = log; }
  /// Records `message` as lastError(), shows it in the status bar and the log and, unless
  /// `quiet`, in a warning dialog.
  void fail(const QString& message, bool quiet);
  /// Records a failure that is shown (and logged) elsewhere.
  void setLastError(const QString& message) { lastError_ = message; }
  /// A message in the status bar, for `timeoutMs` (0: until the next one); not logged.
  void show(const QString& message, int timeoutMs = 0);
  /// A warning: in the status bar and the log.
  void warn(const QString& message);
  /// An event for the log only (a run started, finished, ...).
  void record(LogLevel level, const QString& message);
  /// lastError() in a warning dialog.
  void warnLastError();
  const QString& lastError() const { return lastError_; }
  /// The window dialogs belong to.
  QMainWindow& window() const { return window_; }
  LogPanel* log() const { return log_; }

 private:
  QMainWindow& window_;
  LogPanel* log_ = nullptr;
  QString lastError_;
};

}  // namespace sei::studio
