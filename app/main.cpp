// sei-studio: the desktop studio. `sei-studio [--demo] [FILE...]` opens projects, structures and
// models; `--screenshot out.png [--size WxH]` renders the main window as a user would see it,
// saves the image and exits (documentation and tests).
#include <QApplication>
#include <QBuffer>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QWindow>
#include <cstdio>

#include "MainWindow.hpp"
#include "VtkView.hpp"
#include "io/AtomicFile.hpp"

namespace {

int usageError(const QString& message) {
  std::fprintf(stderr, "sei-studio: error: %s\n", qPrintable(message));
  return 2;
}

/// Shows the window, lets it lay out and render, and writes what is on screen as PNG.
int saveScreenshot(sei::studio::MainWindow& window, const QString& path, const QSize& size) {
  window.resize(size);
  window.show();
  QElapsedTimer clock;
  clock.start();
  while ((!window.windowHandle() || !window.windowHandle()->isExposed()) && clock.elapsed() < 10000)
    QApplication::processEvents(QEventLoop::AllEvents, 50);
  window.flushFrames();
  for (int i = 0; i < 5; ++i) QApplication::processEvents(QEventLoop::AllEvents, 20);
  const QImage image = window.grab().toImage();
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  if (image.isNull() || !image.save(&buffer, "PNG"))
    return usageError(QObject::tr("could not capture the window for %1").arg(path));
  try {
    sei::writeFileAtomically(path.toStdString(), bytes.toStdString());
  } catch (const std::exception& e) {
    return usageError(QString::fromUtf8(e.what()));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // VTK needs an OpenGL 3.2 core context; it must be the default before QApplication exists.
  QSurfaceFormat::setDefaultFormat(sei::render::VtkView::defaultFormat());
  QApplication app(argc, argv);
  QApplication::setOrganizationName("SEI Studio");
  QApplication::setApplicationName("sei-studio");

  QCommandLineParser parser;
  parser.setApplicationDescription(QObject::tr(
      "SEI Studio: build, run and watch MD of electrode-electrolyte interfaces with qNEP."));
  parser.addHelpOption();
  const QCommandLineOption demo("demo", QObject::tr("Open the demo (qNEP water) and start it."));
  const QCommandLineOption screenshot(
      "screenshot", QObject::tr("Save the main window as PNG to <file> and exit."), "file");
  const QCommandLineOption size("size", QObject::tr("Window size for --screenshot (1280x800)."),
                                "WxH", "1280x800");
  parser.addOptions({demo, screenshot, size});
  parser.addPositionalArgument(
      "files", QObject::tr("Projects (.json), structures (.xyz) and models (nep.txt)."),
      "[FILE...]");
  parser.process(app);

  const bool shooting = parser.isSet(screenshot);
  sei::studio::MainWindow window;
  bool opened = true;
  if (parser.isSet(demo)) opened = window.openDemo(shooting);
  for (const QString& file : parser.positionalArguments())
    opened = opened && window.openFile(file, shooting);

  if (shooting) {
    if (!opened) return usageError(window.lastError());
    const auto match = QRegularExpression("^(\\d+)x(\\d+)$").match(parser.value(size));
    if (!match.hasMatch())
      return usageError(QObject::tr("--size %1: expected WIDTHxHEIGHT in pixels, e.g. 1280x800")
                            .arg(parser.value(size)));
    return saveScreenshot(window, parser.value(screenshot),
                          QSize(match.captured(1).toInt(), match.captured(2).toInt()));
  }
  window.show();
  if (parser.isSet(demo) && opened) window.startRun();
  return app.exec();
}
