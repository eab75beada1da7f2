// The reactor's loop with counting fake stages: generation folders and their reports, stop
// criteria (a passing test, generations, labels), resume after a stop or a kill at the first
// unfinished stage, and labels that failed or lack energies never reaching train.xyz.

#include <QFile>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <thread>

#include "FakeReactorStages.hpp"
#include "TestSupport.hpp"
#include "core/Error.hpp"
#include "dataset/ExtXyzLabels.hpp"
#include "io/ExtXyz.hpp"
#include "reactor/ReactorLoop.hpp"
#include "reactor/ReactorReport.hpp"

using namespace sei;
using namespace sei::reactor;
namespace fs = std::filesystem;
using test::FakeReactorStages;

namespace {

std::size_t framesIn(const std::string& path) {
  return dataset::readExtXyzLabels(path, dataset::EnergyKind::Free).size();
}

}  // namespace

class TestReactorLoop : public QObject {
  Q_OBJECT

  test::ScratchFolder files_;
  ReactorPlan plan_;

  ReactorOptions options(const std::string& out, FakeReactorStages& fake,
                         std::vector<std::string>* lines = nullptr) {
    ReactorOptions o;
    o.out = files_.path(QString::fromStdString(out));
    o.stop = [&fake] { return fake.stop; };
    if (lines) o.log = [lines](const std::string& line) { lines->push_back(line); };
    return o;
  }

  GenerationRecord report(const std::string& out, int g) {
    const std::string path =
        generationFolder(files_.path(QString::fromStdString(out)), g) + "/report.json";
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return parseRecordJson(text.str(), path);
  }

 private slots:
  void initTestCase() {
    plan_.path = files_.write("plan.json", "{}");
    plan_.text = "{\"the plan\": 1}";
    plan_.dataset = files_.write(
        "start.xyz", test::na2FrameText(0, true, "start") + test::na2FrameText(1, true, "start"));
    plan_.nepIn = "type 1 Na\nseed 5\n";
    plan_.elements = {"Na"};
    plan_.committee = 2;
    plan_.budget.generations = 4;
  }

  // Generation 0 has no model: it only trains and tests; generation 1 samples with gen-000's
  // model and committee; the loop stops at the generation whose test passes.
  void stopsWhenTheTestPasses() {
    FakeReactorStages fake;
    fake.passAt = 1;
    std::vector<std::string> lines;
    const ReactorSummary s = runReactor(plan_, fake.stages(), options("pass", fake, &lines));
    QCOMPARE(int(s.outcome), int(ReactorOutcome::Passed));
    QCOMPARE(s.generations.size(), std::size_t(2));
    QVERIFY(s.message.find("generation 1's test passed") != std::string::npos);
    QCOMPARE(fake.calls["sample"], 1);
    QCOMPARE(fake.calls["label"], 1);
    QCOMPARE(fake.calls["train"], 4);  // two committee members in each of two generations
    QCOMPARE(fake.calls["test"], 2);
    QCOMPARE(lines.size(), std::size_t(10));  // one line per stage
    QVERIFY2(QString::fromStdString(lines[5]).startsWith(
                 "gen-001 sample: 9 candidates (3 from the last test's watchdog) ("),
             lines[5].c_str());
    const std::string out = files_.path("pass");
    QVERIFY(!fs::exists(generationFolder(out, 2)));
    std::ifstream overview(out + "/reactor.md");
    std::stringstream table;
    table << overview.rdbuf();
    QVERIFY2(
        table.str().find("| 0 | 0 | 0 | 0 | 0 | 2 | 0.10000 | failed |\n"
                         "| 1 | 9 | 3 | 3 | 0 | 5 | 0.10000 | passed |\n") != std::string::npos,
        table.str().c_str());
    // gen-001 samples with gen-000's models and is tested with its own.
    const StageContext& sample = fake.contexts[3];  // after gen-000: train, train, test
    QCOMPARE(sample.model, generationFolder(out, 0) + "/train/nep.txt");
    QCOMPARE(sample.committee,
             std::vector<std::string>{generationFolder(out, 0) + "/train/member-1/nep.txt"});
    QCOMPARE(sample.trainingSet, generationFolder(out, 0) + "/train/train.xyz");
    QCOMPARE(fake.contexts.back().model, generationFolder(out, 1) + "/train/nep.txt");
    // Files of gen-001 and its report.
    for (const char* file : {"candidates.xyz", "selected.xyz", "labelled.xyz", "train/nep.in",
                             "train/member-1/train.xyz", "report.md", "test.done"})
      QVERIFY2(fs::exists(generationFolder(out, 1) + "/" + file), file);
    QCOMPARE(framesIn(generationFolder(out, 1) + "/selected.xyz"), std::size_t(3));
    const GenerationRecord r = report("pass", 1);
    QCOMPARE(r.candidates, std::size_t(9));  // 6 sampled, 3 where gen-000's test fired
    const std::vector<Structure> candidates =
        readExtXyzFrames(generationFolder(out, 1) + "/candidates.xyz");
    QCOMPARE(candidates.size(), std::size_t(9));
    QVERIFY(candidates[8].info.find("tag=fired") != std::string::npos);
    QCOMPARE(r.selected, std::size_t(3));
    QCOMPARE(r.labelled, std::size_t(3));
    QCOMPARE(r.trainingFrames, std::size_t(5));
    QVERIFY(r.test.passed);
    QCOMPARE(r.models.size(), std::size_t(2));
    QCOMPARE(r.models[0].energyTrain, 0.02);
    QCOMPARE(r.done.size(), std::size_t(5));
    // Committee members differ by their seed only.
    std::ifstream member(generationFolder(out, 1) + "/train/member-1/nep.in");
    std::stringstream text;
    text << member.rdbuf();
    QCOMPARE(QString::fromStdString(text.str()), QString("type 1 Na\nseed 6\n"));
    // A rerun finds every stage done and the same verdict without calling a stage.
    FakeReactorStages again;
    const ReactorSummary t = runReactor(plan_, again.stages(), options("pass", again));
    QCOMPARE(int(t.outcome), int(ReactorOutcome::Passed));
    QVERIFY(again.calls.empty());
  }

  void stopsWhenGenerationsAreSpent() {
    FakeReactorStages fake;
    const ReactorSummary s = runReactor(plan_, fake.stages(), options("generations", fake));
    QCOMPARE(int(s.outcome), int(ReactorOutcome::BudgetSpent));
    QCOMPARE(s.generations.size(), std::size_t(4));
    QCOMPARE(fake.calls["test"], 4);
    QVERIFY(s.message.find("4 generations") != std::string::npos);
  }

  // A budget of 5 labels: 3 in gen-001, the 2 left in gen-002, then none: the loop ends before
  // gen-003 samples.
  void stopsWhenLabelsAreSpent() {
    ReactorPlan plan = plan_;
    plan.budget.labels = 5;
    plan.budget.generations = 10;
    FakeReactorStages fake;
    const ReactorSummary s = runReactor(plan, fake.stages(), options("labels", fake));
    QCOMPARE(int(s.outcome), int(ReactorOutcome::BudgetSpent));
    QVERIFY(s.message.find("label budget of 5") != std::string::npos);
    QCOMPARE(s.generations.size(), std::size_t(3));
    QCOMPARE(s.generations[1].selected, std::size_t(3));
    QCOMPARE(s.generations[2].selected, std::size_t(2));
    QCOMPARE(fake.calls["sample"], 2);
    // A rerun under a budget lowered below what was used ends at the same place.
    plan.budget.labels = 2;
    const ReactorSummary t = runReactor(plan, fake.stages(), options("labels", fake));
    QCOMPARE(t.message, std::string("label budget of 2 spent before generation 3; no test passed"));
    QCOMPARE(fake.calls["sample"], 2);
  }

  // Labels that failed are reported and never trained on; a frame of labelled.xyz without an
  // energy is dropped and counted; each generation trains on the start set and every label so
  // far.
  void failedLabelsNeverReachTraining() {
    FakeReactorStages fake;
    fake.failEvery = 3;  // the third selected frame fails
    fake.unlabelledFrame = true;
    fake.passAt = 2;
    std::vector<std::string> lines;
    runReactor(plan_, fake.stages(), options("failures", fake, &lines));
    QVERIFY2(lines[7].rfind("gen-001 label: 2 labelled, 1 failed (never trained on): frame_2 SCF "
                            "run NOT converged (",
                            0) == 0,
             lines[7].c_str());
    const GenerationRecord r = report("failures", 1);
    QCOMPARE(r.labelled, std::size_t(2));
    QCOMPARE(r.failures.size(), std::size_t(1));
    QCOMPARE(r.failures[0].reason, std::string("SCF run NOT converged"));
    QCOMPARE(r.droppedFrames, std::size_t(1));
    QCOMPARE(r.trainingFrames, std::size_t(4));
    const std::string out = files_.path("failures");
    const auto train1 = dataset::readExtXyzLabels(generationFolder(out, 1) + "/train/train.xyz",
                                                  dataset::EnergyKind::Free);
    QCOMPARE(train1.size(), std::size_t(4));
    for (const auto& s : train1) {
      QVERIFY(s.hasEnergy && s.hasForces());
      QVERIFY(s.structure.info.find("broken") == std::string::npos);
    }
    QCOMPARE(framesIn(generationFolder(out, 2) + "/train/train.xyz"), std::size_t(6));
    QCOMPARE(report("failures", 2).trainingFrames, std::size_t(6));
    std::ifstream md(generationFolder(out, 1) + "/report.md");
    std::stringstream text;
    text << md.rdbuf();
    QVERIFY(text.str().find("frame_2: SCF run NOT converged") != std::string::npos);
  }

  // Stopped after gen-001's label stage began: the rerun skips sample and select (their
  // markers exist) and runs label again, then the rest.
  void resumesAfterAStop() {
    FakeReactorStages fake;
    fake.stopIn = "label";
    fake.passAt = 1;
    const ReactorSummary s = runReactor(plan_, fake.stages(), options("stop", fake));
    QCOMPARE(int(s.outcome), int(ReactorOutcome::Stopped));
    QVERIFY(s.message.find("gen-001 label") != std::string::npos);
    const std::string gen1 = generationFolder(files_.path("stop"), 1);
    QVERIFY(fs::exists(gen1 + "/select.done"));
    QVERIFY(!fs::exists(gen1 + "/label.done"));
    FakeReactorStages again;
    again.passAt = 1;
    const ReactorSummary t = runReactor(plan_, again.stages(), options("stop", again));
    QCOMPARE(int(t.outcome), int(ReactorOutcome::Passed));
    QCOMPARE(again.calls.count("sample"), std::size_t(0));
    QCOMPARE(again.calls.count("select"), std::size_t(0));
    QCOMPARE(again.calls["label"], 1);
    QCOMPARE(again.calls["train"], 2);
    QCOMPARE(again.calls["test"], 1);
    QCOMPARE(report("stop", 1).labelled, std::size_t(3));
  }

  // A kill in the middle of gen-001's training (the stage throws): the rerun redoes only the
  // training and the test.
  void resumesAfterAKillMidStage() {
    FakeReactorStages fake;
    fake.throwIn = "train";
    fake.passAt = 1;
    // gen-000 trains first: let that one through, kill the first training of gen-001.
    ReactorStages stages = fake.stages();
    const auto train = stages.train;
    stages.train = [&](const StageContext& ctx, const std::string& dir) {
      if (ctx.generation == 0) {
        const std::string keep = fake.throwIn;
        fake.throwIn.clear();
        const TrainResult r = train(ctx, dir);
        fake.throwIn = keep;
        return r;
      }
      return train(ctx, dir);
    };
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, runReactor(plan_, stages, options("kill", fake)));
    QCOMPARE(fake.calls["label"], 1);
    FakeReactorStages again;
    again.passAt = 1;
    const ReactorSummary t = runReactor(plan_, again.stages(), options("kill", again));
    QCOMPARE(int(t.outcome), int(ReactorOutcome::Passed));
    QCOMPARE(again.calls.count("sample") + again.calls.count("select") + again.calls.count("label"),
             std::size_t(0));
    QCOMPARE(again.calls["train"], 2);
    QCOMPARE(again.calls["test"], 1);
  }

  // The wall-time budget ends the loop between stages, resumably: 3.6 ms, and a training that
  // takes 10 ms, so gen-000's test does not start (the atomic writes of the stages before it may
  // already take that long); the rerun without a time limit finishes what is left.
  void wallTimeStopsBetweenStages() {
    ReactorPlan plan = plan_;
    plan.budget.wallHours = 1e-6;
    plan.committee = 1;
    FakeReactorStages fake;
    ReactorStages stages = fake.stages();
    const auto train = stages.train;
    stages.train = [&](const StageContext& ctx, const std::string& dir) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      return train(ctx, dir);
    };
    const ReactorSummary s = runReactor(plan, stages, options("wall", fake));
    QCOMPARE(int(s.outcome), int(ReactorOutcome::Stopped));
    QVERIFY2(s.message.rfind("wall time budget spent before gen-000 ", 0) == 0, s.message.c_str());
    QVERIFY(s.message.find("; run again to go on") != std::string::npos);
    QCOMPARE(fake.calls.count("test"), std::size_t(0));
    plan.budget.wallHours = 0;
    plan.budget.generations = 1;
    FakeReactorStages again;
    again.passAt = 0;
    const ReactorSummary t = runReactor(plan, again.stages(), options("wall", again));
    QCOMPARE(int(t.outcome), int(ReactorOutcome::Passed));
    QCOMPARE(fake.calls["train"] + again.calls["train"], 1);
    QCOMPARE(again.calls["test"], 1);
  }

  // Labels on a cluster: the loop ends Waiting with the stage's message and no label marker; the
  // rerun (jobs finished) labels and goes on.
  void waitsForTheCluster() {
    FakeReactorStages fake;
    fake.passAt = 1;
    ReactorStages stages = fake.stages();
    const auto label = stages.label;
    stages.label = [](const StageContext&, const std::string&, const std::string&,
                      const std::string&) {
      LabelResult r;
      r.state = LabelResult::State::Waiting;
      r.message = "submit the job array";
      return r;
    };
    const ReactorSummary s = runReactor(plan_, stages, options("cluster", fake));
    QCOMPARE(int(s.outcome), int(ReactorOutcome::Waiting));
    QCOMPARE(s.message, std::string("submit the job array"));
    QVERIFY(!fs::exists(generationFolder(files_.path("cluster"), 1) + "/label.done"));
    const ReactorSummary t = runReactor(plan_, fake.stages(), options("cluster", fake));
    QCOMPARE(int(t.outcome), int(ReactorOutcome::Passed));
    QCOMPARE(fake.calls["label"], 1);
    QCOMPARE(fake.calls["sample"], 1);
  }

  // Bad input that a stage finds (a recipe that cannot be built) is one line naming the
  // generation and stage; the stage stays unfinished.
  void stageInputErrorNamesTheStage() {
    FakeReactorStages fake;
    ReactorStages stages = fake.stages();
    stages.sample = [](const StageContext&) -> std::vector<Structure> {
      throw InputError("molecule 'F2' is larger than the liquid region");
    };
    try {
      runReactor(plan_, stages, options("bad-stage", fake));
      QFAIL("no InputError");
    } catch (const InputError& e) {
      QCOMPARE(std::string(e.what()),
               std::string("gen-001 sample: molecule 'F2' is larger than the liquid region"));
    }
    QVERIFY(!fs::exists(generationFolder(files_.path("bad-stage"), 1) + "/sample.done"));
  }

  // A selection that chooses nothing ends the loop (the training set would not change) without
  // its marker; the rerun with a looser selection selects from the kept candidates.
  void stallsWhenNothingIsSelected() {
    FakeReactorStages fake;
    fake.perSelect = 0;
    const ReactorSummary s = runReactor(plan_, fake.stages(), options("stall", fake));
    QCOMPARE(int(s.outcome), int(ReactorOutcome::Stalled));
    QCOMPARE(s.message, std::string("gen-001 select: none of 9 candidates is worth a label under "
                                    "the plan's selection; loosen `selection` (or change "
                                    "`sampling`) and run again"));
    QVERIFY(!fs::exists(generationFolder(files_.path("stall"), 1) + "/select.done"));
    fake.perSelect = 3;
    fake.passAt = 1;
    const ReactorSummary t = runReactor(plan_, fake.stages(), options("stall", fake));
    QCOMPARE(int(t.outcome), int(ReactorOutcome::Passed));
    QCOMPARE(fake.calls["sample"], 1);
    QCOMPARE(fake.calls["select"], 2);
    QCOMPARE(fake.calls["label"], 1);
  }

  // A folder made by one plan refuses a plan of another start or training, but goes on under a
  // plan that changes the rest (here the budget).
  void refusesAnotherPlansFolder() {
    FakeReactorStages fake;
    ReactorPlan plan = plan_;
    plan.text = R"({"start": {"dataset": "a.xyz"}, "budget": {"generations": 1}})";
    plan.budget.generations = 1;
    QCOMPARE(int(runReactor(plan, fake.stages(), options("claimed", fake)).outcome),
             int(ReactorOutcome::BudgetSpent));
    ReactorPlan other = plan;
    other.text = R"({"start": {"dataset": "b.xyz"}, "budget": {"generations": 1}})";
    QVERIFY_THROWS_EXCEPTION(InputError,
                             runReactor(other, fake.stages(), options("claimed", fake)));
    other.text = R"({"start": {"dataset": "a.xyz"}, "training": {"committee": 3},
                     "budget": {"generations": 1}})";
    QVERIFY_THROWS_EXCEPTION(InputError,
                             runReactor(other, fake.stages(), options("claimed", fake)));
    plan.text = R"({"start": {"dataset": "a.xyz"}, "budget": {"generations": 2}})";
    plan.budget.generations = 2;
    fake.passAt = 1;
    QCOMPARE(int(runReactor(plan, fake.stages(), options("claimed", fake)).outcome),
             int(ReactorOutcome::Passed));
    QCOMPARE(fake.calls["test"], 2);
  }
};

QTEST_GUILESS_MAIN(TestReactorLoop)
#include "TestReactorLoop.moc"
