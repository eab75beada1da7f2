#include "cuda/CudaKernels.hpp"
#include "cuda/LaunchSupport.cuh"

namespace sei::cuda {
namespace {

__global__ void removeMeanKernel(double* x, int n, const double* sum) {
  const long i = threadIndex();
  if (i < n) x[i] -= *sum / n;
}

__global__ void scaleKernel(double* values, int n, double factor) {
  const long i = threadIndex();
  if (i < n) values[i] *= factor;
}

__global__ void realSpaceKernel(NeighborView nb, const double* charges, double alpha, double cutoff,
                                CoulombOutputs out) {
  const long i = threadIndex();
  if (i < nb.numAtoms)
    realSpaceCoulombAtom<Real>(nb, charges, alpha, cutoff, static_cast<int>(i), out);
}

// One block per k-vector; its threads stride over the atoms.
__global__ void ewaldStructureKernel(const EwaldK* kvs, const double* position,
                                     const double* charges, int numAtoms, double* structure) {
  const EwaldK kv = kvs[blockIdx.x];
  double c = 0.0, s = 0.0;
  for (int j = threadIdx.x; j < numAtoms; j += blockDim.x) {
    double cj, sj;
    ewaldStructureTerm(kv, position, charges, j, cj, sj);
    c += cj;
    s += sj;
  }
  blockSumInto(c, &structure[2 * blockIdx.x]);
  blockSumInto(s, &structure[2 * blockIdx.x + 1]);
}

__global__ void ewaldAtomKernel(const EwaldK* kvs, const double* structure, int numK, double alpha,
                                const double* position, const double* charges, int numAtoms,
                                CoulombOutputs out) {
  const long j = threadIndex();
  if (j < numAtoms)
    ewaldAtom(kvs, structure, numK, alpha, position, charges, static_cast<int>(j), out);
}

__global__ void pppmInfluenceKernel(pppm::InfluenceGeometry g, double* gEven, double* kgOdd,
                                    double* wShape) {
  const long p = threadIndex();
  const int h0 = g.mesh[0] / 2 + 1;
  if (p >= static_cast<long>(h0) * g.mesh[1] * g.mesh[2]) return;
  const int c0 = static_cast<int>(p % h0);
  const long rest = p / h0;
  const int i1 = static_cast<int>(rest % g.mesh[1]), i2 = static_cast<int>(rest / g.mesh[1]);
  const int index[3] = {c0, i1, i2};
  double alias = 1.0;
  for (int d = 0; d < 3; ++d)
    alias *= pppm::aliasFactor(g.alias, pppm::foldFrequency(index[d], g.mesh[d]), g.mesh[d]);
  pppm::influenceAt(g, c0, i1, i2, alias, gEven + p, kgOdd + 3 * p, wShape + 6 * p);
}

__global__ void pppmSpreadKernel(PppmMeshView m, const double* position, const double* charges,
                                 int numAtoms, int* base, double* weights, double* mesh) {
  const long i = threadIndex();
  if (i >= numAtoms) return;
  pppmStencilAtom(m, position, static_cast<int>(i), base, weights);
  const double q = charges[i];
  forEachStencilPoint(m, base, weights, static_cast<int>(i),
                      [&](long point, double w) { atomicAdd(&mesh[point], q * w); });
}

__global__ void pppmSumsKernel(const double* gEven, const double* wShape, const double* rhoHat,
                               long halfSize, int k0, double* sums) {
  const long p = threadIndex();
  double acc[7] = {0, 0, 0, 0, 0, 0, 0};
  if (p < halfSize) pppmSpectrumSums(gEven, wShape, rhoHat, p, k0, acc);
  for (int c = 0; c < 7; ++c) blockSumInto(acc[c], &sums[c]);
}

__global__ void pppmFieldKernel(const double* gEven, const double* kgOdd, const double* rhoHat,
                                long halfSize, int field, double* work) {
  const long p = threadIndex();
  if (p < halfSize) pppmFieldSpectrum(gEven, kgOdd, rhoHat, p, field, work + 2 * p);
}

__global__ void pppmGatherKernel(PppmMeshView m, const int* base, const double* weights,
                                 const double* fields, const double* charges, const double* sums,
                                 int numAtoms, CoulombOutputs out) {
  const long i = threadIndex();
  if (i < numAtoms)
    pppmGatherAtom(m, base, weights, fields, charges, sums, numAtoms, static_cast<int>(i), out);
}

}  // namespace

void launchPppmInfluence(const pppm::InfluenceGeometry& g, double* gEven, double* kgOdd,
                         double* wShape) {
  const long half = static_cast<long>(g.mesh[0] / 2 + 1) * g.mesh[1] * g.mesh[2];
  pppmInfluenceKernel<<<blocksFor(half), kBlockSize>>>(g, gEven, kgOdd, wShape);
  checkLaunch("PPPM influence kernel");
}

void launchRemoveMean(double* x, int n, const double* sum) {
  removeMeanKernel<<<blocksFor(n), kBlockSize>>>(x, n, sum);
  checkLaunch("mean removal kernel");
}

void launchScale(double* values, int n, double factor) {
  scaleKernel<<<blocksFor(n), kBlockSize>>>(values, n, factor);
  checkLaunch("scale kernel");
}

void launchRealSpaceCoulomb(const NeighborView& nb, const double* charges, double alpha,
                            double cutoff, CoulombOutputs out) {
  realSpaceKernel<<<blocksFor(nb.numAtoms), kBlockSize>>>(nb, charges, alpha, cutoff, out);
  checkLaunch("real-space Coulomb kernel");
}

void launchEwaldStructure(const EwaldK* kvs, int numK, const double* position,
                          const double* charges, int numAtoms, double* structure) {
  if (numK == 0) return;
  ewaldStructureKernel<<<numK, kBlockSize>>>(kvs, position, charges, numAtoms, structure);
  checkLaunch("Ewald structure factor kernel");
}

void launchEwaldAtoms(const EwaldK* kvs, const double* structure, int numK, double alpha,
                      const double* position, const double* charges, int numAtoms,
                      CoulombOutputs out) {
  ewaldAtomKernel<<<blocksFor(numAtoms), kBlockSize>>>(kvs, structure, numK, alpha, position,
                                                       charges, numAtoms, out);
  checkLaunch("Ewald atom kernel");
}

void launchPppmSpread(const PppmMeshView& m, const double* position, const double* charges,
                      int numAtoms, int* base, double* weights, double* mesh) {
  pppmSpreadKernel<<<blocksFor(numAtoms), kBlockSize>>>(m, position, charges, numAtoms, base,
                                                        weights, mesh);
  checkLaunch("PPPM spread kernel");
}

void launchPppmSpectrumSums(const double* gEven, const double* wShape, const double* rhoHat,
                            long halfSize, int k0, double* sums) {
  pppmSumsKernel<<<blocksFor(halfSize), kBlockSize>>>(gEven, wShape, rhoHat, halfSize, k0, sums);
  checkLaunch("PPPM spectrum sum kernel");
}

void launchPppmFieldSpectrum(const double* gEven, const double* kgOdd, const double* rhoHat,
                             long halfSize, int field, double* work) {
  pppmFieldKernel<<<blocksFor(halfSize), kBlockSize>>>(gEven, kgOdd, rhoHat, halfSize, field, work);
  checkLaunch("PPPM field kernel");
}

void launchPppmGather(const PppmMeshView& m, const int* base, const double* weights,
                      const double* fields, const double* charges, const double* sums, int numAtoms,
                      CoulombOutputs out) {
  pppmGatherKernel<<<blocksFor(numAtoms), kBlockSize>>>(m, base, weights, fields, charges, sums,
                                                        numAtoms, out);
  checkLaunch("PPPM gather kernel");
}

}  // namespace sei::cuda
