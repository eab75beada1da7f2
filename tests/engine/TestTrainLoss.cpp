// sei train's loss: GPUMD's RMSE terms against an independent evaluation (the engine's
// evaluator called directly, labels read by hand), the adjoints against central differences,
// the regularisation's parameter types, and one SNES step against its formula.
#include <QFile>
#include <QRegularExpression>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <random>

#include "EvalSupport.hpp"
#include "TestSupport.hpp"
#include "io/ExtXyz.hpp"
#include "training/ChargeOrientation.hpp"
#include "training/Loss.hpp"
#include "training/ModelFromInput.hpp"
#include "training/ParameterVector.hpp"
#include "training/Snes.hpp"

using namespace sei;
using namespace sei::training;

namespace {

/// A synthetic set with every weight and label kind, and predictions near the labels.
struct Synthetic {
  NepInput in;
  std::vector<TrainingStructure> set;
  std::vector<StructurePrediction> preds;
  std::vector<std::size_t> which{0, 1, 2};
};

Synthetic synthetic() {
  Synthetic s;
  s.in = parseNepInput(
      "type 2 H O\ntype_weight 1 0.7\nforce_delta 2\nlambda_shear 1.5\nlambda_v 0.3\n"
      "charge_mode 1\nlambda_q 0.2\nlambda_z 0.4\n",
      "nep.in");
  std::mt19937 rng(5);
  std::normal_distribution<double> g(0.0, 1.0);
  const int sizes[3] = {3, 2, 4};
  for (int k = 0; k < 3; ++k) {
    TrainingStructure t;
    const int n = sizes[k];
    t.structure.cell = Cell(Eigen::Matrix3d::Identity() * (8.0 + k), {true, true, true});
    for (int i = 0; i < n; ++i) {
      t.structure.positions.push_back(Eigen::Vector3d(i, 0.5 * i, 0.0));
      t.structure.forces.push_back(Eigen::Vector3d(g(rng), g(rng), g(rng)));
      t.types.push_back((i + k) % 2);
    }
    t.energy = g(rng);
    t.weight = 1.0 + 0.5 * k;
    t.energyWeight = 0.5 + k;
    t.hasVirial = k != 1;
    for (double& v : t.virial) v = g(rng);
    t.totalCharge = 0.0;
    if (k == 2) {
      t.hasBec = true;
      for (int c = 0; c < 9 * n; ++c) t.bec.push_back(g(rng));
    }
    StructurePrediction p;
    p.energy = t.energy + 0.1 * g(rng);
    for (int i = 0; i < n; ++i)
      p.forces.push_back(t.structure.forces[i] + 0.2 * Eigen::Vector3d(g(rng), g(rng), g(rng)));
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) p.virialTotal(a, b) = n * g(rng);
    for (int i = 0; i < n; ++i) p.rawCharges.push_back(0.3 * g(rng));
    if (t.hasBec)
      for (int c = 0; c < 9 * n; ++c) p.bec.push_back(t.bec[c] + 0.1 * g(rng));
    s.set.push_back(t);
    s.preds.push_back(p);
  }
  return s;
}

void syncVirial(const TrainingStructure& t, StructurePrediction& p) {
  const double n = static_cast<double>(t.size());
  const Eigen::Matrix3d& w = p.virialTotal;
  p.virial = {w(0, 0) / n, w(1, 1) / n, w(2, 2) / n, w(0, 1) / n, w(1, 2) / n, w(2, 0) / n};
}

double totalLoss(const Synthetic& s, std::vector<StructurePrediction> preds, bool shifted) {
  for (std::size_t k = 0; k < preds.size(); ++k) syncVirial(s.set[k], preds[k]);
  return dataLoss(s.in, rmseTerms(s.in, s.set, s.which, preds, {true, shifted}), s.in.numTypes());
}

}  // namespace

class TestTrainLoss : public QObject {
  Q_OBJECT

 private slots:
  // Energy, force and virial RMSEs of GPUMD's qNEP PbTe model on GPUMD's PbTe data equal a
  // direct computation from the evaluator's results and the labels as written in train.xyz.
  void rmseMatchesDirectEvaluation() {
    const QString data = test::sharedDir() + "/training/PbTe/train.xyz";
    const QString modelPath = test::sharedDir() + "/models/qnep_mode1_PbTe.txt";
    QVERIFY2(QFile::exists(data) && QFile::exists(modelPath), "missing ../shared data");
    auto model = std::make_shared<const NepModel>(readNepModel(modelPath.toStdString()));
    const NepInput in = parseNepInput("type 2 Te Pb\ncharge_mode 1\ncutoff 4 4\n", "nep.in");
    auto set = readTrainingSet(data.toStdString(), in.elements);
    set.resize(3);
    const std::vector<std::size_t> which{2, 0, 1};
    const auto preds = SetEvaluator(2).predict(model, set, which);

    // Independent: evaluator per structure, labels from the comment line by regex.
    const auto frames = readExtXyzFrames(data.toStdString());
    const QRegularExpression energyKey("energy=(\\S+)");
    double e2 = 0.0, f2 = 0.0, sumDe = 0.0, atoms = 0.0;
    std::vector<double> de;
    for (std::size_t k : which) {
      const ForceResult r = test::evaluate(model, frames[k]);
      const double n = static_cast<double>(frames[k].size());
      const double ref =
          energyKey.match(QString::fromStdString(frames[k].info)).captured(1).toDouble();
      de.push_back(r.energy / n - ref / n);
      sumDe += de.back();
      e2 += de.back() * de.back();
      for (std::size_t i = 0; i < frames[k].size(); ++i)
        f2 += (r.forces[i] - frames[k].forces[i]).squaredNorm();
      atoms += n;
      double q = 0.0;
      for (double qi : r.charges) q += qi;
      QVERIFY(std::abs(q) < 1e-9);  // the evaluator's charges are neutralised
    }
    const RmseTerms plain = rmseTerms(in, set, which, preds, {false, false});
    QCOMPARE(plain.energy.back(), std::sqrt(e2 / 3.0));
    QVERIFY(std::abs(plain.force.back() - std::sqrt(f2 / (3.0 * atoms))) < 1e-12);
    QCOMPARE(plain.virial.back(), 0.0);  // no virial labels in this set
    const RmseTerms shifted = rmseTerms(in, set, which, preds, {false, true});
    const double mean = sumDe / 3.0;
    double var = 0.0;
    for (double d : de) var += (d - mean) * (d - mean);
    QVERIFY(std::abs(shifted.energyShift - mean) < 1e-12);
    QVERIFY(std::abs(shifted.energy.back() - std::sqrt(var / 3.0)) < 1e-12);
    // Per-type terms: both types in every structure, so equal to the total.
    QCOMPARE(shifted.force[0], shifted.force[2]);
    QVERIFY(shifted.charge.back() >= 0.0);
  }

  // Weights as GPUMD applies them: structure weight², type weight², force_delta, λ_shear².
  void weightsByHand() {
    const Synthetic s = synthetic();
    std::vector<StructurePrediction> preds = s.preds;
    for (std::size_t k = 0; k < 3; ++k) syncVirial(s.set[k], preds[k]);
    const RmseTerms r = rmseTerms(s.in, s.set, s.which, preds, {true, false});
    double f2 = 0.0, v2 = 0.0, n3 = 0.0;
    for (std::size_t k = 0; k < 3; ++k) {
      const auto& t = s.set[k];
      for (std::size_t i = 0; i < t.size(); ++i) {
        const double tw = t.types[i] == 1 ? 0.7 : 1.0;
        const double fd = 2.0 / (2.0 + t.structure.forces[i].norm());
        f2 += t.weight * t.weight * tw * tw * fd *
              (preds[k].forces[i] - t.structure.forces[i]).squaredNorm();
      }
      n3 += 3.0 * t.size();
      if (t.hasVirial)
        for (int d = 0; d < 6; ++d)
          v2 += t.weight * t.weight * (d >= 3 ? 2.25 : 1.0) *
                std::pow(preds[k].virial[d] - t.virial[d], 2);
    }
    QVERIFY(std::abs(r.force.back() - std::sqrt(f2 / n3)) < 1e-12);
    QVERIFY(std::abs(r.virial.back() - std::sqrt(v2 / 12.0)) < 1e-12);
  }

  // Every adjoint against a central difference of the total loss, with the batch's energy shift
  // removed (GPUMD's fitness) and without (Adam on several compositions).
  void adjointsMatchFiniteDifferences_data() {
    QTest::addColumn<bool>("shifted");
    QTest::newRow("shift removed") << true;
    QTest::newRow("no shift") << false;
  }
  void adjointsMatchFiniteDifferences() {
    QFETCH(bool, shifted);
    const Synthetic s = synthetic();
    std::vector<StructurePrediction> base = s.preds;
    for (std::size_t k = 0; k < 3; ++k) syncVirial(s.set[k], base[k]);
    const auto adj = lossAdjoints(s.in, s.set, s.which, base, shifted);
    const double h = 1e-6;
    auto check = [&](auto mutate, double analytic, const char* what) {
      auto plus = base, minus = base;
      mutate(plus, h);
      mutate(minus, -h);
      const double fd = (totalLoss(s, plus, shifted) - totalLoss(s, minus, shifted)) / (2 * h);
      QVERIFY2(std::abs(fd - analytic) < 1e-7 * (1.0 + std::abs(fd)),
               qPrintable(QString("%1: fd %2 analytic %3").arg(what).arg(fd).arg(analytic)));
    };
    for (std::size_t k = 0; k < 3; ++k) {
      const double n = static_cast<double>(s.set[k].size());
      check([k, n](auto& p, double d) { p[k].energy += d / n; }, adj[k].energy, "energy");
      for (std::size_t i = 0; i < s.set[k].size(); ++i)
        for (int c = 0; c < 3; ++c)
          check([=](auto& p, double d) { p[k].forces[i][c] += d; }, adj[k].forces[i][c], "force");
      for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b)
          check([=](auto& p, double d) { p[k].virialTotal(a, b) += d; }, adj[k].virial(a, b),
                "virial");
      for (std::size_t i = 0; i < s.set[k].size(); ++i)
        check([=](auto& p, double d) { p[k].rawCharges[i] += d; }, adj[k].rawCharges[i], "charge");
      for (std::size_t c = 0; c < s.set[k].bec.size(); ++c)
        check([=](auto& p, double d) { p[k].bec[c] += d; }, adj[k].bec[c], "bec");
    }
  }

  // One composition means equal fractions of every type, whatever the sizes.
  void compositions() {
    auto structure = [](std::vector<int> types) {
      TrainingStructure t;
      t.types = std::move(types);
      t.structure.positions.resize(t.types.size());
      return t;
    };
    const TrainingStructure h2o = structure({0, 0, 1}), h4o2 = structure({1, 0, 0, 1, 0, 0});
    const TrainingStructure h = structure({0}), ho = structure({0, 1}),
                            o2h4 = structure({1, 1, 0, 0, 0, 0});
    const std::vector<TrainingStructure> set = {h2o, h4o2, h, ho, o2h4};
    QVERIFY(oneComposition(set, {0, 1}, 2));
    QVERIFY(oneComposition(set, {0, 1, 4}, 2));
    QVERIFY(oneComposition(set, {3}, 2));
    QVERIFY(oneComposition(set, {}, 2));
    QVERIFY(oneComposition(set, {3, 4}, 2) == false);
    QVERIFY(oneComposition(set, {0, 3}, 2) == false);
    QVERIFY(oneComposition(set, {2, 0}, 2) == false);
  }

  // Parameter types as GPUMD's find_type_of_variable; regularisation over them.
  void regularizationTypes() {
    const NepInput in =
        parseNepInput("type 2 H O\nn_max 2 1\nbasis_size 2 2\nneuron 3\ncharge_mode 2\n", "nep.in");
    NepModel m = modelFromInput(in, {});
    const int D = m.dimension(), H = 3, T = 2;
    const auto types = parameterTypes(m);
    QCOMPARE(types.size(), numTrainedParameters(m));
    const std::size_t perNet = (D + 3) * H, nn = T * perNet + 2;
    QCOMPARE(types[0], 0);
    QCOMPARE(types[perNet - 1], 0);
    QCOMPARE(types[perNet], 1);
    QCOMPARE(types[nn - 2], T);  // √ε∞
    QCOMPARE(types[nn - 1], T);  // b_out
    // c_R[n][k][t1][t2]: type t1.
    for (int n = 0; n <= 2; ++n)
      for (int k = 0; k <= 2; ++k)
        for (int t1 = 0; t1 < T; ++t1)
          for (int t2 = 0; t2 < T; ++t2) QCOMPARE(types[nn + ((n * 3 + k) * T + t1) * T + t2], t1);
    std::vector<double> theta(types.size());
    for (std::size_t v = 0; v < theta.size(); ++v) theta[v] = std::cos(0.3 * v);
    double s1 = 0.0, s2 = 0.0;
    for (std::size_t v = 0; v < theta.size(); ++v)
      if (types[v] == 1) {
        s1 += std::abs(theta[v]);
        s2 += theta[v] * theta[v];
      }
    const double per = theta.size() / 2.0;
    const Regularization r = regularization(theta, types, 1, T, 0.3, 0.4);
    QVERIFY(std::abs(r.l1 - 0.3 * s1 / per) < 1e-14);
    QVERIFY(std::abs(r.l2 - 0.4 * std::sqrt(s2 / per)) < 1e-14);
    QCOMPARE(automaticLambda(-1.0, 2000, 2), std::sqrt(2000 * 1e-6 / 2));
    QCOMPARE(automaticLambda(0.05, 2000, 2), 0.05);
  }

  // SNES: initial μ/σ, utilities, and one update against the formula with s = (θ − μ)/σ.
  void snesStep() {
    const NepInput in = parseNepInput(
        "type 2 H O\nn_max 2 1\nbasis_size 2 2\nneuron 3\ncharge_mode 2\npopulation 10\n"
        "sigma0 0.05\n",
        "nep.in");
    const NepModel shape = modelFromInput(in, {});
    Snes snes(in, shape);
    const std::size_t P = snes.numParameters();
    const std::size_t nn = 2 * (shape.dimension() + 3) * 3 + 2;
    QCOMPARE(snes.mu()[nn - 2], 2.0);  // √ε∞ starts at 2, charge weights at 0
    for (std::size_t v : chargeWeightPositions(shape)) QCOMPARE(snes.mu()[v], 0.0);
    for (double x : snes.mu()) QVERIFY(x >= -1.0 && x <= 2.0);
    QCOMPARE(snes.sigma()[0], 0.05);
    const double n = static_cast<double>(P / 2);
    QCOMPARE(snes.etaSigma(), (3.0 + std::log(n)) / (5.0 * std::sqrt(n)) / 2.0);
    double usum = 0.0;
    for (double u : snes.utilities()) usum += u;
    QVERIFY(std::abs(usum) < 1e-14);
    QVERIFY(snes.utilities()[0] > snes.utilities()[1] && snes.utilities()[9] < 0.0);

    // A gradient optimiser starts from μ with the charge weights of generation 0's first
    // individual (at zero charge weights no gradient reaches them).
    const std::vector<double> start = snes.gradientStart();
    std::vector<double> first;
    snes.sample(0, first);
    const std::vector<std::size_t> charges = chargeWeightPositions(shape);
    for (std::size_t v = 0; v < P; ++v) {
      const bool charge = std::find(charges.begin(), charges.end(), v) != charges.end();
      QCOMPARE(start[v], charge ? first[v] : snes.mu()[v]);
      if (charge) QVERIFY(start[v] != 0.0 && std::abs(start[v]) < 6 * 0.05);
    }

    std::vector<double> pop;
    snes.sample(3, pop);
    const auto mu0 = snes.mu(), sigma0 = snes.sigma();
    std::vector<double> fitness(3 * 10);
    for (int t = 0; t < 3; ++t)
      for (int p = 0; p < 10; ++p) fitness[t * 10 + p] = std::sin(1.0 + p * (t + 1));
    const auto rank = snes.update(fitness);
    const auto& types = snes.parameterTypes();
    for (std::size_t v = 0; v < P; v += 7) {
      double gm = 0.0, gs = 0.0;
      for (int r = 0; r < 10; ++r) {
        const double s = (pop[rank[types[v]][r] * P + v] - mu0[v]) / sigma0[v];
        gm += s * snes.utilities()[r];
        gs += (s * s - 1.0) * snes.utilities()[r];
      }
      QVERIFY(std::abs(snes.mu()[v] - (mu0[v] + sigma0[v] * gm)) < 1e-12);
      QVERIFY(std::abs(snes.sigma()[v] -
                       std::min(sigma0[v] * std::exp(snes.etaSigma() * gs), 1.0)) < 1e-12);
    }
    // Ranks are ascending fitness.
    for (int r = 1; r < 10; ++r) QVERIFY(fitness[rank[0][r - 1]] <= fitness[rank[0][r]]);
  }

  // charge_sign auto's measure, by hand: Σ (χ − χ̄) q̂ per structure with Allen's values (F 4.193,
  // Na 0.869, O 3.610, H 2.300); La has none and is left out of χ̄ and the sum.
  void electronegativityAlignmentByHand() {
    const NepInput in = parseNepInput("type 4 Na F La O\ncharge_mode 2\n", "nep.in");
    std::vector<TrainingStructure> set(2);
    set[0].types = {0, 1, 2};  // Na F La
    set[1].types = {3, 3, 0};  // O O Na
    std::vector<StructurePrediction> preds(2);
    preds[0].rawCharges = {-0.5, 0.5, 7.0};
    preds[1].rawCharges = {0.1, -0.3, 0.2};
    for (TrainingStructure& t : set) t.structure.positions.resize(3);
    const double chi0 = (0.869 + 4.193) / 2, chi1 = (2 * 3.610 + 0.869) / 3;
    const double first = (0.869 - chi0) * -0.5 + (4.193 - chi0) * 0.5;  // F positive: > 0
    const double second = (3.610 - chi1) * (0.1 - 0.3) + (0.869 - chi1) * 0.2;
    QVERIFY(first > 0.0 && second < 0.0);
    QVERIFY(std::abs(electronegativityAlignment(in, set, {0, 1}, preds) - (first + second)) <
            1e-12);
    QVERIFY(std::abs(electronegativityAlignment(in, set, {1}, {preds[1]}) - second) < 1e-12);
    // Only with charges free of labels: a qNEP, no BEC, charge_sign auto.
    QVERIFY(orientsCharges(in, set));
    QVERIFY(!orientsCharges(parseNepInput("type 2 Na F\n", "nep.in"), set));
    QVERIFY(!orientsCharges(
        parseNepInput("type 2 Na F\ncharge_mode 2\ncharge_sign start\n", "nep.in"), set));
    set[1].hasBec = true;
    QVERIFY(!orientsCharges(in, set));
  }
};

QTEST_GUILESS_MAIN(TestTrainLoss)
#include "TestTrainLoss.moc"
