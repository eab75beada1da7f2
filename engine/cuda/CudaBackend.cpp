#include "cuda/CudaBackend.hpp"

#include <cuda_runtime_api.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "cuda/CudaKernels.hpp"
#include "cuda/DeviceArray.hpp"
#include "cuda/DeviceModel.hpp"
#include "cuda/NepModelBuffers.hpp"
#include "cuda/PppmDevice.hpp"
#include "cuda/SnapshotCopier.hpp"
#include "cuda/StrainedList.hpp"
#include "kspace/Electrostatics.hpp"
#include "md/Random.hpp"
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

struct CudaBackend::Impl {
  std::shared_ptr<const NepModel> model;
  NepEvaluatorOptions options;
  double skin;    ///< Å
  double cutoff;  ///< Å, largest pair cutoff
  DeviceModel<Real> deviceModel;

  // Atoms and the neighbour list.
  int numAtoms = 0;
  int maxNeighbors = 0;
  bool listValid = false;
  Eigen::Matrix3d listCell = Eigen::Matrix3d::Zero();
  std::array<bool, 3> listPeriodic{};
  double listH[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
  double viewH[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};  ///< cell of the current evaluation
  Cell cell;                                      ///< of the state uploaded for integration
  DeviceArray<int> types, count, index, shift, flag;
  DeviceArray<double> position, reference, velocity, mass;
  DeviceArray<int> binOf, wraps, binStart, binAtoms, binCounts, binFill;
  DeviceArray<double> wrapped;

  // Work and outputs.
  DeviceArray<double> descriptors, dEnergy, dCharge, sums, weights, sumWeights, sumChargeWeights;
  DeviceArray<double> energy, charge, force, virial, bec, potential, scalars;
  DeviceArray<double> reduction;
  DeviceArray<unsigned long long> guardBits;
  SnapshotCopier snapshots;

  // k-space.
  Eigen::Matrix3d kCell = Eigen::Matrix3d::Zero();
  DeviceArray<EwaldK> kvectors;
  DeviceArray<double> structure;
  int numK = 0;
  std::unique_ptr<PppmDevice> pppm;
  KSpaceResolution resolution;  ///< the same choice as the CPU evaluator's solvers

  Impl(std::shared_ptr<const NepModel> m, NepEvaluatorOptions o, double s)
      : model(std::move(m)),
        options(o),
        skin(s),
        cutoff(std::max(model->maxRadialCutoff(), model->maxAngularCutoff())),
        deviceModel(NepModelBuffers<Real>(*model), o.temperature),
        resolution(o.kspaceAccuracy) {
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
    std::copy(viewH, viewH + 9, v.h);
    return v;
  }

  /// Whether the list still holds every pair within the cutoff: no atom moved more than the
  /// skin allows, measured in the cell of the build, which periodic cells may have strained
  /// since (NPT) at the cost of some of the skin.
  bool listStillValid(const Cell& cell) {
    if (!listValid || cell.periodicity() != listPeriodic) return false;
    const bool strained = cell.matrix() != listCell;
    if (strained && !cell.fullyPeriodic()) return false;
    const double limit = strainedMoveLimit(listCell, cell.matrix(), cutoff, skin);
    if (limit <= 0.0) return false;
    Eigen::Matrix<double, 3, 3, Eigen::RowMajor> toReference = Eigen::Matrix3d::Identity();
    if (strained) toReference = listCell * cell.matrix().inverse();
    flag.resize(1);
    flag.zero();
    launchDisplacementCheck(position.data(), reference.data(), numAtoms, limit, toReference.data(),
                            flag.data());
    int moved = 0;
    flag.download(&moved, 1);
    return moved == 0;
  }

  /// Sums over the atoms of the first `columns` values of each atom's row in x.
  std::array<double, 9> columnSums(const double* x, int columns) {
    reduction.resize(9);
    reduction.zero();
    launchColumnSums(x, numAtoms, columns, reduction.data());
    std::array<double, 9> sums{};
    reduction.download(sums.data(), columns);
    return sums;
  }

  Eigen::Matrix3d kineticTensor() {
    reduction.resize(9);
    reduction.zero();
    launchKineticTensor(numAtoms, mass.data(), velocity.data(), reduction.data());
    double t[6];
    reduction.download(t, 6);
    Eigen::Matrix3d k;
    k << t[0], t[3], t[4], t[3], t[1], t[5], t[4], t[5], t[2];
    return k * units::kMassVelocity2ToEv;
  }

  /// The bin grid of a fully periodic cell, filled on the device from the positions there.
  BinGridView binOnDevice(const Cell& cell) {
    BinGridView v{};
    std::size_t numBins = 1;
    for (int d = 0; d < 3; ++d) {
      const BinAxis axis = binAxis(true, 0.0, 1.0, cell.thickness(d), cutoff + skin);
      v.bins[d] = axis.bins;
      v.reach[d] = axis.reach;
      v.periodic[d] = 1;
      numBins *= axis.bins;
    }
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 3; ++c) v.h[3 * r + c] = cell.matrix()(r, c);
    const std::size_t n = numAtoms;
    binOf.resize(3 * n);
    wraps.resize(3 * n);
    wrapped.resize(3 * n);
    binAtoms.resize(n);
    binStart.resize(numBins + 1);
    binCounts.resize(numBins);
    binFill.resize(numBins);
    const Eigen::Matrix<double, 3, 3, Eigen::RowMajor> hInv = cell.inverse();
    launchBinPeriodic(v, hInv.data(), position.data(), numAtoms, binOf.data(), wraps.data(),
                      wrapped.data(), binCounts.data(), binFill.data(), binStart.data(),
                      binAtoms.data());
    return onDevice(v);
  }

  /// The grid's shape with the device's bin arrays.
  BinGridView onDevice(BinGridView v) const {
    v.binOf = binOf.data();
    v.binStart = binStart.data();
    v.binAtoms = binAtoms.data();
    v.wrapped = wrapped.data();
    return v;
  }

  /// The bin grid built on the host (cells with free directions, whose bins follow the
  /// atoms' extent), from `host` positions or, without them, the device's.
  BinGridView binOnHost(const Cell& cell, const std::vector<Eigen::Vector3d>* host) {
    std::vector<Eigen::Vector3d> downloaded;
    if (!host) {
      downloaded.resize(numAtoms);
      position.download(downloaded.data()->data(), 3 * downloaded.size());
      host = &downloaded;
    }
    const BinGrid grid(cell, *host, cutoff + skin);
    binOf.upload(grid.binOf);
    wraps.upload(grid.wraps);
    binStart.upload(grid.binStart);
    binAtoms.upload(grid.binAtoms);
    wrapped.upload(grid.wrapped);
    return onDevice(grid.view());
  }

  void buildList(const Cell& cell, const std::vector<Eigen::Vector3d>* host) {
    const BinGridView view = cell.fullyPeriodic() ? binOnDevice(cell) : binOnHost(cell, host);
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

  /// The charges on the host, only when a stated accuracy needs Σq² for its first choice.
  std::vector<double> chargesForResolution() const {
    std::vector<double> host;
    if (resolution.accuracy() > 0.0 && resolution.summary().empty()) {
      host.resize(numAtoms);
      charge.download(host.data(), host.size());
    }
    return host;
  }

  void computeKSpace(const Cell& cell, double alpha) {
    if (pppm) {
      const PppmGrid grid = resolution.pppmGrid(cell, alpha, chargesForResolution());
      pppm->compute(cell, alpha, grid, position.data(), charge.data(), numAtoms, coulombOutputs());
      return;
    }
    if (numK == 0 || cell.matrix() != kCell) {
      double cutoff2 = 0.0;
      const std::array<int, 3> range =
          resolution.ewaldRange(cell, alpha, chargesForResolution(), cutoff2);
      std::vector<EwaldK> host;
      for (const EwaldKVector& kv : ewaldKSpace(cell, alpha, range, cutoff2).vectors)
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
  /// caller has them; lists of cells with free directions are binned on the host, from these
  /// or from positions downloaded for it.
  void computeForces(const Cell& cell, const ForceRequest& request,
                     const std::vector<Eigen::Vector3d>* host) {
    const bool charged = model->hasCharges();
    const bool wantBec = charged && request.bornEffectiveCharges;
    if (!listStillValid(cell)) buildList(cell, host);
    // Image shifts are integers: with the current cell they give the current displacements.
    if (cell.fullyPeriodic()) {
      for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c) viewH[3 * r + c] = cell.matrix()(r, c);
    } else {
      std::copy(listH, listH + 9, viewH);
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

/// Motion of the state uploaded to the device: the kernels of IntegratorKernels.cu and
/// reductions whose scalars are the only data that come back.
class CudaBackend::DeviceMotion : public Motion {
 public:
  explicit DeviceMotion(Impl& s) : s_(s) {}
  std::size_t size() const override { return s_.numAtoms; }
  const Cell& cell() const override { return s_.cell; }
  void halfKick(double dt) override {
    if (s_.numAtoms > 0)
      launchHalfKick(s_.numAtoms, 0.5 * dt / units::kMassVelocity2ToEv, s_.mass.data(),
                     s_.force.data(), s_.velocity.data());
  }
  void drift(double dt) override {
    if (s_.numAtoms > 0) launchDrift(s_.numAtoms, dt, s_.velocity.data(), s_.position.data());
  }
  void updateForces() override {
    if (s_.numAtoms > 0) s_.computeForces(s_.cell, {}, nullptr);
  }
  void scaleVelocities(double factor) override {
    if (s_.numAtoms > 0) launchScale(s_.velocity.data(), 3 * s_.numAtoms, factor);
  }
  void strain(const Eigen::Vector3d& scale) override {
    const Eigen::Vector3d inverse = scale.cwiseInverse();
    if (s_.numAtoms > 0)
      launchStrain(s_.numAtoms, scale.data(), inverse.data(), s_.position.data(),
                   s_.velocity.data());
    s_.cell = Cell(scale.asDiagonal() * s_.cell.matrix(), s_.cell.periodicity());
  }
  void ornsteinUhlenbeck(double c1, double c2, double kT, Random& rng) override {
    const std::uint64_t key = rng.bits();  // one word per step, whatever the atom count
    if (s_.numAtoms > 0)
      launchOrnsteinUhlenbeck(s_.numAtoms, c1, c2, kT, key, s_.mass.data(), s_.velocity.data());
  }
  Eigen::Matrix3d kineticTensor() override {
    return s_.numAtoms > 0 ? s_.kineticTensor() : Eigen::Matrix3d::Zero();
  }
  Eigen::Matrix3d virial() override {
    if (s_.numAtoms == 0) return Eigen::Matrix3d::Zero();
    const std::array<double, 9> w = s_.columnSums(s_.virial.data(), 9);
    return Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>>(w.data());
  }

 private:
  Impl& s_;
};

CudaBackend::CudaBackend(std::shared_ptr<const NepModel> model, NepEvaluatorOptions options,
                         double skin) {
  const DeviceStatus status = probeDevice();
  if (!status.available) throw std::runtime_error("no usable CUDA device: " + status.description);
  if (model->hasCharges() && options.slabFactor > 0.0)
    throw std::runtime_error("the slab correction is computed by the CPU backend only");
  impl_ = std::make_unique<Impl>(std::move(model), options, skin);
  motion_ = std::make_unique<DeviceMotion>(*impl_);
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

void CudaBackend::upload(const MdState& state) {
  Impl& s = *impl_;
  const std::size_t n = state.size();
  s.checkInput(state.types, n, state.cell);
  s.cell = state.cell;
  s.resizeAtoms(static_cast<int>(n));
  if (n == 0) return;
  s.types.upload(state.types);
  s.position.upload(state.positions.data()->data(), 3 * n);
  s.velocity.upload(state.velocities.data()->data(), 3 * n);
  s.mass.upload(state.masses);
  // The device's own forces, so that every device step kicks with device-precision forces.
  s.computeForces(s.cell, {}, &state.positions);
}

Motion& CudaBackend::motion() { return *motion_; }

void CudaBackend::download(MdState& state) {
  Impl& s = *impl_;
  const std::size_t n = s.numAtoms;
  state.cell = s.cell;
  if (n == 0) return;
  s.position.download(state.positions.data()->data(), 3 * n);
  s.velocity.download(state.velocities.data()->data(), 3 * n);
  s.downloadResult({}, state.forces);
}

double CudaBackend::potentialEnergy() {
  Impl& s = *impl_;
  return s.numAtoms > 0 ? s.columnSums(s.energy.data(), 1)[0] : 0.0;
}

GuardScalars CudaBackend::guardScalars() {
  Impl& s = *impl_;
  GuardScalars g{0.0, INFINITY};
  if (s.numAtoms == 0) return g;
  unsigned long long bits[2];
  std::memcpy(&bits[0], &g.maxForce, sizeof(double));
  std::memcpy(&bits[1], &g.minDistance, sizeof(double));
  s.guardBits.upload(bits, 2);
  launchGuard(s.neighborView(), s.force.data(), s.guardBits.data());
  s.guardBits.download(bits, 2);
  std::memcpy(&g.maxForce, &bits[0], sizeof(double));
  std::memcpy(&g.minDistance, &bits[1], sizeof(double));
  return g;
}

bool CudaBackend::startSnapshotCopy() {
  Impl& s = *impl_;
  SnapshotSource source;
  source.numAtoms = s.numAtoms;
  source.position = s.position.data();
  source.velocity = s.velocity.data();
  source.force = s.force.data();
  source.energy = s.energy.data();
  source.charge = s.model->hasCharges() ? s.charge.data() : nullptr;
  return s.snapshots.start(source);
}

bool CudaBackend::finishSnapshotCopy(Snapshot& into, bool wait) {
  return impl_->snapshots.finish(into, wait);
}

std::size_t deviceMemoryInUse() {
  std::size_t free = 0, total = 0;
  check(cudaMemGetInfo(&free, &total), "cudaMemGetInfo");
  return total - free;
}

std::string CudaBackend::electrostaticsSummary() const { return impl_->resolution.summary(); }

bool CudaBackend::setTemperature(double kelvin) {
  NepParams<Real>& p = impl_->deviceModel.params;
  if (!p.temperatureDescriptor || kelvin == p.temperature) return false;
  p.temperature = kelvin;
  return true;
}

std::size_t CudaBackend::memoryBytes() const {
  const Impl& s = *impl_;
  std::size_t total = s.deviceModel.bytes();
  for (const auto* a : {&s.types, &s.count, &s.index, &s.shift, &s.flag, &s.binOf, &s.wraps,
                        &s.binStart, &s.binAtoms, &s.binCounts, &s.binFill})
    total += a->bytes();
  for (const auto* a :
       {&s.position, &s.reference, &s.velocity, &s.mass,    &s.wrapped,    &s.descriptors,
        &s.dEnergy,  &s.dCharge,   &s.sums,     &s.weights, &s.sumWeights, &s.sumChargeWeights,
        &s.energy,   &s.charge,    &s.force,    &s.virial,  &s.bec,        &s.potential,
        &s.scalars,  &s.structure, &s.reduction})
    total += a->bytes();
  return total + s.guardBits.bytes() + s.kvectors.bytes() + (s.pppm ? s.pppm->bytes() : 0) +
         s.snapshots.deviceBytes();
}

}  // namespace sei::cuda
