#include <omp.h>

#include <cmath>
#include <complex>

#include "kspace/Electrostatics.hpp"

namespace sei {

EwaldKSpace ewaldKSpace(const Cell& cell, double alpha, const std::array<int, 3>& range,
                        double cutoff2) {
  EwaldKSpace out;
  const Eigen::Matrix3d& h = cell.matrix();
  const double det = h.determinant();
  // GPUMD and NEP_CPU use this 8-digit literal for 2π in the reciprocal vectors, the k cutoff
  // and the weights; keeping it makes energies agree with them to 1e-10 rather than 1e-8.
  const double twoPi = 6.2831853;
  Eigen::Matrix3d& b = out.reciprocal;
  int* nMax = out.nMax;
  for (int d = 0; d < 3; ++d) b.col(d) = twoPi * h.col((d + 1) % 3).cross(h.col((d + 2) % 3)) / det;
  for (int d = 0; d < 3; ++d) nMax[d] = range[d];

  // Half space of k-vectors inside the cutoff sphere; G includes the factor 2 for −k.
  std::vector<EwaldKVector>& kvs = out.vectors;
  const double kCut2 = cutoff2;
  const double volume = std::abs(det);
  for (int n0 = 0; n0 <= nMax[0]; ++n0)
    for (int n1 = -nMax[1]; n1 <= nMax[1]; ++n1)
      for (int n2 = -nMax[2]; n2 <= nMax[2]; ++n2) {
        if (n0 == 0 && (n1 < 0 || (n1 == 0 && n2 <= 0))) continue;
        const Eigen::Vector3d k = n0 * b.col(0) + n1 * b.col(1) + n2 * b.col(2);
        const double k2 = k.squaredNorm();
        if (k2 >= kCut2) continue;
        kvs.push_back(
            {{n0, n1, n2}, k, 2.0 * twoPi / volume * std::exp(-k2 / (4 * alpha * alpha)) / k2});
      }
  return out;
}

EwaldKSpace ewaldKSpace(const Cell& cell, double alpha) {
  double cutoff2 = 0.0;
  const std::array<int, 3> range = gpumdEwaldRange(cell, alpha, cutoff2);
  return ewaldKSpace(cell, alpha, range, cutoff2);
}

EwaldPhases::EwaldPhases(const EwaldKSpace& space, const std::vector<Eigen::Vector3d>& positions)
    : numAtoms_(positions.size()) {
  const std::size_t n = numAtoms_;
  for (int d = 0; d < 3; ++d) {
    nMax_[d] = space.nMax[d];
    const int width = 2 * nMax_[d] + 1;
    table_[d].resize(width * n);
    for (std::size_t j = 0; j < n; ++j) {
      const std::complex<double> e1 = std::polar(1.0, space.reciprocal.col(d).dot(positions[j]));
      std::complex<double> e = 1.0;
      table_[d][nMax_[d] * n + j] = 1.0;
      for (int m = 1; m <= nMax_[d]; ++m) {
        e *= e1;
        table_[d][(nMax_[d] + m) * n + j] = e;
        table_[d][(nMax_[d] - m) * n + j] = std::conj(e);
      }
    }
  }
}

void EwaldSolver::compute(const Cell& cell, const std::vector<Eigen::Vector3d>& positions,
                          const std::vector<double>& charges, double alpha,
                          ElectrostaticTerms& terms) {
  const std::size_t n = positions.size();
  double cutoff2 = 0.0;
  const std::array<int, 3> range = resolution_.ewaldRange(cell, alpha, charges, cutoff2);
  const EwaldKSpace space = ewaldKSpace(cell, alpha, range, cutoff2);
  const std::vector<EwaldKVector>& kvs = space.vectors;
  const EwaldPhases phases(space, positions);

  const bool perAtomVirial = !terms.perAtomVirial.empty();
  const double ke = kCoulomb;
  const double inv4a2 = 1.0 / (4 * alpha * alpha);
  std::fill(terms.potential.begin(), terms.potential.end(), 0.0);
  const int numThreads = omp_get_max_threads();
  std::vector<std::vector<double>> tPotential(numThreads, std::vector<double>(n, 0.0));
  std::vector<std::vector<Eigen::Vector3d>> tForce(
      numThreads, std::vector<Eigen::Vector3d>(n, Eigen::Vector3d::Zero()));
  std::vector<std::vector<Eigen::Matrix3d>> tVirial(
      perAtomVirial ? numThreads : 0, std::vector<Eigen::Matrix3d>(n, Eigen::Matrix3d::Zero()));
  std::vector<double> tEnergy(numThreads, 0.0);
  std::vector<Eigen::Matrix3d> tTotalVirial(numThreads, Eigen::Matrix3d::Zero());

#pragma omp parallel num_threads(numThreads)
  {
    const int tid = omp_get_thread_num();
    std::vector<std::complex<double>> e(n);
    auto& pot = tPotential[tid];
    auto& force = tForce[tid];
#pragma omp for schedule(static)  // fixed k-to-thread map: same sums every run
    for (std::size_t kk = 0; kk < kvs.size(); ++kk) {
      const EwaldKVector& kv = kvs[kk];
      double c = 0.0, s = 0.0;  // S(k) = c − i s
      for (std::size_t j = 0; j < n; ++j) {
        e[j] = phases(kv, j);
        c += charges[j] * e[j].real();
        s += charges[j] * e[j].imag();
      }
      const double g = kv.weight;
      const double k2 = kv.k.squaredNorm();
      const Eigen::Matrix3d shape =
          Eigen::Matrix3d::Identity() - 2.0 * (1.0 / k2 + inv4a2) * kv.k * kv.k.transpose();
      tEnergy[tid] += ke * g * (c * c + s * s);
      tTotalVirial[tid] += ke * g * (c * c + s * s) * shape;
      for (std::size_t j = 0; j < n; ++j) {
        const double re = c * e[j].real() + s * e[j].imag();  // Re[S e^{ik·r_j}]
        const double im = c * e[j].imag() - s * e[j].real();  // Im[S e^{ik·r_j}]
        pot[j] += 2.0 * ke * g * re;
        force[j] += (2.0 * ke * g * charges[j] * im) * kv.k;
        if (perAtomVirial) tVirial[tid][j] += (ke * g * charges[j] * re) * shape;
      }
    }
  }

  for (int t = 0; t < numThreads; ++t) {
    terms.energy += tEnergy[t];
    terms.virial += tTotalVirial[t];
  }
#pragma omp parallel for schedule(static) num_threads(numThreads)
  for (std::size_t j = 0; j < n; ++j) {
    double pot = 0.0;
    Eigen::Vector3d f = Eigen::Vector3d::Zero();
    for (int t = 0; t < numThreads; ++t) {
      pot += tPotential[t][j];
      f += tForce[t][j];
      if (perAtomVirial) terms.perAtomVirial[j] += tVirial[t][j];
    }
    terms.potential[j] = pot;
    terms.forces[j] += f;
    terms.perAtomEnergy[j] += 0.5 * charges[j] * pot;
  }
}

}  // namespace sei
