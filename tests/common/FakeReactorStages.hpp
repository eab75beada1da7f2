#pragma once

#include <map>
#include <string>
#include <vector>

#include "reactor/ReactorStages.hpp"

namespace sei::test {

/// Na2 in a 6 Å box with the Na–Na distance 2.5 + 0.1·i Å, labelled when `energy` (energy
/// −1 − i eV, forces ±0.1·i eV/Å), tagged `tag=T`: extended XYZ text.
std::string na2FrameText(int i, bool energy, const std::string& tag);

/// Fake reactor stages (TestReactorLoop, TestReactorPanel) that count their calls and do what
/// the test sets: sample returns `candidates` Na2 frames, select the last `perSelect`, label
/// labels them (failing every `failEvery`-th), train writes nep.txt and GPUMD's parity files of
/// its training set (prediction = reference + 0.01 eV/atom and + 0.02 eV/Å), test passes at
/// generation `passAt` and otherwise writes the watchdog's frames.
struct FakeReactorStages {
  std::map<std::string, int> calls;
  int candidates = 6;            ///< frames each sample returns
  std::size_t perSelect = 3;     ///< indices each select returns
  int failEvery = 0;             ///< label: every n-th selected frame fails (0: none)
  bool unlabelledFrame = false;  ///< label: also writes a frame without energy to labelled.xyz
  int passAt = -1;               ///< generation whose test passes
  std::string throwIn;           ///< stage that throws once (a kill mid-stage)
  std::string stopIn;            ///< stage after which stop is requested once
  int stageMs = 0;               ///< ms each stage takes (slept, not computed)
  bool stop = false;
  std::vector<reactor::StageContext> contexts;  ///< one per stage call

  void enter(const std::string& stage, const reactor::StageContext& ctx);
  reactor::ReactorStages stages();
};

}  // namespace sei::test
