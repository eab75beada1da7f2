// sei-studio: the desktop studio. `sei-studio [--demo] [FILE...]` opens projects, structures and
// models; `--screenshot out.png [--size WxH] [--after SECONDS | --steps N]` renders the main
// window as a user would see it (with --after/--steps: during a live run), saves the image and
// exits (documentation and tests); `--headless PROJECT.json` runs a project without a display
// (as `sei run PROJECT.json`). --help and --version need no display.
#include <unistd.h>

#include <QApplication>
#include <QBuffer>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QRegularExpression>
#include <QWindow>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "MainWindow.hpp"
#include "StudioInfo.hpp"
#include "VtkView.hpp"
#include "io/AtomicFile.hpp"

namespace {

/// The largest window side --screenshot renders whatever the OpenGL driver allows: beyond it the
/// window's image alone is over 1 GB.
constexpr int kMaxScreenshotSide = 16384;
constexpr int kMinScreenshotSide = 64;

int usageError(const QString& message) {
  std::fprintf(stderr, "sei-studio: error: %s\n", qPrintable(message));
  return 2;
}

/// What the command line asks for, checked before any window (or display) exists.
struct Options {
  bool demo = false;
  QString screenshot;  ///< "" none
  QSize size{1280, 800};
  std::optional<double> after;        ///< s of a live run before the screenshot
  std::optional<std::int64_t> steps;  ///< steps of a live run before the screenshot
  QStringList files;
};

/// Parses the command line with a QCoreApplication, so no display is needed. Returns the exit
/// status where the program ends here (--help and --version: 0; bad input: 2 with one line),
/// nullopt to go on.
std::optional<int> parseOptions(int argc, char** argv, Options& options) {
  QCoreApplication core(argc, argv);
  QCoreApplication::setApplicationName("sei-studio");
  QCoreApplication::setApplicationVersion(sei::studio::StudioInfo::version());
  QCommandLineParser parser;
  parser.setApplicationDescription(QObject::tr(
      "SEI Studio: build, run and watch MD of electrode-electrolyte interfaces with qNEP.\n"
      "sei-studio --headless PROJECT.json [--resume] [--quiet] runs a project without a "
      "display (as `sei run`)."));
  const QCommandLineOption help = parser.addHelpOption();
  const QCommandLineOption version = parser.addVersionOption();
  const QCommandLineOption demo("demo", QObject::tr("Open the demo (qNEP water) and start it."));
  const QCommandLineOption screenshot(
      "screenshot", QObject::tr("Save the main window as PNG to <file> and exit."), "file");
  const QCommandLineOption size(
      "size",
      QObject::tr("Window size for --screenshot (default 1280x800, at most %1 a side).")
          .arg(kMaxScreenshotSide),
      "WxH", "1280x800");
  const QCommandLineOption after(
      "after", QObject::tr("With --screenshot: start the run and capture it after <seconds>."),
      "seconds");
  const QCommandLineOption steps(
      "steps", QObject::tr("With --screenshot: start the run and capture it after <n> steps."),
      "n");
  parser.addOptions({demo, screenshot, size, after, steps});
  parser.addPositionalArgument(
      "files", QObject::tr("Projects (.json), structures (.xyz), run folders and models."),
      "[FILE...]");
  if (!parser.parse(QCoreApplication::arguments())) return usageError(parser.errorText());
  if (parser.isSet(help) || parser.isSet("help-all")) {
    std::fputs(qPrintable(parser.helpText()), stdout);
    return 0;
  }
  if (parser.isSet(version)) {
    std::printf("sei-studio %s\nbackends: %s\n", qPrintable(sei::studio::StudioInfo::version()),
                qPrintable(sei::studio::StudioInfo::backends().join("; ")));
    return 0;
  }
  options.demo = parser.isSet(demo);
  options.screenshot = parser.value(screenshot);
  options.files = parser.positionalArguments();
  const auto match = QRegularExpression("^(\\d{1,9})x(\\d{1,9})$").match(parser.value(size));
  if (!match.hasMatch())
    return usageError(QObject::tr("--size %1: expected WIDTHxHEIGHT in pixels, e.g. 1280x800")
                          .arg(parser.value(size)));
  options.size = QSize(match.captured(1).toInt(), match.captured(2).toInt());
  if (std::min(options.size.width(), options.size.height()) < kMinScreenshotSide)
    return usageError(QObject::tr("--size %1: at least %2 pixels a side")
                          .arg(parser.value(size))
                          .arg(kMinScreenshotSide));
  if (parser.isSet(after) && parser.isSet(steps))
    return usageError(QObject::tr("--after and --steps: give one of them"));
  if ((parser.isSet(after) || parser.isSet(steps)) && options.screenshot.isEmpty())
    return usageError(QObject::tr("--after and --steps go with --screenshot FILE"));
  bool ok = true;
  if (parser.isSet(after)) {
    options.after = parser.value(after).toDouble(&ok);
    if (!ok || !(*options.after >= 0.0 && *options.after <= 3600.0))
      return usageError(
          QObject::tr("--after %1: expected seconds between 0 and 3600").arg(parser.value(after)));
  }
  if (parser.isSet(steps)) {
    options.steps = parser.value(steps).toLongLong(&ok);
    if (!ok || *options.steps < 1)
      return usageError(QObject::tr("--steps %1: expected a whole number of steps, at least 1")
                            .arg(parser.value(steps)));
  }
  return std::nullopt;
}

/// The largest window side this display's OpenGL renders (the QOpenGLWidget of the 3D view is a
/// texture and a renderbuffer), at most kMaxScreenshotSide.
int maxScreenshotSide(QString& bound) {
  bound = QObject::tr("the fixed bound of sei-studio");
  int side = kMaxScreenshotSide;
  QOpenGLContext context;
  QOffscreenSurface surface;
  surface.create();
  if (!context.create() || !context.makeCurrent(&surface)) return side;
  GLint texture = 0, renderbuffer = 0;
  context.functions()->glGetIntegerv(GL_MAX_TEXTURE_SIZE, &texture);
  context.functions()->glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &renderbuffer);
  context.doneCurrent();
  const int gl = std::min(texture, renderbuffer);
  if (gl > 0 && gl < side) {
    side = gl;
    bound = QObject::tr("the OpenGL maximum texture/renderbuffer size here");
  } else if (gl > 0) {
    bound = QObject::tr("the bound of sei-studio; OpenGL allows %1").arg(gl);
  }
  return side;
}

/// Shows the window at `size` and lets it lay out and render.
void showForScreenshot(sei::studio::MainWindow& window, const QSize& size) {
  window.resize(size);
  window.show();
  QElapsedTimer clock;
  clock.start();
  while ((!window.windowHandle() || !window.windowHandle()->isExposed()) && clock.elapsed() < 10000)
    QApplication::processEvents(QEventLoop::AllEvents, 50);
}

/// The plots as a user would see them: the analysis of the opened structure (and of a recorded
/// run the follower reads, one poll after another) done, within reason.
void waitForAnalysis(sei::studio::MainWindow& window) {
  QElapsedTimer clock;
  clock.start();
  QElapsedTimer idle;
  idle.start();
  while (idle.elapsed() < 1200 && clock.elapsed() < 60000) {
    QApplication::processEvents(QEventLoop::AllEvents, 50);
    if (!window.runs().analysis().idle()) idle.restart();
  }
}

/// Starts the run and returns once `seconds` have passed or `steps` are done (or the run ended).
int waitForLiveRun(sei::studio::MainWindow& window, const Options& options) {
  if (!window.runs().startRun(sei::studio::RunCoordinator::RunStart::StartOver))
    return usageError(QObject::tr("cannot start the run: %1").arg(window.lastError()));
  auto& controller = window.controller();
  QElapsedTimer clock;
  clock.start();
  const qint64 limitMs = options.after ? static_cast<qint64>(*options.after * 1000.0) : 0;
  while (controller.active()) {
    QApplication::processEvents(QEventLoop::AllEvents, 20);
    if (options.after && clock.elapsed() >= limitMs) break;
    if (options.steps && controller.latestProgress().step >= *options.steps &&
        controller.latestSnapshot() && controller.latestSnapshot()->step >= *options.steps)
      break;
  }
  if (controller.state() == sei::studio::RunState::Failed)
    return usageError(QObject::tr("the run failed: %1").arg(controller.lastError()));
  return 0;
}

/// Writes what is on screen as PNG; with a run, names its step and time on stdout.
int writeScreenshot(sei::studio::MainWindow& window, const QString& path) {
  window.runs().flushFrames();
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
  if (const auto& frame = window.scene().frame())
    std::printf("sei-studio: %s shows step %lld (t = %.3f ps)\n", qPrintable(path),
                static_cast<long long>(frame->step), frame->time / 1000.0);
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
  Options options;
  if (const std::optional<int> exit = parseOptions(argc, argv, options)) return *exit;
  // VTK needs an OpenGL 3.2 core context; it must be the default before QApplication exists.
  QSurfaceFormat::setDefaultFormat(sei::render::VtkView::defaultFormat());
  QApplication app(argc, argv);
  QApplication::setOrganizationName("SEI Studio");
  QApplication::setApplicationName("sei-studio");
  QApplication::setApplicationVersion(sei::studio::StudioInfo::version());

  const bool shooting = !options.screenshot.isEmpty();
  if (shooting) {
    QString bound;
    const int side = maxScreenshotSide(bound);
    if (std::max(options.size.width(), options.size.height()) > side)
      return usageError(QObject::tr("--size %1x%2: at most %3x%3 pixels (%4)")
                            .arg(options.size.width())
                            .arg(options.size.height())
                            .arg(side)
                            .arg(bound));
  }
  sei::studio::MainWindow window;
  // A project not closed cleanly last time is offered before anything else is opened.
  if (!shooting) {
    window.show();
    if (window.document().offerRecovery()) return app.exec();
  }
  bool opened = true;
  if (options.demo) opened = window.document().openDemo(shooting);
  for (const QString& file : options.files) opened = opened && window.openFile(file, shooting);
  // A project's recipe builds in the background; a screenshot or the demo's run needs its result.
  if (opened && window.document().building()) {
    QEventLoop wait;
    QObject::connect(&window, &sei::studio::MainWindow::buildFinished, &wait,
                     [&](bool ok) { wait.exit(ok ? 0 : 1); });
    opened = wait.exec() == 0;
  }

  if (shooting) {
    if (!opened) return usageError(window.lastError());
    showForScreenshot(window, options.size);
    if (options.after || options.steps) {
      if (const int status = waitForLiveRun(window, options); status != 0) return status;
    } else {
      waitForAnalysis(window);
    }
    const int status = writeScreenshot(window, options.screenshot);
    window.runs().stopRunAndWait();
    return status;
  }
  if (options.demo && opened) window.runs().startRun(sei::studio::RunCoordinator::RunStart::StartOver);
  return app.exec();
}
