#include "md/DescriptorDistance.hpp"

#include <omp.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/Error.hpp"
#include "core/FarthestPoints.hpp"

namespace sei {

std::vector<double> scaledDescriptors(const NepEvaluator& evaluator) {
  const std::vector<double>& raw = evaluator.descriptors();
  const std::vector<double>& scalers = evaluator.model().scalers;
  const std::size_t D = scalers.size();
  if (D == 0 || raw.size() % D != 0)
    throw std::logic_error("scaledDescriptors: the evaluator keeps no descriptors");
  std::vector<double> scaled(raw.size());
  for (std::size_t a = 0; a < raw.size(); ++a) scaled[a] = raw[a] * scalers[a % D];
  return scaled;
}

std::vector<double> meanDescriptor(const std::vector<double>& scaled, int dimension) {
  const std::size_t D = static_cast<std::size_t>(dimension), n = scaled.size() / D;
  std::vector<double> mean(D, 0.0);
  for (std::size_t a = 0; a < scaled.size(); ++a) mean[a % D] += scaled[a] / static_cast<double>(n);
  return mean;
}

DescriptorReference::DescriptorReference(int numTypes, int dimension)
    : dimension_(dimension), points_(static_cast<std::size_t>(numTypes)) {}

void DescriptorReference::add(const std::vector<int>& types, const std::vector<double>& scaled) {
  const std::size_t D = static_cast<std::size_t>(dimension_);
  if (scaled.size() != types.size() * D)
    throw std::invalid_argument("DescriptorReference: descriptors of another size");
  for (std::size_t i = 0; i < types.size(); ++i)
    points_.at(types[i]).emplace_back(scaled.begin() + i * D, scaled.begin() + (i + 1) * D);
}

void DescriptorReference::reduce(std::size_t perType) {
  for (auto& points : points_) {
    if (points.size() <= perType) continue;
    std::vector<std::vector<double>> kept;
    for (std::size_t k : farthestPointSample(points, perType)) kept.push_back(points[k]);
    points = std::move(kept);
  }
}

double DescriptorReference::distance(int t, const double* q) const {
  double best = std::numeric_limits<double>::infinity();  // squared
  for (const std::vector<double>& p : points_.at(t)) {
    double d2 = 0;
    for (int d = 0; d < dimension_ && d2 < best; ++d) d2 += (p[d] - q[d]) * (p[d] - q[d]);
    if (d2 < best) best = d2;
  }
  return std::sqrt(best);
}

std::vector<double> DescriptorReference::distances(const std::vector<int>& types,
                                                   const std::vector<double>& scaled) const {
  const std::size_t D = static_cast<std::size_t>(dimension_);
  if (scaled.size() != types.size() * D)
    throw std::invalid_argument("DescriptorReference: descriptors of another size");
  std::vector<double> out(types.size());
  for (std::size_t i = 0; i < types.size(); ++i) out[i] = distance(types[i], &scaled[i * D]);
  return out;
}

DescriptorReference descriptorReference(std::shared_ptr<const NepModel> model,
                                        const std::vector<Structure>& structures,
                                        std::size_t perType, int threads, const std::string& source,
                                        std::vector<std::vector<double>>* means) {
  const int n = static_cast<int>(structures.size());
  std::vector<std::vector<int>> types(structures.size());
  for (int k = 0; k < n; ++k)
    types[k] = model->typesOf(structures[k], source + " structure " + std::to_string(k + 1));
  std::vector<std::vector<double>> scaled(structures.size());
  std::vector<std::string> failures(structures.size());
  NepEvaluatorOptions options;
  options.threads = 1;
  options.keepDescriptors = true;
#pragma omp parallel num_threads(threads > 0 ? threads : omp_get_max_threads())
  {
    NepEvaluator evaluator(model, options);
    ForceResult result;
#pragma omp for schedule(dynamic)
    for (int k = 0; k < n; ++k) {
      try {
        evaluator.compute(types[k], structures[k].positions, structures[k].cell, ForceRequest(),
                          result);
        scaled[k] = scaledDescriptors(evaluator);
      } catch (const std::exception& e) {
        failures[k] = source + " structure " + std::to_string(k + 1) + ": " + e.what();
      }
    }
  }
  for (const std::string& failure : failures)  // the first structure that failed
    if (!failure.empty()) throw InputError(failure);
  DescriptorReference reference(model->numTypes(), model->dimension());
  if (means) means->clear();
  for (int k = 0; k < n; ++k) {
    reference.add(types[k], scaled[k]);
    if (means) means->push_back(meanDescriptor(scaled[k], model->dimension()));
  }
  reference.reduce(perType);
  return reference;
}

}  // namespace sei
