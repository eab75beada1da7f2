#include "nep/NepEvaluator.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/OrderedSum.hpp"
#include "nep/NetworkMath.hpp"
#include "nep/RadialBasis.hpp"

namespace sei {
namespace {

constexpr int kMaxBasis = 64 + 1;
constexpr int kMaxChannels = 64 + 1;

/// Sets the OpenMP thread count for the lifetime of one evaluation.
class ThreadScope {
 public:
  explicit ThreadScope(int threads) : saved_(omp_get_max_threads()) {
    if (threads > 0) omp_set_num_threads(threads);
  }
  ~ThreadScope() { omp_set_num_threads(saved_); }

 private:
  int saved_;
};

}  // namespace

NepEvaluator::NepEvaluator(std::shared_ptr<const NepModel> model, NepEvaluatorOptions options)
    : model_(std::move(model)), options_(options), tables_(*model_) {
  if (model_->zbl) zbl_ = std::make_unique<nep::Zbl>(*model_);
  // A slab's vacuum must be wider than the cutoff: pairs across it would count twice.
  if (model_->hasCharges())
    kspace_ = makeKSpaceSolver(options_.kspace, options_.kspaceAccuracy, options_.slabFactor,
                               tables_.maxCutoff());
}

void NepEvaluator::compute(const std::vector<int>& types,
                           const std::vector<Eigen::Vector3d>& positions, const Cell& cell,
                           const ForceRequest& request, ForceResult& result) {
  const std::size_t n = positions.size();
  if (types.size() != n) throw std::invalid_argument("types and positions differ in length");
  for (int t : types)
    if (t < 0 || t >= tables_.numTypes) throw std::invalid_argument("atom type out of range");
  if (model_->hasCharges() && !cell.fullyPeriodic())
    throw std::invalid_argument(
        "a charge (qNEP) model needs a cell that is periodic in all three directions");
  ThreadScope threads(options_.threads);

  buildNeighborList(cell, positions, tables_.maxCutoff(), neighbors_);
  result.closest = closestPair(neighbors_);

  result.perAtomEnergy.assign(n, 0.0);
  result.forces.assign(n, Eigen::Vector3d::Zero());
  result.virial.setZero();
  result.perAtomVirial.assign(request.perAtomVirial ? n : 0, Eigen::Matrix3d::Zero());
  result.charges.assign(model_->hasCharges() ? n : 0, 0.0);
  result.bec.assign(model_->hasCharges() && request.bornEffectiveCharges ? n : 0,
                    Eigen::Matrix3d::Zero());
  potential_.assign(n, 0.0);

  computeDescriptors(types, result);
  if (model_->hasCharges()) computeElectrostatics(positions, cell, request, result);
  computeForces(types, request, result);
  if (zbl_) addZbl(types, request.perAtomVirial, result);

  result.energy = 0.0;
  for (double e : result.perAtomEnergy) result.energy += e;
}

void NepEvaluator::computeDescriptors(const std::vector<int>& types, ForceResult& result) {
  const NepModel& m = *model_;
  const std::size_t n = types.size();
  const nep::PairTables& tab = tables_;
  const int D = tab.dim, H = m.hidden, T = tab.numTypes;
  const int nR = tab.nR, nA = tab.nA, numSums = tab.numSums;
  const int sumStride = (nA + 1) * numSums;
  const bool charged = m.hasCharges();
  dEnergy_.assign(n * D, 0.0);
  dCharge_.assign(charged ? n * D : 0, 0.0);
  sums_.assign(n * sumStride, 0.0);
  descriptors_.assign(options_.keepDescriptors ? n * D : 0, 0.0);

#pragma omp parallel
  {
    std::vector<double> q(D), y(numSums);
    double phi[kMaxBasis], g[kMaxChannels];
#pragma omp for schedule(dynamic, 32)
    for (std::size_t i = 0; i < n; ++i) {
      const int ti = types[i];
      std::fill(q.begin(), q.end(), 0.0);
      double* s = &sums_[i * sumStride];
      for (std::size_t p = neighbors_.begin(i); p < neighbors_.end(i); ++p) {
        const int tj = types[neighbors_.index[p]];
        const int pair = ti * T + tj;
        const Eigen::Vector3d& d = neighbors_.displacement[p];
        const double r = d.norm();
        if (r < tab.rcRadial[pair]) {
          nep::radialBasis(r, tab.rcRadial[pair], tab.kR, phi, nullptr);
          nep::contractChannels(tab.radialCoefficients(pair), nR, tab.kR, phi, g);
          for (int c = 0; c <= nR; ++c) q[c] += g[c];
        }
        if (r < tab.rcAngular[pair]) {
          nep::radialBasis(r, tab.rcAngular[pair], tab.kA, phi, nullptr);
          nep::contractChannels(tab.angularCoefficients(pair), nA, tab.kA, phi, g);
          const double u[3] = {d[0] / r, d[1] / r, d[2] / r};
          tab.angular.evaluate(u, y.data(), nullptr);
          for (int c = 0; c <= nA; ++c)
            for (int k = 0; k < numSums; ++k) s[c * numSums + k] += g[c] * y[k];
        }
      }
      for (std::size_t b = 0; b < tab.blocks.size(); ++b)
        for (int c = 0; c <= nA; ++c)
          q[tab.angularIndex(b, c)] = tab.blocks[b].value(&s[c * numSums]);
      if (m.temperatureDescriptor) q[D - 1] = options_.temperature;
      if (options_.keepDescriptors) std::copy(q.begin(), q.end(), &descriptors_[i * D]);

      // One hidden layer, tanh (spec §4); the biases are subtracted.
      const NepNetwork& net = m.networks[ti];
      double energy = -m.outputBias - net.typeBias, charge = 0.0;
      nep::evaluateNetwork(D, H, net.w0.data(), net.b0.data(), net.w1.data(),
                           charged ? net.w1q.data() : nullptr, m.scalers.data(), q.data(), energy,
                           charge, &dEnergy_[i * D], charged ? &dCharge_[i * D] : nullptr);
      result.perAtomEnergy[i] = energy;
      if (charged) result.charges[i] = charge;
    }
  }
}

void NepEvaluator::computeElectrostatics(const std::vector<Eigen::Vector3d>& positions,
                                         const Cell& cell, const ForceRequest& request,
                                         ForceResult& result) {
  const NepModel& m = *model_;
  const std::size_t n = positions.size();
  // Neutralise (spec §5): the charges used everywhere are q̂ − mean(q̂) (+ Q/N for a structure
  // of total charge Q in training).
  double mean = 0.0;
  for (double q : result.charges) mean += q;
  mean /= static_cast<double>(n);
  chargeShift_ = mean - totalCharge_ / static_cast<double>(n);
  for (double& q : result.charges) q -= chargeShift_;
  meanRawCharge_ = mean;

  const double rc = m.radialCutoff[0];
  const double alpha = M_PI / rc;
  const bool perAtomVirial = request.perAtomVirial;
  coulomb_.reset(n, perAtomVirial, request.atomResolved);
  kspace_->compute(cell, positions, result.charges, alpha, coulomb_);
  if (m.chargeMode == 1) addRealSpaceCoulomb(neighbors_, result.charges, alpha, rc, coulomb_);

  // Chain rule through the neutrality shift: ∂E/∂q̂_i = D_i − mean(D).
  double meanPotential = 0.0;
  for (double d : coulomb_.potential) meanPotential += d;
  meanPotential /= static_cast<double>(n);
  for (std::size_t i = 0; i < n; ++i) {
    potential_[i] = coulomb_.potential[i] - meanPotential;
    result.perAtomEnergy[i] += coulomb_.perAtomEnergy[i];
    result.forces[i] += coulomb_.forces[i];
    if (perAtomVirial) result.perAtomVirial[i] += coulomb_.perAtomVirial[i];
  }
  result.virial += coulomb_.virial;
}

void NepEvaluator::computeForces(const std::vector<int>& types, const ForceRequest& request,
                                 ForceResult& result) {
  const NepModel& m = *model_;
  const std::size_t n = types.size();
  const nep::PairTables& tab = tables_;
  const int D = tab.dim, T = tab.numTypes;
  const int nR = tab.nR, nA = tab.nA, numSums = tab.numSums;
  const int sumStride = (nA + 1) * numSums;
  const bool charged = m.hasCharges();
  const bool wantVirial = request.perAtomVirial;
  const bool wantBec = !result.bec.empty();
  const int numThreads = omp_get_max_threads();
  accumulators_.resize(numThreads);

#pragma omp parallel
  {
    ThreadAccumulator& acc = accumulators_[omp_get_thread_num()];
    acc.force.assign(n, Eigen::Vector3d::Zero());
    acc.virial.assign(wantVirial ? n : 0, Eigen::Matrix3d::Zero());
    acc.bec.assign(wantBec ? n : 0, Eigen::Matrix3d::Zero());
    acc.totalVirial.setZero();
    std::vector<double> weight(D), fs(sumStride), fsCharge(wantBec ? sumStride : 0);
    std::vector<double> y(numSums), grad(3 * numSums), amp(numSums), ampSlope(numSums);
    double phi[kMaxBasis], dphi[kMaxBasis], g[kMaxChannels], dg[kMaxChannels];

    // f_ij goes to i, −f_ij to j; −r_ij ⊗ f_ij is j's virial (spec §8); BEC halves (§10).
    auto deposit = [&](std::size_t i, int j, const Eigen::Vector3d& d, const Eigen::Vector3d& f,
                       const Eigen::Vector3d& h) {
      acc.force[i] += f;
      acc.force[j] -= f;
      const Eigen::Matrix3d w = d * f.transpose();
      acc.totalVirial -= w;
      if (wantVirial) acc.virial[j] -= w;
      if (wantBec) {
        const Eigen::Matrix3d b = 0.5 * d * h.transpose();
        acc.bec[i] += b;
        acc.bec[j] -= b;
      }
    };

#pragma omp for schedule(static)
    for (std::size_t i = 0; i < n; ++i) {
      const int ti = types[i];
      const double* dE = &dEnergy_[i * D];
      const double* dQ = charged ? &dCharge_[i * D] : nullptr;
      for (int d = 0; d < D; ++d) weight[d] = dE[d] + (charged ? potential_[i] * dQ[d] : 0.0);

      // Weights of the angular sums: Σ_blocks Φ_{b,n} ∂Q_{b,n}/∂S_n.
      const double* s = &sums_[i * sumStride];
      std::fill(fs.begin(), fs.end(), 0.0);
      std::fill(fsCharge.begin(), fsCharge.end(), 0.0);
      for (std::size_t b = 0; b < tab.blocks.size(); ++b)
        for (int c = 0; c <= nA; ++c) {
          const int d = tab.angularIndex(b, c);
          tab.blocks[b].addGradient(&s[c * numSums], weight[d], &fs[c * numSums]);
          if (wantBec) tab.blocks[b].addGradient(&s[c * numSums], dQ[d], &fsCharge[c * numSums]);
        }

      for (std::size_t p = neighbors_.begin(i); p < neighbors_.end(i); ++p) {
        const int j = neighbors_.index[p];
        const int pair = ti * T + types[j];
        const Eigen::Vector3d& d = neighbors_.displacement[p];
        const double r = d.norm();
        const Eigen::Vector3d u = d / r;
        if (r < tab.rcRadial[pair]) {
          nep::radialBasis(r, tab.rcRadial[pair], tab.kR, phi, dphi);
          nep::contractChannels(tab.radialCoefficients(pair), nR, tab.kR, dphi, dg);
          double fr = 0.0, hr = 0.0;
          for (int c = 0; c <= nR; ++c) {
            fr += weight[c] * dg[c];
            if (wantBec) hr += dQ[c] * dg[c];
          }
          deposit(i, j, d, fr * u, hr * u);
        }
        if (r < tab.rcAngular[pair]) {
          nep::radialBasis(r, tab.rcAngular[pair], tab.kA, phi, dphi);
          const double* c0 = tab.angularCoefficients(pair);
          nep::contractChannels(c0, nA, tab.kA, phi, g);
          nep::contractChannels(c0, nA, tab.kA, dphi, dg);
          tab.angular.evaluate(u.data(), y.data(), grad.data());
          // f = Σ_{n,k} F_nk [g_n' Y_k û + g_n ∇Y_k], with ∇Y = (1 − ûû)·∂Y/∂û / r.
          auto pairForce = [&](const std::vector<double>& weights) {
            std::fill(amp.begin(), amp.end(), 0.0);
            std::fill(ampSlope.begin(), ampSlope.end(), 0.0);
            for (int c = 0; c <= nA; ++c) {
              const double* w = &weights[c * numSums];
              for (int k = 0; k < numSums; ++k) {
                amp[k] += w[k] * g[c];
                ampSlope[k] += w[k] * dg[c];
              }
            }
            double radial = 0.0;
            Eigen::Vector3d tangential = Eigen::Vector3d::Zero();
            for (int k = 0; k < numSums; ++k) {
              radial += ampSlope[k] * y[k];
              tangential += amp[k] * Eigen::Vector3d(grad[3 * k], grad[3 * k + 1], grad[3 * k + 2]);
            }
            tangential -= tangential.dot(u) * u;
            return Eigen::Vector3d(radial * u + tangential / r);
          };
          const Eigen::Vector3d f = pairForce(fs);
          deposit(i, j, d, f, wantBec ? pairForce(fsCharge) : Eigen::Vector3d::Zero());
        }
      }
    }
  }

  // Sum the per-thread arrays into the result.
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) {
    for (int t = 0; t < numThreads; ++t) {
      result.forces[i] += accumulators_[t].force[i];
      if (wantVirial) result.perAtomVirial[i] += accumulators_[t].virial[i];
      if (wantBec) result.bec[i] += accumulators_[t].bec[i];
    }
    if (wantBec)
      result.bec[i] =
          m.sqrtEpsilonInf * (result.charges[i] * Eigen::Matrix3d::Identity() + result.bec[i]);
  }
  for (int t = 0; t < numThreads; ++t) result.virial += accumulators_[t].totalVirial;
}

void NepEvaluator::addZbl(const std::vector<int>& types, bool perAtomVirial, ForceResult& result) {
  const std::size_t n = types.size();
  const int T = tables_.numTypes;
  // Each ordered pair is visited from both sides, so atom i only updates itself.
  const auto virial = orderedParallelSum<9>(n, [&](std::size_t i, std::array<double, 9>& acc) {
    const int ti = types[i];
    for (std::size_t p = neighbors_.begin(i); p < neighbors_.end(i); ++p) {
      const int tj = types[neighbors_.index[p]];
      const Eigen::Vector3d& d = neighbors_.displacement[p];
      const double r = d.norm();
      if (r >= tables_.rcAngular[ti * T + tj]) continue;
      double v, dv;
      zbl_->evaluate(ti, tj, r, v, dv);
      result.perAtomEnergy[i] += 0.5 * v;
      result.forces[i] += (dv / r) * d;
      const Eigen::Matrix3d w = (-0.5 * dv / r) * d * d.transpose();
      if (perAtomVirial) result.perAtomVirial[i] += w;
      for (int k = 0; k < 9; ++k) acc[k] += w(k / 3, k % 3);
    }
  });
  for (int k = 0; k < 9; ++k) result.virial(k / 3, k % 3) += virial[k];
}

std::string NepEvaluator::electrostaticsSummary() const {
  return kspace_ ? kspace_->summary() : std::string();
}

bool NepEvaluator::setTemperature(double kelvin) {
  if (!model_->temperatureDescriptor || kelvin == options_.temperature) return false;
  options_.temperature = kelvin;
  return true;
}

std::size_t NepEvaluator::memoryBytes() const {
  auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  std::size_t total = bytes(neighbors_.offsets) + bytes(neighbors_.index) +
                      bytes(neighbors_.displacement) + bytes(dEnergy_) + bytes(dCharge_) +
                      bytes(sums_) + bytes(potential_) + bytes(descriptors_) +
                      bytes(coulomb_.perAtomEnergy) + bytes(coulomb_.forces) +
                      bytes(coulomb_.perAtomVirial) + bytes(coulomb_.potential);
  for (const auto& a : accumulators_) total += bytes(a.force) + bytes(a.virial) + bytes(a.bec);
  return total + (kspace_ ? kspace_->memoryBytes() : 0);
}

}  // namespace sei
