#include "training/Trainer.hpp"

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>

#include "core/Error.hpp"
#include "io/AtomicFile.hpp"
#include "training/AdamTrainer.hpp"
#include "training/FineTune.hpp"
#include "training/Loss.hpp"
#include "training/ModelFromInput.hpp"
#include "training/ParameterVector.hpp"
#include "training/Prediction.hpp"
#include "training/Snes.hpp"
#include "training/TrainOutputs.hpp"
#include "training/TrainingRun.hpp"

namespace sei::training {
namespace {

namespace fs = std::filesystem;

bool exists(const std::string& path) { return fs::exists(path); }

void checkForModel(const std::vector<TrainingStructure>& set, const NepInput& in) {
  for (const TrainingStructure& s : set) {
    if (in.chargeMode == 0) continue;
    if (!s.structure.cell.fullyPeriodic())
      throw InputError(s.name + ": a qNEP (charge_mode) needs cells periodic in x, y and z");
    if (s.totalCharge != 0.0)
      throw InputError(s.name + ": charge=" + std::to_string(s.totalCharge) +
                       "; sei train handles neutral structures only so far");
  }
}

/// The restart's companion: the generation to continue with (GPUMD's nep.restart has none).
std::string statePath(const std::string& dir) { return dir + "/nep.restart.sei"; }

long readState(const std::string& path, unsigned long long seed) {
  std::ifstream in(path);
  std::string key;
  long generation = 0;
  unsigned long long savedSeed = 0;
  if (!(in >> key >> generation) || key != "generation" || !(in >> key >> savedSeed) ||
      key != "seed" || generation < 0)
    throw InputError(path, 0, "expected 'generation G' and 'seed S' lines");
  if (savedSeed != seed)
    throw InputError(path, 0,
                     "was written with seed " + std::to_string(savedSeed) + ", nep.in says " +
                         std::to_string(seed));
  return generation;
}

class SnesTrainer : TrainingRun {
 public:
  SnesTrainer(TrainingFolder& f, const TrainOptions& options,
              const std::optional<FineTuneStart>& fineTune)
      : TrainingRun(f, options), snes_(in_, f.shape), fineTune_(fineTune) {
    const int T = in_.numTypes();
    numBatches_ = batchCount(f.train.size(), in_.batch);
    order_ = batchOrder(f.train, numBatches_);
    for (int b = 0; b < numBatches_; ++b) {
      const auto [first, last] = batchRange(f.train.size(), numBatches_, b);
      batches_.emplace_back(order_.begin() + first, order_.begin() + last);
    }
    const std::size_t P = snes_.numParameters();
    lambda1_ = automaticLambda(in_.lambda1, P, T);
    lambda2_ = automaticLambda(in_.lambda2, P, T);
    testWhich_ = allIndices(f.test.size());
  }

  TrainOutcome run() {
    const std::string restart = f_.dir + "/nep.restart";
    long start = 0;
    if (exists(restart)) {
      snes_.readRestart(restart, f_.shape, in_.flipCharge);
      if (exists(statePath(f_.dir))) start = readState(statePath(f_.dir), in_.seed);
      say("Resuming from " + restart + " at generation " + std::to_string(start) + ".");
    } else if (fineTune_) {
      snes_.start(fineTune_->mu, fineTune_->sigma);
      say("Fine-tuning from " + in_.fineTuneRestart + " (" + in_.fineTuneModel + ").");
    }
    const int T = in_.numTypes(), pop = snes_.populationSize();
    std::vector<double> population;
    for (long g = start; g < in_.generation; ++g) {
      if (options_.stopRequested && options_.stopRequested()) {
        writeRestart(restart, g);
        return TrainOutcome::Stopped;
      }
      snes_.sample(static_cast<std::uint64_t>(g), population);
      const std::vector<double> data = dataFitness(g, population);
      std::vector<double> total(data), l1((T + 1) * pop), l2((T + 1) * pop);
      for (int t = 0; t <= T; ++t)
        for (int p = 0; p < pop; ++p) {
          const std::vector<double> theta(population.begin() + p * snes_.numParameters(),
                                          population.begin() + (p + 1) * snes_.numParameters());
          const Regularization r =
              regularization(theta, snes_.parameterTypes(), t, T, lambda1_, lambda2_);
          l1[t * pop + p] = r.l1;
          l2[t * pop + p] = r.l2;
          total[t * pop + p] += r.l1 + r.l2;
        }
      const auto ranking = snes_.update(total);
      const int best = ranking[T][0];
      if ((g + 1) % in_.outputInterval == 0) {
        report(g, population, best, total[T * pop + best], l1[T * pop + best], l2[T * pop + best]);
        writeRestart(restart, g + 1);
      }
      if (in_.savePotentialRestart && in_.savePotential > 0 && (g + 1) % in_.savePotential == 0)
        writeFileAtomically(f_.dir + "/" + saveLabel(g) + ".restart", snes_.restartText());
    }
    adviseCharges();
    return TrainOutcome::Finished;
  }

 private:
  std::shared_ptr<NepModel> modelOf(const double* theta) const {
    auto m = std::make_shared<NepModel>(f_.shape);
    unflattenParameters(std::vector<double>(theta, theta + snes_.numParameters()), *m);
    return m;
  }

  /// λ-weighted data terms of every individual, [t·population + p]. Generation 0 has none:
  /// GPUMD spends it on the scalers and ranks that generation by regularisation alone.
  std::vector<double> dataFitness(long g, const std::vector<double>& population) {
    const int T = in_.numTypes(), pop = snes_.populationSize();
    std::vector<double> fitness((T + 1) * pop, 0.0);
    if (g == 0) return fitness;
    std::vector<std::shared_ptr<const NepModel>> models;
    for (int p = 0; p < pop; ++p) models.push_back(modelOf(&population[p * snes_.numParameters()]));
    // Five λ-weighted terms, combined over batches as GPUMD's use_full_batch does (RMS).
    std::vector<std::array<double, 5>> terms((T + 1) * pop);
    const int first = static_cast<int>(g % numBatches_);
    int counted = 0;
    for (int k = 0; k < (in_.fullBatch ? numBatches_ : 1); ++k) {
      const int b = (first + k) % numBatches_;
      std::vector<std::vector<StructurePrediction>> preds;
      evaluator_.predict(models, f_.train, batches_[b], preds);
      for (int p = 0; p < pop; ++p) {
        const RmseTerms r = rmseTerms(in_, f_.train, batches_[b], preds[p], {true, true});
        for (int t = 0; t <= T; ++t) {
          const std::array<double, 5> now = {in_.lambdaE * r.energy[t], in_.lambdaF * r.force[t],
                                             in_.lambdaV * r.virial[t], in_.lambdaQ * r.charge[t],
                                             in_.lambdaZ * r.bec[t]};
          auto& acc = terms[t * pop + p];
          for (int c = 0; c < 5; ++c)
            acc[c] = std::sqrt((acc[c] * acc[c] * counted + now[c] * now[c]) / (counted + 1));
        }
      }
      ++counted;
    }
    for (std::size_t k = 0; k < terms.size(); ++k)
      for (double v : terms[k]) fitness[k] += v;
    return fitness;
  }

  void report(long g, const std::vector<double>& population, int best, double total, double l1,
              double l2) {
    const double* bestParameters = &population[best * snes_.numParameters()];
    auto elite = modelOf(bestParameters);
    const auto& batch = batches_[g % numBatches_];
    LossRow row;
    row.generation = g + 1;
    row.total = total;
    row.l1 = l1;
    row.l2 = l2;
    row.train =
        rmseTerms(in_, f_.train, batch, evaluator_.predict(elite, f_.train, batch), {false, true});
    // charge_sign auto decides on the whole training set, so that every written model of the
    // run is oriented alike whichever batch this generation trained on.
    if (orientsCharges_ && turnsChargesOver(order_, evaluator_.predict(elite, f_.train, order_))) {
      std::vector<double> turned(bestParameters, bestParameters + snes_.numParameters());
      flipChargeWeights(f_.shape, turned);
      elite = modelOf(turned.data());
    }
    // The written model carries the energy shift in its output bias (E = ... − b_out).
    elite->outputBias += row.train.energyShift;
    const bool charged = in_.chargeMode != 0;
    if (!f_.test.empty()) {
      const auto testPreds = evaluator_.predict(elite, f_.test, testWhich_);
      row.test = rmseTerms(in_, f_.test, testWhich_, testPreds, {false, false});
      writeParityFiles(f_.dir, "test", f_.test, testWhich_, testPreds, charged);
    }
    writeNepModel(f_.dir + "/nep.txt", *elite);
    if (in_.savePotential > 0 && (g + 1) % in_.savePotential == 0)
      writeNepModel(f_.dir + "/" + saveLabel(g) + ".txt", *elite);
    say(appendLossRow(f_.dir, row, charged));
    if ((g + 1) % 1000 == 0 || g + 1 == in_.generation)
      writeParityFiles(f_.dir, "train", f_.train, order_,
                       evaluator_.predict(elite, f_.train, order_), charged);
  }

  std::string saveLabel(long g) const {
    if (in_.savePotentialFormat == 0) return "nep_gen" + std::to_string(g + 1);
    char buf[200];
    const std::time_t now = std::time(nullptr);
    std::strftime(buf, sizeof buf, "nep_y%Y_m%m_d%d_h%H_m%M_s%S_generation", std::localtime(&now));
    return buf + std::to_string(g + 1);
  }

  void writeRestart(const std::string& path, long nextGeneration) {
    writeFileAtomically(path, snes_.restartText());
    writeFileAtomically(statePath(f_.dir), "generation " + std::to_string(nextGeneration) +
                                               "\nseed " + std::to_string(in_.seed) + "\n");
  }

  Snes snes_;
  /// fine_tune's start, used unless a nep.restart of this run resumes it.
  const std::optional<FineTuneStart>& fineTune_;
  int numBatches_ = 1;
  std::vector<std::size_t> order_, testWhich_;
  std::vector<std::vector<std::size_t>> batches_;
  double lambda1_ = 0.0, lambda2_ = 0.0;
};

TrainOutcome predict(TrainingFolder& f, const TrainOptions& options) {
  const std::string path = f.dir + "/nep.txt";
  if (!exists(path)) throw InputError(path, 0, "prediction 1 needs the model nep.txt here");
  auto model = std::make_shared<NepModel>(readNepModel(path));
  checkModelMatchesInput(*model, f.input);
  const SetEvaluator evaluator(options.threads);
  const bool charged = model->hasCharges();
  const auto trainWhich = allIndices(f.train.size());
  writeParityFiles(f.dir, "train", f.train, trainWhich,
                   evaluator.predict(model, f.train, trainWhich), charged);
  if (!f.test.empty()) {
    const auto testWhich = allIndices(f.test.size());
    writeParityFiles(f.dir, "test", f.test, testWhich, evaluator.predict(model, f.test, testWhich),
                     charged);
  }
  if (f.input.outputDescriptor > 0)
    writeFileAtomically(f.dir + "/descriptor.out",
                        evaluator.descriptorText(*model, f.train, f.input.outputDescriptor));
  return TrainOutcome::Predicted;
}

}  // namespace

TrainingFolder loadTrainingFolder(const std::string& dir) {
  TrainingFolder f;
  f.dir = dir;
  f.input = readNepInput(dir + "/nep.in");
  f.train = readTrainingSet(dir + "/train.xyz", f.input.elements);
  if (exists(dir + "/test.xyz")) f.test = readTrainingSet(dir + "/test.xyz", f.input.elements);
  checkForModel(f.train, f.input);
  checkForModel(f.test, f.input);
  const std::string zblIn = dir + "/zbl.in";
  const bool flexible = f.input.zbl && exists(zblIn);
  f.shape = modelFromInput(
      f.input, flexible ? readZblIn(zblIn, f.input.numTypes()) : std::vector<ZblPairParameters>{});
  const auto [radial, angular] = maxNeighborCounts(f.shape, {&f.train, &f.test});
  f.shape.maxNeighborsRadial = radial;
  f.shape.maxNeighborsAngular = angular;
  return f;
}

NepModel initialModel(const NepModel& shape, double initialPara,
                      const std::vector<TrainingStructure>& set, int threads) {
  NepModel model = shape;
  unflattenParameters(std::vector<double>(numTrainedParameters(model), initialPara), model);
  model.scalers = SetEvaluator(threads).descriptorScalers(model, set);
  return model;
}

void computeScalers(TrainingFolder& f, int threads) {
  f.shape.scalers = initialModel(f.shape, f.input.initialPara, f.train, threads).scalers;
}

TrainOutcome runTraining(const TrainOptions& options) {
  TrainingFolder folder = loadTrainingFolder(options.dir);
  const bool adam = !folder.input.prediction && folder.input.optimizer == Optimizer::Adam;
  if (options.backend != "cpu" && !adam)
    throw InputError(options.dir + "/nep.in", 0,
                     "backend " + options.backend +
                         " trains with `optimizer adam` only (SNES and prediction run on the CPU)");
  // Before anything is computed or written: an accelerator that cannot run stops here.
  std::unique_ptr<BatchGradientBackend> gradients;
  if (adam) gradients = makeBatchGradientBackend(options.backend, options.threads);
  if (folder.input.prediction) return predict(folder, options);
  const std::string modelPath = options.dir + "/nep.txt";
  std::optional<FineTuneStart> fineTune;
  if (!folder.input.fineTuneModel.empty()) {
    // fine_tune: the foundation's state for nep.in's elements, and its scalers.
    fineTune = readFineTuneStart(folder.input, folder.shape, options.dir);
    folder.shape.scalers = fineTune->scalers;
  } else if (folder.input.importQScaler) {
    // import_q_scaler 1: the scalers of an existing model of the same architecture.
    if (!exists(modelPath)) throw InputError(modelPath, 0, "import_q_scaler 1 needs nep.txt here");
    const NepModel model = readNepModel(modelPath);
    checkModelMatchesInput(model, folder.input);
    folder.shape.scalers = model.scalers;
  } else {
    if (exists(options.dir + "/nep.restart") && exists(modelPath))
      checkModelMatchesInput(readNepModel(modelPath), folder.input);
    computeScalers(folder, options.threads);
  }
  if (adam) return trainWithAdam(folder, options, *gradients);
  return SnesTrainer(folder, options, fineTune).run();
}

}  // namespace sei::training
