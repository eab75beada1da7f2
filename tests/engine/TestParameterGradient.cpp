// Exact parameter gradients of a training loss (training/ParameterGradient) against central
// differences of the loss, for every model family the evaluator supports: the random variants
// of tests/common/ModelVariants and the models in ../shared/models.
#include <QTemporaryDir>
#include <QtTest>
#include <random>

#include "EvalSupport.hpp"
#include "ModelVariants.hpp"
#include "TestSupport.hpp"
#include "training/BatchGradient.hpp"
#include "training/ParameterGradient.hpp"
#include "training/ParameterVector.hpp"

using namespace sei;
using training::ModelOutputs;
using training::OutputAdjoints;

namespace {

constexpr int kAtoms = 12;
constexpr double kTotalCharge = 0.3;    ///< e, a charged structure exercises the trainer's shift
constexpr double kTemperature = 450.0;  ///< K, not the evaluator's default (temperature models)
constexpr int kPerSegment = 6;          ///< parameters checked per kind and type
/// |central difference − analytic| ≤ kTolerance·max(|analytic|, 1e-3·largest checked), well
/// above the worst seen (table in the README's training section).
constexpr double kTolerance = 1e-5;

/// A loss of the kind the trainer minimises, with random targets: squared errors of energy,
/// forces, virial and, for qNEP, of the raw total charge (GPUMD's charge term).
struct Loss {
  double energyTarget, chargeTarget;
  std::vector<Eigen::Vector3d> forceTargets;
  Eigen::Matrix3d virialTarget;
  double wE, wF, wV, wQ;
  std::vector<Eigen::Matrix3d> becTargets;  ///< empty: no BEC term
  double wZ = 0.0;

  double value(const ModelOutputs& p) const {
    double l =
        wE * std::pow(p.energy - energyTarget, 2) + wV * (p.virial - virialTarget).squaredNorm();
    for (std::size_t i = 0; i < p.forces.size(); ++i)
      l += wF * (p.forces[i] - forceTargets[i]).squaredNorm();
    if (!p.rawCharges.empty()) l += wQ * std::pow(totalRaw(p) - chargeTarget, 2);
    for (std::size_t i = 0; i < becTargets.size(); ++i)
      l += wZ * (p.bec[i] - becTargets[i]).squaredNorm();
    return l;
  }
  OutputAdjoints adjoints(const ModelOutputs& p) const {
    OutputAdjoints a;
    a.energy = 2 * wE * (p.energy - energyTarget);
    a.virial = 2 * wV * (p.virial - virialTarget);
    for (std::size_t i = 0; i < p.forces.size(); ++i)
      a.forces.push_back(2 * wF * (p.forces[i] - forceTargets[i]));
    if (!p.rawCharges.empty())
      a.rawCharges.assign(p.rawCharges.size(), 2 * wQ * (totalRaw(p) - chargeTarget));
    for (std::size_t i = 0; i < becTargets.size(); ++i)
      a.bec.push_back(2 * wZ * (p.bec[i] - becTargets[i]));
    return a;
  }
  static double totalRaw(const ModelOutputs& p) {
    double q = 0.0;
    for (double v : p.rawCharges) q += v;
    return q;
  }
};

/// The prediction the loss sees, from the evaluator alone (no gradient code involved).
ModelOutputs predict(std::shared_ptr<const NepModel> model, const Structure& s) {
  NepEvaluatorOptions options;  // GPUMD's Ewald resolution (kspaceAccuracy 0), one thread
  options.threads = 1;
  options.temperature = kTemperature;
  NepEvaluator evaluator(model, options);
  evaluator.setTotalCharge(kTotalCharge);
  ForceResult r;
  ForceRequest request;
  request.bornEffectiveCharges = true;
  evaluator.compute(model->typesOf(s, "test"), s.positions, s.cell, request, r);
  ModelOutputs p{r.energy, r.forces, r.virial, r.charges, r.charges, r.bec};
  for (double& q : p.rawCharges) q += evaluator.chargeShift();
  return p;
}

/// [begin, end) of each kind of trained number in flattenParameters order, per type.
struct Segment {
  QString name;
  std::size_t begin, end;
};
std::vector<Segment> segments(const NepModel& m) {
  std::vector<Segment> out;
  std::size_t at = 0;
  auto add = [&](const QString& name, std::size_t size) {
    if (size > 0) out.push_back({name, at, at + size});
    at += size;
  };
  const int H = m.hidden, D = m.dimension();
  for (std::size_t t = 0; t < (m.version == 3 ? 1 : m.networks.size()); ++t) {
    const QString type = QString::fromStdString(m.elements[t]);
    add("w0 " + type, H * D);
    add("b0 " + type, H);
    add("w1 " + type, H);
    add("w1q " + type, m.hasCharges() ? H : 0);
    add("type bias " + type, m.version == 5 ? 1 : 0);
  }
  add("sqrt(eps_inf)", m.hasCharges() ? 1 : 0);
  add("b_out", 1);
  add("c_R", m.radialCoefficients.size());
  add("c_A", m.angularCoefficients.size());
  return out;
}

}  // namespace

class TestParameterGradient : public QObject {
  Q_OBJECT

 private slots:
  void lossGradient_data() {
    QTest::addColumn<QString>("variant");  // a random family, or "shared:<file>"
    for (const QString& v : test::modelVariantNames()) QTest::newRow(qPrintable(v)) << v;
    for (const char* file : {"nep_C", "nep_water", "synthetic_nep4_allbody_HO", "qnep_mode1_water",
                             "qnep_mode2_water", "qnep_mode1_BaTiO3", "qnep_mode2_BaTiO3",
                             "qnep_mode1_PbTe", "synthetic_qnep1_allbody_HO"})
      QTest::newRow(file) << QString("shared:") + file;
  }

  void lossGradient() {
    QFETCH(QString, variant);
    QTemporaryDir dir;
    std::shared_ptr<const NepModel> model;
    unsigned seed = 11;
    if (variant.startsWith("shared:")) {
      const QString path = test::sharedDir() + "/models/" + variant.mid(7) + ".txt";
      QVERIFY2(QFileInfo::exists(path), qPrintable("shared model missing: " + path));
      model = std::make_shared<const NepModel>(readNepModel(path.toStdString()));
      seed += qHash(variant) % 1000;
    } else {
      const test::RandomModelSpec spec = test::modelVariant(variant);
      model = test::makeRandomModel(dir.path(), spec);
      seed = spec.seed + 3;
    }
    const Structure s =
        test::randomStructure(model->elements, kAtoms, test::testCell(true), seed, 1.2);
    const std::vector<int> types = model->typesOf(s, "test");

    // Random targets near the prediction, weights as a trainer would scale them.
    std::mt19937 rng(seed);
    std::normal_distribution<double> normal;
    const ModelOutputs p0 = predict(model, s);
    Loss loss{p0.energy + normal(rng),
              kTotalCharge + 0.1 * normal(rng),
              {},
              p0.virial + Eigen::Matrix3d::NullaryExpr([&] { return normal(rng); }),
              1.0 / (kAtoms * kAtoms),
              1.0 / (3 * kAtoms),
              0.1 / (kAtoms * kAtoms),
              0.1};
    for (const auto& f : p0.forces)
      loss.forceTargets.push_back(f +
                                  0.3 * Eigen::Vector3d::NullaryExpr([&] { return normal(rng); }));
    for (const auto& z : p0.bec)  // qNEP: a BEC term too
      loss.becTargets.push_back(z +
                                0.2 * Eigen::Matrix3d::NullaryExpr([&] { return normal(rng); }));
    loss.wZ = 0.5 / kAtoms;

    // Analytic gradient.
    training::ParameterGradient gradientPass(model, {1});
    gradientPass.setBornEffectiveCharges(true);
    gradientPass.setTemperature(kTemperature);
    NepModel gradientModel = training::zeroParametersLike(*model);
    const ModelOutputs p = gradientPass.accumulate(
        types, s.positions, s.cell, kTotalCharge,
        [&](const ModelOutputs& at) { return loss.adjoints(at); }, gradientModel);
    QCOMPARE(p.energy, p0.energy);
    const std::vector<double> analytic = training::flattenParameters(gradientModel);

    // The dual pass's dE/dt is −(Σ g·F + H:W): the sign conventions of the method.
    const OutputAdjoints a = loss.adjoints(p);
    double work = (a.virial.array() * p.virial.array()).sum();
    for (int i = 0; i < kAtoms; ++i) work += a.forces[i].dot(p.forces[i]);
    const double directionalError = std::abs(gradientPass.lastDirectionalDerivative() + work);
    QVERIFY2(
        directionalError <= 1e-9 * (std::abs(work) + 1e-3),
        qPrintable(
            QString("dE/dt %1 vs %2").arg(gradientPass.lastDirectionalDerivative()).arg(-work)));

    // Central differences on a random subset of every kind and type of trained number.
    const std::vector<double> theta = training::flattenParameters(*model);
    QCOMPARE(analytic.size(), theta.size());
    auto lossAt = [&](std::size_t k, double value) {
      std::vector<double> shifted = theta;
      shifted[k] = value;
      NepModel m = *model;
      training::unflattenParameters(shifted, m);
      return loss.value(predict(std::make_shared<const NepModel>(m), s));
    };
    struct Check {
      QString kind;
      double analytic, numeric;
    };
    std::vector<Check> checks;
    for (const Segment& seg : segments(*model)) {
      std::uniform_int_distribution<std::size_t> pick(seg.begin, seg.end - 1);
      for (int c = 0; c < kPerSegment; ++c) {
        const std::size_t k = pick(rng);
        // Fourth-order central difference: some real models (PbTe) curve so sharply that the
        // second-order one is off by 5e-5 at this step.
        const double h = 1e-5 * std::max(1.0, std::abs(theta[k]));
        const double numeric = (8 * (lossAt(k, theta[k] + h) - lossAt(k, theta[k] - h)) -
                                (lossAt(k, theta[k] + 2 * h) - lossAt(k, theta[k] - 2 * h))) /
                               (12 * h);
        checks.push_back({seg.name, analytic[k], numeric});
      }
    }
    double largest = 0.0;
    for (const Check& c : checks) largest = std::max(largest, std::abs(c.analytic));
    QVERIFY2(largest > 0.0, "the loss gradient vanishes: nothing checked");
    double worst = 0.0;
    QString worstKind;
    for (const Check& c : checks) {
      const double scale = std::max(std::abs(c.analytic), 1e-3 * largest);
      const double error = std::abs(c.numeric - c.analytic) / scale;
      if (error > worst) {
        worst = error;
        worstKind = c.kind;
      }
      QVERIFY2(error <= kTolerance, qPrintable(QString("%1: analytic %2, central difference %3")
                                                   .arg(c.kind)
                                                   .arg(c.analytic, 0, 'g', 12)
                                                   .arg(c.numeric, 0, 'g', 12)));
    }
    qInfo("%s: %zu parameters checked, worst relative error %.2e (%s)", qPrintable(variant),
          checks.size(), worst, qPrintable(worstKind));
  }

  // The batch function: the same numbers on 1 and 2 threads, equal to the structures' gradients
  // added one by one, and the loss of all outputs.
  void batch() {
    QTemporaryDir dir;
    const test::RandomModelSpec spec = test::modelVariant("nep4_zbl_charge1");
    auto model = test::makeRandomModel(dir.path(), spec);
    std::vector<Structure> structures;
    std::vector<std::vector<int>> types;
    std::vector<Loss> losses;
    for (unsigned k = 0; k < 5; ++k) {
      structures.push_back(test::randomStructure(model->elements, kAtoms - k, test::testCell(k % 2),
                                                 spec.seed + k, 1.2));
      types.push_back(model->typesOf(structures.back(), "test"));
      const ModelOutputs p = predict(model, structures.back());
      Loss l{p.energy + 0.5, kTotalCharge + 0.2, {}, p.virial * 1.1, 1.0, 0.1, 0.01, 0.1};
      for (const auto& f : p.forces) l.forceTargets.push_back(0.9 * f);
      losses.push_back(l);
    }
    std::vector<training::BatchStructure> batch;
    for (std::size_t k = 0; k < structures.size(); ++k)
      batch.push_back(
          {&types[k], &structures[k].positions, &structures[k].cell, kTotalCharge, kTemperature});
    auto lossOf = [&](const std::vector<ModelOutputs>& outputs) {
      training::BatchLoss l;
      for (std::size_t k = 0; k < outputs.size(); ++k) {
        l.value += losses[k].value(outputs[k]);
        l.adjoints.push_back(losses[k].adjoints(outputs[k]));
      }
      return l;
    };
    const auto one = training::batchLossAndGradient(model, batch, lossOf, 1);
    const auto two = training::batchLossAndGradient(model, batch, lossOf, 2);
    QVERIFY(one.gradient == two.gradient);
    QCOMPARE(one.loss, two.loss);

    training::ParameterGradient single(model, {1});
    single.setTemperature(kTemperature);
    NepModel sum = training::zeroParametersLike(*model);
    double value = 0.0;
    for (std::size_t k = 0; k < structures.size(); ++k) {
      const ModelOutputs p = single.accumulate(
          types[k], structures[k].positions, structures[k].cell, kTotalCharge,
          [&](const ModelOutputs& at) { return losses[k].adjoints(at); }, sum);
      value += losses[k].value(p);
    }
    QCOMPARE(one.loss, value);
    QVERIFY(one.gradient == training::flattenParameters(sum));
  }
};

QTEST_GUILESS_MAIN(TestParameterGradient)
#include "TestParameterGradient.moc"
