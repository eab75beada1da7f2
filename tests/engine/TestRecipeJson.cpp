// Recipe files: a full recipe round-trips through JSON; every malformed recipe is refused with one
// line naming the file, the field and what was expected; `sei build` writes the structure and the
// report the builder computed, and the shipped project recipes build.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "TestSupport.hpp"
#include "core/Error.hpp"
#include "io/ExtXyz.hpp"
#include "project/RecipeJson.hpp"

using namespace sei;

namespace {

const char* const kMinimal = R"({"format": "sei-recipe", "version": 1,
  "electrolyte": {"solvents": ["EC"], "thickness": 20, "lateral_size": [20, 20]}})";

bool sameRecipe(const Recipe& a, const Recipe& b) { return recipeToJson(a) == recipeToJson(b); }

}  // namespace

class TestRecipeJson : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

 private slots:
  void minimalRecipeGetsTheDefaults() {
    const Recipe r = parseRecipe(kMinimal, "r.json");
    QVERIFY(!r.electrode);
    QCOMPARE(r.electrolyte.solvents.size(), std::size_t(1));
    QCOMPARE(r.electrolyte.solvents[0].molecule.name, std::string("EC"));
    QVERIFY(!r.electrolyte.salt);
    QCOMPARE(r.gap, 2.5);
    QCOMPARE(r.packing.tolerance, 2.0);
    QCOMPARE(r.packing.ionDistance, 4.0);
    QCOMPARE(r.seed, std::uint64_t(1));
  }

  // Every field set away from its default survives write → read.
  void roundTrip() {
    Recipe r;
    RecipeElectrode e;
    e.slab.element = "Li";
    e.slab.latticeConstant = 3.51;
    e.slab.facet = SurfaceFacet::F110;
    e.slab.targetLateralA = 30.5;
    e.slab.targetLateralB = 28.25;
    e.slab.layers = 9;
    e.faces = WettedFaces::One;
    r.electrode = e;
    r.electrolyte.solvents = {{{"EC", ""}, 0.3, 1.33}, {{"VC", "C1=COC(=O)O1"}, 0.7, 1.355}};
    r.electrolyte.fractions = FractionKind::Mass;
    r.electrolyte.salt = RecipeSalt{{"Li", "[Li+]"}, {"PF6", ""}, 1.2};
    r.electrolyte.additives = {{"FEC", ""}};
    r.electrolyte.additiveCounts = {3};
    r.electrolyte.density = 1.31;
    r.electrolyte.solventMolecules = 321;
    r.gap = 3.25;
    r.vacuum = 12.5;
    r.packing = {2.1, 2.4, 5.5, 777};
    r.seed = 123456789012345ULL;
    const std::string json = recipeToJson(r);
    const Recipe back = parseRecipe(json, "round.json");
    QVERIFY(sameRecipe(r, back));
    QCOMPARE(back.electrode->slab.facet, SurfaceFacet::F110);
    QCOMPARE(back.electrode->slab.targetLateralB, 28.25);
    QCOMPARE(back.electrolyte.solvents[1].molecule.smiles, std::string("C1=COC(=O)O1"));
    QCOMPARE(back.electrolyte.salt->cation.smiles, std::string("[Li+]"));
    QCOMPARE(back.electrolyte.additiveCounts[0], 3);
    QCOMPARE(back.packing.maxSweeps, 777);
    QCOMPARE(back.seed, 123456789012345ULL);
  }

  void malformedRecipesAreRefused_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("syntax") << "{\"format\": \"sei-recipe\",\n \"version\": 1,,}"
                            << "bad.json: invalid JSON: parse error at line 2, column 15";
    QTest::newRow("not a recipe") << R"({"format": "gpumd"})"
                                  << "bad.json: format: expected \"sei-recipe\"";
    QTest::newRow("newer version")
        << R"({"format": "sei-recipe", "version": 2})"
        << "bad.json: version: this recipe needs a newer SEI Studio (supported: 1), got 2";
    QTest::newRow("unknown key") << R"({"format": "sei-recipe", "version": 1, "seeed": 3,
              "electrolyte": {"solvents": ["EC"], "thickness": 20, "lateral_size": [20, 20]}})"
                                 << "bad.json: seeed: unknown key";
    QTest::newRow("misspelt nested key")
        << R"({"format": "sei-recipe", "version": 1, "electrolyte": {"solvents": ["EC"],
              "thickness": 20, "lateral_size": [20, 20], "salt": {"molarty": 1}}})"
        << "bad.json: electrolyte.salt.molarty: unknown key";
    QTest::newRow("wrong type")
        << R"({"format": "sei-recipe", "version": 1, "electrolyte": {"solvents": ["EC"],
              "thickness": "thick", "lateral_size": [20, 20]}})"
        << "bad.json: electrolyte.thickness: expected a number in [0, 10000], got \"thick\"";
    QTest::newRow("negative fraction")
        << R"({"format": "sei-recipe", "version": 1, "electrolyte": {"solvents":
              [{"name": "EC", "fraction": -1}], "thickness": 20, "lateral_size": [20, 20]}})"
        << "bad.json: electrolyte.solvents[0].fraction: expected a number in";
    QTest::newRow("facet") << R"({"format": "sei-recipe", "version": 1,
              "electrode": {"facet": "210", "repeats": [4, 4]},
              "electrolyte": {"solvents": ["EC"], "thickness": 20}})"
                           << "bad.json: electrode.facet: expected one of \"100\", \"110\", "
                              "\"111\", got \"210\"";
    QTest::newRow("repeats and size") << R"({"format": "sei-recipe", "version": 1,
              "electrode": {"repeats": [4, 4], "lateral_size": [20, 20]},
              "electrolyte": {"solvents": ["EC"], "thickness": 20}})"
                                      << "bad.json: electrode: give either repeats";
    QTest::newRow("fractional repeats") << R"({"format": "sei-recipe", "version": 1,
              "electrode": {"repeats": [4.5, 4]},
              "electrolyte": {"solvents": ["EC"], "thickness": 20}})"
                                        << "bad.json: electrode.repeats: expected two whole";
    QTest::newRow("no solvent") << R"({"format": "sei-recipe", "version": 1,
              "electrolyte": {"solvents": [], "thickness": 20}})"
                                << "bad.json: electrolyte.solvents: expected a list of at least";
    QTest::newRow("neither thickness nor count") << R"({"format": "sei-recipe", "version": 1,
              "electrolyte": {"solvents": ["EC"]}})"
                                                 << "bad.json: electrolyte: give either thickness";
    QTest::newRow("no electrolyte") << R"({"format": "sei-recipe", "version": 1})"
                                    << "bad.json: electrolyte: the recipe needs an electrolyte";
    QTest::newRow("molarity out of range")
        << R"({"format": "sei-recipe", "version": 1, "electrolyte": {"solvents": ["EC"],
              "thickness": 20, "salt": {"molarity": 25}}})"
        << "bad.json: electrolyte.salt.molarity: expected a number in [0, 20], got 25";
    QTest::newRow("tolerance") << R"({"format": "sei-recipe", "version": 1,
              "electrolyte": {"solvents": ["EC"], "thickness": 20},
              "packing": {"tolerance": 0}})"
                               << "bad.json: packing.tolerance: expected a number in [0.5, 5]";
  }
  void malformedRecipesAreRefused() {
    QFETCH(QString, text);
    QFETCH(QString, message);
    try {
      parseRecipe(text.toStdString(), "bad.json");
      QFAIL("malformed recipe accepted");
    } catch (const InputError& e) {
      QVERIFY2(QString(e.what()).startsWith(message), e.what());
      QVERIFY(!QString(e.what()).contains('\n'));
    }
  }

  // `sei build` on the shipped small EC recipe: the file holds the atoms the report counts, and
  // the report's numbers are the builder's.
  void buildCommandWritesStructureAndReport() {
    const QString recipe = QDir(SEI_PROJECTS_DIR).filePath("recipes/na100-napf6-ec-small.json");
    const QString xyz = dir_.filePath("model.xyz"), report = dir_.filePath("report.json");
    const test::SeiRun run = test::runSei({"build", recipe, "--out", xyz, "--report", report});
    QVERIFY2(run.status == 0, qPrintable(run.err));
    QVERIFY(run.out.contains("molarity: 1.0000 mol/L requested"));
    const Structure s = readExtXyz(xyz.toStdString());
    QFile f(report);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject r = QJsonDocument::fromJson(f.readAll()).object();
    QCOMPARE(r["format"].toString(), QString("sei-build-report"));
    QCOMPARE(r["atoms"].toInt(), static_cast<int>(s.size()));
    int sodium = 0;
    for (const auto& sym : s.symbols) sodium += sym == "Na";
    QCOMPARE(r["atoms_per_element"].toObject()["Na"].toInt(), sodium);
    QVERIFY(r["closest_intermolecular_A"].toDouble() >= 2.0);
    QCOMPARE(s.cell.matrix()(2, 2), r["cell_A"].toArray()[2].toDouble());
    const Recipe parsed = readRecipe(recipe.toStdString());
    QCOMPARE(r["molarity_requested_mol_per_L"].toDouble(), parsed.electrolyte.salt->molarity);
  }

  // The example printed by --example is a valid recipe.
  void exampleIsAValidRecipe() {
    const test::SeiRun run = test::runSei({"build", "--example"});
    QCOMPARE(run.status, 0);
    const Recipe r = parseRecipe(run.out.toStdString(), "example");
    QVERIFY(r.electrode.has_value());
    QCOMPARE(r.electrolyte.salt->molarity, 1.0);
  }

  void buildCommandErrors() {
    QFile bad(dir_.filePath("bad.json"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write(R"({"format": "sei-recipe", "version": 1, "electrolyte": {"solvents": ["EC"],
              "thickness": 20, "lateral_size": [20, 20]}, "vacuum": -3})");
    bad.close();
    const test::SeiRun run = test::runSei({"build", bad.fileName(), "--out", "x.xyz"});
    QCOMPARE(run.status, 2);
    QCOMPARE(run.err.count('\n'), 1);
    QVERIFY2(run.err.contains("bad.json: vacuum: expected a number in [0, 1000], got -3"),
             qPrintable(run.err));
    QVERIFY(!QFile::exists("x.xyz"));
  }
};

QTEST_GUILESS_MAIN(TestRecipeJson)
#include "TestRecipeJson.moc"
