// The CUDA backend's per-atom kernel bodies (engine/cuda/*AtomKernels.hpp), run on the host in a
// loop over atoms in the order the backend launches them, in double and in float, against the
// CPU evaluator: golden cases and every random model variant, Ewald and PPPM, with a neighbour
// list built at displaced positions (the skin path) and in cells thinner than the cutoff.
// Needs no GPU; what it cannot cover is the launch configuration, atomics and cuFFT.
#include <fftw3.h>

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>
#include <random>
#include <set>

#include "EvalSupport.hpp"
#include "ModelVariants.hpp"
#include "TestSupport.hpp"
#include "cuda/CoulombAtomKernels.hpp"
#include "cuda/NepModelBuffers.hpp"
#include "cuda/StrainedList.hpp"
#include "io/ExtXyz.hpp"
#include "kspace/Pppm.hpp"
#include "neighbor/BinGrid.hpp"

using namespace sei;
using namespace sei::cuda;

namespace {

constexpr double kSkin = 1.0;  ///< Å, as the backend's default

/// The bin grid of a fully periodic cell as launchBinPeriodic fills it on the device: the
/// per-atom binning body, offsets from the counts, atoms scattered into their bins in an order
/// unlike the host's (as atomics would), then each bin sorted.
struct DeviceBins {
  std::vector<int> binOf, wraps, binStart, binAtoms;
  std::vector<double> wrapped;
  BinGridView view{};

  DeviceBins(const Cell& cell, const std::vector<Eigen::Vector3d>& positions, double cutoff) {
    const int n = static_cast<int>(positions.size());
    int numBins = 1;
    for (int d = 0; d < 3; ++d) {
      const BinAxis axis = binAxis(true, 0.0, 1.0, cell.thickness(d), cutoff);
      view.bins[d] = axis.bins;
      view.reach[d] = axis.reach;
      view.periodic[d] = 1;
      numBins *= axis.bins;
    }
    for (int k = 0; k < 9; ++k) view.h[k] = cell.matrix()(k / 3, k % 3);
    const Eigen::Matrix<double, 3, 3, Eigen::RowMajor> hInv = cell.inverse();
    std::vector<double> flat;
    for (const auto& r : positions) flat.insert(flat.end(), r.data(), r.data() + 3);
    binOf.resize(3 * n);
    wraps.resize(3 * n);
    wrapped.resize(3 * n);
    std::vector<int> bin(n), fill(numBins, 0);
    binStart.assign(numBins + 1, 0);
    for (int i = 0; i < n; ++i) {
      bin[i] = binPeriodicAtom(view, hInv.data(), flat.data(), i, binOf.data(), wraps.data(),
                               wrapped.data());
      ++binStart[bin[i] + 1];
    }
    for (int b = 0; b < numBins; ++b) binStart[b + 1] += binStart[b];
    binAtoms.resize(n);
    for (int i = n - 1; i >= 0; --i) binAtoms[binStart[bin[i]] + fill[bin[i]]++] = i;
    for (int b = 0; b < numBins; ++b) sortBin(binStart.data(), b, binAtoms.data());
    view.binOf = binOf.data();
    view.binStart = binStart.data();
    view.binAtoms = binAtoms.data();
    view.wrapped = wrapped.data();
  }
};

/// The neighbour list of the backend, built with the list-building kernel body at `built`
/// positions (binned as on the host, or as on the device) and read at `current` ones.
struct HostList {
  std::vector<int> count, index, shift;
  std::vector<double> position;
  NeighborView view{};

  HostList(const Cell& cell, const std::vector<Eigen::Vector3d>& built,
           const std::vector<Eigen::Vector3d>& current, double cutoff,
           bool binnedOnDevice = false) {
    if (binnedOnDevice) {
      const DeviceBins bins(cell, built, cutoff + kSkin);
      build(bins.view, bins.wraps.data(), current, cutoff);
    } else {
      const BinGrid grid(cell, built, cutoff + kSkin);
      build(grid.view(), grid.wraps.data(), current, cutoff);
    }
  }

 private:
  void build(const BinGridView& grid, const int* wraps, const std::vector<Eigen::Vector3d>& current,
             double cutoff) {
    const int n = static_cast<int>(current.size());
    const double cutoff2 = (cutoff + kSkin) * (cutoff + kSkin);
    count.resize(n);
    // First pass with no room counts the neighbours, as the backend's overflow retry does.
    for (int i = 0; i < n; ++i)
      buildNeighborsOfAtom(grid, wraps, i, cutoff2, n, 0, count.data(), nullptr, nullptr);
    const int most = *std::max_element(count.begin(), count.end());
    index.resize(static_cast<std::size_t>(most) * n);
    shift.resize(index.size());
    for (int i = 0; i < n; ++i)
      buildNeighborsOfAtom(grid, wraps, i, cutoff2, n, most, count.data(), index.data(),
                           shift.data());
    for (const auto& r : current) position.insert(position.end(), r.data(), r.data() + 3);
    view = {n, most, count.data(), index.data(), shift.data(), position.data(), {}};
    std::copy(grid.h, grid.h + 9, view.h);
  }
};

void removeMean(std::vector<double>& x) {
  double mean = 0.0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(x.size());
  for (double& v : x) v -= mean;
}

/// PPPM as PppmDevice does it, with FFTW in place of cuFFT.
void hostPppm(const Cell& cell, const PppmGrid& grid, double alpha,
              const std::vector<double>& position, const std::vector<double>& charges,
              CoulombOutputs out) {
  const int n = static_cast<int>(charges.size());
  const std::array<int, 3>& k = grid.mesh;
  PppmInfluence inf;
  computePppmInfluence(grid, cell, alpha, 2.0 * M_PI, inf);
  PppmMeshView m{};
  for (int d = 0; d < 3; ++d) m.k[d] = k[d];
  m.order = grid.order;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) m.hInv[3 * r + c] = cell.inverse()(r, c);
  const long size = static_cast<long>(k[0]) * k[1] * k[2];
  const long half = static_cast<long>(k[0] / 2 + 1) * k[1] * k[2];
  std::vector<int> base(3 * n);
  std::vector<double> weights(3 * grid.order * n), rho(size, 0.0), rhoHat(2 * half), work(2 * half),
      fields(4 * size);
  for (int i = 0; i < n; ++i) {
    pppmStencilAtom(m, position.data(), i, base.data(), weights.data());
    forEachStencilPoint(m, base.data(), weights.data(), i,
                        [&](long p, double w) { rho[p] += charges[i] * w; });
  }
  fftw_plan forward = fftw_plan_dft_r2c_3d(
      k[2], k[1], k[0], rho.data(), reinterpret_cast<fftw_complex*>(rhoHat.data()), FFTW_ESTIMATE);
  fftw_execute(forward);
  fftw_destroy_plan(forward);
  double sums[7] = {0, 0, 0, 0, 0, 0, 0};
  for (long p = 0; p < half; ++p)
    pppmSpectrumSums(inf.gEven.data(), inf.wShape.data(), rhoHat.data(), p, k[0], sums);
  for (double& s : sums) s *= kCoulomb;
  for (int f = 0; f < 4; ++f) {
    for (long p = 0; p < half; ++p)
      pppmFieldSpectrum(inf.gEven.data(), inf.kgOdd.data(), rhoHat.data(), p, f, &work[2 * p]);
    fftw_plan backward =
        fftw_plan_dft_c2r_3d(k[2], k[1], k[0], reinterpret_cast<fftw_complex*>(work.data()),
                             fields.data() + f * size, FFTW_ESTIMATE);
    fftw_execute(backward);
    fftw_destroy_plan(backward);
  }
  for (int i = 0; i < n; ++i)
    pppmGatherAtom(m, base.data(), weights.data(), fields.data(), charges.data(), sums, n, i, out);
}

/// One evaluation through the kernel bodies, in the backend's launch order.
template <class Real>
ForceResult hostEvaluate(const NepModel& model, const Structure& s, KSpaceMethod kspace,
                         const std::vector<Eigen::Vector3d>& listPositions) {
  const NepModelBuffers<Real> buffers(model);
  const NepParams<Real> p = buffers.hostParams(300.0);
  const int n = static_cast<int>(s.size());
  const std::vector<int> types = model.typesOf(s, "test structure");
  const HostList list(s.cell, listPositions, s.positions,
                      std::max(model.maxRadialCutoff(), model.maxAngularCutoff()));
  const std::size_t D = p.dim, sumStride = (p.nA + 1) * p.numSums;
  std::vector<double> descriptors(n * D), dEnergy(n * D), dCharge(n * D), sums(n * sumStride),
      weights(n * D), sumWeights(n * sumStride), sumChargeWeights(n * sumStride);
  std::vector<double> energy(n, 0.0), charge(n, 0.0), force(3 * n, 0.0), virial(9 * n, 0.0),
      bec(9 * n, 0.0), potential(n, 0.0);
  NepWork work{descriptors.data(), dEnergy.data(),    dCharge.data(),         sums.data(),
               weights.data(),     sumWeights.data(), sumChargeWeights.data()};
  AtomOutputs out{energy.data(), charge.data(), force.data(), virial.data(), bec.data()};

  for (int i = 0; i < n; ++i) descriptorAtom(p, list.view, types.data(), i, work, out);
  if (p.charged) {
    removeMean(charge);
    const double rc = model.radialCutoff[0], alpha = M_PI / rc;
    CoulombOutputs coulomb{energy.data(), force.data(), virial.data(), potential.data()};
    if (kspace == KSpaceMethod::Pppm) {
      hostPppm(s.cell, {PppmSolver::meshSize(s.cell), pppm::kGpumdOrder}, alpha, list.position,
               charge, coulomb);
    } else {
      std::vector<EwaldK> kvs;
      for (const EwaldKVector& kv : ewaldKSpace(s.cell, alpha).vectors)
        kvs.push_back({{kv.k[0], kv.k[1], kv.k[2]}, kv.weight});
      std::vector<double> structure(2 * kvs.size(), 0.0);
      for (std::size_t k = 0; k < kvs.size(); ++k)
        for (int j = 0; j < n; ++j) {
          double c, sn;
          ewaldStructureTerm(kvs[k], list.position.data(), charge.data(), j, c, sn);
          structure[2 * k] += c;
          structure[2 * k + 1] += sn;
        }
      for (int j = 0; j < n; ++j)
        ewaldAtom(kvs.data(), structure.data(), static_cast<int>(kvs.size()), alpha,
                  list.position.data(), charge.data(), j, coulomb);
    }
    if (model.chargeMode == 1)
      for (int i = 0; i < n; ++i)
        realSpaceCoulombAtom<Real>(list.view, charge.data(), alpha, rc, i, coulomb);
    removeMean(potential);
  }
  for (int i = 0; i < n; ++i) weightsAtom(p, i, potential.data(), p.charged != 0, work);
  for (int i = 0; i < n; ++i) forceAtom(p, list.view, types.data(), i, p.charged != 0, work, out);
  if (p.zbl)
    for (int i = 0; i < n; ++i) zblAtom(p, list.view, types.data(), i, out);

  ForceResult r;
  r.perAtomEnergy = energy;
  for (int i = 0; i < n; ++i) {
    r.energy += energy[i];
    r.forces.emplace_back(force[3 * i], force[3 * i + 1], force[3 * i + 2]);
    const Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>> w(&virial[9 * i]);
    r.perAtomVirial.push_back(w);
    r.virial += w;
    if (p.charged) {
      const Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>> b(&bec[9 * i]);
      r.charges.push_back(charge[i]);
      r.bec.push_back(model.sqrtEpsilonInf *
                      (charge[i] * Eigen::Matrix3d::Identity() + Eigen::Matrix3d(b)));
    }
  }
  return r;
}

/// Largest absolute difference over all entries.
template <class T>
double maxDiff(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return INFINITY;
  double m = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if constexpr (std::is_same_v<T, double>)
      m = std::max(m, std::abs(a[i] - b[i]));
    else
      m = std::max(m, (a[i] - b[i]).cwiseAbs().maxCoeff());
  }
  return m;
}

/// Tolerances of one precision: relative energy, absolute otherwise.
struct Tolerances {
  double energy, perAtomEnergy, force, virial, charge, bec;
};
// Double: the same math as the CPU evaluator in another summation order. Float: the issue's
// GPU tolerances (energy 1e-6 relative, forces 1e-4 eV/Å, charges 1e-5 e, virial 1e-3 eV) for
// per-pair math in float with double accumulation, as GPUMD; BEC like forces.
constexpr Tolerances kDouble{1e-11, 1e-10, 1e-9, 1e-8, 1e-11, 1e-9};
constexpr Tolerances kFloat{1e-6, 1e-5, 1e-4, 1e-3, 1e-5, 1e-4};

void compare(const ForceResult& ref, const ForceResult& got, const Tolerances& tol) {
  // Relative to Σ|E_i|: the totals of biased models cancel to ~1 eV out of hundreds (golden
  // nep_water: −1.0 eV from per-atom energies of ±3.5 eV), where |E| alone is no scale.
  double scale = 1.0;
  for (double e : ref.perAtomEnergy) scale += std::abs(e);
  const double energyError = std::abs(got.energy - ref.energy) / scale;
  const double pe = maxDiff(ref.perAtomEnergy, got.perAtomEnergy);
  const double f = maxDiff(ref.forces, got.forces);
  const double w = (ref.virial - got.virial).cwiseAbs().maxCoeff();
  const double pw = maxDiff(ref.perAtomVirial, got.perAtomVirial);
  const double q = maxDiff(ref.charges, got.charges);
  const double z = maxDiff(ref.bec, got.bec);
  qInfo(
      "energy %.2e (rel) per-atom %.2e forces %.2e virial %.2e per-atom virial %.2e "
      "charges %.2e bec %.2e",
      energyError, pe, f, w, pw, q, z);
  QVERIFY2(energyError <= tol.energy, "energy");
  QVERIFY2(pe <= tol.perAtomEnergy, "per-atom energy");
  QVERIFY2(f <= tol.force, "forces");
  QVERIFY2(w <= tol.virial, "virial");
  QVERIFY2(pw <= tol.virial, "per-atom virial");
  QVERIFY2(q <= tol.charge, "charges");
  QVERIFY2(z <= tol.bec, "bec");
}

/// Positions the list is built at: every atom displaced by less than half the skin.
std::vector<Eigen::Vector3d> displaced(const std::vector<Eigen::Vector3d>& r, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::vector<Eigen::Vector3d> out = r;
  for (auto& x : out) {
    Eigen::Vector3d d(u(rng), u(rng), u(rng));
    x += (0.49 * kSkin * u(rng) * u(rng)) * d.normalized();
  }
  return out;
}

}  // namespace

class TestCudaKernelsOnHost : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;

  static void check(const NepModel& model, const Structure& s, KSpaceMethod kspace,
                    bool displacedList) {
    NepEvaluatorOptions options;
    options.kspace = kspace;
    const ForceResult ref = test::evaluate(std::make_shared<const NepModel>(model), s, options);
    const auto listAt = displacedList ? displaced(s.positions, 7) : s.positions;
    qInfo("double:");
    compare(ref, hostEvaluate<double>(model, s, kspace, listAt), kDouble);
    if (QTest::currentTestFailed()) return;
    qInfo("float:");
    compare(ref, hostEvaluate<float>(model, s, kspace, listAt), kFloat);
  }

 private slots:
  void goldenCases_data() {
    QTest::addColumn<QString>("folder");
    QTest::addColumn<int>("kspace");
    if (test::goldenDir().isEmpty()) return;
    for (const QString& c : test::goldenCases()) {
      const QString name = QFileInfo(c).fileName();
      QTest::newRow(qPrintable(name + "/ewald")) << c << int(KSpaceMethod::Ewald);
      if (name.startsWith("qnep"))
        QTest::newRow(qPrintable(name + "/pppm")) << c << int(KSpaceMethod::Pppm);
    }
  }
  void goldenCases() {
    if (test::goldenDir().isEmpty()) QFAIL("no golden data (set SEI_GOLDEN_DIR)");
    QFETCH(QString, folder);
    QFETCH(int, kspace);
    const QDir dir(folder);
    const NepModel model = readNepModel(dir.filePath("nep.txt").toStdString());
    const Structure s = readExtXyz(dir.filePath("model.xyz").toStdString());
    check(model, s, static_cast<KSpaceMethod>(kspace), true);
  }

  void modelVariants_data() { test::addVariantCellRows(); }
  // The test cells are thinner than twice the cutoff: atoms see their own images.
  void modelVariants() {
    QFETCH(QString, variant);
    QFETCH(bool, triclinic);
    const test::VariantCase c = test::variantCase(dir_.path(), variant, triclinic, 32, 11);
    check(*c.model, c.structure, KSpaceMethod::Ewald, true);
    if (!QTest::currentTestFailed() && c.model->hasCharges())
      check(*c.model, c.structure, KSpaceMethod::Pppm, false);
  }

  void neighbourListMatchesCpu_data() {
    QTest::addColumn<bool>("binnedOnDevice");
    QTest::newRow("host binning") << false;
    QTest::newRow("device binning") << true;
  }
  // A list built at the current positions must hold exactly the pairs of the CPU list, and in
  // the same order whichever side binned the atoms. Some atoms sit images away from the cell.
  void neighbourListMatchesCpu() {
    QFETCH(bool, binnedOnDevice);
    const test::RandomModelSpec spec = test::modelVariant("nep4");
    Structure s = test::randomStructure(spec.elements, 40, test::testCell(true), 5);
    for (std::size_t i = 0; i < s.size(); i += 3)
      s.positions[i] += s.cell.matrix() * Eigen::Vector3d(i % 2 ? 1 : -2, 1, i % 5 ? 0 : 3);
    const double cutoff = 5.0;
    NeighborList cpu;
    buildNeighborList(s.cell, s.positions, cutoff + kSkin, cpu);
    const HostList gpu(s.cell, s.positions, s.positions, cutoff, binnedOnDevice);
    if (binnedOnDevice) {
      const HostList host(s.cell, s.positions, s.positions, cutoff);
      QVERIFY(gpu.index == host.index);
      QVERIFY(gpu.shift == host.shift);
    }
    std::size_t pairs = 0;
    for (int i = 0; i < static_cast<int>(s.size()); ++i) {
      QCOMPARE(static_cast<std::size_t>(gpu.count[i]), cpu.end(i) - cpu.begin(i));
      for (int slot = 0; slot < gpu.count[i]; ++slot) {
        int j;
        double d[3];
        pairDisplacement(gpu.view, i, slot, j, d);
        bool found = false;
        for (std::size_t p = cpu.begin(i); p < cpu.end(i) && !found; ++p)
          found = cpu.index[p] == j &&
                  (cpu.displacement[p] - Eigen::Vector3d(d[0], d[1], d[2])).norm() < 1e-12;
        QVERIFY2(found, qPrintable(QString("atom %1 slot %2").arg(i).arg(slot)));
        ++pairs;
      }
    }
    QVERIFY(pairs > 40 * 20);
  }

  // The device computes the influence function point by point (pppmInfluenceKernel's index
  // decomposition and alias factors), the host with per-direction tables: the same numbers.
  void influenceFunctionPointByPoint() {
    Eigen::Matrix3d h;
    h << 17.1, 2.3, -1.1, 0.0, 15.4, 3.2, 0.4, 0.0, 12.7;
    const Cell cell(h, {true, true, true});
    const std::array<int, 3> mesh = PppmSolver::meshSize(cell);
    const PppmGrid grid{mesh, pppm::kGpumdOrder};
    PppmInfluence host;
    computePppmInfluence(grid, cell, 0.78, 2.0 * M_PI, host);
    const pppm::InfluenceGeometry g = influenceGeometry(grid, cell, 0.78, 2.0 * M_PI);
    const long h0 = mesh[0] / 2 + 1, half = h0 * mesh[1] * mesh[2];
    QCOMPARE(host.gEven.size(), static_cast<std::size_t>(half));
    for (long p = 0; p < half; ++p) {
      const int index[3] = {static_cast<int>(p % h0), static_cast<int>(p / h0 % mesh[1]),
                            static_cast<int>(p / h0 / mesh[1])};
      double alias = 1.0;
      for (int d = 0; d < 3; ++d)
        alias *= pppm::aliasFactor(g.alias, pppm::foldFrequency(index[d], mesh[d]), mesh[d]);
      double gEven, kgOdd[3], wShape[6];
      pppm::influenceAt(g, index[0], index[1], index[2], alias, &gEven, kgOdd, wShape);
      QCOMPARE(gEven, host.gEven[p]);
      for (int a = 0; a < 3; ++a) QCOMPARE(kgOdd[a], host.kgOdd[3 * p + a]);
      for (int c = 0; c < 6; ++c) QCOMPARE(wShape[c], host.wShape[6 * p + c]);
    }
  }

  // PPPM at the orders an accuracy chooses (3 at 1e-2, 7 at 1e-7 here): the kernel bodies give
  // the CPU solver's potential, forces and energy.
  void pppmKernelsAtChosenOrders() {
    Eigen::Matrix3d h;
    h << 13.1, 2.3, -1.1, 0.0, 11.4, 3.2, 0.4, 0.0, 15.7;
    const Cell cell(h, {true, true, true});
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const int n = 60;
    std::vector<Eigen::Vector3d> r(n);
    std::vector<double> position, charges(n);
    for (int i = 0; i < n; ++i) {
      r[i] = h * Eigen::Vector3d(unit(rng), unit(rng), unit(rng));
      position.insert(position.end(), r[i].data(), r[i].data() + 3);
      charges[i] = i % 2 ? 0.7 : -0.7;
    }
    const double alpha = 0.55;
    std::set<int> orders;
    for (double accuracy : {1e-2, 1e-7}) {
      PppmSolver solver(accuracy);
      ElectrostaticTerms cpu;
      cpu.reset(n, false);
      solver.compute(cell, r, charges, alpha, cpu);
      orders.insert(solver.grid().order);
      qInfo("%s", solver.summary().c_str());
      std::vector<double> energy(n, 0.0), force(3 * n, 0.0), virial(9 * n, 0.0), potential(n);
      hostPppm(cell, solver.grid(), alpha, position, charges,
               {energy.data(), force.data(), virial.data(), potential.data()});
      double sum = 0.0;
      for (double e : energy) sum += e;
      QVERIFY(std::abs(sum - cpu.energy) < 1e-12 * std::abs(cpu.energy));
      for (int i = 0; i < n; ++i) {
        QVERIFY(std::abs(potential[i] - cpu.potential[i]) < 1e-12);
        for (int a = 0; a < 3; ++a) QVERIFY(std::abs(force[3 * i + a] - cpu.forces[i][a]) < 1e-11);
      }
    }
    QVERIFY(orders.size() == 2 && !orders.count(pppm::kGpumdOrder));
  }

  void skinCheckFlagsMovedAtoms() {
    const std::vector<double> ref = {0, 0, 0, 1, 1, 1};
    const std::vector<double> now = {0.28, 0.28, 0.28, 1, 1, 1.6};
    const double identity[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    QVERIFY(!movedTooFar(now.data(), ref.data(), 0, 0.5 * kSkin, identity));  // moved 0.485 Å
    QVERIFY(movedTooFar(now.data(), ref.data(), 1, 0.5 * kSkin, identity));   // moved 0.6 Å
    // A cell stretched by 10 % along x carries atom 1 from x = 1 to 1.1 without moving it.
    const std::vector<double> strained = {0, 0, 0, 1.1, 1, 1.6};
    const double back[9] = {1 / 1.1, 0, 0, 0, 1, 0, 0, 0, 1};
    QVERIFY(movedTooFar(strained.data(), ref.data(), 1, 0.5 * kSkin, identity));
    QVERIFY(movedTooFar(strained.data(), ref.data(), 1, 0.5 * kSkin, back));  // still 0.6 in z
    const std::vector<double> stretchedOnly = {0, 0, 0, 1.1, 1, 1};
    QVERIFY(!movedTooFar(stretchedOnly.data(), ref.data(), 1, 0.01, back));
  }

  // The worst case of the strained-list criterion (NPT keeps the list while the cell strains):
  // two atoms just outside cutoff + skin along x, the cell compressed along x, both atoms moved
  // towards each other by the allowed distance δ (in the built cell). The pair, absent from the
  // list, must still be beyond the cutoff; moved by δ + skin·e (the bound's slack in this
  // geometry) more, it comes within the cutoff, and the displacement check must then call for
  // a rebuild.
  void strainedListKeepsEveryPairWithinTheCutoff() {
    const double cutoff = 4.0, e = 0.02, gap = 1e-3;
    const Cell built(Eigen::Matrix3d::Identity() * 20.0, {true, true, true});
    const Eigen::Matrix3d strain = Eigen::Vector3d(1.0 - e, 1.0, 1.0).asDiagonal();
    const Cell now(strain * built.matrix(), {true, true, true});
    const std::vector<Eigen::Vector3d> start = {{5, 10, 10}, {5 + cutoff + kSkin + gap, 10, 10}};
    const double limit = strainedMoveLimit(built.matrix(), now.matrix(), cutoff, kSkin);
    QVERIFY(std::abs(limit - 0.5 * (kSkin - (cutoff + kSkin) * e)) < 1e-12);
    const Eigen::Matrix<double, 3, 3, Eigen::RowMajor> toReference =
        built.matrix() * now.matrix().inverse();
    auto movedBy = [&](double delta) {
      std::vector<Eigen::Vector3d> r = start;
      r[0].x() += delta;
      r[1].x() -= delta;
      for (auto& x : r) x = strain * x;
      return r;
    };
    auto pairsWithinCutoff = [&](const std::vector<Eigen::Vector3d>& r) {
      HostList list(built, start, r, cutoff);
      for (int k = 0; k < 9; ++k) list.view.h[k] = now.matrix()(k / 3, k % 3);
      int pairs = 0;
      forEachPair<double>(list.view, 0, [&](int, const double*, double d) { pairs += d < cutoff; });
      return pairs;
    };
    const double delta = limit * (1.0 - 1e-9);
    const std::vector<Eigen::Vector3d> atLimit = movedBy(delta);
    std::vector<double> flatStart, flatNow;
    for (int i = 0; i < 2; ++i)
      for (int a = 0; a < 3; ++a) {
        flatStart.push_back(start[i][a]);
        flatNow.push_back(atLimit[i][a]);
      }
    QVERIFY(!movedTooFar(flatNow.data(), flatStart.data(), 0, limit, toReference.data()));
    QVERIFY((atLimit[1] - atLimit[0]).norm() > cutoff);
    QCOMPARE(pairsWithinCutoff(atLimit), 0);

    const std::vector<Eigen::Vector3d> beyond = movedBy(limit + kSkin * e);
    QVERIFY((beyond[1] - beyond[0]).norm() < cutoff);
    for (int a = 0; a < 3; ++a) flatNow[a] = beyond[0][a];
    QVERIFY(movedTooFar(flatNow.data(), flatStart.data(), 0, limit, toReference.data()));
  }
};

QTEST_APPLESS_MAIN(TestCudaKernelsOnHost)
#include "TestCudaKernelsOnHost.moc"
