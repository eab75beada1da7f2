#pragma once

// Launchers of the CUDA backend's kernels, callable from host C++ (no CUDA syntax here). All
// pointers are device pointers; every launcher runs on the default stream and checks the launch.

#include "cuda/CoulombAtomKernels.hpp"
#include "cuda/NepAtomKernels.hpp"

namespace sei::cuda {

/// Precision of model parameters and per-pair math on the device.
#ifdef SEI_CUDA_DOUBLE
using Real = double;
#else
using Real = float;
#endif

void launchBuildNeighbors(const BinGridView& grid, const int* wraps, double cutoff2, int numAtoms,
                          int maxNeighbors, int* count, int* index, int* shift);
/// Sets *flag to 1 if any atom moved more than limit Å from reference (movedTooFar).
void launchDisplacementCheck(const double* position, const double* reference, int numAtoms,
                             double limit, const double toReference[9], int* flag);
/// Bins the atoms of a fully periodic cell on the device into grid (h, bins, reach set):
/// binOf, wraps and wrapped per atom (binPeriodicAtom), binStart (numBins + 1 offsets) and
/// binAtoms sorted by bin, then by index. counts and fill: numBins ints of work space.
void launchBinPeriodic(const BinGridView& grid, const double hInv[9], const double* position,
                       int numAtoms, int* binOf, int* wraps, double* wrapped, int* counts,
                       int* fill, int* binStart, int* binAtoms);
/// Largest entry of count[0..n) into *result (which must hold 0 before).
void launchMaxCount(const int* count, int numAtoms, int* result);

void launchDescriptors(const NepParams<Real>& p, const NeighborView& nb, const int* types,
                       NepWork work, AtomOutputs out);
void launchWeights(const NepParams<Real>& p, int numAtoms, const double* potential, bool wantBec,
                   NepWork work);
void launchForces(const NepParams<Real>& p, const NeighborView& nb, const int* types, bool wantBec,
                  NepWork work, AtomOutputs out);
void launchZbl(const NepParams<Real>& p, const NeighborView& nb, const int* types, AtomOutputs out);

/// x[i] -= *sum / n for every i: removes the mean that launchSum accumulated.
void launchRemoveMean(double* x, int n, const double* sum);

void launchRealSpaceCoulomb(const NeighborView& nb, const double* charges, double alpha,
                            double cutoff, CoulombOutputs out);
/// structure[2k], [2k+1] = Σ_j q_j cos(k·r_j), Σ_j q_j sin(k·r_j) for every k-vector.
void launchEwaldStructure(const EwaldK* kvs, int numK, const double* position,
                          const double* charges, int numAtoms, double* structure);
void launchEwaldAtoms(const EwaldK* kvs, const double* structure, int numK, double alpha,
                      const double* position, const double* charges, int numAtoms,
                      CoulombOutputs out);

/// The PPPM influence function (pppm::influenceAt) at every point of the half spectrum.
void launchPppmInfluence(const pppm::InfluenceGeometry& g, double* gEven, double* kgOdd,
                         double* wShape);
/// Stencils and charge spreading (atomics) onto mesh, which must be zero before.
void launchPppmSpread(const PppmMeshView& m, const double* position, const double* charges,
                      int numAtoms, int* base, double* weights, double* mesh);
/// sums[0..7) += energy and virial sums over the half spectrum (before k_e).
void launchPppmSpectrumSums(const double* gEven, const double* wShape, const double* rhoHat,
                            long halfSize, int k0, double* sums);
void launchPppmFieldSpectrum(const double* gEven, const double* kgOdd, const double* rhoHat,
                             long halfSize, int field, double* work);
/// Scales sums[0..7) by k_e in place (one thread), so the gather sees final values.
void launchScale(double* values, int n, double factor);
void launchPppmGather(const PppmMeshView& m, const int* base, const double* weights,
                      const double* fields, const double* charges, const double* sums, int numAtoms,
                      CoulombOutputs out);

/// Per-atom integrator steps of md/AtomMotion.hpp over all atoms.
void launchHalfKick(int numAtoms, double kickFactor, const double* mass, const double* force,
                    double* velocity);
void launchDrift(int numAtoms, double dt, const double* velocity, double* position);
/// r_a *= scale_a, v_a *= inverse_a.
void launchStrain(int numAtoms, const double scale[3], const double inverse[3], double* position,
                  double* velocity);
/// BAOAB's O step with the counter-based normals of stream `key` (md::langevinNoise).
void launchOrnsteinUhlenbeck(int numAtoms, double c1, double c2, double kT, unsigned long long key,
                             const double* mass, double* velocity);

/// sums[c] += Σ_i x[columns·i + c] for c < columns ≤ 9.
void launchColumnSums(const double* x, int n, int columns, double* sums);
/// *sum += Σ x[0..n).
inline void launchSum(const double* x, int n, double* sum) { launchColumnSums(x, n, 1, sum); }
/// sums[0..6) += Σ m v_a v_b for ab = xx yy zz xy xz yz (amu·Å²/fs²).
void launchKineticTensor(int numAtoms, const double* mass, const double* velocity, double* sums);
/// bits[0] = max(bits[0], bits of the largest |F|, infinite if not finite); bits[1] = min(bits[1],
/// bits of the shortest pair distance in the list). Non-negative doubles order as their bits.
void launchGuard(const NeighborView& nb, const double* force, unsigned long long* bits);

}  // namespace sei::cuda
