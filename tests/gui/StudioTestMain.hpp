#pragma once

#include <QApplication>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QSurfaceFormat>
#include <QWidget>
#include <QtTest>

#include "VtkView.hpp"

/// Saves what a widget shows now as SEI_SCREENSHOT_DIR/NAME.png, to be looked at after the run.
inline bool saveScreenshot(QWidget& widget, const QString& name) {
  QDir().mkpath(SEI_SCREENSHOT_DIR);
  return widget.grab().save(QString(SEI_SCREENSHOT_DIR) + "/" + name + ".png");
}

/// main() of a studio test suite: VTK's OpenGL format, and settings, recovery files and recent
/// lists of the suite's own (QStandardPaths' test mode keys them by application name), so that
/// suites ctest runs side by side never see each other's.
#define SEI_STUDIO_TEST_MAIN(Suite)                                               \
  int main(int argc, char** argv) {                                               \
    QSurfaceFormat::setDefaultFormat(sei::render::VtkView::defaultFormat());      \
    QApplication app(argc, argv);                                                 \
    QApplication::setOrganizationName("SEI Studio");                              \
    QApplication::setApplicationName(QStringLiteral("sei-studio-tests-" #Suite)); \
    QStandardPaths::setTestModeEnabled(true);                                     \
    QSettings().clear();                                                          \
    Suite suite;                                                                  \
    return QTest::qExec(&suite, argc, argv);                                      \
  }
