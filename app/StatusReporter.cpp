#include "StatusReporter.hpp"

#include <QMainWindow>
#include <QMessageBox>
#include <QStatusBar>

namespace sei::studio {

void StatusReporter::fail(const QString& message, bool quiet) {
  lastError_ = message;
  show(message);
  if (!quiet) warnLastError();
}

void StatusReporter::show(const QString& message, int timeoutMs) {
  window_.statusBar()->showMessage(message, timeoutMs);
}

void StatusReporter::warnLastError() {
  QMessageBox::warning(&window_, QObject::tr("SEI Studio"), lastError_);
}

}  // namespace sei::studio
