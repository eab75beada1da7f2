#include "training/ParameterGradient.hpp"

#include <cmath>
#include <stdexcept>

#include "nep/NetworkMath.hpp"
#include "nep/RadialBasis.hpp"
#include "nep/Zbl.hpp"
#include "training/DualElectrostatics.hpp"

namespace sei::training {
namespace {

constexpr int kMaxBasis = 64 + 1;
constexpr int kMaxChannels = 64 + 1;

NepEvaluatorOptions withEwald(NepEvaluatorOptions options) {
  options.kspace = KSpaceMethod::Ewald;
  return options;
}

/// Adds α·x.v + β·x.d: the loss gradient from dual components of a reverse pass (class comment).
double combined(const Dual& x, double alpha, double beta) { return alpha * x.v + beta * x.d; }
void combine(const std::vector<Dual>& x, double alpha, double beta, std::vector<double>& out) {
  for (std::size_t k = 0; k < x.size(); ++k) out[k] += combined(x[k], alpha, beta);
}

}  // namespace

/// One neighbour pair on dual numbers: r_ij + t(g_j − g_i + Hᵀr_ij).
struct ParameterGradient::PairVector {
  Dual r;     ///< Å
  Dual u[3];  ///< unit vector r_ij / r_ij
};

/// ∂E/∂θ on dual numbers, NepModel's layout except the coefficients (pair-major, as the loops).
struct ParameterGradient::Accumulator {
  struct Network {
    std::vector<Dual> w0, b0, w1, w1q;
    Dual typeBias;
  };
  std::vector<Network> networks;
  Dual outputBias;
  std::vector<Dual> cRadial, cAngular;
};

ParameterGradient::ParameterGradient(std::shared_ptr<const NepModel> model,
                                     NepEvaluatorOptions options)
    : model_(std::move(model)),
      options_(withEwald(options)),
      evaluator_(model_, options_),
      tables_(*model_) {
  if (model_->zbl) zbl_ = std::make_unique<nep::Zbl>(*model_);
}

ParameterGradient::PairVector ParameterGradient::pairVector(std::size_t i, std::size_t p) const {
  const Eigen::Vector3d& d = neighbors_.displacement[p];
  Eigen::Vector3d delta =
      pairDirection_.empty() ? Eigen::Vector3d(strainRate_ * d) : pairDirection_[p];
  if (!forceAdjoint_.empty()) delta += forceAdjoint_[neighbors_.index[p]] - forceAdjoint_[i];
  const Dual x(d[0], delta[0]), y(d[1], delta[1]), z(d[2], delta[2]);
  PairVector out;
  out.r = sqrt(x * x + y * y + z * z);
  out.u[0] = x / out.r;
  out.u[1] = y / out.r;
  out.u[2] = z / out.r;
  return out;
}

template <class Radial, class Angular>
void ParameterGradient::forEachPair(std::size_t i, Radial&& radial, Angular&& angular) const {
  const nep::PairTables& tab = tables_;
  const std::vector<int>& types = *types_;
  Dual phi[kMaxBasis];
  std::vector<Dual> y(tab.numSums);
  for (std::size_t p = neighbors_.begin(i); p < neighbors_.end(i); ++p) {
    const int pair = types[i] * tab.numTypes + types[neighbors_.index[p]];
    const double r = neighbors_.displacement[p].norm();
    if (r >= tab.rcRadial[pair] && r >= tab.rcAngular[pair]) continue;
    const PairVector v = pairVector(i, p);
    if (r < tab.rcRadial[pair]) {
      nep::radialBasis(v.r, Dual(tab.rcRadial[pair]), tab.kR, phi, nullptr);
      radial(pair, phi);
    }
    if (r < tab.rcAngular[pair]) {
      nep::radialBasis(v.r, Dual(tab.rcAngular[pair]), tab.kA, phi, nullptr);
      tab.angular.evaluate(v.u, y.data(), nullptr);
      angular(pair, phi, y.data());
    }
  }
}

void ParameterGradient::forwardAtom(std::size_t i) {
  const NepModel& m = *model_;
  const nep::PairTables& tab = tables_;
  const int D = tab.dim, H = m.hidden, numSums = tab.numSums;
  Dual* q = &descriptors_[i * D];
  Dual* s = &sums_[i * (tab.nA + 1) * numSums];
  Dual g[kMaxChannels];
  forEachPair(
      i,
      [&](int pair, const Dual* phi) {
        nep::contractChannels(tab.radialCoefficients(pair), tab.nR, tab.kR, phi, g);
        for (int c = 0; c <= tab.nR; ++c) q[c] += g[c];
      },
      [&](int pair, const Dual* phi, const Dual* y) {
        nep::contractChannels(tab.angularCoefficients(pair), tab.nA, tab.kA, phi, g);
        for (int c = 0; c <= tab.nA; ++c)
          for (int k = 0; k < numSums; ++k) s[c * numSums + k] += g[c] * y[k];
      });
  for (std::size_t b = 0; b < tab.blocks.size(); ++b)
    for (int c = 0; c <= tab.nA; ++c)
      q[tab.angularIndex(b, c)] = tab.blocks[b].value(&s[c * numSums]);
  if (m.temperatureDescriptor) q[D - 1] = options_.temperature;

  const NepNetwork& net = m.networks[(*types_)[i]];
  Dual* a = &activations_[i * H];
  Dual energy = -(m.outputBias + net.typeBias), charge = 0.0;
  for (int mu = 0; mu < H; ++mu) {
    a[mu] = nep::hiddenActivation(D, &net.w0[mu * D], net.b0[mu], m.scalers.data(), q);
    energy += net.w1[mu] * a[mu];
    if (m.hasCharges()) charge += net.w1q[mu] * a[mu];
  }
  energy_ += energy;
  if (m.hasCharges()) rawCharges_[i] = charge;
}

void ParameterGradient::reverseAtom(std::size_t i, double energySeed, Accumulator& acc) {
  const NepModel& m = *model_;
  const nep::PairTables& tab = tables_;
  const std::vector<int>& types = *types_;
  const int D = tab.dim, H = m.hidden, numSums = tab.numSums;
  const int ti = types[i];
  const Dual* q = &descriptors_[i * D];
  const Dual* s = &sums_[i * (tab.nA + 1) * numSums];
  const bool charged = m.hasCharges();

  // Network: ∂E/∂U_i = energySeed, ∂E/∂q̂_i = chargeAdjoint_[i].
  const NepNetwork& net = m.networks[ti];
  Accumulator::Network& g = acc.networks[m.version == 3 ? 0 : ti];
  std::vector<Dual> qBar(D);
  nep::backpropagateNetwork(D, H, net.w0.data(), net.w1.data(), charged ? net.w1q.data() : nullptr,
                            m.scalers.data(), q, &activations_[i * H], Dual(energySeed),
                            charged ? chargeAdjoint_[i] : Dual(0.0), g.w0.data(), g.b0.data(),
                            g.w1.data(), charged ? g.w1q.data() : nullptr, qBar.data());
  acc.outputBias -= energySeed;
  if (m.version == 5) g.typeBias -= energySeed;

  // Descriptor blocks → adjoints of the angular sums.
  std::vector<Dual> sBar((tab.nA + 1) * numSums, 0.0);
  for (std::size_t b = 0; b < tab.blocks.size(); ++b)
    for (int c = 0; c <= tab.nA; ++c)
      tab.blocks[b].addGradient(&s[c * numSums], qBar[tab.angularIndex(b, c)], &sBar[c * numSums]);

  // Coefficients: Q_n = Σ_j Σ_k c_R φ_k and S_n = Σ_j (Σ_k c_A φ_k) Y are linear in c.
  forEachPair(
      i,
      [&](int pair, const Dual* phi) {
        Dual* gc = &acc.cRadial[pair * (tab.nR + 1) * (tab.kR + 1)];
        for (int c = 0; c <= tab.nR; ++c)
          for (int k = 0; k <= tab.kR; ++k) gc[c * (tab.kR + 1) + k] += qBar[c] * phi[k];
      },
      [&](int pair, const Dual* phi, const Dual* y) {
        Dual* gc = &acc.cAngular[pair * (tab.nA + 1) * (tab.kA + 1)];
        for (int c = 0; c <= tab.nA; ++c) {
          Dual amplitude = 0.0;
          for (int k = 0; k < numSums; ++k) amplitude += sBar[c * numSums + k] * y[k];
          for (int k = 0; k <= tab.kA; ++k) gc[c * (tab.kA + 1) + k] += amplitude * phi[k];
        }
      });
}

ModelOutputs ParameterGradient::predict(const std::vector<int>& types,
                                        const std::vector<Eigen::Vector3d>& positions,
                                        const Cell& cell, double totalCharge) {
  ForceResult result;
  ForceRequest request;
  request.bornEffectiveCharges = bornEffectiveCharges_;
  evaluator_.setTotalCharge(totalCharge);
  evaluator_.compute(types, positions, cell, request, result);
  ModelOutputs out;
  out.energy = result.energy;
  out.forces = std::move(result.forces);
  out.virial = result.virial;
  if (model_->hasCharges()) {
    out.charges = result.charges;
    out.rawCharges = std::move(result.charges);
    for (double& q : out.rawCharges) q += evaluator_.chargeShift();
    out.bec = std::move(result.bec);
  }
  return out;
}

ModelOutputs ParameterGradient::accumulate(const std::vector<int>& types,
                                           const std::vector<Eigen::Vector3d>& positions,
                                           const Cell& cell, double totalCharge,
                                           const AdjointFunction& adjointsOf, NepModel& gradient) {
  ModelOutputs outputs = predict(types, positions, cell, totalCharge);
  addGradient(types, positions, cell, totalCharge, adjointsOf(outputs), gradient);
  return outputs;
}

void ParameterGradient::addGradient(const std::vector<int>& types,
                                    const std::vector<Eigen::Vector3d>& positions, const Cell& cell,
                                    double totalCharge, const OutputAdjoints& adjoints,
                                    NepModel& gradient) {
  const NepModel& m = *model_;
  const std::size_t n = positions.size();
  const bool charged = m.hasCharges();
  const bool bec = charged && !adjoints.bec.empty();
  if (types.size() != n) throw std::invalid_argument("types and positions differ in length");
  if ((!adjoints.forces.empty() && adjoints.forces.size() != n) ||
      (!adjoints.rawCharges.empty() && adjoints.rawCharges.size() != n) ||
      (bec && adjoints.bec.size() != n))
    throw std::invalid_argument("loss adjoints do not match the structure's atom count");
  for (int t : types)
    if (t < 0 || t >= tables_.numTypes) throw std::invalid_argument("atom type out of range");
  types_ = &types;
  buildNeighborList(cell, positions, tables_.maxCutoff(), neighbors_);

  // Adjoints of the raw charges: the loss's own, and the BEC diagonal s·q_i δ_ab of the shifted
  // charges (spec §10), whose shift makes it s·(tr Z̄_i − mean tr Z̄) on q̂_i.
  std::vector<double> rawAdjoint(charged ? n : 0, 0.0);
  if (!adjoints.rawCharges.empty()) rawAdjoint = adjoints.rawCharges;
  const double s = m.sqrtEpsilonInf;
  if (bec) {
    double meanTrace = 0.0;
    for (const Eigen::Matrix3d& z : adjoints.bec) meanTrace += z.trace() / n;
    for (std::size_t i = 0; i < n; ++i) rawAdjoint[i] += s * (adjoints.bec[i].trace() - meanTrace);
  }

  // Pass 1: energy along the direction of the force and virial adjoints.
  forceAdjoint_ = adjoints.forces;
  strainRate_ = adjoints.virial.transpose();
  pairDirection_.clear();
  forwardPass(n);
  if (charged)
    energy_ += dualElectrostatics(*model_, cell, positions, neighbors_, forceAdjoint_, strainRate_,
                                  rawCharges_, totalCharge, rawAdjoint, chargeAdjoint_);
  if (zbl_) addZbl();
  directional_ = energy_.d;
  addCombined(reversePass(n, 1.0), adjoints.energy, -1.0, gradient);

  // Pass 2, BEC off the diagonal: Σ_i Z̄_i:B_i = Σ_(i,j) w_ij·∂q̂_i/∂r_ij with
  // w_ij = ½(Z̄_i − Z̄_j)ᵀr_ij, the derivative of Σ_i q̂_i when each atom's own pair vectors move
  // by w_ij: the raw charges' reverse pass along that direction.
  if (!bec) return;
  forceAdjoint_.clear();
  strainRate_.setZero();
  pairDirection_.resize(neighbors_.index.size());
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t p = neighbors_.begin(i); p < neighbors_.end(i); ++p)
      pairDirection_[p] = 0.5 * (adjoints.bec[i] - adjoints.bec[neighbors_.index[p]]).transpose() *
                          neighbors_.displacement[p];
  forwardPass(n);
  chargeAdjoint_.assign(n, Dual(1.0));
  addCombined(reversePass(n, 0.0), 0.0, s, gradient);
  // ∂L/∂s = Σ Z̄:Z / s = Σ_i tr Z̄_i q_i + Σ_(i,j) w_ij·∂q̂_i/∂r_ij.
  double mean = 0.0;
  for (const Dual& q : rawCharges_) mean += q.v / n;
  double ds = 0.0;
  for (std::size_t i = 0; i < n; ++i)
    ds += adjoints.bec[i].trace() * (rawCharges_[i].v - mean + totalCharge / n) + rawCharges_[i].d;
  gradient.sqrtEpsilonInf += ds;
}

void ParameterGradient::forwardPass(std::size_t n) {
  const nep::PairTables& tab = tables_;
  const bool charged = model_->hasCharges();
  descriptors_.assign(n * tab.dim, 0.0);
  sums_.assign(n * (tab.nA + 1) * tab.numSums, 0.0);
  activations_.assign(n * model_->hidden, 0.0);
  rawCharges_.assign(charged ? n : 0, 0.0);
  chargeAdjoint_.assign(charged ? n : 0, 0.0);
  energy_ = 0.0;
  for (std::size_t i = 0; i < n; ++i) forwardAtom(i);
}

ParameterGradient::Accumulator ParameterGradient::reversePass(std::size_t n, double energySeed) {
  const nep::PairTables& tab = tables_;
  const int D = tab.dim, H = model_->hidden;
  Accumulator acc;
  acc.networks.resize(model_->networks.size());
  for (auto& g : acc.networks) {
    g.w0.assign(H * D, 0.0);
    g.b0.assign(H, 0.0);
    g.w1.assign(H, 0.0);
    g.w1q.assign(model_->hasCharges() ? H : 0, 0.0);
  }
  acc.cRadial.assign(tab.cRadial.size(), 0.0);
  acc.cAngular.assign(tab.cAngular.size(), 0.0);
  for (std::size_t i = 0; i < n; ++i) reverseAtom(i, energySeed, acc);
  return acc;
}

void ParameterGradient::addCombined(const Accumulator& acc, double alpha, double beta,
                                    NepModel& gradient) const {
  for (std::size_t t = 0; t < acc.networks.size(); ++t) {
    const Accumulator::Network& g = acc.networks[t];
    NepNetwork& out = gradient.networks[t];
    combine(g.w0, alpha, beta, out.w0);
    combine(g.b0, alpha, beta, out.b0);
    combine(g.w1, alpha, beta, out.w1);
    combine(g.w1q, alpha, beta, out.w1q);
    out.typeBias += combined(g.typeBias, alpha, beta);
  }
  gradient.outputBias += combined(acc.outputBias, alpha, beta);
  const nep::PairTables& tab = tables_;
  forEachCoefficient(tab.numTypes, tab.nR, tab.kR, [&](std::size_t file, std::size_t pair) {
    gradient.radialCoefficients[file] += combined(acc.cRadial[pair], alpha, beta);
  });
  forEachCoefficient(tab.numTypes, tab.nA, tab.kA, [&](std::size_t file, std::size_t pair) {
    gradient.angularCoefficients[file] += combined(acc.cAngular[pair], alpha, beta);
  });
}

void ParameterGradient::addZbl() {
  // ZBL has no trained numbers; it is here only so that energy_.d is the whole dE/dt.
  const std::vector<int>& types = *types_;
  const int T = tables_.numTypes;
  for (std::size_t i = 0; i < types.size(); ++i)
    for (std::size_t p = neighbors_.begin(i); p < neighbors_.end(i); ++p) {
      const int tj = types[neighbors_.index[p]];
      if (neighbors_.displacement[p].norm() >= tables_.rcAngular[types[i] * T + tj]) continue;
      Dual v, dv;
      nep::zblPairEnergy(zbl_->pairs()[types[i] * T + tj], pairVector(i, p).r, v, dv);
      energy_ += 0.5 * v;
    }
}

}  // namespace sei::training
