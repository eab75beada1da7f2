#include "training/Adam.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace sei::training {

double LearningRateSchedule::at(int step) const {
  const int warmupSteps = (cosineRestart ? warmupEpochs : 1) * batchesPerEpoch;
  if (step < warmupSteps)
    return stopLr + static_cast<double>(step) / warmupSteps * (startLr - stopLr);
  const int sinceWarmup = step - warmupSteps;
  const int remaining = totalSteps() - warmupSteps;
  if (!cosineRestart) {
    const double progress = static_cast<double>(sinceWarmup) / remaining;
    return stopLr + (startLr - stopLr) * 0.5 * (1.0 + std::cos(M_PI * progress));
  }
  // Find the cycle that holds the step; cycle lengths are truncated to whole steps as in gnep.
  const int firstLength = restartPeriodEpochs * batchesPerEpoch;
  int cycle = 0, cycleStart = 0, length = firstLength;
  while (cycleStart + length <= sinceWarmup) {
    cycleStart += length;
    ++cycle;
    length = static_cast<int>(firstLength * std::pow(periodFactor, cycle));
  }
  if (cycleStart + length > remaining) length = remaining - cycleStart;
  const double progress = static_cast<double>(sinceWarmup - cycleStart) / length;
  const double peak = std::max(startLr * std::pow(decayFactor, cycle), stopLr);
  return stopLr + (peak - stopLr) * 0.5 * (1.0 + std::cos(M_PI * progress));
}

Adam::Adam(std::size_t numParameters, double weightDecay, bool clipGradients)
    : weightDecay_(weightDecay), clip_(clipGradients) {
  state_.m.assign(numParameters, 0.0);
  state_.v.assign(numParameters, 0.0);
}

void Adam::setState(State state) {
  if (state.m.size() != state_.m.size() || state.v.size() != state_.v.size())
    throw std::invalid_argument("Adam state of a different parameter count");
  state_ = std::move(state);
}

void Adam::update(double lr, std::vector<double>& gradient, std::vector<double>& parameters) {
  const std::size_t n = state_.m.size();
  if (gradient.size() != n || parameters.size() != n)
    throw std::invalid_argument("Adam::update: vectors of a different parameter count");
  if (clip_) {
    double norm = 0.0;
    for (double g : gradient) norm += g * g;
    norm = std::sqrt(norm);
    state_.averageNorm = state_.averageNorm < 0.0 ? norm : 0.9 * state_.averageNorm + 0.1 * norm;
    const double maxNorm = std::min(state_.averageNorm, kMaxClipNorm);
    if (norm > maxNorm)
      for (double& g : gradient) g *= maxNorm / norm;
  }
  ++state_.steps;
  const double correction1 = 1.0 - std::pow(kBeta1, static_cast<double>(state_.steps));
  const double correction2 = 1.0 - std::pow(kBeta2, static_cast<double>(state_.steps));
  for (std::size_t i = 0; i < n; ++i) {
    const double g = gradient[i];
    state_.m[i] = kBeta1 * state_.m[i] + (1.0 - kBeta1) * g;
    state_.v[i] = kBeta2 * state_.v[i] + (1.0 - kBeta2) * g * g;
    const double mHat = state_.m[i] / correction1, vHat = state_.v[i] / correction2;
    parameters[i] -= lr * (mHat / (std::sqrt(vHat) + kEpsilon) + weightDecay_ * parameters[i]);
  }
}

std::vector<std::pair<std::size_t, std::size_t>> miniBatches(std::size_t numStructures,
                                                             std::size_t batch) {
  if (numStructures == 0 || batch == 0) throw std::invalid_argument("miniBatches: empty");
  const std::size_t count = (numStructures - 1) / batch + 1;
  const std::size_t small = numStructures / count, larger = numStructures % count;
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t begin = 0;
  for (std::size_t b = 0; b < count; ++b) {
    const std::size_t size = small + (b < larger ? 1 : 0);
    out.emplace_back(begin, begin + size);
    begin += size;
  }
  return out;
}

std::vector<double> energyShift(const std::vector<std::vector<int>>& typeCounts,
                                const std::vector<double>& energies) {
  if (typeCounts.empty() || typeCounts.size() != energies.size())
    throw std::invalid_argument("energyShift: one type count row per energy needed");
  std::vector<double> counts(typeCounts.front().size(), 0.0);
  double total = 0.0;
  for (std::size_t s = 0; s < typeCounts.size(); ++s) {
    for (std::size_t t = 0; t < counts.size(); ++t) counts[t] += typeCounts[s].at(t);
    total += energies[s];
  }
  double squares = 0.001;  // gnep's regularisation λ
  for (double c : counts) squares += c * c;
  for (double& c : counts) c = c * total / squares;
  return counts;
}

}  // namespace sei::training
