#include "training/Prediction.hpp"

#include <omp.h>

#include <algorithm>
#include <cstdio>
#include <limits>
#include <numeric>

#include "nep/NepEvaluator.hpp"

namespace sei::training {
namespace {

StructurePrediction toPrediction(const ForceResult& r, double meanRawCharge, bool wantBec) {
  StructurePrediction p = predictionFromTotals(r.energy, r.forces, r.virial);
  p.rawCharges = r.charges;
  for (double& q : p.rawCharges) q += meanRawCharge;
  if (wantBec)
    for (const Eigen::Matrix3d& z : r.bec)
      for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) p.bec.push_back(z(a, b));
  return p;
}

}  // namespace

StructurePrediction predictionFromTotals(double energy, const std::vector<Eigen::Vector3d>& forces,
                                         const Eigen::Matrix3d& w) {
  StructurePrediction p;
  const double n = static_cast<double>(forces.size());
  p.energy = energy / n;
  p.forces = forces;
  p.virialTotal = w;
  p.virial = {w(0, 0) / n, w(1, 1) / n, w(2, 2) / n, w(0, 1) / n, w(1, 2) / n, w(2, 0) / n};
  return p;
}

std::vector<std::size_t> allIndices(std::size_t n) {
  std::vector<std::size_t> v(n);
  std::iota(v.begin(), v.end(), 0);
  return v;
}

void SetEvaluator::predict(const std::vector<std::shared_ptr<const NepModel>>& models,
                           const std::vector<TrainingStructure>& set,
                           const std::vector<std::size_t>& which,
                           std::vector<std::vector<StructurePrediction>>& out) const {
  out.assign(models.size(), std::vector<StructurePrediction>(which.size()));
  const std::size_t tasks = models.size() * which.size();
  NepEvaluatorOptions options;
  options.threads = 1;
  const int numThreads = threads_ > 0 ? threads_ : omp_get_max_threads();
#pragma omp parallel num_threads(numThreads)
  {
    std::unique_ptr<NepEvaluator> evaluator;
    std::size_t current = std::numeric_limits<std::size_t>::max();
    ForceResult result;
#pragma omp for schedule(dynamic, 1)
    for (std::size_t task = 0; task < tasks; ++task) {
      const std::size_t m = task / which.size(), k = task % which.size();
      if (m != current) {
        evaluator = std::make_unique<NepEvaluator>(models[m], options);
        current = m;
      }
      const TrainingStructure& s = set[which[k]];
      ForceRequest request;
      request.bornEffectiveCharges = s.hasBec && models[m]->hasCharges();
      evaluator->compute(s.types, s.structure.positions, s.structure.cell, request, result);
      out[m][k] = toPrediction(result, evaluator->meanRawCharge(), request.bornEffectiveCharges);
    }
  }
}

std::vector<StructurePrediction> SetEvaluator::predict(
    std::shared_ptr<const NepModel> model, const std::vector<TrainingStructure>& set,
    const std::vector<std::size_t>& which) const {
  std::vector<std::vector<StructurePrediction>> out;
  predict({std::move(model)}, set, which, out);
  return std::move(out.front());
}

template <class Visit>
void SetEvaluator::forEachDescriptors(const NepModel& model,
                                      const std::vector<TrainingStructure>& set,
                                      Visit&& visit) const {
  auto unscaled = std::make_shared<NepModel>(model);
  unscaled->scalers.assign(model.dimension(), 1.0);
  NepEvaluatorOptions options;
  options.threads = 1;
  options.keepDescriptors = true;
  const int numThreads = threads_ > 0 ? threads_ : omp_get_max_threads();
#pragma omp parallel num_threads(numThreads)
  {
    NepEvaluator evaluator(unscaled, options);
    ForceResult result;
#pragma omp for schedule(dynamic, 1)
    for (std::size_t k = 0; k < set.size(); ++k) {
      const TrainingStructure& s = set[k];
      evaluator.compute(s.types, s.structure.positions, s.structure.cell, {}, result);
      visit(omp_get_thread_num(), k, evaluator.descriptors());
    }
  }
}

std::vector<double> SetEvaluator::descriptorScalers(
    const NepModel& model, const std::vector<TrainingStructure>& set) const {
  const int D = model.dimension();
  const int numThreads = threads_ > 0 ? threads_ : omp_get_max_threads();
  std::vector<std::vector<double>> lo(numThreads,
                                      std::vector<double>(D, std::numeric_limits<double>::max()));
  std::vector<std::vector<double>> hi(
      numThreads, std::vector<double>(D, std::numeric_limits<double>::lowest()));
  forEachDescriptors(model, set, [&](int thread, std::size_t, const std::vector<double>& q) {
    for (std::size_t a = 0; a < q.size(); ++a) {
      lo[thread][a % D] = std::min(lo[thread][a % D], q[a]);
      hi[thread][a % D] = std::max(hi[thread][a % D], q[a]);
    }
  });
  std::vector<double> scalers(D, 1.0);
  for (int d = 0; d < D; ++d) {
    double l = lo[0][d], h = hi[0][d];
    for (int t = 1; t < numThreads; ++t) {
      l = std::min(l, lo[t][d]);
      h = std::max(h, hi[t][d]);
    }
    if (h > l) scalers[d] = 1.0 / (h - l);
  }
  return scalers;
}

std::vector<std::vector<double>> SetEvaluator::meanDescriptors(
    const NepModel& model, const std::vector<TrainingStructure>& set) const {
  const std::size_t D = model.dimension();
  std::vector<std::vector<double>> means(set.size(), std::vector<double>(D, 0.0));
  forEachDescriptors(model, set, [&](int, std::size_t k, const std::vector<double>& q) {
    const std::size_t n = q.size() / D;
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t d = 0; d < D; ++d)
        means[k][d] += q[i * D + d] * model.scalers[d] / static_cast<double>(n);
  });
  return means;
}

std::string SetEvaluator::descriptorText(const NepModel& model,
                                         const std::vector<TrainingStructure>& set,
                                         int mode) const {
  char buf[32];
  std::string text;
  if (mode == 1) {
    for (const std::vector<double>& mean : meanDescriptors(model, set)) {
      for (double x : mean) {
        std::snprintf(buf, sizeof buf, "%g ", x);
        text += buf;
      }
      text += "\n";
    }
    return text;
  }
  const std::size_t D = model.dimension();
  std::vector<std::string> lines(set.size());
  forEachDescriptors(model, set, [&](int, std::size_t k, const std::vector<double>& q) {
    char line[32];
    for (std::size_t a = 0; a < q.size(); ++a) {
      std::snprintf(line, sizeof line, "%g ", q[a] * model.scalers[a % D]);
      lines[k] += line;
      if (a % D == D - 1) lines[k] += "\n";
    }
  });
  for (const auto& l : lines) text += l;
  return text;
}

}  // namespace sei::training
