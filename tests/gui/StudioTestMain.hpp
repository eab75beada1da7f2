#pragma once

#include <QApplication>
#include <QSurfaceFormat>
#include <QtTest>

#include "VtkView.hpp"

/// main() of a studio test suite: VTK's OpenGL format, and settings, recovery files and recent
/// lists of the suite's own (QStandardPaths' test mode keys them by application name), so that
/// suites ctest runs side by side never see each other's.
#define SEI_STUDIO_TEST_MAIN(Suite)                                               \
  int main(int argc, char** argv) {                                               \
    QSurfaceFormat::setDefaultFormat(sei::render::VtkView::defaultFormat());      \
    QApplication app(argc, argv);                                                 \
    QApplication::setOrganizationName("SEI Studio");                              \
    QApplication::setApplicationName(QStringLiteral("sei-studio-tests-" #Suite)); \
    Suite suite;                                                                  \
    return QTest::qExec(&suite, argc, argv);                                      \
  }
