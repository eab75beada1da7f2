#pragma once

#include <QtTest>

#include "MainWindow.hpp"
#include "RunPanel.hpp"

/// Runs the window's open project or structure to `steps` (the run's total) the way `how` says and
/// waits until the run has finished, completed (fails the calling test otherwise).
inline void runTo(sei::studio::MainWindow& w, std::int64_t steps,
                  sei::studio::RunCoordinator::RunStart how) {
  sei::studio::RunSettings s = w.runPanel()->settings();
  s.run.steps = steps;
  w.runPanel()->setSettings(s);
  QSignalSpy finished(&w.controller(), &sei::studio::SimulationController::finished);
  QVERIFY2(w.runs().startRun(how), qPrintable(w.lastError()));
  QVERIFY(finished.wait(60000));
  QCOMPARE(finished.at(0).at(0).toBool(), true);
}
