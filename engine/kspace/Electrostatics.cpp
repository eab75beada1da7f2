#include "kspace/Electrostatics.hpp"

#include <omp.h>

#include <cmath>

#include "core/Error.hpp"
#include "core/OrderedSum.hpp"
#include "kspace/Pppm.hpp"
#include "kspace/SlabCorrection.hpp"

namespace sei {

void ElectrostaticTerms::reset(std::size_t n, bool withPerAtomVirial, bool resolved) {
  energy = 0.0;
  atomResolved = resolved;
  virial.setZero();
  perAtomEnergy.assign(n, 0.0);
  forces.assign(n, Eigen::Vector3d::Zero());
  potential.assign(n, 0.0);
  perAtomVirial.assign(withPerAtomVirial ? n : 0, Eigen::Matrix3d::Zero());
}

KSpaceMethod parseKSpaceMethod(const std::string& name) {
  if (name == "ewald") return KSpaceMethod::Ewald;
  if (name == "pppm") return KSpaceMethod::Pppm;
  throw InputError("unknown k-space method '" + name + "', expected 'ewald' or 'pppm'");
}

void addRealSpaceCoulomb(const NeighborList& list, const std::vector<double>& charges, double alpha,
                         double cutoff, ElectrostaticTerms& terms) {
  const std::size_t n = charges.size();
  const double cutoff2 = cutoff * cutoff;
  const double selfFactor = alpha / std::sqrt(M_PI);
  const bool perAtomVirial = !terms.perAtomVirial.empty();
  // Every ordered pair is visited from both sides, so each atom only updates itself.
  // acc: energy, then the nine virial components.
  const auto sums = orderedParallelSum<10>(n, [&](std::size_t i, std::array<double, 10>& acc) {
    const double qi = charges[i];
    double phi = 0.0;
    Eigen::Vector3d f = Eigen::Vector3d::Zero();
    Eigen::Matrix3d w = Eigen::Matrix3d::Zero();
    for (std::size_t p = list.begin(i); p < list.end(i); ++p) {
      const Eigen::Vector3d& d = list.displacement[p];
      const double r2 = d.squaredNorm();
      if (r2 >= cutoff2) continue;
      const double r = std::sqrt(r2);
      const double qj = charges[list.index[p]];
      double erfcTerm, gammaUnit;
      realSpaceCoulombPair(r, alpha, erfcTerm, gammaUnit);
      phi += qj * erfcTerm;
      const double gamma = kCoulomb * qi * qj * gammaUnit;
      f -= gamma * d;
      w += 0.5 * gamma * d * d.transpose();
    }
    const double pairEnergy = 0.5 * kCoulomb * qi * phi;
    const double selfEnergy = -kCoulomb * selfFactor * qi * qi;
    terms.potential[i] += kCoulomb * (phi - 2.0 * selfFactor * qi);
    terms.perAtomEnergy[i] += pairEnergy + selfEnergy;
    terms.forces[i] += f;
    if (perAtomVirial) terms.perAtomVirial[i] += w;
    acc[0] += pairEnergy + selfEnergy;
    for (int k = 0; k < 9; ++k) acc[1 + k] += w(k / 3, k % 3);
  });
  terms.energy += sums[0];
  for (int k = 0; k < 9; ++k) terms.virial(k / 3, k % 3) += sums[1 + k];
}

}  // namespace sei

namespace sei {

std::unique_ptr<KSpaceSolver> makeKSpaceSolver(KSpaceMethod method, double accuracy,
                                               double slabFactor, double minimumGap) {
  std::unique_ptr<KSpaceSolver> solver;
  if (method == KSpaceMethod::Pppm)
    solver = std::make_unique<PppmSolver>(accuracy);
  else
    solver = std::make_unique<EwaldSolver>(accuracy);
  if (slabFactor > 0.0)
    solver = std::make_unique<SlabSolver>(std::move(solver), slabFactor, minimumGap);
  return solver;
}

}  // namespace sei
