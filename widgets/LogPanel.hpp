#pragma once

#include <QStringList>
#include <QWidget>
#include <vector>

#include "PlotData.hpp"

class QAction;
class QPlainTextEdit;

namespace sei::studio {

enum class LogLevel { Info, Warning, Error };

/// The studio's log, as LAMMPS-GUI keeps one: timestamped lines of what happened (runs started,
/// paused, finished, stopped or failed; warnings and errors), and a run's thermo lines as its
/// thermo.out receives them, under a header naming thermo.out's columns with units. It keeps the
/// last kMaxLines lines, so a long run never grows it without bound. Copy, Clear and Save as.
class LogPanel : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kMaxLines = 5000;

  explicit LogPanel(QWidget* parent = nullptr);

  /// A timestamped line ("14:02:11  warning: ..."); warnings and errors in colour.
  void add(LogLevel level, const QString& message);
  /// The next thermo line starts a table of its own, under a header (a new run, or its file
  /// started over).
  void startThermo();
  /// Thermo lines: step, time (ps) and thermo.out's columns T K U Pxx … cz.
  void addThermo(const std::vector<ThermoSample>& samples);
  /// The log as shown, one line per entry.
  QStringList lines() const;
  /// Writes the log as text, atomically; false with the reason in lastError().
  bool saveAs(const QString& path);
  const QString& lastError() const { return lastError_; }
  QPlainTextEdit* view() const { return view_; }
  QAction* copyAction() const { return copy_; }
  QAction* clearAction() const { return clear_; }
  QAction* saveAction() const { return save_; }

 private:
  void append(const QStringList& lines, const QColor& color);
  void saveDialog();

  QPlainTextEdit* view_;
  QAction* copy_;
  QAction* clear_;
  QAction* save_;
  bool thermoHeaderDue_ = true;
  QString lastError_;
};

}  // namespace sei::studio
