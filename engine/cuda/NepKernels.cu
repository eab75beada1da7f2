#include "cuda/CudaKernels.hpp"
#include "cuda/LaunchSupport.cuh"

namespace sei::cuda {
namespace {

__global__ void descriptorKernel(NepParams<Real> p, NeighborView nb, const int* types, NepWork work,
                                 AtomOutputs out) {
  const long i = threadIndex();
  if (i < nb.numAtoms) descriptorAtom(p, nb, types, static_cast<int>(i), work, out);
}

__global__ void weightsKernel(NepParams<Real> p, int numAtoms, const double* potential,
                              bool wantBec, NepWork work) {
  const long i = threadIndex();
  if (i < numAtoms) weightsAtom(p, static_cast<int>(i), potential, wantBec, work);
}

__global__ void forceKernel(NepParams<Real> p, NeighborView nb, const int* types, bool wantBec,
                            NepWork work, AtomOutputs out) {
  const long i = threadIndex();
  if (i < nb.numAtoms) forceAtom(p, nb, types, static_cast<int>(i), wantBec, work, out);
}

__global__ void zblKernel(NepParams<Real> p, NeighborView nb, const int* types, AtomOutputs out) {
  const long i = threadIndex();
  if (i < nb.numAtoms) zblAtom(p, nb, types, static_cast<int>(i), out);
}

}  // namespace

void launchDescriptors(const NepParams<Real>& p, const NeighborView& nb, const int* types,
                       NepWork work, AtomOutputs out) {
  descriptorKernel<<<blocksFor(nb.numAtoms), kBlockSize>>>(p, nb, types, work, out);
  checkLaunch("descriptor kernel");
}

void launchWeights(const NepParams<Real>& p, int numAtoms, const double* potential, bool wantBec,
                   NepWork work) {
  weightsKernel<<<blocksFor(numAtoms), kBlockSize>>>(p, numAtoms, potential, wantBec, work);
  checkLaunch("weights kernel");
}

void launchForces(const NepParams<Real>& p, const NeighborView& nb, const int* types, bool wantBec,
                  NepWork work, AtomOutputs out) {
  forceKernel<<<blocksFor(nb.numAtoms), kBlockSize>>>(p, nb, types, wantBec, work, out);
  checkLaunch("force kernel");
}

void launchZbl(const NepParams<Real>& p, const NeighborView& nb, const int* types,
               AtomOutputs out) {
  zblKernel<<<blocksFor(nb.numAtoms), kBlockSize>>>(p, nb, types, out);
  checkLaunch("ZBL kernel");
}

}  // namespace sei::cuda
