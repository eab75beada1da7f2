#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <memory>

#include "Commands.hpp"
#include "md/BackendRegistry.hpp"
#include "training/BatchGradientBackend.hpp"
#include "training/ModelFromInput.hpp"
#include "training/ParameterVector.hpp"
#include "training/Prediction.hpp"
#include "training/Snes.hpp"
#include "training/Trainer.hpp"

namespace sei::cli {
namespace {

/// CPU seconds (user + system) this process has used so far.
double cpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         1e-6 * (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

/// Peak resident memory of this process, MiB.
double peakMemoryMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

/// Squared errors of the energies and forces against the labels, per atom: a loss of the
/// trainer's kind for timing (its adjoints are dense, as the trainer's are).
training::BatchLoss labelLoss(const std::vector<training::TrainingStructure>& set,
                              const std::vector<std::size_t>& which,
                              const std::vector<training::ModelOutputs>& outputs) {
  training::BatchLoss l;
  for (std::size_t k = 0; k < outputs.size(); ++k) {
    const training::TrainingStructure& s = set[which[k]];
    const training::ModelOutputs& o = outputs[k];
    const double n = static_cast<double>(s.size());
    training::OutputAdjoints a;
    const double de = o.energy / n - s.energy;
    l.value += de * de;
    a.energy = 2 * de / n;
    for (std::size_t i = 0; i < o.forces.size(); ++i) {
      const Eigen::Vector3d df = o.forces[i] - s.structure.forces[i];
      l.value += df.squaredNorm() / (3 * n);
      a.forces.push_back(2 * df / (3 * n));
    }
    l.adjoints.push_back(a);
  }
  return l;
}

/// The Adam trainer's work: one mini-batch's outputs and loss gradient, per trainer backend.
void benchGradients(const training::TrainingFolder& folder, const std::vector<int>& threads,
                    double minSeconds) {
  const training::NepInput& in = folder.input;
  const int numBatches = training::batchCount(folder.train.size(), in.batch);
  const auto order = training::batchOrder(folder.train, numBatches);
  const auto range = training::batchRange(folder.train.size(), numBatches, 0);
  const std::vector<std::size_t> which(order.begin() + range[0], order.begin() + range[1]);
  std::vector<training::BatchStructure> batch;
  for (std::size_t k : which) {
    const training::TrainingStructure& s = folder.train[k];
    batch.push_back({&s.types, &s.structure.positions, &s.structure.cell, s.totalCharge});
  }
  auto model = std::make_shared<NepModel>(folder.shape);
  training::unflattenParameters(training::Snes(in, folder.shape).gradientStart(), *model);
  auto loss = [&](const std::vector<training::ModelOutputs>& outputs) {
    return labelLoss(folder.train, which, outputs);
  };
  std::printf(
      "# Adam gradients (optimizer adam): one mini-batch of %zu structures, outputs and loss\n"
      "# gradient (squared energy and force errors)\n"
      "# backend  threads  struct-evals/s  batch-s  epoch-s  peak-MiB  gpu-MiB\n"
      "#   struct-evals/s: structures per second through prediction and gradient; epoch:\n"
      "#   every training structure once; gpu-MiB: device memory in use (all processes)\n",
      batch.size());
  auto row = [&](const std::string& name, int t) {
    const auto backend = training::makeBatchGradientBackend(name, t);
    backend->compute(model, batch, loss, false);  // warm-up: device setup, the batch's pairs
    int calls = 0;
    double elapsed = 0.0;
    const auto start = std::chrono::steady_clock::now();
    do {
      backend->compute(model, batch, loss, false);
      ++calls;
      elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    } while (elapsed < minSeconds);
    const double perBatch = elapsed / calls;
    const double rate = static_cast<double>(batch.size()) / perBatch;
    std::printf("%9s %8s %15.1f %8.4f %8.3f %9.1f %8.0f\n", name.c_str(),
                name == "cpu" ? std::to_string(t).c_str() : "-", rate, perBatch,
                static_cast<double>(folder.train.size()) / rate, peakMemoryMiB(),
                backendMemoryInUse(name) / 1048576.0);
  };
  for (int t : threads) row("cpu", t);
  std::string why;
  if (training::batchGradientBackendUsable("cuda", why))
    row("cuda", 0);
  else
    std::printf("# no GPU row: %s\n", why.c_str());
}

}  // namespace

int runTrainBench(const std::string& dir, const std::vector<int>& threads, double minSeconds) {
  training::TrainingFolder folder = training::loadTrainingFolder(dir);
  training::computeScalers(folder, 0);
  const training::NepInput& in = folder.input;
  // One SNES generation's work: the population on the first batch.
  const int numBatches = static_cast<int>((folder.train.size() - 1) / in.batch + 1);
  const auto order = training::batchOrder(folder.train, numBatches);
  const auto range = training::batchRange(folder.train.size(), numBatches, 0);
  const std::vector<std::size_t> batch(order.begin() + range[0], order.begin() + range[1]);
  training::Snes snes(in, folder.shape);
  std::vector<double> population;
  snes.sample(1, population);
  std::vector<std::shared_ptr<const NepModel>> models;
  for (int p = 0; p < snes.populationSize(); ++p) {
    auto m = std::make_shared<NepModel>(folder.shape);
    training::unflattenParameters(
        std::vector<double>(population.begin() + p * snes.numParameters(),
                            population.begin() + (p + 1) * snes.numParameters()),
        *m);
    models.push_back(m);
  }
  std::size_t atoms = 0;
  for (const auto& s : folder.train) atoms += s.size();
  std::printf(
      "# %s: %zu training structures (%zu atoms), %s, %zu parameters, population %d, "
      "batch %zu\n",
      dir.c_str(), folder.train.size(), atoms, folder.shape.token.c_str(), snes.numParameters(),
      snes.populationSize(), batch.size());
  std::printf("# threads  struct-evals/s  generation-s  epoch-s  peak-MiB  cpu-s/generation\n");
  std::printf(
      "#   generation: population x batch evaluations (one SNES step); epoch: every\n"
      "#   training structure once per individual (population x all structures)\n");
  std::printf(
      "#   cpu-s: CPU time of all threads per generation (wall time / threads on an idle\n"
      "#   machine; on a shared one, the wall-clock columns also count waiting)\n");
  for (int t : threads) {
    const training::SetEvaluator evaluator(t);
    std::vector<std::vector<training::StructurePrediction>> out;
    int calls = 0;
    double elapsed = 0.0;
    const auto start = std::chrono::steady_clock::now();
    const double cpuStart = cpuSeconds();
    do {
      evaluator.predict(models, folder.train, batch, out);
      ++calls;
      elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    } while (elapsed < minSeconds);
    const double perGeneration = elapsed / calls;
    const double rate = static_cast<double>(models.size() * batch.size()) / perGeneration;
    const double epoch = static_cast<double>(models.size() * folder.train.size()) / rate;
    const double cpu = (cpuSeconds() - cpuStart) / calls;
    std::printf("%9d %15.1f %13.3f %8.3f %9.1f %17.3f\n", t, rate, perGeneration, epoch,
                peakMemoryMiB(), cpu);
  }
  benchGradients(folder, threads, minSeconds);
  return 0;
}

}  // namespace sei::cli
