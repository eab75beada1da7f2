#pragma once

#include <Eigen/Dense>
#include <complex>
#include <memory>
#include <string>
#include <vector>

#include "core/Cell.hpp"
#include "kspace/CoulombMath.hpp"
#include "kspace/KSpaceAccuracy.hpp"
#include "neighbor/NeighborList.hpp"

namespace sei {

/// Electrostatic terms of point charges at fixed charge values. Energies, forces and virials
/// are added to what the arrays hold; `potential` is D_i = ∂E_el/∂q_i (eV/e).
struct ElectrostaticTerms {
  double energy = 0.0;                               ///< eV
  std::vector<double> perAtomEnergy;                 ///< eV
  std::vector<Eigen::Vector3d> forces;               ///< eV/Å, charges held fixed
  Eigen::Matrix3d virial = Eigen::Matrix3d::Zero();  ///< eV
  std::vector<Eigen::Matrix3d> perAtomVirial;        ///< eV, filled only if sized N
  std::vector<double> potential;                     ///< eV/e
  /// PPPM: per-atom energy and virial interpolated from the mesh, each atom's own (LAMMPS'
  /// eflag_atom/vflag_atom); false: GPUMD's uniform split E/N, W/N of the mesh part.
  bool atomResolved = false;

  void reset(std::size_t n, bool perAtomVirial, bool resolved = false);
};

enum class KSpaceMethod { Ewald, Pppm };

/// Reciprocal-space part of the Coulomb energy (spec §7.4/§7.5). Implementations *assign*
/// `potential` (the real-space part adds to it afterwards) and add everything else.
class KSpaceSolver {
 public:
  virtual ~KSpaceSolver() = default;
  virtual void compute(const Cell& cell, const std::vector<Eigen::Vector3d>& positions,
                       const std::vector<double>& charges, double alpha,
                       ElectrostaticTerms& terms) = 0;
  /// Bytes of work memory kept between calls (meshes, plans' buffers).
  virtual std::size_t memoryBytes() const { return 0; }
  /// The resolution in use and its estimated error, one line (after the first compute()).
  virtual const std::string& summary() const = 0;
};

/// accuracy: relative RMS force accuracy (KSpaceResolution); 0: GPUMD's rules. slabFactor > 1:
/// the slab geometry of SlabSolver (vacuum along z, c stretched by the factor, at least
/// minimumGap Å of vacuum); 0: fully periodic.
std::unique_ptr<KSpaceSolver> makeKSpaceSolver(KSpaceMethod method, double accuracy = 0.0,
                                               double slabFactor = 0.0, double minimumGap = 0.0);
/// "ewald" or "pppm"; throws InputError otherwise.
KSpaceMethod parseKSpaceMethod(const std::string& name);

/// Ewald summation over the half space of k-vectors with |k| < 2πα (spec §7.4), or the range
/// a stated accuracy needs.
class EwaldSolver : public KSpaceSolver {
 public:
  explicit EwaldSolver(double accuracy = 0.0) : resolution_(accuracy) {}
  void compute(const Cell& cell, const std::vector<Eigen::Vector3d>& positions,
               const std::vector<double>& charges, double alpha,
               ElectrostaticTerms& terms) override;
  const std::string& summary() const override { return resolution_.summary(); }

 private:
  KSpaceResolution resolution_;
};

/// One k-vector of the Ewald sum over the half space |k| < 2πα (spec §7.4).
struct EwaldKVector {
  int n[3];           ///< integer multiples of the reciprocal vectors
  Eigen::Vector3d k;  ///< Å⁻¹
  double weight;      ///< G_κ (Å), with the factor 2 for −k
};

/// The k-vectors of the Ewald sum for a cell and α, with GPUMD's 8-digit 2π (see Ewald.cpp),
/// over index ranges |n_d| ≤ range[d] and |k|² < cutoff2 (Å⁻², KSpaceResolution::ewaldRange).
struct EwaldKSpace {
  Eigen::Matrix3d reciprocal;  ///< b_d as columns, b_d·a_e = 2π δ_de, Å⁻¹
  int nMax[3];                 ///< the largest |n_d| used
  std::vector<EwaldKVector> vectors;
};
EwaldKSpace ewaldKSpace(const Cell& cell, double alpha, const std::array<int, 3>& range,
                        double cutoff2);
/// The same over GPUMD's ranges (gpumdEwaldRange).
EwaldKSpace ewaldKSpace(const Cell& cell, double alpha);

/// exp(i k·r_j) for the k-vectors of an EwaldKSpace, from per-direction tables of
/// exp(i m b_d·r_j), m = −nMax..nMax (three complex products per k and atom, no trigonometry).
class EwaldPhases {
 public:
  EwaldPhases(const EwaldKSpace& space, const std::vector<Eigen::Vector3d>& positions);
  std::complex<double> operator()(const EwaldKVector& kv, std::size_t j) const {
    return entry(0, kv.n[0], j) * entry(1, kv.n[1], j) * entry(2, kv.n[2], j);
  }

 private:
  const std::complex<double>& entry(int d, int m, std::size_t j) const {
    return table_[d][(nMax_[d] + m) * numAtoms_ + j];
  }
  std::size_t numAtoms_;
  int nMax_[3];
  std::vector<std::complex<double>> table_[3];  ///< [d][(nMax_d + m)·N + j]
};

/// Real-space erfc sum and self term of charge mode 1 (spec §7.3), over the pairs of `list`
/// closer than `cutoff`. Adds to potential.
void addRealSpaceCoulomb(const NeighborList& list, const std::vector<double>& charges, double alpha,
                         double cutoff, ElectrostaticTerms& terms);

}  // namespace sei
