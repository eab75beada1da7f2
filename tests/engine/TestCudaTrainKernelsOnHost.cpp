// The CUDA trainer's per-atom kernel bodies (engine/cuda/TrainingAtomKernels.hpp, and the MD
// backend's NepAtomKernels on the batch pair list) run on the host in loops over atoms, in the
// order CudaBatchGradient launches them, against the CPU trainer (training/batchLossAndGradient,
// itself checked against finite differences in TestParameterGradient): a batch of random
// structures for every random model variant (qNEP with the trainer's host electrostatics between
// the kernels), outputs (energies, forces, virials, charges) and the whole loss gradient. Needs no
// GPU; what it cannot cover is the launch configuration.
#include <QTemporaryDir>
#include <QtTest>

#include "EvalSupport.hpp"
#include "ModelVariants.hpp"
#include "NoisyTargetLoss.hpp"
#include "TestSupport.hpp"
#include "cuda/BatchElectrostatics.hpp"
#include "cuda/BatchPairList.hpp"
#include "cuda/NepModelBuffers.hpp"
#include "cuda/SlabGradient.hpp"
#include "nep/PairTables.hpp"
#include "training/BatchGradient.hpp"
#include "training/ParameterVector.hpp"

using namespace sei;
using namespace sei::cuda;
using training::ModelOutputs;

namespace {

constexpr double kTemperature = 450.0;  ///< K (temperature models)
/// Relative agreement asked of outputs and gradient: both sides compute in double along the
/// same formulas, in different summation orders.
constexpr double kTolerance = 1e-10;

/// The batch's outputs from the prediction bodies and, for qNEP, the host electrostatics between
/// them, as CudaBatchGradient::predictOnDevice runs them.
std::vector<ModelOutputs> hostPredict(const NepModel& m, const NepParams<double>& p,
                                      const std::vector<training::BatchStructure>& batch,
                                      const BatchPairList& list) {
  const PairListView nb = list.view();
  const int n = nb.numAtoms, D = p.dim, sums = n * (p.nA + 1) * p.numSums;
  std::vector<double> q(n * D), dE(n * D), dQ(n * D), s(sums), weights(n * D), sumWeights(sums);
  std::vector<double> energy(n), raw(n), force(3 * n, 0.0), virial(9 * n, 0.0);
  NepWork work{q.data(),       dE.data(),         dQ.data(), s.data(),
               weights.data(), sumWeights.data(), nullptr};
  AtomOutputs out{energy.data(), raw.data(), force.data(), virial.data(), nullptr};
  const int* types = list.types.data();
  for (int i = 0; i < n; ++i) descriptorAtom(p, nb, types, i, work, out);
  const bool charged = p.charged;
  const BatchCoulomb coulomb = charged ? batchCoulomb(m, batch, list, raw) : BatchCoulomb();
  for (int i = 0; i < n; ++i)
    weightsAtom(p, i, charged ? coulomb.potential.data() : nullptr, false, work);
  for (int i = 0; i < n; ++i) forceAtom(p, nb, types, i, false, work, out);
  if (p.zbl)
    for (int i = 0; i < n; ++i) zblAtom(p, nb, types, i, out);
  std::vector<ModelOutputs> outputs(batch.size());
  for (std::size_t k = 0; k < outputs.size(); ++k) {
    for (int i = list.firstAtom[k]; i < list.firstAtom[k + 1]; ++i) {
      outputs[k].energy += energy[i];
      outputs[k].forces.emplace_back(force[3 * i], force[3 * i + 1], force[3 * i + 2]);
      outputs[k].virial +=
          Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>>(&virial[9 * i]);
      if (!charged) continue;
      outputs[k].forces.back() += coulomb.forces[i];
      outputs[k].rawCharges.push_back(raw[i]);
      outputs[k].charges.push_back(coulomb.charges[i]);
    }
    if (!charged) continue;
    outputs[k].energy += coulomb.energy[k];
    outputs[k].virial += coulomb.virial[k];
  }
  return outputs;
}

/// The loss gradient from the dual-pass bodies, qNEP's host electrostatics between them and the
/// slab reduction, as CudaBatchGradient.
std::vector<double> hostGradient(const NepModel& m, const NepParams<double>& p,
                                 const std::vector<training::BatchStructure>& batch,
                                 const BatchPairList& list, const training::BatchLoss& loss) {
  const PairListView nb = list.view();
  const int n = nb.numAtoms, S = static_cast<int>(list.firstAtom.size()) - 1;
  std::vector<double> alpha(n), forceAdjoint(3 * n, 0.0), strainRate(9 * S);
  for (int s = 0; s < S; ++s) {
    const training::OutputAdjoints& a = loss.adjoints[s];
    for (int i = list.firstAtom[s]; i < list.firstAtom[s + 1]; ++i) {
      alpha[i] = a.energy;
      for (int c = 0; c < 3; ++c) forceAdjoint[3 * i + c] = a.forces[i - list.firstAtom[s]][c];
    }
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 3; ++c) strainRate[9 * s + 3 * r + c] = a.virial(c, r);
  }
  const DualDirection dir{forceAdjoint.data(), strainRate.data(), list.structureOf.data()};
  const SlabLayout l = slabLayoutOf(m, p);
  const int D = p.dim, sums = n * (p.nA + 1) * p.numSums;
  std::vector<Dual> q(n * D), s(sums), a(n * p.hidden), energy(n), qBar(n * D), sBar(sums);
  std::vector<Dual> slab(static_cast<std::size_t>(n) * l.size), charge(n), chargeAdjoint(n);
  const DualWork work{q.data(),      s.data(),      a.data(),
                      energy.data(), charge.data(), chargeAdjoint.data(),
                      qBar.data(),   sBar.data(),   slab.data()};
  const int* types = list.types.data();
  for (int i = 0; i < n; ++i) dualForwardAtom(p, nb, dir, types, i, work);
  if (p.charged) {  // into the array `work` points to
    const std::vector<Dual> adjoint = batchChargeAdjoints(m, batch, list, loss.adjoints, charge);
    std::copy(adjoint.begin(), adjoint.end(), chargeAdjoint.begin());
  }
  for (int i = 0; i < n; ++i) dualReverseAtom(p, nb, dir, types, i, l, work);
  // Chunks of 7 atoms instead of the device's 256, so that chunks split structures.
  const int chunk = 7, numChunks = (n + chunk - 1) / chunk;
  const long typeSums = static_cast<long>(p.numTypes) * l.size;
  std::vector<double> partial(numChunks * typeSums), columnSums(typeSums);
  for (int c = 0; c < numChunks; ++c)
    for (int o = 0; o < l.size; ++o)
      reduceSlabChunk(o, c, chunk, n, p.numTypes, l, slab.data(), types, alpha.data(), -1.0,
                      partial.data());
  for (long k = 0; k < typeSums; ++k)
    sumSlabChunks(k, numChunks, typeSums, partial.data(), columnSums.data());
  NepModel gradient = training::zeroParametersLike(m);
  addSlabSums(columnSums, l, gradient);
  return training::flattenParameters(gradient);
}

double largestAbs(const std::vector<double>& v) {
  double m = 0.0;
  for (double x : v) m = std::max(m, std::abs(x));
  return m;
}

}  // namespace

class TestCudaTrainKernelsOnHost : public QObject {
  Q_OBJECT

 private slots:
  void gradient_data() {
    QTest::addColumn<QString>("variant");
    for (const QString& v : test::modelVariantNames()) QTest::newRow(qPrintable(v)) << v;
  }

  void gradient() {
    QFETCH(QString, variant);
    QTemporaryDir dir;
    const test::RandomModelSpec spec = test::modelVariant(variant);
    std::shared_ptr<const NepModel> model = test::makeRandomModel(dir.path(), spec);

    // Three structures of different sizes and cells, targets near the CPU's prediction.
    const test::RandomBatch random(*model, 3, 10, 2, spec.seed, 0.0, kTemperature);
    const std::vector<training::BatchStructure>& batch = random.batch;
    test::NoisyTargetLoss targets(spec.seed);
    auto loss = [&targets](const std::vector<ModelOutputs>& outputs) { return targets(outputs); };
    const training::BatchLossGradient cpu = training::batchLossAndGradient(model, batch, loss, 1);

    const NepModelBuffers<double> buffers(*model);
    const NepParams<double> p = buffers.hostParams(kTemperature);
    const BatchPairList list(batch, nep::PairTables(*model).maxCutoff());
    const std::vector<ModelOutputs> outputs = hostPredict(*model, p, batch, list);
    double outputError = 0.0, outputScale = 0.0;
    for (std::size_t k = 0; k < outputs.size(); ++k) {
      outputScale = std::max({outputScale, std::abs(cpu.outputs[k].energy),
                              cpu.outputs[k].virial.cwiseAbs().maxCoeff()});
      outputError = std::max({outputError, std::abs(outputs[k].energy - cpu.outputs[k].energy),
                              (outputs[k].virial - cpu.outputs[k].virial).cwiseAbs().maxCoeff()});
      for (std::size_t i = 0; i < outputs[k].forces.size(); ++i) {
        outputScale = std::max(outputScale, cpu.outputs[k].forces[i].cwiseAbs().maxCoeff());
        outputError = std::max(
            outputError, (outputs[k].forces[i] - cpu.outputs[k].forces[i]).cwiseAbs().maxCoeff());
      }
      QCOMPARE(outputs[k].rawCharges.size(), cpu.outputs[k].rawCharges.size());
      QCOMPARE(outputs[k].charges.size(), cpu.outputs[k].charges.size());
      for (std::size_t i = 0; i < outputs[k].rawCharges.size(); ++i) {
        outputScale = std::max(outputScale, std::abs(cpu.outputs[k].rawCharges[i]));
        outputError = std::max({outputError,
                                std::abs(outputs[k].rawCharges[i] - cpu.outputs[k].rawCharges[i]),
                                std::abs(outputs[k].charges[i] - cpu.outputs[k].charges[i])});
      }
    }
    QVERIFY2(
        outputError <= kTolerance * outputScale,
        qPrintable(QString("outputs differ by %1 (scale %2)").arg(outputError).arg(outputScale)));

    const training::BatchLoss atHost = loss(outputs);
    QVERIFY(std::abs(atHost.value - cpu.loss) <= kTolerance * std::abs(cpu.loss));
    const std::vector<double> gradient = hostGradient(*model, p, batch, list, atHost);
    QCOMPARE(gradient.size(), cpu.gradient.size());
    const double scale = largestAbs(cpu.gradient);
    QVERIFY2(scale > 0.0, "the CPU gradient vanishes: nothing compared");
    double worst = 0.0;
    std::size_t worstIndex = 0;
    for (std::size_t k = 0; k < gradient.size(); ++k) {
      const double error = std::abs(gradient[k] - cpu.gradient[k]);
      if (error > worst) {
        worst = error;
        worstIndex = k;
      }
    }
    QVERIFY2(worst <= kTolerance * scale,
             qPrintable(QString("parameter %1: kernels %2, CPU %3 (largest |g| %4)")
                            .arg(worstIndex)
                            .arg(gradient[worstIndex], 0, 'g', 15)
                            .arg(cpu.gradient[worstIndex], 0, 'g', 15)
                            .arg(scale)));
    qInfo("%s: %zu parameters, %d atoms, outputs within %.1e, gradient within %.1e of max |g| %.3g",
          qPrintable(variant), gradient.size(), list.numAtoms(), outputError / outputScale,
          worst / scale, scale);
  }
};

QTEST_GUILESS_MAIN(TestCudaTrainKernelsOnHost)
#include "TestCudaTrainKernelsOnHost.moc"
