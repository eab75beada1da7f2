// sei train's inputs: nep.in (GPUMD's defaults, every keyword, the errors with file:line) and
// GPUMD's training extended XYZ (energy per atom, virial/stress conversion, weights, BEC, the
// errors naming the structure), on hand-written fixtures and GPUMD's PbTe example.
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <numeric>

#include "RandomModel.hpp"
#include "TestSupport.hpp"
#include "core/Error.hpp"
#include "training/NepInput.hpp"
#include "training/TrainingSet.hpp"

using namespace sei;
using namespace sei::training;

namespace {

/// The message of the InputError `f` throws ("" if none).
template <class F>
QString errorOf(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return QString::fromUtf8(e.what());
  }
  return {};
}

const char* const kCell =
    "Lattice=\"10 0 0 0 11 0 0 0 12\" Properties=species:S:1:pos:R:3:force:R:3";

}  // namespace

class TestTrainInput : public QObject {
  Q_OBJECT
  test::ScratchFolder files_;

 private slots:
  // GPUMD's nep defaults (training-notes.md) when nep.in says only `type`.
  void defaults() {
    const NepInput in = parseNepInput("type 2 Te Pb\n", "nep.in");
    QCOMPARE(in.elements, (std::vector<std::string>{"Te", "Pb"}));
    QCOMPARE(in.radialCutoff, (std::vector<double>{8.0, 8.0}));
    QCOMPARE(in.angularCutoff, (std::vector<double>{4.0, 4.0}));
    QCOMPARE(in.nMaxRadial, 6);
    QCOMPARE(in.basisAngular, 6);
    QCOMPARE(in.lMax, 4);
    QCOMPARE(in.higherFlags[0], 2);
    QCOMPARE(in.higherFlags[1], 0);
    QCOMPARE(in.neurons, 30);
    QCOMPARE(in.lambda1, -1.0);
    QCOMPARE(in.lambdaV, 0.1);
    QCOMPARE(in.lambdaQ, 0.1);
    QCOMPARE(in.lambdaZ, 0.5);
    QCOMPARE(in.batch, 1000);
    QCOMPARE(in.population, 50);
    QCOMPARE(in.generation, 100000);
    QCOMPARE(in.sigma0, 0.1);
    QCOMPARE(in.outputInterval, 100);
    QCOMPARE(in.savePotential, 100000);
    QCOMPARE(in.typeWeight, (std::vector<double>{1.0, 1.0}));
    QCOMPARE(in.modelToken(), std::string("nep4"));
    QVERIFY(in.optimizer == Optimizer::Snes);
    // GPUMD's example files parse to the same thing plus their own lines.
    const QString shared = test::sharedDir() + "/training/PbTe/";
    QVERIFY2(QFile::exists(shared + "qnep_nep.in"), qPrintable("missing " + shared));
    const NepInput q = readNepInput((shared + "qnep_nep.in").toStdString());
    QCOMPARE(q.chargeMode, 2);
    QCOMPARE(q.generation, 20000);
    QCOMPARE(q.modelToken(), std::string("nep4_charge2"));
  }

  void everyKeyword() {
    const NepInput in = parseNepInput(
        "# a comment line\n"
        "version 4\n"
        "type 2 Na F   # trailing comment\n"
        "type_weight 1.0 0.5\n"
        "zbl 2\n"
        "use_typewise_cutoff_zbl 0.65\n"
        "cutoff 6 5 7 4.5\n"
        "n_max 5 3\n"
        "basis_size 7 5\n"
        "l_max 4 2 1 1\n"
        "neuron 20 0\n"
        "lambda_1 0.01\nlambda_2 0.02\nlambda_e 2\nlambda_f 3\nlambda_v 0.5\n"
        "lambda_shear 2\nlambda_q 0.3\nlambda_z 0.4\nforce_delta 1.5\n"
        "batch 50 1\npopulation 60\ngeneration 300\ninitial_para 0.5\nsigma0 0.05\n"
        "prediction 0\nmodel_type 0\natomic_v 0\noutput_descriptor 1\n"
        "save_potential 1000 0 1\noutput_interval 10\nimport_q_scaler 0\n"
        "optimizer snes\nseed 42\nepoch 7\nstart_lr 0.01\nstop_lr 1e-6\nweight_decay 1e-5\n"
        "lr_cos_restart 1 2 5 1.5 0.9\nenergy_shift 1\ncharge_sign start\n",
        "nep.in");
    QCOMPARE(in.typeWeight[1], 0.5);
    QVERIFY(in.zbl);
    QCOMPARE(in.zblOuter, 2.0);
    QCOMPARE(in.zblTypewiseFactor, 0.65);
    QVERIFY(in.typewiseCutoff);
    QCOMPARE(in.radialCutoff, (std::vector<double>{6.0, 7.0}));
    QCOMPARE(in.angularCutoff, (std::vector<double>{5.0, 4.5}));
    QCOMPARE(in.nMaxAngular, 3);
    QCOMPARE(in.basisRadial, 7);
    QCOMPARE(in.higherFlags[1], 1);
    QCOMPARE(in.higherFlags[2], 1);
    QCOMPARE(in.neurons, 20);
    QCOMPARE(in.lambda2, 0.02);
    QCOMPARE(in.lambdaShear, 2.0);
    QCOMPARE(in.forceDelta, 1.5);
    QCOMPARE(in.batch, 50);
    QVERIFY(in.fullBatch);
    QCOMPARE(in.population, 60);
    QCOMPARE(in.initialPara, 0.5);
    QCOMPARE(in.outputDescriptor, 1);
    QCOMPARE(in.savePotentialFormat, 0);
    QVERIFY(in.savePotentialRestart);
    QCOMPARE(in.seed, 42ull);
    QCOMPARE(in.epoch, 7);
    QCOMPARE(in.lrInitialPeriod, 5);
    QCOMPARE(in.lrDecayFactor, 0.9);
    QVERIFY(in.energyShift);
    QVERIFY(in.chargeSign == ChargeSign::Start);
    QVERIFY(parseNepInput("type 1 H\n", "nep.in").chargeSign == ChargeSign::Auto);
    const NepInput tuned = parseNepInput("type 1 H\nfine_tune f.txt f.restart 0\n", "nep.in");
    QCOMPARE(tuned.fineTuneModel, std::string("f.txt"));
    QCOMPARE(tuned.fineTuneRestart, std::string("f.restart"));
    QVERIFY(!tuned.fineTuneDescriptor);
    QVERIFY(parseNepInput("type 1 H\nfine_tune f.txt f.restart\n", "nep.in").fineTuneDescriptor);
    QCOMPARE(in.modelToken(), std::string("nep4_zbl"));
    // GNEP's batch default applies to Adam when nep.in gives none.
    QCOMPARE(parseNepInput("type 1 H\noptimizer adam\n", "nep.in").batch, 2);
  }

  void errors_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown") << "type 1 H\nfoo 3\n"
                             << "nep.in:2: unknown keyword 'foo'";
    QTest::newRow("count") << "type 1 H\nn_max 4\n"
                           << "nep.in:2: n_max: expected 'n_max n_R n_A'";
    QTest::newRow("range") << "type 1 H\nn_max 13 4\n"
                           << "nep.in:2: n_max: the radial value must be within 0..12";
    QTest::newRow("number") << "type 1 H\nlambda_e x\n"
                            << "nep.in:2: lambda_e: expected a number";
    QTest::newRow("negative") << "type 1 H\nlambda_f -1\n"
                              << "nep.in:2: lambda_f: the force weight must be within";
    QTest::newRow("before type") << "cutoff 6 4\ntype 1 H\n"
                                 << "nep.in:1: cutoff: must come after 'type'";
    QTest::newRow("angular>radial") << "type 1 H\ncutoff 4 5\n"
                                    << "nep.in:2: cutoff: the angular cutoff";
    QTest::newRow("element") << "type 2 H Xx\n"
                             << "nep.in:1: type: 'Xx' is not an element symbol";
    QTest::newRow("types count") << "type 3 H O\n"
                                 << "nep.in:1: type: expected 3 element symbols";
    QTest::newRow("dipole") << "type 1 H\nmodel_type 1\n"
                            << "nep.in:2: model_type: dipole and polarizability";
    QTest::newRow("vdw") << "type 1 H\nvdw 1\n"
                         << "nep.in:2: vdw: vdW models are not trained";
    QTest::newRow("two layers") << "type 1 H\nneuron 30 10\n"
                                << "nep.in:2: neuron: a second hidden layer";
    QTest::newRow("legacy") << "type 1 H\nuse_typewise_cutoff\n"
                            << "nep.in:2: use_typewise_cutoff: was removed";
    QTest::newRow("population")
        << "type 1 H\npopulation 5\n"
        << "nep.in:2: population: the population size must be within 10..200";
    QTest::newRow("sigma0") << "type 1 H\nsigma0 0.5\n"
                            << "nep.in:2: sigma0: sigma0 must be within [0.01, 0.1]";
    QTest::newRow("optimizer") << "type 1 H\noptimizer lbfgs\n"
                               << "nep.in:2: optimizer: expected snes or adam";
    QTest::newRow("charge_sign") << "type 1 H\ncharge_sign chemical\n"
                                 << "nep.in:2: charge_sign: expected auto or start";
    QTest::newRow("no type") << "n_max 4 4\n"
                             << "nep.in: 'type' is missing";
    QTest::newRow("charge typewise") << "type 2 H O\ncutoff 6 4 5 4\ncharge_mode 1\n"
                                     << "nep.in: typewise cutoffs are not allowed with charge_mode";
    QTest::newRow("fine_tune adam") << "type 1 H\nfine_tune a.txt a.restart\noptimizer adam\n"
                                    << "nep.in: fine_tune starts SNES";
    QTest::newRow("fine_tune q_scaler")
        << "type 1 H\nfine_tune a.txt a.restart\nimport_q_scaler 1\n"
        << "nep.in: fine_tune takes the foundation's scalers";
    QTest::newRow("fine_tune d") << "type 1 H\nfine_tune a.txt a.restart 2\n"
                                 << "nep.in:2: fine_tune: fine_tune_descriptor must be within";
  }
  void errors() {
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const QString message = errorOf([&] { parseNepInput(text.toStdString(), "nep.in"); });
    QVERIFY2(message.startsWith(expected), qPrintable(message));
    QVERIFY(!message.contains('\n'));
  }

  // Labels per atom, stress → virial = −stress·V (GPUMD's structure.cu), weights, BEC, keys in
  // any case.
  void trainingLabels() {
    const std::string path = files_.write(
        "labels.xyz",
        std::string("2\n") + kCell +
            " Energy=-10.0 virial=\"1 2 3 2 5 6 3 6 9\" weight=2 energy_weight=0.5 charge=0\n"
            "H 0 0 0 0.1 0.2 0.3\nO 1 0 0 -0.1 -0.2 -0.3\n"
            "1\nLattice=\"10 0 0 0 11 0 0 0 12\" Properties=species:S:1:pos:R:3:forces:R:3:bec:R:9"
            " energy=-3 stress=\"0.01 0 0 0 0.02 0 0 0 0.03\"\n"
            "O 1 1 1 0 0 0 1 2 3 4 5 6 7 8 9\n");
    const auto set = readTrainingSet(path, {"O", "H"});
    QCOMPARE(set.size(), std::size_t(2));
    QCOMPARE(set[0].energy, -5.0);
    QCOMPARE(set[0].types, (std::vector<int>{1, 0}));
    QVERIFY(set[0].hasVirial);
    // xx yy zz xy yz zx, per atom.
    QCOMPARE(set[0].virial, (std::array<double, 6>{0.5, 2.5, 4.5, 1.0, 3.0, 1.5}));
    QCOMPARE(set[0].weight, 2.0);
    QCOMPARE(set[0].energyWeight, 0.5);
    QCOMPARE(set[0].structure.forces[1].z(), -0.3);
    QVERIFY(!set[0].hasBec);
    const double volume = 10.0 * 11.0 * 12.0;
    QCOMPARE(set[1].virial[0], -0.01 * volume);
    QCOMPARE(set[1].virial[2], -0.03 * volume);
    QVERIFY(set[1].hasBec);
    QCOMPARE(set[1].bec[5], 6.0);
    QCOMPARE(set[1].name, path + " structure 2");
  }

  void trainingErrors_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    const QString cell = kCell;
    QTest::newRow("element")
        << "1\n" + cell + " energy=1\nNa 0 0 0 0 0 0\n"
        << "structure 1: atom 1 is element 'Na', which is not in nep.in's 'type'";
    QTest::newRow("no energy") << "1\n" + cell + " energy=1\nH 0 0 0 0 0 0\n1\n" + cell +
                                      " free_energy=1\nH 0 0 0 0 0 0\n"
                               << "structure 2: has no energy";
    QTest::newRow("nan energy") << "1\n" + cell + " energy=nan\nH 0 0 0 0 0 0\n"
                                << "structure 1: energy has 'nan', expected a finite number";
    QTest::newRow("no forces") << "1\nLattice=\"10 0 0 0 11 0 0 0 12\" energy=1\nH 0 0 0\n"
                               << "structure 1: has no forces";
    QTest::newRow("weight") << "1\n" + cell + " energy=1 weight=0\nH 0 0 0 0 0 0\n"
                            << "structure 1: weight 0 is not in (0, 100]";
    QTest::newRow("virial count") << "1\n" + cell + " energy=1 virial=\"1 2 3\"\nH 0 0 0 0 0 0\n"
                                  << "structure 1: virial has 3 numbers, expected 9";
    QTest::newRow("empty") << ""
                           << "has no structures";
  }
  void trainingErrors() {
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const std::string path = files_.write("bad.xyz", text.toStdString());
    const QString message = errorOf([&] { readTrainingSet(path, {"H", "O"}); });
    QVERIFY2(message.contains(expected), qPrintable(message));
    QVERIFY2(message.startsWith(QString::fromStdString(path)), qPrintable(message));
  }

  // A NaN force is refused by the extended XYZ reader with file and line.
  void nanForce() {
    const std::string path =
        files_.write("nanf.xyz", std::string("1\n") + kCell + " energy=1\nH 0 0 0 nan 0 0\n");
    const QString message = errorOf([&] { readTrainingSet(path, {"H"}); });
    QVERIFY2(message.startsWith(QString::fromStdString(path) + ":3:"), qPrintable(message));
  }

  // GPUMD's example: 25 structures of 250 atoms, energies per atom; batches span the energies.
  void pbteExample() {
    const QString path = test::sharedDir() + "/training/PbTe/train.xyz";
    QVERIFY2(QFile::exists(path), qPrintable("missing " + path));
    const auto set = readTrainingSet(path.toStdString(), {"Te", "Pb"});
    QCOMPARE(set.size(), std::size_t(25));
    QCOMPARE(set[0].size(), std::size_t(250));
    QCOMPARE(set[0].energy, -937.191 / 250.0);
    QVERIFY(!set[0].hasVirial);
    const auto order = batchOrder(set, 3);
    // Batch sizes 9, 8, 8; batch b takes sorted positions b, b+3, b+6, ...
    QCOMPARE(batchRange(25, 3, 0), (std::array<std::size_t, 2>{0, 9}));
    QCOMPARE(batchRange(25, 3, 2), (std::array<std::size_t, 2>{17, 25}));
    std::vector<std::size_t> sorted(25);
    std::iota(sorted.begin(), sorted.end(), 0);
    std::stable_sort(sorted.begin(), sorted.end(), [&](std::size_t a, std::size_t b) {
      return float(set[a].energy) < float(set[b].energy);
    });
    QCOMPARE(order[0], sorted[0]);
    QCOMPARE(order[1], sorted[3]);
    QCOMPARE(order[9], sorted[1]);
    QCOMPARE(order[17], sorted[2]);
    QCOMPARE(order[24], sorted[23]);
    std::vector<std::size_t> check(order), identity(25);
    std::sort(check.begin(), check.end());
    std::iota(identity.begin(), identity.end(), 0);
    QCOMPARE(check, identity);  // a permutation
  }
};

QTEST_GUILESS_MAIN(TestTrainInput)
#include "TestTrainInput.moc"
