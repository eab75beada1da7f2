// sei reactor's sample and select stages over the sampling and selection of engine/reactor:
// a bad key of the plan's objects is one line naming it before anything runs; sampling 20 water
// molecules with GPUMD's water NEP gives the frames the settings promise, and selection keeps at
// most the label budget left, in farthest-point order.

#include <QtTest>
#include <algorithm>
#include <set>

#include "TestSupport.hpp"
#include "core/Error.hpp"
#include "reactor/SamplingStages.hpp"

using namespace sei;
using namespace sei::reactor;

namespace {

const char* const kWater =
    R"({"recipes": [{"format": "sei-recipe", "version": 1, "seed": 3, "electrolyte":
        {"solvents": ["H2O"], "solvent_molecules": 20, "lateral_size": [8.5, 8.5]}}],
        "start_temperature": 300, "peak_temperature": 600, "ramp_steps": 20, "hold_steps": 40,
        "frame_interval": 20, "time_step": 0.5, "seed": 7})";

}  // namespace

class TestReactorSamplingStages : public QObject {
  Q_OBJECT

 private slots:
  void badObjectsAreOneLine() {
    ReactorPlan plan;
    plan.path = "plan.json";
    plan.sampling = R"({"recipes": []})";
    plan.selection = R"({"count": 2})";
    ReactorStages stages;
    try {
      addSamplingStages(stages, plan);
      QFAIL("no InputError");
    } catch (const InputError& e) {
      QVERIFY2(std::string(e.what()).rfind("plan.json: sampling: recipes: expected a list", 0) == 0,
               e.what());
    }
    plan.sampling = kWater;
    plan.selection = R"({"count": 2, "force_std_lo": 0.1})";
    QVERIFY_THROWS_EXCEPTION(InputError, addSamplingStages(stages, plan));
    QVERIFY(!stages.sample && !stages.select);
  }

  void samplesAndSelectsWater() {
    const QString shared = test::sharedDir();
    if (shared.isEmpty()) QFAIL("../shared not found: set SEI_SHARED_DIR");
    ReactorPlan plan;
    plan.path = "plan.json";
    plan.sampling = kWater;
    plan.selection = R"({"count": 5})";
    ReactorStages stages;
    addSamplingStages(stages, plan);
    StageContext ctx;
    ctx.model = shared.toStdString() + "/models/nep_water.txt";
    ctx.trainingSet = shared.toStdString() + "/structures/water63.xyz";
    ctx.threads = 2;
    const std::vector<Structure> frames = stages.sample(ctx);
    // Three trajectories (as built, compressed, expanded) of 60 steps, a frame every 20.
    QCOMPARE(frames.size(), std::size_t(9));
    for (const Structure& s : frames) QCOMPARE(s.size(), std::size_t(60));
    const std::vector<std::size_t> chosen = stages.select(ctx, frames, 2);
    QCOMPARE(chosen.size(), std::size_t(2));
    QCOMPARE(std::set<std::size_t>(chosen.begin(), chosen.end()).size(), std::size_t(2));
    for (std::size_t i : chosen) QVERIFY(i < frames.size());
  }
};

QTEST_GUILESS_MAIN(TestReactorSamplingStages)
#include "TestReactorSamplingStages.moc"
