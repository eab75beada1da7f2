#include "training/AdamTrainer.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/Error.hpp"
#include "io/AtomicFile.hpp"
#include "training/Adam.hpp"
#include "training/Loss.hpp"
#include "training/ParameterVector.hpp"
#include "training/Prediction.hpp"
#include "training/Snes.hpp"
#include "training/TrainOutputs.hpp"
#include "training/TrainingRun.hpp"

namespace sei::training {
namespace {

/// The engine's outputs of one structure in the units of the training labels (per atom).
StructurePrediction toPrediction(const ModelOutputs& o) {
  StructurePrediction p = predictionFromTotals(o.energy, o.forces, o.virial);
  p.rawCharges = o.rawCharges;
  for (const Eigen::Matrix3d& z : o.bec)
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) p.bec.push_back(z(a, b));
  return p;
}

/// Whether every qNEP charge weight of `theta` is 0 (a start no gradient leaves).
bool noCharges(const std::vector<double>& theta, const NepModel& shape) {
  for (std::size_t v : chargeWeightPositions(shape))
    if (theta[v] != 0.0) return false;
  return true;
}

OutputAdjoints toOutputAdjoints(const StructureAdjoint& a) {
  OutputAdjoints o;
  o.energy = a.energy;
  o.forces = a.forces;
  o.virial = a.virial;
  o.rawCharges = a.rawCharges;
  for (std::size_t c = 0; c + 9 <= a.bec.size(); c += 9)
    o.bec.push_back(Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>>(&a.bec[c]));
  return o;
}

/// nep.restart.adam: "epoch E", "seed S", "steps N", "norm n̄", then P lines "θ m v" (%.17g).
struct AdamCheckpoint {
  long epoch = 0;
  std::vector<double> theta;
  Adam::State adam;
};

std::string checkpointText(const AdamCheckpoint& c, unsigned long long seed) {
  std::string out = "epoch " + std::to_string(c.epoch) + "\nseed " + std::to_string(seed) +
                    "\nsteps " + std::to_string(c.adam.steps) + "\n";
  char buf[128];
  std::snprintf(buf, sizeof buf, "norm %.17g\n", c.adam.averageNorm);
  out += buf;
  for (std::size_t i = 0; i < c.theta.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%.17g %.17g %.17g\n", c.theta[i], c.adam.m[i], c.adam.v[i]);
    out += buf;
  }
  return out;
}

AdamCheckpoint readCheckpoint(const std::string& path, std::size_t P, unsigned long long seed) {
  std::ifstream in(path);
  AdamCheckpoint c;
  std::string k1, k2, k3, k4;
  unsigned long long savedSeed = 0;
  if (!(in >> k1 >> c.epoch >> k2 >> savedSeed >> k3 >> c.adam.steps >> k4 >> c.adam.averageNorm) ||
      k1 != "epoch" || k2 != "seed" || k3 != "steps" || k4 != "norm" || c.epoch < 0)
    throw InputError(path, 0, "expected 'epoch', 'seed', 'steps' and 'norm' lines");
  if (savedSeed != seed)
    throw InputError(path, 0,
                     "was written with seed " + std::to_string(savedSeed) + ", nep.in says " +
                         std::to_string(seed));
  c.theta.resize(P);
  c.adam.m.resize(P);
  c.adam.v.resize(P);
  for (std::size_t i = 0; i < P; ++i)
    if (!(in >> c.theta[i] >> c.adam.m[i] >> c.adam.v[i]))
      throw InputError(path, static_cast<int>(i + 5),
                       "expected " + std::to_string(P) + " lines 'θ m v' for this nep.in");
  return c;
}

class AdamTrainer : TrainingRun {
 public:
  AdamTrainer(TrainingFolder& f, const TrainOptions& options, BatchGradientBackend& gradients)
      : TrainingRun(f, options), gradients_(gradients) {
    const int numBatches = batchCount(f.train.size(), in_.batch);
    const std::vector<std::size_t> order = batchOrder(f.train, numBatches);
    for (int b = 0; b < numBatches; ++b) {
      const auto [first, last] = batchRange(f.train.size(), numBatches, b);
      batches_.emplace_back(order.begin() + first, order.begin() + last);
    }
    schedule_.startLr = in_.startLr;
    schedule_.stopLr = in_.stopLr;
    schedule_.epochs = in_.epoch;
    schedule_.batchesPerEpoch = numBatches;
    schedule_.cosineRestart = in_.lrCosRestart;
    schedule_.warmupEpochs = in_.lrWarmupEpochs;
    schedule_.restartPeriodEpochs = in_.lrInitialPeriod;
    schedule_.periodFactor = in_.lrPeriodFactor;
    schedule_.decayFactor = in_.lrDecayFactor;
    trainWhich_ = allIndices(f.train.size());
    testWhich_ = allIndices(f.test.size());
    oneComposition_ = oneComposition(f.train, trainWhich_, in_.numTypes());
    for (const auto& which : batches_)
      batchShift_.push_back(oneComposition_ || !oneComposition(f.train, which, in_.numTypes()));
    // Measured on teacher-student water (batch 1): lambda_e 0.1 and 1 gave the same loss.out
    // errors epoch for epoch; comparing each structure with the set's shift instead trained the
    // forces worse (RMSE terms of one structure push with a constant size).
    if (oneComposition_ && batches_.size() == f.train.size() && f.train.size() > 1)
      advise(
          "every batch is one structure of the training set's one composition, whose energy "
          "shift is removed (as GPUMD's nep does): energies give no gradient and lambda_e has "
          "no effect; batch 2 or more also trains on energy differences");
  }

  TrainOutcome run() {
    const std::string restart = f_.dir + "/nep.restart.adam";
    // Start: SNES's initial mean (uniform in [−1, 1], √ε∞ 2), qNEP charge weights drawn as
    // SNES's first individual draws them (no gradient leaves zero charges).
    const Snes snes(in_, f_.shape);
    AdamCheckpoint c;
    c.theta = snes.gradientStart();
    Adam adam(c.theta.size(), in_.weightDecay);
    if (std::filesystem::exists(restart)) {
      c = readCheckpoint(restart, c.theta.size(), in_.seed);
      say("Resuming from " + restart + " at epoch " + std::to_string(c.epoch) + ".");
      if (f_.shape.hasCharges() && noCharges(c.theta, f_.shape)) {
        snes.drawChargeWeights(c.theta);
        advise(restart +
               " has every charge weight 0, where no gradient moves them: drawn "
               "from N(0, sigma0^2) as a fresh start draws them");
      } else if (f_.shape.hasCharges() && in_.flipCharge) {
        // The first moments turn with the weights, so the run continues as its mirror image.
        flipChargeWeights(f_.shape, c.theta);
        flipChargeWeights(f_.shape, c.adam.m);
      }
      adam.setState(c.adam);
    } else if (in_.energyShift || !oneComposition_) {
      foldEnergyShift(c.theta, trainingSetShift(c.theta));
    }
    const bool charged = in_.chargeMode != 0;
    for (long e = c.epoch; e < in_.epoch; ++e) {
      if (options_.stopRequested && options_.stopRequested()) {
        c.epoch = e;
        c.adam = adam.state();
        writeFileAtomically(restart, checkpointText(c, in_.seed));
        return TrainOutcome::Stopped;
      }
      for (std::size_t b = 0; b < batches_.size(); ++b) {
        const std::vector<std::size_t>& which = batches_[b];
        const bool shifted = batchShift_[b];
        auto model = modelOf(c.theta);
        std::vector<BatchStructure> batch;
        for (std::size_t k : which) {
          const TrainingStructure& s = f_.train[k];
          batch.push_back({&s.types, &s.structure.positions, &s.structure.cell, s.totalCharge});
        }
        const bool bec = charged && hasBecLabels(which);
        auto loss = [&](const std::vector<ModelOutputs>& outputs) {
          std::vector<StructurePrediction> preds;
          for (const ModelOutputs& o : outputs) preds.push_back(toPrediction(o));
          BatchLoss l;
          l.value = dataLoss(in_, rmseTerms(in_, f_.train, which, preds, {true, shifted}),
                             in_.numTypes());
          for (const StructureAdjoint& a : lossAdjoints(in_, f_.train, which, preds, shifted))
            l.adjoints.push_back(toOutputAdjoints(a));
          return l;
        };
        BatchLossGradient g = gradients_.compute(model, batch, loss, bec);
        adam.update(schedule_.at(static_cast<int>(adam.state().steps)), g.gradient, c.theta);
      }
      c.epoch = e + 1;
      c.adam = adam.state();
      const double shift = report(e, c.theta, charged);
      if (!oneComposition_) foldEnergyShift(c.theta, shift);
      writeFileAtomically(restart, checkpointText(c, in_.seed));
    }
    adviseCharges();
    return TrainOutcome::Finished;
  }

 private:
  std::shared_ptr<NepModel> modelOf(const std::vector<double>& theta) const {
    auto m = std::make_shared<NepModel>(f_.shape);
    unflattenParameters(theta, *m);
    return m;
  }

  bool hasBecLabels(const std::vector<std::size_t>& which) const {
    for (std::size_t k : which)
      if (f_.train[k].hasBec) return true;
    return false;
  }

  /// The training set's energy shift (weighted mean error in energy per atom) at theta.
  double trainingSetShift(const std::vector<double>& theta) const {
    const auto preds = evaluator_.predict(modelOf(theta), f_.train, trainWhich_);
    return rmseTerms(in_, f_.train, trainWhich_, preds, {true, true}).energyShift;
  }

  /// b_out takes up an energy shift (E = Σ ε_i − b_out per atom), so the model's mean error in
  /// energy per atom over the training set becomes zero. At the start with `energy_shift 1`;
  /// with several compositions also after every epoch, because then a batch of one composition
  /// compares its energies to the set's shift, not to a shift of its own (batchShift_).
  void foldEnergyShift(std::vector<double>& theta, double shift) const {
    auto model = modelOf(theta);
    model->outputBias += shift;
    theta = flattenParameters(*model);
  }

  /// Appends the loss.out row of epoch e, writes nep.txt and the parity files (of theta's model,
  /// its charges turned over where charge_sign auto asks); returns the training set's energy
  /// shift at theta.
  double report(long e, const std::vector<double>& theta, bool charged) {
    auto model = modelOf(theta);
    const auto preds = evaluator_.predict(model, f_.train, trainWhich_);
    LossRow row;
    row.generation = e + 1;
    row.total =
        dataLoss(in_, rmseTerms(in_, f_.train, trainWhich_, preds, {true, true}), in_.numTypes());
    row.train = rmseTerms(in_, f_.train, trainWhich_, preds, {false, true});
    if (turnsChargesOver(trainWhich_, preds)) {  // the same RMSEs: they are even in the charges
      std::vector<double> turned = theta;
      flipChargeWeights(f_.shape, turned);
      model = modelOf(turned);
    }
    // The written model carries the energy shift in its output bias (E = ... − b_out).
    model->outputBias += row.train.energyShift;
    if (!f_.test.empty()) {
      const auto testPreds = evaluator_.predict(model, f_.test, testWhich_);
      row.test = rmseTerms(in_, f_.test, testWhich_, testPreds, {false, false});
      writeParityFiles(f_.dir, "test", f_.test, testWhich_, testPreds, charged);
    }
    writeNepModel(f_.dir + "/nep.txt", *model);
    say(appendLossRow(f_.dir, row, charged));
    if (e + 1 == in_.epoch)
      writeParityFiles(f_.dir, "train", f_.train, trainWhich_,
                       evaluator_.predict(model, f_.train, trainWhich_), charged);
    return row.train.energyShift;
  }

  BatchGradientBackend& gradients_;
  LearningRateSchedule schedule_;
  std::vector<std::vector<std::size_t>> batches_;
  std::vector<std::size_t> trainWhich_, testWhich_;
  bool oneComposition_ = true;  ///< the training set holds one composition
  /// Per batch: its own energy shift is removed (GPUMD), except in a set of several
  /// compositions for a batch of one, which its own shift would leave no energy to learn.
  std::vector<char> batchShift_;
};

}  // namespace

TrainOutcome trainWithAdam(TrainingFolder& folder, const TrainOptions& options,
                           BatchGradientBackend& gradients) {
  return AdamTrainer(folder, options, gradients).run();
}

}  // namespace sei::training
