#include "cuda/CudaBackend.hpp"

#include <cuda_runtime_api.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "cuda/CudaKernels.hpp"
#include "cuda/DeviceArray.hpp"
#include "cuda/NepModelBuffers.hpp"
#include "cuda/PppmDevice.hpp"
#include "kspace/Electrostatics.hpp"
#include "md/Units.hpp"
#include "neighbor/BinGrid.hpp"

namespace sei::cuda {

DeviceStatus probeDevice() {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    cudaGetLastError();  // clear the sticky error for later calls
    return {false, cudaGetErrorString(status)};
  }
  if (count == 0) return {false, "no CUDA device found"};
  cudaDeviceProp prop{};
  check(cudaGetDeviceProperties(&prop, 0), "cudaGetDeviceProperties");
  const std::string sm = "sm_" + std::to_string(prop.major) + std::to_string(prop.minor);
  if (prop.major < 8)
    return {false, std::string(prop.name) + " (" + sm +
                       ") is older than sm_80, the oldest architecture this build supports"};
  char memory[32];
  std::snprintf(memory, sizeof memory, "%.1f GiB", prop.totalGlobalMem / 1073741824.0);
  return {true, std::string(prop.name) + ", " + sm + ", " + memory};
}

namespace {

/// Host model buffers copied to the device, and NepParams pointing at the copies.
struct DeviceModel {
  DeviceArray<Real> cRadial, cAngular, rcRadial, rcAngular;
  DeviceArray<double> w0, b0, w1, w1q, scalers, typeBias;
  DeviceArray<nep::AngularTerm> angular;
  DeviceArray<nep::Monomial> monomials;
  DeviceArray<int> blockStart;
  DeviceArray<nep::ZblPair> zbl;
  NepParams<Real> params{};

  DeviceModel(const NepModelBuffers<Real>& h, double temperature) {
    cRadial.upload(h.cRadial);
    cAngular.upload(h.cAngular);
    rcRadial.upload(h.rcRadial);
    rcAngular.upload(h.rcAngular);
    w0.upload(h.w0);
    b0.upload(h.b0);
    w1.upload(h.w1);
    w1q.upload(h.w1q);
    scalers.upload(h.scalers);
    typeBias.upload(h.typeBias);
    angular.upload(h.angular);
    monomials.upload(h.monomials);
    blockStart.upload(h.blockStart);
    zbl.upload(h.zbl);
    params = h.bind(*this, temperature);
  }

  std::size_t bytes() const {
    return cRadial.bytes() + cAngular.bytes() + rcRadial.bytes() + rcAngular.bytes() + w0.bytes() +
           b0.bytes() + w1.bytes() + w1q.bytes() + scalers.bytes() + typeBias.bytes() +
           angular.bytes() + monomials.bytes() + blockStart.bytes() + zbl.bytes();
  }
};

}  // namespace

struct CudaBackend::Impl {
  std::shared_ptr<const NepModel> model;
  NepEvaluatorOptions options;
  double skin;    ///< Å
  double cutoff;  ///< Å, largest pair cutoff
  DeviceModel deviceModel;

  // Atoms and the neighbour list.
  int numAtoms = 0;
  int maxNeighbors = 0;
  bool listValid = false;
  Eigen::Matrix3d listCell = Eigen::Matrix3d::Zero();
  std::array<bool, 3> listPeriodic{};
  double listH[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
  DeviceArray<int> types, count, index, shift, flag;
  DeviceArray<double> position, reference, velocity, mass;
  DeviceArray<int> binOf, wraps, binStart, binAtoms;
  DeviceArray<double> wrapped;

  // Work and outputs.
  DeviceArray<double> descriptors, dEnergy, dCharge, sums, weights, sumWeights, sumChargeWeights;
  DeviceArray<double> energy, charge, force, virial, bec, potential, scalars;

  // k-space.
  Eigen::Matrix3d kCell = Eigen::Matrix3d::Zero();
  DeviceArray<EwaldK> kvectors;
  DeviceArray<double> structure;
  int numK = 0;
  std::unique_ptr<PppmDevice> pppm;

  Impl(std::shared_ptr<const NepModel> m, NepEvaluatorOptions o, double s)
      : model(std::move(m)),
        options(o),
        skin(s),
        cutoff(std::max(model->maxRadialCutoff(), model->maxAngularCutoff())),
        deviceModel(NepModelBuffers<Real>(*model), o.temperature) {
    if (model->hasCharges() && options.kspace == KSpaceMethod::Pppm)
      pppm = std::make_unique<PppmDevice>();
  }

  NeighborView neighborView() const {
    NeighborView v{};
    v.numAtoms = numAtoms;
    v.maxNeighbors = maxNeighbors;
    v.count = count.data();
    v.index = index.data();
    v.shift = shift.data();
    v.position = position.data();
    std::copy(listH, listH + 9, v.h);
    return v;
  }

  bool listStillValid(const Cell& cell) {
    if (!listValid || cell.matrix() != listCell || cell.periodicity() != listPeriodic) return false;
    flag.resize(1);
    flag.zero();
    launchDisplacementCheck(position.data(), reference.data(), numAtoms, 0.5 * skin, flag.data());
    int moved = 0;
    flag.download(&moved, 1);
    return moved == 0;
  }

  void buildList(const Cell& cell, const std::vector<Eigen::Vector3d>& positions) {
    const BinGrid grid(cell, positions, cutoff + skin);
    binOf.upload(grid.binOf);
    wraps.upload(grid.wraps);
    binStart.upload(grid.binStart);
    binAtoms.upload(grid.binAtoms);
    wrapped.upload(grid.wrapped);
    BinGridView view = grid.view();
    view.binOf = binOf.data();
    view.binStart = binStart.data();
    view.binAtoms = binAtoms.data();
    view.wrapped = wrapped.data();
    std::copy(view.h, view.h + 9, listH);
    const double cutoff2 = (cutoff + skin) * (cutoff + skin);
    count.resize(numAtoms);
    if (maxNeighbors == 0) maxNeighbors = 64;
    for (;;) {
      index.resize(static_cast<std::size_t>(maxNeighbors) * numAtoms);
      shift.resize(static_cast<std::size_t>(maxNeighbors) * numAtoms);
      launchBuildNeighbors(view, wraps.data(), cutoff2, numAtoms, maxNeighbors, count.data(),
                           index.data(), shift.data());
      flag.resize(1);
      flag.zero();
      launchMaxCount(count.data(), numAtoms, flag.data());
      int most = 0;
      flag.download(&most, 1);
      if (most <= maxNeighbors) break;
      maxNeighbors = most + most / 4 + 8;  // room for density fluctuations before the next build
    }
    check(cudaMemcpy(reference.data(), position.data(), 3 * sizeof(double) * numAtoms,
                     cudaMemcpyDeviceToDevice),
          "copy reference positions");
    listCell = cell.matrix();
    listPeriodic = cell.periodicity();
    listValid = true;
  }

  void resizeAtoms(int n) {
    const NepParams<Real>& p = deviceModel.params;
    const std::size_t N = n, D = p.dim, sumStride = (p.nA + 1) * p.numSums;
    if (n != numAtoms) listValid = false;
    numAtoms = n;
    types.resize(N);
    position.resize(3 * N);
    reference.resize(3 * N);
    descriptors.resize(N * D);
    dEnergy.resize(N * D);
    dCharge.resize(p.charged ? N * D : 0);
    sums.resize(N * sumStride);
    weights.resize(N * D);
    sumWeights.resize(N * sumStride);
    energy.resize(N);
    charge.resize(p.charged ? N : 0);
    force.resize(3 * N);
    virial.resize(9 * N);
    potential.resize(p.charged ? N : 0);
    scalars.resize(2);
  }

  CoulombOutputs coulombOutputs() {
    return {energy.data(), force.data(), virial.data(), potential.data()};
  }

  void computeKSpace(const Cell& cell, double alpha) {
    if (pppm) {
      pppm->compute(cell, alpha, position.data(), charge.data(), numAtoms, coulombOutputs());
      return;
    }
    if (numK == 0 || cell.matrix() != kCell) {
      std::vector<EwaldK> host;
      for (const EwaldKVector& kv : ewaldKSpace(cell, alpha).vectors)
        host.push_back({{kv.k[0], kv.k[1], kv.k[2]}, kv.weight});
      kvectors.upload(host);
      numK = static_cast<int>(host.size());
      structure.resize(2 * std::max(numK, 1));
      kCell = cell.matrix();
    }
    structure.zero();
    launchEwaldStructure(kvectors.data(), numK, position.data(), charge.data(), numAtoms,
                         structure.data());
    launchEwaldAtoms(kvectors.data(), structure.data(), numK, alpha, position.data(), charge.data(),
                     numAtoms, coulombOutputs());
  }

  /// Neutral charges, electrostatics and D̄ = D − mean(D) (spec §5, §7).
  void computeElectrostatics(const Cell& cell) {
    scalars.zero();
    launchSum(charge.data(), numAtoms, scalars.data());
    launchRemoveMean(charge.data(), numAtoms, scalars.data());
    const double rc = model->radialCutoff[0];
    const double alpha = M_PI / rc;
    computeKSpace(cell, alpha);
    if (model->chargeMode == 1)
      launchRealSpaceCoulomb(neighborView(), charge.data(), alpha, rc, coulombOutputs());
    launchSum(potential.data(), numAtoms, scalars.data() + 1);
    launchRemoveMean(potential.data(), numAtoms, scalars.data() + 1);
  }

  void checkInput(const std::vector<int>& atomTypes, std::size_t n, const Cell& cell) const {
    if (atomTypes.size() != n) throw std::invalid_argument("types and positions differ in length");
    for (int t : atomTypes)
      if (t < 0 || t >= model->numTypes()) throw std::invalid_argument("atom type out of range");
    if (model->hasCharges() && !cell.fullyPeriodic())
      throw std::invalid_argument(
          "a charge (qNEP) model needs a cell that is periodic in all three directions");
  }

  /// Forces for the positions on the device. host: the same positions on the host if the
  /// caller has them, else they are downloaded when the list must be rebuilt.
  void computeForces(const Cell& cell, const ForceRequest& request,
                     const std::vector<Eigen::Vector3d>* host) {
    const bool charged = model->hasCharges();
    const bool wantBec = charged && request.bornEffectiveCharges;
    if (!listStillValid(cell)) {
      if (host) {
        buildList(cell, *host);
      } else {
        std::vector<Eigen::Vector3d> current(numAtoms);
        position.download(current.data()->data(), 3 * current.size());
        buildList(cell, current);
      }
    }
    if (wantBec) {
      sumChargeWeights.resize(sumWeights.size());
      bec.resize(9 * static_cast<std::size_t>(numAtoms));
    }
    energy.zero();
    force.zero();
    virial.zero();
    if (charged) potential.zero();
    const NeighborView nb = neighborView();
    const NepParams<Real>& p = deviceModel.params;
    NepWork w = work(wantBec);
    AtomOutputs out{energy.data(), charge.data(), force.data(), virial.data(),
                    wantBec ? bec.data() : nullptr};
    launchDescriptors(p, nb, types.data(), w, out);
    if (charged) computeElectrostatics(cell);
    launchWeights(p, numAtoms, charged ? potential.data() : nullptr, wantBec, w);
    launchForces(p, nb, types.data(), wantBec, w, out);
    if (model->zbl) launchZbl(p, nb, types.data(), out);
  }

  /// Copies the outputs of computeForces into result.
  void downloadResult(const ForceRequest& request, ForceResult& result) const {
    const std::size_t n = numAtoms;
    const bool charged = model->hasCharges();
    const bool wantBec = charged && request.bornEffectiveCharges;
    result = ForceResult();
    result.perAtomEnergy.resize(n);
    energy.download(result.perAtomEnergy.data(), n);
    for (double e : result.perAtomEnergy) result.energy += e;
    result.forces.resize(n);
    force.download(result.forces.data()->data(), 3 * n);
    std::vector<double> perAtom(9 * n);
    virial.download(perAtom.data(), 9 * n);
    if (request.perAtomVirial) result.perAtomVirial.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>> w(&perAtom[9 * i]);
      result.virial += w;
      if (request.perAtomVirial) result.perAtomVirial[i] = w;
    }
    if (charged) {
      result.charges.resize(n);
      charge.download(result.charges.data(), n);
    }
    if (wantBec) {
      std::vector<double> raw(9 * n);
      bec.download(raw.data(), 9 * n);
      result.bec.resize(n);
      for (std::size_t i = 0; i < n; ++i) {
        const Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>> b(&raw[9 * i]);
        result.bec[i] = model->sqrtEpsilonInf *
                        (result.charges[i] * Eigen::Matrix3d::Identity() + Eigen::Matrix3d(b));
      }
    }
  }

  NepWork work(bool wantBec) {
    return {descriptors.data(),
            dEnergy.data(),
            dCharge.data(),
            sums.data(),
            weights.data(),
            sumWeights.data(),
            wantBec ? sumChargeWeights.data() : nullptr};
  }
};

CudaBackend::CudaBackend(std::shared_ptr<const NepModel> model, NepEvaluatorOptions options,
                         double skin) {
  const DeviceStatus status = probeDevice();
  if (!status.available) throw std::runtime_error("no usable CUDA device: " + status.description);
  impl_ = std::make_unique<Impl>(std::move(model), options, skin);
}

CudaBackend::~CudaBackend() = default;

void CudaBackend::compute(const std::vector<int>& types,
                          const std::vector<Eigen::Vector3d>& positions, const Cell& cell,
                          const ForceRequest& request, ForceResult& result) {
  Impl& s = *impl_;
  s.checkInput(types, positions.size(), cell);
  result = ForceResult();
  if (positions.empty()) return;
  s.resizeAtoms(static_cast<int>(positions.size()));
  s.types.upload(types);
  s.position.upload(positions.data()->data(), 3 * positions.size());
  s.computeForces(cell, request, &positions);
  s.downloadResult(request, result);
}

void CudaBackend::advanceNve(MdState& state, std::int64_t steps, double dt) {
  Impl& s = *impl_;
  const std::size_t n = state.size();
  s.checkInput(state.types, n, state.cell);
  if (n == 0 || steps <= 0) return;
  s.resizeAtoms(static_cast<int>(n));
  s.types.upload(state.types);
  s.position.upload(state.positions.data()->data(), 3 * n);
  s.velocity.upload(state.velocities.data()->data(), 3 * n);
  s.mass.upload(state.masses);
  s.force.upload(state.forces.forces.data()->data(), 3 * n);
  // The scheme of md::halfKick / md::drift, with positions, velocities and forces resident.
  const double kick = 0.5 * dt / units::kMassVelocity2ToEv;
  const int atoms = static_cast<int>(n);
  for (std::int64_t k = 0; k < steps; ++k) {
    launchKickDrift(atoms, kick, dt, s.mass.data(), s.force.data(), s.velocity.data(),
                    s.position.data());
    s.computeForces(state.cell, {}, nullptr);
    launchHalfKick(atoms, kick, s.mass.data(), s.force.data(), s.velocity.data());
  }
  s.position.download(state.positions.data()->data(), 3 * n);
  s.velocity.download(state.velocities.data()->data(), 3 * n);
  s.downloadResult({}, state.forces);
}

std::size_t CudaBackend::memoryBytes() const {
  const Impl& s = *impl_;
  std::size_t total = s.deviceModel.bytes();
  for (const auto* a : {&s.types, &s.count, &s.index, &s.shift, &s.flag, &s.binOf, &s.wraps,
                        &s.binStart, &s.binAtoms})
    total += a->bytes();
  for (const auto* a :
       {&s.position, &s.reference, &s.wrapped, &s.descriptors, &s.dEnergy, &s.dCharge, &s.sums,
        &s.weights, &s.sumWeights, &s.sumChargeWeights, &s.energy, &s.charge, &s.force, &s.virial,
        &s.bec, &s.potential, &s.scalars, &s.structure})
    total += a->bytes();
  return total + s.kvectors.bytes() + (s.pppm ? s.pppm->bytes() : 0);
}

}  // namespace sei::cuda
