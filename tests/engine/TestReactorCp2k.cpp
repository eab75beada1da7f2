// A reactor generation whose labels come from the real CP2K (ctest label cp2k): of a Na atom and
// a NaF molecule in 6 Å boxes at 250 Ry with MAX_SCF 10, the atom converges and the molecule
// (~38 SCF steps) does not: the failure is reported with CP2K's reason and only the atom joins
// the starting set in train.xyz.

#include <QtTest>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "TestSupport.hpp"
#include "dataset/ExtXyzLabels.hpp"
#include "io/ExtXyz.hpp"
#include "reactor/GenerationStages.hpp"
#include "reactor/ReactorLoop.hpp"

using namespace sei;
using namespace sei::reactor;
namespace fs = std::filesystem;

namespace {

Structure inBox(std::vector<std::string> symbols, std::vector<Eigen::Vector3d> positions) {
  Structure s;
  s.symbols = std::move(symbols);
  s.positions = std::move(positions);
  s.cell = Cell(6.0 * Eigen::Matrix3d::Identity());
  return s;
}

}  // namespace

class TestReactorCp2k : public QObject {
  Q_OBJECT

 private slots:
  void failedLabelIsReportedAndLeftOut() {
    test::ScratchFolder dir;
    ReactorPlan plan;
    plan.path = dir.write("plan.json", "{}");
    plan.text = "{}";
    plan.model = dir.write("start-model.txt", "the fake stages never read it\n");
    // One labelled starting frame: a Na atom with made-up numbers.
    plan.dataset =
        dir.write("start.xyz",
                  "1\nLattice=\"6 0 0 0 6 0 0 0 6\" Properties=species:S:1:pos:R:3:forces:R:3 "
                  "energy=-5.0 pbc=\"T T T\"\nNa 1 1 1 0 0 0\n");
    plan.nepIn = "type 2 Na F\n";
    plan.committee = 1;
    plan.budget.generations = 1;
    plan.labelling.cutoff = 250;
    plan.labelling.sets = {"MAX_SCF=10"};

    ReactorStages stages = generationStages(plan);
    stages.sample = [](const StageContext&) {
      return std::vector<Structure>{
          inBox({"Na"}, {Eigen::Vector3d(3.0, 3.0, 3.0)}),
          inBox({"Na", "F"}, {Eigen::Vector3d(2.1, 2.3, 2.2), Eigen::Vector3d(3.2, 3.4, 3.5)})};
    };
    stages.select = [](const StageContext&, const std::vector<Structure>& c, std::size_t) {
      return std::vector<std::size_t>{0, 1};
    };
    int trained = 0;
    stages.train = [&trained](const StageContext&, const std::string&) {
      ++trained;
      return TrainResult{};
    };
    stages.test = [](const StageContext&, const std::string&) {
      return TestResult{false, true, "not run"};
    };
    ReactorOptions o;
    o.out = dir.path("loop");
    const ReactorSummary s = runReactor(plan, stages, o);
    QCOMPARE(int(s.outcome), int(ReactorOutcome::Passed));
    QCOMPARE(trained, 1);
    const GenerationRecord& r = s.generations.at(0);
    QCOMPARE(r.selected, std::size_t(2));
    QCOMPARE(r.labelled, std::size_t(1));
    QCOMPARE(r.failures.size(), std::size_t(1));
    QCOMPARE(r.failures[0].folder, std::string("frame_0001"));
    QCOMPARE(r.failures[0].reason, std::string("SCF run NOT converged"));
    const std::string gen = generationFolder(o.out, 0);
    QVERIFY(fs::exists(gen + "/label/frame_0001/cp2k.out"));
    const auto train =
        dataset::readExtXyzLabels(gen + "/train/train.xyz", dataset::EnergyKind::Free);
    QCOMPARE(train.size(), std::size_t(2));
    QCOMPARE(train[1].structure.symbols, std::vector<std::string>{"Na"});
    // CP2K's energy of the atom (a q1 pseudopotential: about −5 eV), not the made-up one.
    QVERIFY2(train[1].energy < -4.0 && train[1].energy > -7.0,
             qPrintable(QString::number(train[1].energy)));
    QVERIFY(train[1].energy != -5.0);
  }
};

QTEST_GUILESS_MAIN(TestReactorCp2k)
#include "TestReactorCp2k.moc"
