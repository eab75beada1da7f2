#include "cuda/LaunchSupport.cuh"
#include "cuda/TrainingKernels.hpp"

namespace sei::cuda {
namespace {

__global__ void descriptorKernel(NepParams<double> p, PairListView nb, const int* types,
                                 NepWork work, AtomOutputs out) {
  const long i = threadIndex();
  if (i < nb.numAtoms) descriptorAtom(p, nb, types, static_cast<int>(i), work, out);
}

__global__ void weightsKernel(NepParams<double> p, int numAtoms, const double* potential,
                              NepWork work) {
  const long i = threadIndex();
  if (i < numAtoms) weightsAtom(p, static_cast<int>(i), potential, false, work);
}

__global__ void forceKernel(NepParams<double> p, PairListView nb, const int* types, NepWork work,
                            AtomOutputs out) {
  const long i = threadIndex();
  if (i < nb.numAtoms) forceAtom(p, nb, types, static_cast<int>(i), false, work, out);
}

__global__ void zblKernel(NepParams<double> p, PairListView nb, const int* types, AtomOutputs out) {
  const long i = threadIndex();
  if (i < nb.numAtoms) zblAtom(p, nb, types, static_cast<int>(i), out);
}

__global__ void dualForwardKernel(NepParams<double> p, PairListView nb, DualDirection dir,
                                  const int* types, DualWork work) {
  const long i = threadIndex();
  if (i < nb.numAtoms) dualForwardAtom(p, nb, dir, types, static_cast<int>(i), work);
}

__global__ void dualReverseKernel(NepParams<double> p, PairListView nb, DualDirection dir,
                                  const int* types, SlabLayout l, DualWork work) {
  const long i = threadIndex();
  if (i < nb.numAtoms) dualReverseAtom(p, nb, dir, types, static_cast<int>(i), l, work);
}

__global__ void slabChunkKernel(int numAtoms, int numTypes, SlabLayout l, const Dual* slab,
                                const int* types, const double* alpha, double beta,
                                double* partial) {
  const long o = threadIndex();
  if (o < l.size)
    reduceSlabChunk(static_cast<int>(o), blockIdx.y, kSlabChunk, numAtoms, numTypes, l, slab, types,
                    alpha, beta, partial);
}

__global__ void chunkSumKernel(int numChunks, long typeSums, const double* partial, double* sums) {
  const long k = threadIndex();
  if (k < typeSums) sumSlabChunks(k, numChunks, typeSums, partial, sums);
}

}  // namespace

void launchTrainDescriptors(const NepParams<double>& p, const PairListView& nb, const int* types,
                            NepWork work, AtomOutputs out) {
  descriptorKernel<<<blocksFor(nb.numAtoms), kBlockSize>>>(p, nb, types, work, out);
  checkLaunch("training descriptor kernel");
}

void launchTrainForces(const NepParams<double>& p, const PairListView& nb, const int* types,
                       const double* potential, NepWork work, AtomOutputs out) {
  const int blocks = blocksFor(nb.numAtoms);
  weightsKernel<<<blocks, kBlockSize>>>(p, nb.numAtoms, potential, work);
  checkLaunch("training weights kernel");
  forceKernel<<<blocks, kBlockSize>>>(p, nb, types, work, out);
  checkLaunch("training force kernel");
  if (p.zbl) {
    zblKernel<<<blocks, kBlockSize>>>(p, nb, types, out);
    checkLaunch("training ZBL kernel");
  }
}

void launchDualForward(const NepParams<double>& p, const PairListView& nb, const DualDirection& dir,
                       const int* types, DualWork work) {
  dualForwardKernel<<<blocksFor(nb.numAtoms), kBlockSize>>>(p, nb, dir, types, work);
  checkLaunch("dual forward kernel");
}

void launchDualReverse(const NepParams<double>& p, const PairListView& nb, const DualDirection& dir,
                       const int* types, const SlabLayout& l, DualWork work) {
  dualReverseKernel<<<blocksFor(nb.numAtoms), kBlockSize>>>(p, nb, dir, types, l, work);
  checkLaunch("dual reverse kernel");
}

void launchSlabReduce(int numAtoms, int numTypes, const SlabLayout& l, const Dual* slab,
                      const int* types, const double* alpha, double beta, double* partial,
                      double* sums) {
  const int numChunks = slabChunks(numAtoms);
  slabChunkKernel<<<dim3(blocksFor(l.size), numChunks), kBlockSize>>>(numAtoms, numTypes, l, slab,
                                                                      types, alpha, beta, partial);
  checkLaunch("slab chunk kernel");
  const long typeSums = static_cast<long>(numTypes) * l.size;
  chunkSumKernel<<<blocksFor(typeSums), kBlockSize>>>(numChunks, typeSums, partial, sums);
  checkLaunch("slab sum kernel");
}

}  // namespace sei::cuda
