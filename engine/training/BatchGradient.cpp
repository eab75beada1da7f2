#include "training/BatchGradient.hpp"

#include <omp.h>

#include <exception>
#include <stdexcept>

#include "training/ParameterVector.hpp"

namespace sei::training {
namespace {

/// Runs body(k) for k < n on OpenMP threads; an exception (which must not leave a parallel
/// region) is kept and the first one rethrown afterwards.
template <class Body>
void parallelFor(int n, int threads, Body body) {
  std::exception_ptr error;
#pragma omp parallel for schedule(dynamic) num_threads(threads)
  for (int k = 0; k < n; ++k) {
    try {
      body(k);
    } catch (...) {
#pragma omp critical
      if (!error) error = std::current_exception();
    }
  }
  if (error) std::rethrow_exception(error);
}

}  // namespace

BatchLossGradient batchLossAndGradient(std::shared_ptr<const NepModel> model,
                                       const std::vector<BatchStructure>& batch,
                                       const BatchLossFunction& loss, int threads,
                                       NepEvaluatorOptions options, bool bornEffectiveCharges) {
  const int n = static_cast<int>(batch.size());
  const int numThreads = threads > 0 ? threads : omp_get_max_threads();
  options.threads = 1;
  std::vector<std::unique_ptr<ParameterGradient>> passes(numThreads);
  auto pass = [&]() -> ParameterGradient& {
    auto& p = passes[omp_get_thread_num()];
    if (!p) {
      p = std::make_unique<ParameterGradient>(model, options);
      p->setBornEffectiveCharges(bornEffectiveCharges);
    }
    return *p;
  };

  BatchLossGradient out;
  out.outputs.resize(n);
  parallelFor(n, numThreads, [&](int k) {
    const BatchStructure& s = batch[k];
    ParameterGradient& g = pass();
    g.setTemperature(s.temperature);
    out.outputs[k] = g.predict(*s.types, *s.positions, *s.cell, s.totalCharge);
  });

  const BatchLoss l = loss(out.outputs);
  if (static_cast<int>(l.adjoints.size()) != n)
    throw std::invalid_argument("the batch loss gave adjoints for a different structure count");
  out.loss = l.value;

  std::vector<std::vector<double>> perStructure(n);
  parallelFor(n, numThreads, [&](int k) {
    const BatchStructure& s = batch[k];
    NepModel g = zeroParametersLike(*model);
    ParameterGradient& pg = pass();
    pg.setTemperature(s.temperature);
    pg.addGradient(*s.types, *s.positions, *s.cell, s.totalCharge, l.adjoints[k], g);
    perStructure[k] = flattenParameters(g);
  });
  out.gradient.assign(numTrainedParameters(*model), 0.0);
  for (const auto& g : perStructure)
    for (std::size_t i = 0; i < g.size(); ++i) out.gradient[i] += g[i];
  return out;
}

}  // namespace sei::training
