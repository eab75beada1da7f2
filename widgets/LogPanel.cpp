#include "LogPanel.hpp"

#include <QAction>
#include <QClipboard>
#include <QFileDialog>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBlock>
#include <QTime>
#include <QToolButton>
#include <QVBoxLayout>
#include <utility>

#include "ThermoQuantities.hpp"
#include "io/AtomicFile.hpp"

namespace sei::studio {
namespace {

constexpr int kStepWidth = 10;
constexpr int kColumnWidth = 13;  ///< "-1.23457e+03" and a space
constexpr int kDigits = 6;        ///< significant digits of a thermo column

QString stamp() { return QTime::currentTime().toString("HH:mm:ss") + "  "; }

}  // namespace

LogPanel::LogPanel(QWidget* parent)
    : QWidget(parent),
      view_(new QPlainTextEdit),
      copy_(new QAction(tr("Copy"), this)),
      clear_(new QAction(tr("Clear"), this)),
      save_(new QAction(tr("Save as\u2026"), this)) {
  view_->setReadOnly(true);
  view_->setLineWrapMode(QPlainTextEdit::NoWrap);  // thermo columns stay aligned
  view_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  view_->document()->setMaximumBlockCount(kMaxLines);
  view_->setObjectName("logView");
  copy_->setToolTip(tr("Copy the selected lines, or the whole log, to the clipboard"));
  clear_->setToolTip(tr("Clear the log"));
  save_->setToolTip(tr("Save the log as a text file"));
  connect(copy_, &QAction::triggered, this, [this] {
    QString selected = view_->textCursor().selectedText();
    selected.replace(QChar(0x2029), '\n');  // a selection's line breaks are U+2029
    QGuiApplication::clipboard()->setText(selected.isEmpty() ? view_->toPlainText() : selected);
  });
  connect(clear_, &QAction::triggered, this, [this] {
    view_->clear();
    thermoHeaderDue_ = true;
  });
  connect(save_, &QAction::triggered, this, &LogPanel::saveDialog);

  auto* buttons = new QHBoxLayout;
  for (QAction* a : {copy_, clear_, save_}) {
    auto* b = new QToolButton;
    b->setDefaultAction(a);
    buttons->addWidget(b);
  }
  buttons->addStretch();
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  layout->addLayout(buttons);
  layout->addWidget(view_, 1);
}

void LogPanel::append(const QStringList& lines, const QColor& color) {
  QScrollBar* bar = view_->verticalScrollBar();
  const bool atEnd = bar->value() == bar->maximum();
  QTextCursor cursor(view_->document());
  cursor.movePosition(QTextCursor::End);
  cursor.beginEditBlock();
  QTextCharFormat format;
  if (color.isValid()) format.setForeground(color);
  for (const QString& line : lines) {
    if (!view_->document()->isEmpty()) cursor.insertBlock();
    cursor.insertText(line, format);
  }
  cursor.endEditBlock();
  if (atEnd) bar->setValue(bar->maximum());  // follows new lines unless scrolled back
}

void LogPanel::add(LogLevel level, const QString& message) {
  switch (level) {
    case LogLevel::Info:
      return append({stamp() + message}, {});
    case LogLevel::Warning:
      return append({stamp() + tr("warning: %1").arg(message)}, QColor(0xb3, 0x6b, 0x00));
    case LogLevel::Error:
      return append({stamp() + tr("error: %1").arg(message)}, QColor(0xc0, 0x39, 0x2b));
  }
}

void LogPanel::startThermo() { thermoHeaderDue_ = true; }

void LogPanel::addThermo(const std::vector<ThermoSample>& samples) {
  if (samples.empty()) return;
  const std::vector<const ThermoQuantity*> columns = thermoFileColumns();
  const QString pad(stamp().size(), ' ');
  QStringList lines;
  if (std::exchange(thermoHeaderDue_, false)) {
    QString header =
        stamp() + QStringLiteral("%1%2").arg(tr("step"), kStepWidth).arg(tr("t(ps)"), kColumnWidth);
    for (const ThermoQuantity* q : columns)
      header +=
          QStringLiteral("%1").arg(QStringLiteral("%1(%2)").arg(q->symbol, q->unit), kColumnWidth);
    lines << header;
  }
  for (const ThermoSample& s : samples) {
    QString line =
        pad +
        QStringLiteral("%1%2").arg(s.step, kStepWidth).arg(s.time / 1000.0, kColumnWidth, 'f', 4);
    for (const ThermoQuantity* q : columns)
      line += QStringLiteral("%1").arg(q->value(s.record), kColumnWidth, 'g', kDigits);
    lines << line;
  }
  append(lines, {});
}

QStringList LogPanel::lines() const { return view_->toPlainText().split('\n'); }

bool LogPanel::saveAs(const QString& path) {
  try {
    writeFileAtomically(path.toStdString(), (view_->toPlainText() + '\n').toStdString());
    return true;
  } catch (const std::exception& e) {
    lastError_ = QString::fromUtf8(e.what());
    return false;
  }
}

void LogPanel::saveDialog() {
  const QString path = QFileDialog::getSaveFileName(
      this, tr("Save log"), QStringLiteral("studio.log"), tr("Text files (*.log *.txt)"));
  if (!path.isEmpty() && !saveAs(path)) QMessageBox::warning(this, tr("Save log"), lastError_);
}

}  // namespace sei::studio
