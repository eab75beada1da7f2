#include "FakeReactorStages.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "dataset/ExtXyzLabels.hpp"
#include "io/ExtXyz.hpp"

namespace sei::test {
namespace {

using namespace sei::reactor;
namespace fs = std::filesystem;

/// GPUMD's energy_train.out and force_train.out of dir/train.xyz: predictions 0.01 eV/atom and
/// 0.02 eV/Å above the labels, then the labels.
void writeParityFiles(const std::string& dir) {
  std::ofstream energy(dir + "/energy_train.out"), force(dir + "/force_train.out");
  for (const auto& s : dataset::readExtXyzLabels(dir + "/train.xyz", dataset::EnergyKind::Free)) {
    const double perAtom = s.energy / static_cast<double>(s.structure.size());
    energy << perAtom + 0.01 << " " << perAtom << "\n";
    for (const Eigen::Vector3d& f : s.structure.forces)
      force << f.x() + 0.02 << " " << f.y() + 0.02 << " " << f.z() + 0.02 << " " << f.x() << " "
            << f.y() << " " << f.z() << "\n";
  }
}

}  // namespace

std::string na2FrameText(int i, bool energy, const std::string& tag) {
  const double d = 2.5 + 0.1 * i;
  std::string text = "2\nLattice=\"6 0 0 0 6 0 0 0 6\" Properties=species:S:1:pos:R:3";
  text += energy ? ":forces:R:3 energy=" + std::to_string(-1.0 - i) : "";
  text += " tag=" + tag + " pbc=\"T T T\"\n";
  const std::string f = energy ? " " + std::to_string(0.1 * i) + " 0 0" : "";
  const std::string g = energy ? " " + std::to_string(-0.1 * i) + " 0 0" : "";
  return text + "Na 0 0 0" + f + "\nNa " + std::to_string(d) + " 0 0" + g + "\n";
}

void FakeReactorStages::enter(const std::string& stage, const StageContext& ctx) {
  ++calls[stage];
  contexts.push_back(ctx);
  if (stageMs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(stageMs));
  if (throwIn == stage) {
    throwIn.clear();
    throw std::runtime_error("killed in " + stage);
  }
  if (stopIn == stage) {
    stopIn.clear();
    stop = true;
  }
}

ReactorStages FakeReactorStages::stages() {
  ReactorStages s;
  s.sample = [this](const StageContext& ctx) {
    enter("sample", ctx);
    std::vector<Structure> frames;
    for (int i = 0; i < candidates; ++i) {
      std::istringstream in(na2FrameText(i, false, "g" + std::to_string(ctx.generation)));
      frames.push_back(readExtXyzFrames(in, "fake").front());
    }
    return frames;
  };
  s.select = [this](const StageContext& ctx, const std::vector<Structure>& c, std::size_t) {
    enter("select", ctx);
    std::vector<std::size_t> chosen;
    for (std::size_t i = 0; i < perSelect && i < c.size(); ++i) chosen.push_back(c.size() - 1 - i);
    return chosen;
  };
  s.label = [this](const StageContext& ctx, const std::string& selected,
                   const std::string& labelled, const std::string& work) {
    enter("label", ctx);
    fs::create_directories(work);
    LabelResult r;
    std::string text;
    const std::size_t n = readExtXyzFrames(selected).size();
    for (std::size_t i = 0; i < n; ++i) {
      if (failEvery > 0 && (i + 1) % failEvery == 0) {
        r.failures.push_back({"frame_" + std::to_string(i), "SCF run NOT converged"});
        continue;
      }
      text += na2FrameText(static_cast<int>(i), true, "g" + std::to_string(ctx.generation));
      ++r.labelled;
    }
    if (unlabelledFrame) text += na2FrameText(9, false, "broken");
    std::ofstream(labelled) << text;
    return r;
  };
  s.train = [this](const StageContext& ctx, const std::string& dir) {
    enter("train", ctx);
    std::ofstream(dir + "/nep.txt") << "fake model\n";
    writeParityFiles(dir);
    TrainResult r;
    r.energyTrain = 0.01 * (ctx.generation + 1);
    r.forceTrain = 0.1;
    return r;
  };
  s.test = [this](const StageContext& ctx, const std::string& dir) {
    enter("test", ctx);
    fs::create_directories(dir);
    TestResult r;
    r.passed = ctx.generation == passAt;
    r.message = r.passed ? "no event" : "watchdog fired";
    if (!r.passed) {  // the watchdog's frames: the two checks before the event and its own
      fs::create_directories(dir + "/watchdog");
      std::ofstream(dir + "/watchdog/frames.xyz") << na2FrameText(7, false, "fired") +
                                                         na2FrameText(8, false, "fired") +
                                                         na2FrameText(9, false, "fired");
    }
    return r;
  };
  return s;
}

}  // namespace sei::test
