#include "training/Snes.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <sstream>

#include "core/Error.hpp"
#include "md/CounterRandom.hpp"
#include "training/Loss.hpp"
#include "training/ParameterVector.hpp"

namespace sei::training {
namespace {

// Independent counter streams derived from the seed.
std::uint64_t streamKey(std::uint64_t seed, std::uint64_t stream) {
  return md::splitMixAt(seed, stream);
}

}  // namespace

std::vector<std::size_t> chargeWeightPositions(const NepModel& shape) {
  std::vector<std::size_t> out;
  if (!shape.hasCharges()) return out;
  const std::size_t H = shape.hidden, D = shape.dimension();
  const std::size_t perNet = (D + 3) * H;
  for (int t = 0; t < shape.numTypes(); ++t)
    for (std::size_t k = (D + 2) * H; k < perNet; ++k) out.push_back(t * perNet + k);
  return out;
}

void flipChargeWeights(const NepModel& shape, std::vector<double>& values) {
  for (std::size_t v : chargeWeightPositions(shape)) values[v] = -values[v];
}

Snes::Snes(const NepInput& in, const NepModel& shape)
    : population_(in.population), numTypes_(in.numTypes()), seed_(in.seed) {
  const std::size_t P = numTrainedParameters(shape);
  const double n = static_cast<double>(P / numTypes_);
  etaSigma_ = (3.0 + std::log(n)) / (5.0 * std::sqrt(n)) / 2.0;
  mu_.resize(P);
  sigma_.assign(P, in.sigma0);
  const std::uint64_t key = streamKey(seed_, 0);
  for (std::size_t v = 0; v < P; ++v) mu_[v] = (md::uniformAt(key, v) - 0.5) * 2.0;
  if (shape.hasCharges()) {
    chargePositions_ = chargeWeightPositions(shape);
    for (std::size_t v : chargePositions_) mu_[v] = 0.0;
    mu_[chargePositions_.back() + 1] = 2.0;  // √ε∞ right after the last network
  }
  typeOf_ = training::parameterTypes(shape);
  utility_.resize(population_);
  double sum = 0.0;
  for (int p = 0; p < population_; ++p) {
    utility_[p] = std::max(0.0, std::log(population_ * 0.5 + 1.0) - std::log(p + 1.0));
    sum += utility_[p];
  }
  for (double& u : utility_) u = u / sum - 1.0 / population_;
}

std::vector<double> Snes::gradientStart() const {
  std::vector<double> theta = mu_;
  drawChargeWeights(theta);
  return theta;
}

void Snes::drawChargeWeights(std::vector<double>& theta) const {
  const std::uint64_t key = streamKey(seed_, 1);  // sample(0)'s stream; individual 0 is k = v
  for (std::size_t v : chargePositions_) theta[v] = sigma_[v] * md::normalAt(key, v) + mu_[v];
}

void Snes::sample(std::uint64_t generation, std::vector<double>& population) {
  const std::size_t P = mu_.size();
  draws_.resize(population_ * P);
  population.resize(population_ * P);
  const std::uint64_t key = streamKey(seed_, generation + 1);
  for (std::size_t k = 0; k < draws_.size(); ++k) {
    draws_[k] = md::normalAt(key, k);
    population[k] = sigma_[k % P] * draws_[k] + mu_[k % P];
  }
}

std::vector<std::vector<int>> Snes::update(const std::vector<double>& fitness) {
  std::vector<std::vector<int>> order(numTypes_ + 1, std::vector<int>(population_));
  for (int t = 0; t <= numTypes_; ++t) {
    std::iota(order[t].begin(), order[t].end(), 0);
    const double* f = &fitness[t * population_];
    std::stable_sort(order[t].begin(), order[t].end(), [f](int a, int b) { return f[a] < f[b]; });
  }
  const std::size_t P = mu_.size();
  for (std::size_t v = 0; v < P; ++v) {
    const std::vector<int>& rank = order[typeOf_[v]];
    double gradMu = 0.0, gradSigma = 0.0;
    for (int p = 0; p < population_; ++p) {
      const double s = draws_[rank[p] * P + v];
      gradMu += s * utility_[p];
      gradSigma += (s * s - 1.0) * utility_[p];
    }
    mu_[v] += sigma_[v] * gradMu;
    sigma_[v] = std::min(sigma_[v] * std::exp(etaSigma_ * gradSigma), 1.0);
  }
  return order;
}

RestartColumns readRestartColumns(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw InputError(path, 0, "cannot open for reading");
  RestartColumns columns;
  int line = 0;
  for (std::string text; std::getline(file, text);) {
    ++line;
    std::istringstream ls(text);
    double m = 0.0, s = 0.0;
    std::string extra;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (!(ls >> m >> s) || (ls >> extra) || !std::isfinite(m) || !std::isfinite(s))
      throw InputError(path, line, "expected two finite numbers 'mu sigma'");
    columns.mu.push_back(m);
    columns.sigma.push_back(s);
  }
  return columns;
}

void Snes::readRestart(const std::string& path, const NepModel& shape, bool flipCharge) {
  RestartColumns columns = readRestartColumns(path);
  if (columns.mu.size() != mu_.size())
    throw InputError(path, 0,
                     "has " + std::to_string(columns.mu.size()) +
                         " parameters, the model nep.in describes " + std::to_string(mu_.size()) +
                         "; remove it to start a new training run");
  if (flipCharge) flipChargeWeights(shape, columns.mu);
  mu_ = std::move(columns.mu);
  sigma_ = std::move(columns.sigma);
}

void Snes::start(std::vector<double> mu, std::vector<double> sigma) {
  if (mu.size() != mu_.size() || sigma.size() != sigma_.size())
    throw std::invalid_argument("Snes::start: " + std::to_string(mu.size()) + " values for " +
                                std::to_string(mu_.size()) + " parameters");
  mu_ = std::move(mu);
  sigma_ = std::move(sigma);
}

std::string Snes::restartText() const {
  std::string out;
  for (std::size_t v = 0; v < mu_.size(); ++v)
    out += exactNumber(mu_[v]) + " " + exactNumber(sigma_[v]) + "\n";
  return out;
}

}  // namespace sei::training
