#include "StatusReporter.hpp"

#include <QMainWindow>
#include <QMessageBox>
#include <QStatusBar>

namespace sei::studio {

void StatusReporter::fail(const QString& message, bool quiet) {
  lastError_ = message;
  show(message);
  record(LogLevel::Error, message);
  if (!quiet) warnLastError();
}

void StatusReporter::show(const QString& message, int timeoutMs) {
  window_.statusBar()->showMessage(message, timeoutMs);
}

void StatusReporter::warn(const QString& message) {
  show(message);
  record(LogLevel::Warning, message);
}

void StatusReporter::record(LogLevel level, const QString& message) {
  if (log_) log_->add(level, message);
}

void StatusReporter::warnLastError() {
  QMessageBox::warning(&window_, QObject::tr("SEI Studio"), lastError_);
}

}  // namespace sei::studio
