// Gradient training demo (not a test): Adam with exact gradients on a training set in GPUMD's
// extended XYZ, from a random NEP4 or qNEP model (TOKEN, e.g. nep4 or nep4_charge2) with
// GPUMD's default architecture, minimising gnep's loss λ_e·mean((ΔE/N)²) + λ_f·mean(Σ|ΔF|²/3N)
// (λ_e = 1, λ_f = 2). Prints one line per epoch:
// loss, energy and force RMSE over the epoch (each batch at the parameters it saw, as gnep
// reports them), learning rate and wall time.
//   train-gradient-demo TRAIN.XYZ EPOCHS BATCH THREADS TOKEN TYPE...
#include <omp.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <regex>

#include "RandomModel.hpp"
#include "io/ExtXyz.hpp"
#include "training/Adam.hpp"
#include "training/BatchGradient.hpp"
#include "training/ParameterVector.hpp"

using namespace sei;
using namespace sei::training;

int main(int argc, char** argv) {
  if (argc < 7) {
    std::fprintf(stderr, "usage: %s TRAIN.XYZ EPOCHS BATCH THREADS TOKEN TYPE...\n", argv[0]);
    return 2;
  }
  const int epochs = std::atoi(argv[2]), batchSize = std::atoi(argv[3]);
  const int threads = std::atoi(argv[4]);
  test::RandomModelSpec spec;  // GPUMD's defaults: cutoff 8 4, n_max 6 6, basis 6 6, l_max 4 2 0
  spec.token = argv[5];
  spec.elements.assign(argv + 6, argv + argc);
  spec.radialCutoff = 8.0;
  spec.angularCutoff = 4.0;
  spec.nMaxRadial = spec.nMaxAngular = 6;
  spec.basisRadial = spec.basisAngular = 6;
  spec.lMaxFlags = {2, 0};
  spec.hidden = 30;
  const std::string modelPath = "train-gradient-demo-initial.txt";
  test::writeTextFile(modelPath, test::randomModelText(spec));
  NepModel model = readNepModel(modelPath);

  std::vector<Structure> set = readExtXyzFrames(argv[1]);
  std::vector<std::vector<int>> types;
  std::vector<double> energies;  // eV
  const std::regex energyKey(R"((^|\s)energy=([-+0-9.eE]+))");
  double energySum = 0.0, atoms = 0.0;
  for (const Structure& s : set) {
    std::smatch m;
    if (!std::regex_search(s.info, m, energyKey)) throw std::runtime_error("a frame lacks energy=");
    energies.push_back(std::stod(m[2]));
    types.push_back(model.typesOf(s, argv[1]));
    energySum += energies.back();
    atoms += s.size();
  }
  model.outputBias = -energySum / atoms;  // start at the mean energy per atom (energy shift)

  const auto batches = miniBatches(set.size(), batchSize);
  LearningRateSchedule schedule;
  schedule.startLr = 1e-3;
  schedule.stopLr = 1e-5;
  schedule.epochs = epochs;
  schedule.batchesPerEpoch = static_cast<int>(batches.size());
  std::vector<double> theta = flattenParameters(model);
  Adam adam(theta.size());
  std::printf("# %zu structures, %zu parameters, %zu batches, %d threads\n", set.size(),
              theta.size(), batches.size(), threads);
  std::printf("# epoch loss E_rmse(meV/atom) F_rmse(meV/A) lr seconds\n");
  int step = 0;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    double sumE = 0.0, sumF = 0.0, sumLoss = 0.0, forceTerms = 0.0;
    for (const auto& [begin, end] : batches) {
      auto current = std::make_shared<const NepModel>(model);
      std::vector<BatchStructure> batch;
      for (std::size_t k = begin; k < end; ++k)
        batch.push_back({&types[k], &set[k].positions, &set[k].cell, 0.0});
      const double nc = static_cast<double>(end - begin);
      auto loss = [&](const std::vector<ModelOutputs>& out) {
        BatchLoss l;
        for (std::size_t j = 0; j < out.size(); ++j) {
          const Structure& s = set[begin + j];
          const double n = static_cast<double>(s.size());
          const double dE = (out[j].energy - energies[begin + j]) / n;
          OutputAdjoints a;
          a.energy = 2.0 * dE / n / nc;
          double f2 = 0.0;
          for (std::size_t i = 0; i < s.size(); ++i) {
            const Eigen::Vector3d dF = out[j].forces[i] - s.forces[i];
            f2 += dF.squaredNorm();
            a.forces.push_back(2.0 * 2.0 * dF / (3.0 * n) / nc);
          }
          l.value += (dE * dE + 2.0 * f2 / (3.0 * n)) / nc;
          l.adjoints.push_back(std::move(a));
          sumE += dE * dE;
          sumF += f2;
          forceTerms += 3.0 * n;
        }
        return l;
      };
      BatchLossGradient r = batchLossAndGradient(current, batch, loss, threads);
      sumLoss += r.loss * nc;
      adam.update(schedule.at(step), r.gradient, theta);
      unflattenParameters(theta, model);
      ++step;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%d %.6f %.3f %.3f %.3g %.2f\n", epoch, sumLoss / set.size(),
                1e3 * std::sqrt(sumE / set.size()), 1e3 * std::sqrt(sumF / forceTerms),
                schedule.at(step - 1), seconds);
    std::fflush(stdout);
  }
  return 0;
}
