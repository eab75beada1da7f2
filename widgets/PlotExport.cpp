#include "PlotExport.hpp"

#include <QChart>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QImage>
#include <QObject>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSvgGenerator>
#include <cmath>

namespace sei::studio {

namespace {

constexpr double kCmPerInch = 2.54;
constexpr double kMetresPerInch = 0.0254;

}  // namespace

QSizeF ExportSize::inches() const {
  switch (unit) {
    case Unit::Pixels:
      return QSizeF(width, height) / dpi;
    case Unit::Inches:
      return {width, height};
    case Unit::Centimetres:
      return QSizeF(width, height) / kCmPerInch;
  }
  return {};
}

QSize ExportSize::pixels() const {
  const QSizeF in = inches() * dpi;
  return {int(std::lround(in.width())), int(std::lround(in.height()))};
}

QString exportPathForFilter(const QString& path, const QString& filter) {
  if (path.isEmpty() || !QFileInfo(path).suffix().isEmpty()) return path;
  const QRegularExpressionMatch m = QRegularExpression(R"(\*\.(\w+))").match(filter);
  return m.hasMatch() ? path + "." + m.captured(1) : path;
}

std::optional<QString> writeChartImage(QChart* chart, const QString& path, const ExportSize& size,
                                       double screenDpi, const QString& title) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  const QSize pixels = size.pixels();
  if (pixels.width() < 1 || pixels.height() < 1 || !(size.dpi > 0.0))
    return QObject::tr("%1: the figure size must be positive").arg(path);
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly))
    return QObject::tr("%1: cannot write: %2").arg(path, file.errorString());
  // Laid out at the figure's physical size as the screen would show it (fonts keep their point
  // size), then scaled to the output: the chart may be hidden or any size on screen.
  const QSizeF layout = size.inches() * screenDpi;
  const QRectF shown = chart->geometry();
  chart->setGeometry(QRectF(QPointF(0, 0), layout));
  chart->layout()->activate();
  const auto paint = [&](QPaintDevice* device, const QRectF& target, bool opaque) {
    QPainter painter(device);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    if (opaque) painter.fillRect(target, Qt::white);
    chart->scene()->render(&painter, target, chart->geometry());
  };
  bool ok = true;
  if (suffix == "png") {
    QImage image(pixels, QImage::Format_ARGB32);
    const int dotsPerMetre = int(std::lround(size.dpi / kMetresPerInch));
    image.setDotsPerMeterX(dotsPerMetre);
    image.setDotsPerMeterY(dotsPerMetre);
    paint(&image, QRectF(QPointF(0, 0), pixels), true);
    ok = image.save(&file, "PNG");
  } else if (suffix == "svg") {
    QSvgGenerator svg;
    svg.setOutputDevice(&file);
    svg.setResolution(int(std::lround(screenDpi)));
    svg.setSize(layout.toSize());
    svg.setViewBox(QRectF(QPointF(0, 0), layout));
    svg.setTitle(title);
    paint(&svg, QRectF(QPointF(0, 0), layout), false);
  } else {
    QPdfWriter pdf(&file);
    pdf.setTitle(title);
    pdf.setResolution(int(std::lround(screenDpi)));
    pdf.setPageSize(QPageSize(size.inches(), QPageSize::Inch));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    paint(&pdf, QRectF(QPointF(0, 0), size.inches() * pdf.resolution()), false);
  }
  chart->setGeometry(shown);
  if (!ok || !file.commit())
    return QObject::tr("%1: cannot write: %2").arg(path, file.errorString());
  return std::nullopt;
}

std::optional<ExportSize> askExportSize(QWidget* parent, const ExportSize& initial) {
  QDialog dialog(parent);
  dialog.setWindowTitle(QObject::tr("Figure size"));
  auto* width = new QDoubleSpinBox;
  auto* height = new QDoubleSpinBox;
  auto* unit = new QComboBox;
  auto* dpi = new QDoubleSpinBox;
  for (QDoubleSpinBox* box : {width, height}) {
    box->setRange(0.1, 20000.0);
    box->setDecimals(2);
  }
  unit->addItems({QObject::tr("px"), QObject::tr("in"), QObject::tr("cm")});
  dpi->setRange(10.0, 2400.0);
  dpi->setDecimals(0);
  dpi->setSuffix(QObject::tr(" dpi"));
  width->setValue(initial.width);
  height->setValue(initial.height);
  unit->setCurrentIndex(int(initial.unit));
  dpi->setValue(initial.dpi);
  auto* form = new QFormLayout(&dialog);
  form->addRow(QObject::tr("Width:"), width);
  form->addRow(QObject::tr("Height:"), height);
  form->addRow(QObject::tr("Unit:"), unit);
  form->addRow(QObject::tr("Resolution:"), dpi);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
  QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  form->addRow(buttons);
  if (dialog.exec() != QDialog::Accepted) return std::nullopt;
  return ExportSize{width->value(), height->value(), ExportSize::Unit(unit->currentIndex()),
                    dpi->value()};
}

}  // namespace sei::studio
