// sei-studio: the desktop studio. `sei-studio [--demo] [FILE...]` opens projects, structures and
// models; `--screenshot out.png [--size WxH]` renders the main window as a user would see it,
// saves the image and exits (documentation and tests); `--headless PROJECT.json` runs a project
// without a display (as `sei run PROJECT.json`).
#include <unistd.h>

#include <QApplication>
#include <QBuffer>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QRegularExpression>
#include <QWindow>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

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
  // The plots as a user would see them: the analysis of the opened structure (and of a recorded
  // run the follower reads, one poll after another) done, within reason.
  clock.restart();
  QElapsedTimer idle;
  idle.start();
  while (idle.elapsed() < 1200 && clock.elapsed() < 60000) {
    QApplication::processEvents(QEventLoop::AllEvents, 50);
    if (!window.analysis().idle()) idle.restart();
  }
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

/// `sei-studio --headless PROJECT.json [sei run options]`: the run without a display, by the
/// command-line engine beside this executable, so the outputs are exactly `sei run`'s.
int runHeadless(int argc, char** argv) {
  char self[4096] = {};
  const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return usageError(QObject::tr("cannot locate the sei-studio executable"));
  std::string sei(self, static_cast<std::size_t>(n));
  sei = sei.substr(0, sei.rfind('/') + 1) + "sei";
  std::vector<char*> args = {sei.data(), const_cast<char*>("run")};
  for (int i = 2; i < argc; ++i) args.push_back(argv[i]);
  args.push_back(nullptr);
  execv(sei.c_str(), args.data());
  return usageError(QObject::tr("cannot start %1: %2")
                        .arg(QString::fromStdString(sei), QString::fromUtf8(std::strerror(errno))));
}

int main(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], "--headless") == 0) return runHeadless(argc, argv);
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
  // A project's recipe builds in the background; a screenshot or the demo's run needs its result.
  if (opened && window.building()) {
    QEventLoop wait;
    QObject::connect(&window, &sei::studio::MainWindow::buildFinished, &wait,
                     [&](bool ok) { wait.exit(ok ? 0 : 1); });
    opened = wait.exec() == 0;
  }

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
  if (parser.isSet(demo) && opened) window.startRun(sei::studio::MainWindow::RunStart::StartOver);
  return app.exec();
}
