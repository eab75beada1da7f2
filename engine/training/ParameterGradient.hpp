#pragma once

#include <Eigen/Dense>
#include <functional>
#include <memory>
#include <vector>

#include "core/Cell.hpp"
#include "neighbor/NeighborList.hpp"
#include "nep/NepEvaluator.hpp"
#include "nep/NepModel.hpp"
#include "nep/PairTables.hpp"
#include "nep/Zbl.hpp"
#include "training/Dual.hpp"

namespace sei::training {

/// What the model predicts for one structure: the quantities a training loss compares with
/// labels. Energy, forces and virial come from the engine's NepEvaluator (Ewald for qNEP), so
/// they equal what `sei eval` gives for the same model.
struct ModelOutputs {
  double energy = 0.0;                               ///< eV
  std::vector<Eigen::Vector3d> forces;               ///< eV/Å
  Eigen::Matrix3d virial = Eigen::Matrix3d::Zero();  ///< eV, W = Σ r ⊗ F (core/ForceResult)
  std::vector<double> rawCharges;    ///< e, the network's q̂_i before the shift (qNEP)
  std::vector<double> charges;       ///< e, q̂_i shifted to the structure's total charge (qNEP)
  std::vector<Eigen::Matrix3d> bec;  ///< e, Z_i^{ab} (qNEP, if asked for)
};

/// Derivatives of a loss L with respect to the predicted quantities of one structure. Empty
/// vectors mean zero.
struct OutputAdjoints {
  double energy = 0.0;                               ///< ∂L/∂E, 1/eV
  std::vector<Eigen::Vector3d> forces;               ///< ∂L/∂F_i, Å/eV
  Eigen::Matrix3d virial = Eigen::Matrix3d::Zero();  ///< ∂L/∂W^{ab}, 1/eV
  std::vector<double> rawCharges;                    ///< ∂L/∂q̂_i, 1/e (qNEP)
  std::vector<Eigen::Matrix3d> bec;                  ///< ∂L/∂Z_i^{ab}, 1/e (qNEP)
};

/// The loss's adjoints at a prediction (called once per structure, between the prediction and
/// the gradient pass).
using AdjointFunction = std::function<OutputAdjoints(const ModelOutputs&)>;

/// Exact gradient of a training loss with respect to every trained number of a NEP or qNEP
/// model: the networks (w0, b0, w1, w1q, nep5's type biases, b_out) and the descriptor
/// coefficients c_R, c_A, and for qNEP √ε∞ (through the Born effective charges, spec §10).
/// Scalers and the ZBL numbers are not trained (as in GPUMD) and get zero.
///
/// Method. With a = ∂L/∂E, g_i = ∂L/∂F_i and H = ∂L/∂W, the force and virial terms of the loss
/// are a directional derivative of the energy: Σ g_i·F_i + H:W = −dE/dt for the motion
/// r_i → r_i + t(g_i + Hᵀr_i) of the atoms together with the cell h → (1 + tHᵀ)h, i.e. every
/// pair vector r_ij → r_ij + t(g_j − g_i + Hᵀr_ij) (spec §8.3: W^{ab} = −∂E/∂ε_{ba}). Hence
///   dL/dθ = a ∂E/∂θ − ∂/∂t ∂E/∂θ  (+ Σ ∂L/∂q̂_i ∂q̂_i/∂θ for qNEP),
/// and one reverse-mode pass for ∂E/∂θ (backpropagation through the network; E is linear in
/// the coefficients through the descriptors) run on dual numbers v + d·t gives both terms at
/// once (forward over reverse). The per-pair and per-atom math is the evaluator's own templated
/// code (nep/RadialBasis, AngularMath, NetworkMath, kspace/CoulombMath) instantiated on Dual.
/// For qNEP, ∂E/∂q̂_i = D̄_i (spec §5, with the shift to the structure's total charge of GPUMD's
/// trainer) is itself computed on dual numbers by Ewald summation (spec §7.4) and, in charge
/// mode 1, the real-space and self terms (§7.3). A Born-effective-charge term of the loss is the
/// derivative of Σ q̂_i along pair-vector motions w_ij = ½(Z̄_i − Z̄_j)ᵀr_ij (spec §10): a second
/// dual pass of the raw charges alone.
class ParameterGradient {
 public:
  /// options.threads and options.temperature apply; the k-space method is always Ewald (as in
  /// GPUMD's trainer; PPPM forces are not exact gradients).
  explicit ParameterGradient(std::shared_ptr<const NepModel> model,
                             NepEvaluatorOptions options = {});

  /// Temperature (K) of *_temperature models for later structures (GPUMD's `temperature=`).
  void setTemperature(double kelvin) {
    options_.temperature = kelvin;
    evaluator_.setTemperature(kelvin);
  }

  /// Whether predict() also gives the Born effective charges (qNEP; for losses with a BEC term).
  void setBornEffectiveCharges(bool on) { bornEffectiveCharges_ = on; }

  /// The outputs for one structure (types as NepModel::typesOf gives them; total charge in e,
  /// for qNEP: the raw charges are shifted to it, spec §5).
  ModelOutputs predict(const std::vector<int>& types, const std::vector<Eigen::Vector3d>& positions,
                       const Cell& cell, double totalCharge);

  /// Adds dL/dθ of one structure into `gradient`, given the loss's adjoints at the outputs
  /// predict() gives for it. `gradient` is a NepModel of the model's shape whose numbers hold
  /// derivatives (e.g. from zeroParametersLike); nep3's shared network accumulates in
  /// networks[0]. Throws std::invalid_argument for inconsistent input.
  void addGradient(const std::vector<int>& types, const std::vector<Eigen::Vector3d>& positions,
                   const Cell& cell, double totalCharge, const OutputAdjoints& adjoints,
                   NepModel& gradient);

  /// predict(), then addGradient() with the adjoints `adjointsOf` gives at those outputs (a
  /// loss whose adjoints need only this structure's outputs). Returns the outputs.
  ModelOutputs accumulate(const std::vector<int>& types,
                          const std::vector<Eigen::Vector3d>& positions, const Cell& cell,
                          double totalCharge, const AdjointFunction& adjointsOf,
                          NepModel& gradient);

  /// dE/dt along the direction of the last addGradient (see the class comment): equals
  /// −(Σ g_i·F_i + H:W) of that structure's outputs and adjoints; a consistency check, eV.
  double lastDirectionalDerivative() const { return directional_; }

 private:
  struct PairVector;
  struct Accumulator;
  PairVector pairVector(std::size_t i, std::size_t p) const;
  /// Visits atom i's pairs on dual numbers: radial(pair, φ) with φ_k(r; R_c) inside the radial
  /// cutoff, angular(pair, φ, Y) with φ_k(r; A_c) and Y_k(û) inside the angular cutoff.
  template <class Radial, class Angular>
  void forEachPair(std::size_t i, Radial&& radial, Angular&& angular) const;
  void forwardAtom(std::size_t i);
  void forwardPass(std::size_t n);
  void addZbl();
  void reverseAtom(std::size_t i, double energySeed, Accumulator& acc);
  Accumulator reversePass(std::size_t n, double energySeed);
  /// Adds α·v + β·d of every accumulated dual into the gradient.
  void addCombined(const Accumulator& acc, double alpha, double beta, NepModel& gradient) const;

  std::shared_ptr<const NepModel> model_;
  NepEvaluatorOptions options_;
  NepEvaluator evaluator_;
  nep::PairTables tables_;
  std::unique_ptr<nep::Zbl> zbl_;
  bool bornEffectiveCharges_ = false;

  // Per-structure state of the dual pass.
  const std::vector<int>* types_ = nullptr;
  NeighborList neighbors_;
  std::vector<Eigen::Vector3d> forceAdjoint_;   ///< g_i, Å/eV
  Eigen::Matrix3d strainRate_;                  ///< Hᵀ: pair vectors move by Hᵀ r_ij
  std::vector<Eigen::Vector3d> pairDirection_;  ///< per list entry instead of Hᵀ r_ij (BEC)
  std::vector<Dual> descriptors_;               ///< N×D raw descriptors Q
  std::vector<Dual> sums_;                      ///< N×(n_A+1)×numSums angular sums S
  std::vector<Dual> activations_;               ///< N×H hidden activations
  std::vector<Dual> rawCharges_;                ///< q̂_i, e
  std::vector<Dual> chargeAdjoint_;             ///< ∂E/∂q̂_i (eV/e) and the charge-loss seed
  Dual energy_;                                 ///< eV
  double directional_ = 0.0;                    ///< eV
};

}  // namespace sei::training
