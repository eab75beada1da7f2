#include "kspace/Pppm.hpp"

#include <fftw3.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <mutex>

#include "core/OrderedSum.hpp"
#include "kspace/PppmMath.hpp"

namespace sei {
namespace {

// The planner, fftw_plan_with_nthreads and fftw_destroy_plan touch FFTW's global state; only
// fftw_execute* may run concurrently, so separate solver instances serialise the rest here.
std::mutex& plannerMutex() {
  static std::mutex mutex;
  return mutex;
}

void initFftwThreads() {
#ifdef SEI_HAVE_FFTW_OMP
  static std::once_flag once;
  std::call_once(once, [] { fftw_init_threads(); });
#endif
}

struct FftwFree {
  void operator()(void* p) const { fftw_free(p); }
};
template <class T>
using FftwBuffer = std::unique_ptr<T[], FftwFree>;

template <class T>
FftwBuffer<T> allocate(std::size_t count) {
  return FftwBuffer<T>(static_cast<T*>(fftw_malloc(sizeof(T) * count)));
}

using pppm::foldFrequency;

}  // namespace

pppm::InfluenceGeometry influenceGeometry(const PppmGrid& grid, const Cell& cell, double alpha,
                                          double twoPi) {
  const Eigen::Matrix3d& h = cell.matrix();
  const double det = h.determinant();
  Eigen::Matrix3d b;  // reciprocal vectors as columns, b_d·a_e = 2π δ_de
  for (int d = 0; d < 3; ++d) b.col(d) = twoPi * h.col((d + 1) % 3).cross(h.col((d + 2) % 3)) / det;
  pppm::InfluenceGeometry g{};
  for (int d = 0; d < 3; ++d) g.mesh[d] = grid.mesh[d];
  for (int k = 0; k < 9; ++k) g.b[k] = b(k / 3, k % 3);
  g.prefactor = twoPi / std::abs(det);  // full k space, no factor 2
  g.inverse4Alpha2 = 1.0 / (4.0 * alpha * alpha);
  g.alias = pppm::aliasPolynomial(grid.order);
  return g;
}

void computePppmInfluence(const PppmGrid& grid, const Cell& cell, double alpha, double twoPi,
                          PppmInfluence& out) {
  const std::array<int, 3>& mesh = grid.mesh;
  const pppm::InfluenceGeometry g = influenceGeometry(grid, cell, alpha, twoPi);
  const int k1 = mesh[1], k2 = mesh[2], h0 = mesh[0] / 2 + 1;
  std::array<std::vector<double>, 3> alias;
  for (int d = 0; d < 3; ++d) {
    alias[d].resize(mesh[d]);
    for (int i = 0; i < mesh[d]; ++i)
      alias[d][i] = pppm::aliasFactor(g.alias, foldFrequency(i, mesh[d]), mesh[d]);
  }
  const std::size_t size = static_cast<std::size_t>(h0) * k1 * k2;
  out.gEven.resize(size);
  out.kgOdd.resize(3 * size);
  out.wShape.resize(6 * size);
#pragma omp parallel for schedule(static)
  for (int i2 = 0; i2 < k2; ++i2)
    for (int i1 = 0; i1 < k1; ++i1)
      for (int c0 = 0; c0 < h0; ++c0) {
        const std::size_t p =
            c0 + static_cast<std::size_t>(h0) * (i1 + static_cast<std::size_t>(k1) * i2);
        pppm::influenceAt(g, c0, i1, i2, alias[0][c0] * alias[1][i1] * alias[2][i2], &out.gEven[p],
                          &out.kgOdd[3 * p], &out.wShape[6 * p]);
      }
}

struct PppmSolver::Impl {
  KSpaceResolution resolution;
  std::array<int, 3> mesh{0, 0, 0};  ///< K_0, K_1, K_2
  int order = pppm::kGpumdOrder;     ///< assignment order P
  int planThreads = 0;
  fftw_plan forward = nullptr;   ///< r2c, ρ → Ŝ
  fftw_plan backward = nullptr;  ///< c2r, planned work → fields[0], run on every field

  FftwBuffer<double> rho;                    ///< charge mesh ρ_m, e
  FftwBuffer<fftw_complex> rhoHat;           ///< Ŝ(ν) on the half spectrum, e
  FftwBuffer<fftw_complex> work;             ///< spectrum handed to c2r, which destroys it
  std::array<FftwBuffer<double>, 4> fields;  ///< Re φ_m (Å⁻¹·e), Re ε^a_m (Å⁻²·e)
  /// IDFT of the virial shape times Ŝ (Å⁻¹·e, xx yy zz xy xz yz), only for per-atom virials.
  std::array<FftwBuffer<double>, 6> virialFields;

  // Influence function on the stored half spectrum, valid for influenceCell/influenceAlpha.
  bool influenceValid = false;
  Eigen::Matrix3d influenceCell = Eigen::Matrix3d::Zero();
  double influenceAlpha = 0.0;
  PppmInfluence influence;

  // Per-atom stencils of the current call.
  std::vector<std::array<int, 3>> stencilBase;  ///< first of the P mesh indices, wrapped
  std::vector<double> stencilWeights;           ///< 3 × P weights per atom
  std::vector<int> blockStart, blockAtoms;      ///< atoms bucketed by blocks of planes along K_2

  std::size_t realSize() const { return static_cast<std::size_t>(mesh[0]) * mesh[1] * mesh[2]; }
  std::size_t halfSize() const {
    return static_cast<std::size_t>(mesh[0] / 2 + 1) * mesh[1] * mesh[2];
  }

  void destroyPlans() {
    std::lock_guard<std::mutex> lock(plannerMutex());
    if (forward) fftw_destroy_plan(forward);
    if (backward) fftw_destroy_plan(backward);
    forward = backward = nullptr;
  }

  ~Impl() { destroyPlans(); }

  void prepareMesh(const PppmGrid& grid, int threads);
  void updateInfluence(const Cell& cell, double alpha, double twoPi);
  void assignCharges(const Cell& cell, const std::vector<Eigen::Vector3d>& positions,
                     const std::vector<double>& charges);
  /// The mesh of atom i's stencil weights applied to `fields` (count of them): out[f] =
  /// Σ_m W_im field_f(m).
  template <int Count>
  void interpolate(std::size_t i, const double* const* fields, double* out) const;
};

template <int Count>
void PppmSolver::Impl::interpolate(std::size_t i, const double* const* values, double* out) const {
  const int k0 = mesh[0], k1 = mesh[1], k2 = mesh[2];
  const int p = order;
  const double* wt = &stencilWeights[3 * p * i];
  const std::array<int, 3>& base = stencilBase[i];
  for (int f = 0; f < Count; ++f) out[f] = 0.0;
  for (int j2 = 0; j2 < p; ++j2) {
    int m2 = base[2] + j2;
    if (m2 >= k2) m2 -= k2;
    for (int j1 = 0; j1 < p; ++j1) {
      int m1 = base[1] + j1;
      if (m1 >= k1) m1 -= k1;
      const double w12 = wt[2 * p + j2] * wt[p + j1];
      const std::size_t row =
          static_cast<std::size_t>(k0) * (m1 + static_cast<std::size_t>(k1) * m2);
      for (int j0 = 0; j0 < p; ++j0) {
        int m0 = base[0] + j0;
        if (m0 >= k0) m0 -= k0;
        const double wm = w12 * wt[j0];
        for (int f = 0; f < Count; ++f) out[f] += wm * values[f][row + m0];
      }
    }
  }
}

void PppmSolver::Impl::prepareMesh(const PppmGrid& grid, int threads) {
  if (grid.order != order) influenceValid = false;
  order = grid.order;
  const std::array<int, 3>& newMesh = grid.mesh;
  if (newMesh == mesh && threads == planThreads && forward && backward) return;
  destroyPlans();
  if (newMesh != mesh) {
    mesh = newMesh;
    rho = allocate<double>(realSize());
    rhoHat = allocate<fftw_complex>(halfSize());
    work = allocate<fftw_complex>(halfSize());
    for (auto& f : fields) f = allocate<double>(realSize());
    for (auto& f : virialFields) f.reset();
    influenceValid = false;
  }
  planThreads = threads;

  // FFTW is row-major with the last index fastest, so (K_2, K_1, K_0) gives m₀ fastest as in
  // the spec's m = m₀ + K₀(m₁ + K₁m₂). FFTW_ESTIMATE: FFTW_MEASURE planning takes ~1 s
  // for a 128³ mesh and gained no more than ~10 % per transform in our timings.
  initFftwThreads();
  std::lock_guard<std::mutex> lock(plannerMutex());
#ifdef SEI_HAVE_FFTW_OMP
  fftw_plan_with_nthreads(threads);
#endif
  forward = fftw_plan_dft_r2c_3d(mesh[2], mesh[1], mesh[0], rho.get(), rhoHat.get(), FFTW_ESTIMATE);
  backward =
      fftw_plan_dft_c2r_3d(mesh[2], mesh[1], mesh[0], work.get(), fields[0].get(), FFTW_ESTIMATE);
}

void PppmSolver::Impl::updateInfluence(const Cell& cell, double alpha, double twoPi) {
  const Eigen::Matrix3d& h = cell.matrix();
  if (influenceValid && h == influenceCell && alpha == influenceAlpha) return;
  computePppmInfluence({mesh, order}, cell, alpha, twoPi, influence);
  influenceCell = h;
  influenceAlpha = alpha;
  influenceValid = true;
}

void PppmSolver::Impl::assignCharges(const Cell& cell,
                                     const std::vector<Eigen::Vector3d>& positions,
                                     const std::vector<double>& charges) {
  const std::size_t n = positions.size();
  const Eigen::Matrix3d& hInv = cell.inverse();
  stencilBase.resize(n);
  const int p = order;
  stencilWeights.resize(3 * p * n);
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) {
    const Eigen::Vector3d s = hInv * positions[i];
    for (int d = 0; d < 3; ++d)
      stencilBase[i][d] = pppm::stencil(s[d], mesh[d], p, &stencilWeights[3 * p * i + p * d]);
  }

  // Blocks of at least max(4, P − 1) planes along K_2 (the last one takes the planes left
  // over), an atom belonging to the block of its stencil's plane P/2: the stencil reaches P/2
  // planes below and P − 1 − P/2 above, so only neighbouring blocks touch the same points, and
  // spreading blocks of equal parity at once needs neither locks nor per-thread meshes. With an
  // odd number of blocks the last one neighbours block 0 across the periodic boundary and gets
  // a sweep of its own (meshes chosen for an accuracy need not have K_2 divisible by 8). The
  // order of additions does not depend on the thread count.
  const int k2 = mesh[2];
  const int width = std::max(4, p - 1);
  const int numBlocks = std::max(1, k2 / width);
  blockStart.assign(numBlocks + 1, 0);
  blockAtoms.resize(n);
  auto blockOf = [&](std::size_t i) {
    return std::min(((stencilBase[i][2] + p / 2) % k2) / width, numBlocks - 1);
  };
  for (std::size_t i = 0; i < n; ++i) ++blockStart[blockOf(i) + 1];
  for (int b = 0; b < numBlocks; ++b) blockStart[b + 1] += blockStart[b];
  {
    std::vector<int> fill(blockStart.begin(), blockStart.end() - 1);
    for (std::size_t i = 0; i < n; ++i) blockAtoms[fill[blockOf(i)]++] = static_cast<int>(i);
  }

  double* mesh3 = rho.get();
  const std::size_t size = realSize();
#pragma omp parallel for schedule(static)
  for (std::size_t m = 0; m < size; ++m) mesh3[m] = 0.0;
  const int k0 = mesh[0], k1 = mesh[1];
  const bool lastAlone = numBlocks % 2 == 1 && numBlocks > 1;
  const int pairedBlocks = lastAlone ? numBlocks - 1 : numBlocks;
  for (int sweep = 0; sweep < (lastAlone ? 3 : 2); ++sweep) {
    const int first = sweep < 2 ? sweep : numBlocks - 1;
    const int end = sweep < 2 ? pairedBlocks : numBlocks;
#pragma omp parallel for schedule(dynamic, 1)
    for (int b = first; b < end; b += 2)
      for (int a = blockStart[b]; a < blockStart[b + 1]; ++a) {
        const int i = blockAtoms[a];
        const double q = charges[i];
        const double* w = &stencilWeights[3 * p * static_cast<std::size_t>(i)];
        const std::array<int, 3>& base = stencilBase[i];
        for (int j2 = 0; j2 < p; ++j2) {
          int m2 = base[2] + j2;
          if (m2 >= k2) m2 -= k2;
          const double w2 = q * w[2 * p + j2];
          for (int j1 = 0; j1 < p; ++j1) {
            int m1 = base[1] + j1;
            if (m1 >= k1) m1 -= k1;
            const double w12 = w2 * w[p + j1];
            double* row =
                mesh3 + static_cast<std::size_t>(k0) * (m1 + static_cast<std::size_t>(k1) * m2);
            for (int j0 = 0; j0 < p; ++j0) {
              int m0 = base[0] + j0;
              if (m0 >= k0) m0 -= k0;
              row[m0] += w12 * w[j0];
            }
          }
        }
      }
  }
}

PppmSolver::PppmSolver(double accuracy) : impl_(std::make_unique<Impl>()) {
  impl_->resolution = KSpaceResolution(accuracy);
}
PppmSolver::~PppmSolver() = default;

const std::string& PppmSolver::summary() const { return impl_->resolution.summary(); }

PppmGrid PppmSolver::grid() const { return {impl_->mesh, impl_->order}; }

void PppmSolver::compute(const Cell& cell, const std::vector<Eigen::Vector3d>& positions,
                         const std::vector<double>& charges, double alpha,
                         ElectrostaticTerms& terms) {
  Impl& s = *impl_;
  const std::size_t n = positions.size();
  // Exact 2π, not GPUMD's literal 6.2831853 that EwaldSolver keeps: with the exact value the
  // golden pppm_reimpl/ data are reproduced to their 11 printed digits, with the literal only
  // to ~4e-9 relative.
  const double twoPi = 2.0 * M_PI;
  const double ke = kCoulomb;

  s.prepareMesh(s.resolution.pppmGrid(cell, alpha, charges), omp_get_max_threads());
  s.updateInfluence(cell, alpha, twoPi);
  s.assignCharges(cell, positions, charges);
  fftw_execute(s.forward);

  const int k0 = s.mesh[0], h0 = k0 / 2 + 1;
  const std::size_t half = s.halfSize();
  const fftw_complex* rhoHat = s.rhoHat.get();

  // Sums over all ν from the half spectrum: points with 0 < ν₀ < K₀/2 stand for ±ν.
  // sums: energy, then the six virial components xx yy zz xy xz yz.
  const auto sums = orderedParallelSum<7>(half, [&](std::size_t p, std::array<double, 7>& acc) {
    const int c0 = static_cast<int>(p % h0);
    const double multiplicity = (c0 == 0 || 2 * c0 == k0) ? 1.0 : 2.0;
    const double s2 = multiplicity * (rhoHat[p][0] * rhoHat[p][0] + rhoHat[p][1] * rhoHat[p][1]);
    acc[0] += s2 * s.influence.gEven[p];
    for (int c = 0; c < 6; ++c) acc[1 + c] += s2 * s.influence.wShape[6 * p + c];
  });
  double energy = sums[0];
  const double* w = &sums[1];
  energy *= ke;
  Eigen::Matrix3d virial;
  virial << w[0], w[3], w[4], w[3], w[1], w[5], w[4], w[5], w[2];
  virial *= ke;

  // Re IDFT(F) = IDFT of the Hermitian part of F; for G·Ŝ that is ½[G(ν)+G(−ν)]·Ŝ,
  // for −ik^aG·Ŝ it is −i·½[k^a(ν)G(ν) − k^a(−ν)G(−ν)]·Ŝ. Both are
  // Hermitian, so c2r is exact.
  fftw_complex* work = s.work.get();
  for (int f = 0; f < 4; ++f) {
#pragma omp parallel for schedule(static)
    for (std::size_t p = 0; p < half; ++p) {
      if (f == 0) {
        work[p][0] = s.influence.gEven[p] * rhoHat[p][0];
        work[p][1] = s.influence.gEven[p] * rhoHat[p][1];
      } else {
        const double kg = s.influence.kgOdd[3 * p + f - 1];
        work[p][0] = kg * rhoHat[p][1];
        work[p][1] = -kg * rhoHat[p][0];
      }
    }
    fftw_execute_dft_c2r(s.backward, work, s.fields[f].get());
  }

  const bool perAtomVirial = !terms.perAtomVirial.empty();
  const bool resolvedVirial = perAtomVirial && terms.atomResolved;
  if (resolvedVirial) {
    // LAMMPS' vflag_atom: the six components' fields, W_i = k_e q_i Σ_m W_im v_m.
    for (int c = 0; c < 6; ++c) {
      if (!s.virialFields[c]) s.virialFields[c] = allocate<double>(s.realSize());
#pragma omp parallel for schedule(static)
      for (std::size_t p = 0; p < half; ++p) {
        const double shape = s.influence.wShape[6 * p + c];
        work[p][0] = shape * rhoHat[p][0];
        work[p][1] = shape * rhoHat[p][1];
      }
      fftw_execute_dft_c2r(s.backward, work, s.virialFields[c].get());
    }
  }
  const double energyShare = n > 0 ? energy / static_cast<double>(n) : 0.0;
  const Eigen::Matrix3d virialShare =
      n > 0 ? Eigen::Matrix3d(virial / static_cast<double>(n)) : Eigen::Matrix3d::Zero();
  const double* fieldOf[4] = {s.fields[0].get(), s.fields[1].get(), s.fields[2].get(),
                              s.fields[3].get()};
  const double* virialOf[6];
  for (int c = 0; c < 6; ++c) virialOf[c] = s.virialFields[c].get();
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) {
    double v[4];  // φ, ε^x, ε^y, ε^z at the atom
    s.interpolate<4>(i, fieldOf, v);
    terms.potential[i] = 2.0 * ke * v[0];
    terms.forces[i] += (2.0 * ke * charges[i]) * Eigen::Vector3d(v[1], v[2], v[3]);
    // ½ q_i φ(r_i): the per-atom energies sum to the mesh energy (E = ½ Σ q_i ∂E/∂q_i).
    terms.perAtomEnergy[i] += terms.atomResolved ? ke * charges[i] * v[0] : energyShare;
    if (resolvedVirial) {
      double w[6];
      s.interpolate<6>(i, virialOf, w);
      Eigen::Matrix3d atom;
      atom << w[0], w[3], w[4], w[3], w[1], w[5], w[4], w[5], w[2];
      terms.perAtomVirial[i] += ke * charges[i] * atom;
    } else if (perAtomVirial) {
      terms.perAtomVirial[i] += virialShare;
    }
  }
  terms.energy += energy;
  terms.virial += virial;
}

std::size_t PppmSolver::memoryBytes() const {
  const Impl& m = *impl_;
  std::size_t virialFields = 0;
  for (const auto& f : m.virialFields) virialFields += f ? 1 : 0;
  return m.realSize() * sizeof(double) * (1 + m.fields.size() + virialFields) +
         m.halfSize() * sizeof(fftw_complex) * 2 +
         (m.influence.gEven.capacity() + m.influence.kgOdd.capacity() +
          m.influence.wShape.capacity() + m.stencilWeights.capacity()) *
             sizeof(double) +
         m.stencilBase.capacity() * sizeof(std::array<int, 3>) +
         (m.blockStart.capacity() + m.blockAtoms.capacity()) * sizeof(int);
}

}  // namespace sei
