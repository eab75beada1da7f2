// sei reactor's plan file: a good plan is read into the numbers it states; every bad field is
// one line naming it; `sei reactor` with a bad plan exits 2 and writes nothing.

#include <QDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include "TestSupport.hpp"
#include "core/Error.hpp"
#include "reactor/ReactorPlan.hpp"

using namespace sei;
using namespace sei::reactor;

namespace {

// Two frames, Na2 and NaF, labelled; the test structure is Na2.
const char* const kNa2 =
    "2\nLattice=\"6 0 0 0 6 0 0 0 6\" Properties=species:S:1:pos:R:3:forces:R:3 energy=-10.5 "
    "pbc=\"T T T\"\nNa 0 0 0 0.1 0 0\nNa 3 0 0 -0.1 0 0\n";
const char* const kNaF =
    "2\nLattice=\"6 0 0 0 6 0 0 0 6\" Properties=species:S:1:pos:R:3:forces:R:3 energy=-660.1 "
    "pbc=\"T T T\"\nNa 0 0 0 0.2 0 0\nF 2 0 0 -0.2 0 0\n";
const char* const kKCl =
    "2\nLattice=\"6 0 0 0 6 0 0 0 6\" Properties=species:S:1:pos:R:3 pbc=\"T T T\"\n"
    "K 0 0 0\nCl 3 0 0\n";

/// A good plan; `edit` replaces the text `from` by `to` in it.
std::string planText(const std::string& from = "", const std::string& to = "") {
  std::string text = R"({"format": "sei-reactor-plan", "version": 1,
 "start": {"dataset": "start.xyz",
           "reference_energies": {"Na": -5.2, "F": -655.3, "H": -13.1, "O": -430.7}},
 "training": {"nep_in_lines": ["type 4 Na F H O", "neuron 8", "seed 7"], "committee": 3},
 "sampling": {"recipes": [{"electrode": {"element": "Na", "repeats": [3, 3], "layers": 4},
                           "electrolyte": {"solvents": ["H2O"], "thickness": 8}}]},
 "selection": {"count": 4},
 "labelling": {"cutoff": 250, "ranks": 2, "set": ["MAX_SCF=50"], "batch": "slurm",
               "partition": "short", "modules": ["cp2k/2023.1"]},
 "test": {"structure": "target.xyz", "temperature": 450, "time_step": 0.5, "time": 0.05,
          "watchdog": {"interval": 5, "force_std": 0.25, "fmax": 12, "drift": 0}},
 "budget": {"generations": 4, "labels": 30, "wall_hours": 2.5}})";
  if (!from.empty()) {
    const std::size_t at = text.find(from);
    if (at == std::string::npos) throw std::logic_error("no '" + from + "' in the plan");
    text.replace(at, from.size(), to);
  }
  return text;
}

}  // namespace

class TestReactorPlan : public QObject {
  Q_OBJECT

  test::ScratchFolder dir_;

 private slots:
  void initTestCase() {
    dir_.write("start.xyz", std::string(kNa2) + kNaF);
    dir_.write("target.xyz", kNa2);
    dir_.write("kcl.xyz", kKCl);
    dir_.write("r.json", R"({"format": "sei-recipe", "version": 1, "electrode": {"layer": 4}})");
    dir_.write("ec.json", R"({"format": "sei-recipe", "version": 1,
 "electrode": {"element": "Na", "repeats": [3, 3], "layers": 4},
 "electrolyte": {"solvents": ["EC"], "thickness": 8}})");
  }

  void readsEveryField() {
    const ReactorPlan p = readReactorPlan(dir_.write("plan.json", planText()));
    QCOMPARE(p.dataset, dir_.path("start.xyz"));
    QVERIFY(p.model.empty());
    QCOMPARE(p.referenceEnergies.at("F"), -655.3);
    QCOMPARE(p.nepIn, std::string("type 4 Na F H O\nneuron 8\nseed 7\n"));
    QCOMPARE(p.elements, (std::vector<std::string>{"Na", "F", "H", "O"}));
    QCOMPARE(p.committee, 3);
    QCOMPARE(nlohmann::json::parse(p.sampling)["recipes"][0]["electrolyte"]["solvents"][0],
             nlohmann::json("H2O"));
    QCOMPARE(p.selection, std::string(R"({"count":4})"));
    QCOMPARE(p.labelling.cutoff, 250.0);
    QCOMPARE(p.labelling.ranks, 2);
    QVERIFY(p.labelling.slurm);
    QCOMPARE(p.labelling.sets, std::vector<std::string>{"MAX_SCF=50"});
    QCOMPARE(p.labelling.modules, std::vector<std::string>{"cp2k/2023.1"});
    QCOMPARE(p.test.structure, dir_.path("target.xyz"));
    QCOMPARE(p.test.temperature, 450.0);
    QCOMPARE(p.test.steps, std::int64_t(100));  // 0.05 ps / 0.5 fs
    QCOMPARE(p.test.watchdog.interval, std::int64_t(5));
    QCOMPARE(p.test.watchdog.forceStd, 0.25);
    QCOMPARE(p.test.watchdog.maxForce, 12.0);
    QCOMPARE(p.test.watchdog.drift, 0.0);
    QCOMPARE(p.budget.generations, 4);
    QCOMPARE(p.budget.labels, std::int64_t(30));
    QCOMPARE(p.budget.wallHours, 2.5);
  }

  void badFieldsAreNamed_data() {
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("expected");
    QTest::newRow("format") << "sei-reactor-plan"
                            << "sei-recipe"
                            << "format: expected";
    QTest::newRow("missing dataset file") << "\"start.xyz\""
                                          << "\"none.xyz\""
                                          << "start.dataset: no such file";
    QTest::newRow("unknown key") << "\"wall_hours\""
                                 << "\"wall_hour\""
                                 << "budget.wall_hour: unknown key";
    QTest::newRow("temperature") << "\"temperature\": 450"
                                 << "\"temperature\": -3"
                                 << "test.temperature: expected a number in [1,";
    QTest::newRow("steps and time") << "\"time\": 0.05"
                                    << "\"time\": 0.05, \"steps\": 9"
                                    << "test: expected exactly one of steps and time";
    QTest::newRow("structure and recipe")
        << "\"structure\": \"target.xyz\""
        << "\"structure\": \"target.xyz\", \"recipe\": \"r.json\""
        << "test: expected exactly one of structure (a file) and recipe";
    QTest::newRow("recipe") << "\"structure\": \"target.xyz\""
                            << "\"recipe\": \"r.json\""
                            << "electrode: give either repeats [nx, ny] or lateral_size";
    QTest::newRow("batch") << "\"slurm\""
                           << "\"pbs\""
                           << "labelling.batch: expected one of";
    QTest::newRow("committee") << "\"committee\": 3"
                               << "\"committee\": 0"
                               << "training.committee: expected an integer in [1, 16]";
    QTest::newRow("nep.in keyword") << "\"neuron 8\""
                                    << "\"neurons 8\""
                                    << "training: training.nep_in_lines:2: unknown keyword";
    QTest::newRow("element of the dataset") << "type 4 Na F H O"
                                            << "type 3 Na H O"
                                            << "start.dataset: element F is not in the model";
    QTest::newRow("element of the test") << "\"target.xyz\""
                                         << "\"kcl.xyz\""
                                         << "test.structure: element Cl, K is not in the model";
    // Recipes are checked against the types before anything is built or sampled.
    QTest::newRow("element of a sampling recipe")
        << "[\"H2O\"]"
        << "[\"EC\"]"
        << "sampling.recipes[0]: the recipe holds element C, which is not in the model's types "
           "(nep.in `type`: Na F H O)";
    QTest::newRow("element of the test recipe")
        << "\"structure\": \"target.xyz\""
        << "\"recipe\": \"ec.json\""
        << "test.recipe: the recipe holds element C, which is not in the model's types";
    QTest::newRow("sampling recipes") << "\"recipes\": [{"
                                      << "\"recipe\": [{"
                                      << "sampling: recipes: a required key is missing";
    QTest::newRow("reference energy") << "\"F\": -655.3"
                                      << "\"Li\": -1"
                                      << "start.reference_energies: no energy for element F";
    QTest::newRow("no budget") << "\"budget\":"
                               << "\"budgets\":"
                               << "budget: a required key is missing";
    QTest::newRow("sampling") << "\"sampling\": {"
                              << "\"sampling\": 3, \"x\": {"
                              << "sampling: expected a JSON object";
  }
  void badFieldsAreNamed() {
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, expected);
    const std::string path = dir_.write("bad.json", planText(from.toStdString(), to.toStdString()));
    try {
      readReactorPlan(path);
      QFAIL("no InputError");
    } catch (const InputError& e) {
      const QString message = QString::fromStdString(e.what());
      QVERIFY2(message.startsWith(QString::fromStdString(path) + ": " + expected) ||
                   message.contains(": " + expected),
               qPrintable(message));
      QVERIFY2(!message.contains('\n'), qPrintable(message));
    }
  }

  // The command: a bad plan is one line on stderr, exit status 2 and no output folder.
  void commandRefusesBadPlanWithoutWriting() {
    const std::string path =
        dir_.write("bad-cli.json", planText("\"fmax\": 12", "\"fmax\": \"x\""));
    const QString out = QString::fromStdString(dir_.path("loop"));
    const test::SeiRun run = test::runSei({"reactor", QString::fromStdString(path), "--out", out});
    QCOMPARE(run.status, 2);
    QCOMPARE(run.err.trimmed().count('\n'), 0);
    QVERIFY2(run.err.contains("test.watchdog.fmax: expected a number"), qPrintable(run.err));
    QVERIFY(!QDir(out).exists());
  }
};

QTEST_GUILESS_MAIN(TestReactorPlan)
#include "TestReactorPlan.moc"
