#include "builder/Packer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <sstream>

#include "core/Error.hpp"

namespace sei {
namespace {

/// Uniform random rotation (Shoemake's method).
Eigen::Quaterniond randomRotation(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const double u1 = u(rng), u2 = 2 * M_PI * u(rng), u3 = 2 * M_PI * u(rng);
  return Eigen::Quaterniond(std::sqrt(1 - u1) * std::sin(u2), std::sqrt(1 - u1) * std::cos(u2),
                            std::sqrt(u1) * std::sin(u3), std::sqrt(u1) * std::cos(u3));
}

/// Points binned in boxes of at least binSize, periodic in x and y (atoms of the molecules and the
/// fixed atoms by tolerance; ion centres by the ion distance).
class SpatialHash {
 public:
  /// Bins span [zLow, zHigh] in z, or exactly one period of a region periodic in z.
  SpatialHash(const PackingRegion& r, double binSize, double zLow, double zHigh)
      : region_(r), zLow_(r.periodicZ ? r.zMin : zLow) {
    const double height = (r.periodicZ ? r.zMax : zHigh) - zLow_;
    nx_ = std::max(1, static_cast<int>(r.lengthX / binSize));
    ny_ = std::max(1, static_cast<int>(r.lengthY / binSize));
    nz_ = std::max(1, static_cast<int>(height / binSize));
    bz_ = height / nz_;
    bins_.resize(static_cast<std::size_t>(nx_) * ny_ * nz_);
  }
  std::size_t binOf(const Eigen::Vector3d& p) const {
    const int ix = wrap(static_cast<int>(std::floor(p.x() / region_.lengthX * nx_)), nx_);
    const int iy = wrap(static_cast<int>(std::floor(p.y() / region_.lengthY * ny_)), ny_);
    const int rawZ = static_cast<int>(std::floor((p.z() - zLow_) / bz_));
    const int iz = region_.periodicZ ? wrap(rawZ, nz_) : std::clamp(rawZ, 0, nz_ - 1);
    return (static_cast<std::size_t>(iz) * ny_ + iy) * nx_ + ix;
  }
  void insert(int item, const Eigen::Vector3d& p) { bins_[binOf(p)].push_back(item); }
  void erase(int item, const Eigen::Vector3d& p) {
    auto& b = bins_[binOf(p)];
    b.erase(std::find(b.begin(), b.end(), item));
  }
  void move(int item, const Eigen::Vector3d& from, const Eigen::Vector3d& to) {
    const std::size_t a = binOf(from), b = binOf(to);
    if (a == b) return;
    bins_[a].erase(std::find(bins_[a].begin(), bins_[a].end(), item));
    bins_[b].push_back(item);
  }
  /// Calls f(atom) for atoms in the 27 bins around p (each bin once).
  template <class F>
  void forNeighbours(const Eigen::Vector3d& p, F f) const {
    const std::size_t home = binOf(p);
    const int ix = static_cast<int>(home % nx_), iy = static_cast<int>(home / nx_ % ny_);
    const int iz = static_cast<int>(home / nx_ / ny_);
    int visited[27], count = 0;
    for (int dz = -1; dz <= 1; ++dz) {
      const int z = region_.periodicZ ? wrap(iz + dz, nz_) : iz + dz;
      if (z < 0 || z >= nz_) continue;
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const int b = (z * ny_ + wrap(iy + dy, ny_)) * nx_ + wrap(ix + dx, nx_);
          if (std::find(visited, visited + count, b) != visited + count) continue;
          visited[count++] = b;
          for (int atom : bins_[b]) f(atom);
        }
    }
  }

 private:
  static int wrap(int i, int n) { return ((i % n) + n) % n; }
  PackingRegion region_;
  double zLow_, bz_;
  int nx_, ny_, nz_;
  std::vector<std::vector<int>> bins_;
};

/// Molecules as rigid bodies; atoms are their images.
struct Body {
  int species;
  Eigen::Vector3d centre;  ///< Å
  Eigen::Quaterniond rotation;
  int firstAtom;
  bool ion;
};

/// The packing state and its Monte Carlo optimisation.
class Packing {
 public:
  Packing(const std::vector<Molecule>& species, const std::vector<int>& counts,
          const PackingRegion& region, const std::vector<Eigen::Vector3d>& fixed,
          const PackingSpec& spec)
      : species_(species),
        region_(region),
        fixed_(fixed),
        spec_(spec),
        rng_(spec.seed),
        atomHash_(region, binSize(spec), zLow(region, fixed, binSize(spec)),
                  zHigh(region, fixed, binSize(spec))),
        ionHash_(region, std::max(spec.ionDistance, 1.0), region.zMin - 1.0, region.zMax + 1.0) {
    for (std::size_t s = 0; s < species.size(); ++s)
      for (int c = 0; c < counts[s]; ++c) {
        bodies_.push_back({static_cast<int>(s), Eigen::Vector3d::Zero(),
                           Eigen::Quaterniond::Identity(), static_cast<int>(out_.symbols.size()),
                           species[s].charge != 0 && spec.ionDistance > 0.0});
        for (const auto& sym : species[s].symbols) {
          out_.symbols.push_back(sym);
          out_.molecule.push_back(static_cast<int>(bodies_.size()) - 1);
        }
      }
    numAtoms_ = static_cast<int>(out_.symbols.size());
    out_.positions.resize(numAtoms_);
    // Fixed atoms carry indices numAtoms_.. so they are told apart from molecule atoms.
    for (std::size_t f = 0; f < fixed.size(); ++f)
      atomHash_.insert(numAtoms_ + static_cast<int>(f), fixed[f]);
    stamp_.assign(bodies_.size(), -1);
  }

  void placeOnGrid() {
    // Jittered grid of starting centres, shuffled, so molecules start spread out.
    const PackingRegion& r = region_;
    const double height = r.zMax - r.zMin;
    const double spacing =
        std::cbrt(r.lengthX * r.lengthY * height / std::max<std::size_t>(bodies_.size(), 1));
    const int gx = std::max(1, static_cast<int>(std::ceil(r.lengthX / spacing)));
    const int gy = std::max(1, static_cast<int>(std::ceil(r.lengthY / spacing)));
    const int gz = std::max(1, static_cast<int>(std::ceil(height / spacing)));
    std::vector<Eigen::Vector3d> sites;
    for (int z = 0; z < gz; ++z)
      for (int y = 0; y < gy; ++y)
        for (int x = 0; x < gx; ++x)
          sites.emplace_back((x + 0.5) * r.lengthX / gx, (y + 0.5) * r.lengthY / gy,
                             r.zMin + (z + 0.5) * height / gz);
    const std::size_t gridSites = sites.size();
    while (sites.size() < bodies_.size()) sites.push_back(sites[sites.size() % gridSites]);
    std::shuffle(sites.begin(), sites.end(), rng_);
    std::vector<Eigen::Vector3d> atoms;
    for (std::size_t b = 0; b < bodies_.size(); ++b) {
      Body& body = bodies_[b];
      body.centre = sites[b] + (unit(rng_) - 0.5) * 0.2 * spacing * Eigen::Vector3d::Ones();
      body.centre.z() = std::clamp(body.centre.z(), r.zMin, r.zMax);
      body.rotation = randomRotation(rng_);
      place(body, atoms);
      for (std::size_t a = 0; a < atoms.size(); ++a) {
        out_.positions[body.firstAtom + a] = atoms[a];
        atomHash_.insert(body.firstAtom + static_cast<int>(a), atoms[a]);
      }
      if (body.ion) ionHash_.insert(static_cast<int>(b), body.centre);
    }
  }

  /// Runs sweeps until no close contact remains; returns the contacts left. Molecules in
  /// conflict try moves that do not raise the penalty; their neighbours drift the same way, which
  /// opens room. A molecule that has stayed in conflict for kKickAfter sweeps is kicked out of
  /// its local minimum: a random jump accepted whatever it costs, and every kReinsertAfter
  /// sweeps a reinsertion at the best of several random places. (Tuned on DME and EC films:
  /// larger or more frequent kicks stir up more conflicts than they solve.)
  int optimise() {
    constexpr int kKickAfter = 20, kReinsertAfter = 5 * kKickAfter;
    std::vector<int> active(bodies_.size());
    std::iota(active.begin(), active.end(), 0);
    std::vector<int> age(bodies_.size(), 0);  // consecutive sweeps in conflict
    int best = std::numeric_limits<int>::max(), sinceBest = 0;
    std::vector<Eigen::Vector3d> atoms, trial, push;
    std::vector<int> touched;
    for (int sweep = 0; sweep < spec_.maxSweeps && !active.empty(); ++sweep) {
      if (spec_.control && spec_.control->cancelled()) throw BuildCancelled();
      std::shuffle(active.begin(), active.end(), rng_);
      std::vector<int> next;
      int conflicted = 0;
      for (int b : active) {
        place(bodies_[b], atoms);
        double now = penalty(b, bodies_[b].centre, atoms);
        const bool inConflict = now > 0.0;
        if (!inConflict) age[b] = 0;
        if (inConflict && ++age[b] % kKickAfter == 0) {
          const Body candidate = age[b] % kReinsertAfter == 0
                                     ? bestReinsertion(b, trial)
                                     : trialMove(bodies_[b], false, 0.3 * spec_.tolerance);
          place(candidate, trial);
          move(b, candidate, trial);
          now = penalty(b, candidate.centre, trial);
        }
        // In conflict: first along the way out of the overlaps, then random steps of shrinking
        // size, last a reinsertion. Otherwise a couple of small steps (drift).
        const int trials = inConflict ? 8 : 2;
        for (int t = 0; t < trials && (now > 0.0 || !inConflict); ++t) {
          Body candidate;
          if (inConflict && t == 0) {
            place(bodies_[b], atoms);
            Probe probe;
            probe.push = &push;
            penalty(b, bodies_[b].centre, atoms, &probe);
            candidate = pushedMove(bodies_[b], atoms, probe);
          } else {
            const double step = 0.3 * spec_.tolerance * std::pow(0.5, (t + 2) % 3);
            candidate = trialMove(bodies_[b], inConflict && t == trials - 1, step);
          }
          place(candidate, trial);
          const double p = penalty(b, candidate.centre, trial);
          if (p <= now) {
            move(b, candidate, trial);
            now = p;
          }
        }
        if (now == 0.0) continue;
        // Everyone near a molecule still in conflict moves next sweep.
        touched.clear();
        place(bodies_[b], atoms);
        Probe probe;
        probe.touched = &touched;
        penalty(b, bodies_[b].centre, atoms, &probe);
        ++conflicted;
        touched.push_back(b);
        for (int o : touched)
          if (stamp_[o] != sweep) {
            stamp_[o] = sweep;
            next.push_back(o);
          }
      }
      active.swap(next);
      if (spec_.control)
        spec_.control->report("packing", 1.0 - static_cast<double>(active.size()) / bodies_.size());
      if (conflicted < best) {
        best = conflicted;
        sinceBest = 0;
      } else if (++sinceBest > spec_.patience) {
        break;
      }
    }
    return countViolations();
  }

  /// Close contacts over every molecule, so success means the guarantee holds.
  int countViolations() {
    int violations = 0;
    fixedOrWallViolations_ = 0;
    std::vector<Eigen::Vector3d> atoms;
    for (int b = 0; b < static_cast<int>(bodies_.size()); ++b) {
      place(bodies_[b], atoms);
      Probe probe;
      probe.violations = &violations;
      penalty(b, bodies_[b].centre, atoms, &probe);
    }
    return violations / 2 + fixedOrWallViolations_;
  }

  PackedAtoms result() {
    for (auto& r : out_.positions) wrapPeriodic(r);
    return std::move(out_);
  }
  std::size_t numBodies() const { return bodies_.size(); }

 private:
  static double binSize(const PackingSpec& s) { return std::max(s.tolerance, s.fixedTolerance); }
  static double zLow(const PackingRegion& r, const std::vector<Eigen::Vector3d>& fixed,
                     double bin) {
    double z = r.zMin - bin;
    for (const auto& f : fixed) z = std::min(z, f.z());
    return z - bin;
  }
  static double zHigh(const PackingRegion& r, const std::vector<Eigen::Vector3d>& fixed,
                      double bin) {
    double z = r.zMax + bin;
    for (const auto& f : fixed) z = std::max(z, f.z());
    return z + bin;
  }

  void place(const Body& b, std::vector<Eigen::Vector3d>& atoms) const {
    const Molecule& m = species_[b.species];
    atoms.resize(m.size());
    for (std::size_t a = 0; a < m.size(); ++a) atoms[a] = b.centre + b.rotation * m.positions[a];
  }
  Eigen::Vector3d minimumImage(Eigen::Vector3d d) const {
    d.x() -= region_.lengthX * std::round(d.x() / region_.lengthX);
    d.y() -= region_.lengthY * std::round(d.y() / region_.lengthY);
    if (region_.periodicZ) d.z() -= height() * std::round(d.z() / height());
    return d;
  }
  double height() const { return region_.zMax - region_.zMin; }
  /// Wraps a point's periodic coordinates into the region.
  void wrapPeriodic(Eigen::Vector3d& c) const {
    c.x() -= region_.lengthX * std::floor(c.x() / region_.lengthX);
    c.y() -= region_.lengthY * std::floor(c.y() / region_.lengthY);
    if (region_.periodicZ) c.z() -= height() * std::floor((c.z() - region_.zMin) / height());
  }

  /// What a penalty evaluation can report besides the penalty.
  struct Probe {
    int* violations = nullptr;                     ///< pairs between molecules count once per side
    std::vector<int>* touched = nullptr;           ///< molecules within twice the tolerance
    std::vector<Eigen::Vector3d>* push = nullptr;  ///< per atom, Å: the way out of its overlaps
    Eigen::Vector3d centrePush = Eigen::Vector3d::Zero();  ///< Å, out of ion-distance overlaps
  };

  /// Penalty of one molecule (at `centre` with atoms `atoms`) against everything else; contacts
  /// with walls and fixed atoms are counted in fixedOrWallViolations_ when probe->violations is
  /// set.
  double penalty(int body, const Eigen::Vector3d& centre, const std::vector<Eigen::Vector3d>& atoms,
                 Probe* probe = nullptr) {
    const double tol = spec_.tolerance, fixedTol = spec_.fixedTolerance;
    const bool counting = probe && probe->violations;
    if (probe && probe->push) probe->push->assign(atoms.size(), Eigen::Vector3d::Zero());
    double p = 0.0;
    int bad = 0;
    for (std::size_t a = 0; a < atoms.size(); ++a) {
      const Eigen::Vector3d& r = atoms[a];
      const double below = region_.zMin - r.z(), above = r.z() - region_.zMax;
      if (std::max(below, above) > 0 && !region_.periodicZ) {
        const double outside = std::max(below, above);
        p += outside * outside * tol * tol;
        if (counting) ++fixedOrWallViolations_;
        if (probe && probe->push) (*probe->push)[a].z() += below > 0 ? below : -above;
      }
      atomHash_.forNeighbours(r, [&](int other) {
        double limit;
        Eigen::Vector3d q;
        const bool isFixed = other >= numAtoms_;
        if (isFixed) {
          limit = fixedTol;
          q = fixed_[other - numAtoms_];
        } else {
          if (out_.molecule[other] == body) return;
          limit = tol;
          q = out_.positions[other];
        }
        const Eigen::Vector3d away = -minimumImage(q - r);
        const double d2 = away.squaredNorm();
        if (d2 < limit * limit) {
          p += (limit * limit - d2) * (limit * limit - d2);
          if (counting) ++(isFixed ? fixedOrWallViolations_ : bad);
          if (probe && probe->push && d2 > 0)
            (*probe->push)[a] += (limit - std::sqrt(d2)) * away / std::sqrt(d2);
        }
        // Neighbours within reach move too, so that a molecule stuck in a cavity gets room.
        if (!isFixed && probe && probe->touched && d2 < 4 * limit * limit)
          probe->touched->push_back(out_.molecule[other]);
      });
    }
    if (bodies_[body].ion) {
      const double limit = spec_.ionDistance;
      ionHash_.forNeighbours(centre, [&](int other) {
        if (other == body) return;
        const Eigen::Vector3d away = -minimumImage(bodies_[other].centre - centre);
        const double d2 = away.squaredNorm();
        if (d2 < limit * limit) {
          p += (limit * limit - d2) * (limit * limit - d2);
          ++bad;
          if (probe && probe->touched) probe->touched->push_back(other);
          if (probe && d2 > 0) probe->centrePush += (limit - std::sqrt(d2)) * away / std::sqrt(d2);
        }
      });
    }
    if (counting) *probe->violations += bad;
    return p;
  }

  /// The rigid move that best follows the atoms' ways out of their overlaps: translation by their
  /// sum, rotation by the least-squares small angle, each capped.
  Body pushedMove(const Body& body, const std::vector<Eigen::Vector3d>& atoms, const Probe& probe) {
    Body c = body;
    Eigen::Vector3d shift = probe.centrePush, spin = Eigen::Vector3d::Zero();
    double arm2 = 0.0;
    for (std::size_t a = 0; a < atoms.size(); ++a) {
      const Eigen::Vector3d& push = (*probe.push)[a];
      const Eigen::Vector3d arm = atoms[a] - body.centre;
      shift += push;
      spin += arm.cross(push);
      arm2 += arm.squaredNorm();
    }
    shift *= 1.1;  // a little past contact, so the pair is resolved rather than grazing
    const double maxShift = 0.25 * spec_.tolerance;
    if (shift.norm() > maxShift) shift *= maxShift / shift.norm();
    c.centre += shift;
    if (arm2 > 0 && spin.norm() > 0) {
      const double angle = std::min(spin.norm() / arm2, 0.3);
      c.rotation = Eigen::Quaterniond(Eigen::AngleAxisd(angle, spin.normalized())) * c.rotation;
    }
    wrapPeriodic(c.centre);
    return c;
  }

  /// A random translation (Gaussian, `step` Å rms per axis) and rotation or, for `reinsert`, a
  /// fresh random placement.
  Body trialMove(const Body& body, bool reinsert, double step) {
    Body c = body;
    if (reinsert) {
      c.centre = Eigen::Vector3d(unit(rng_) * region_.lengthX, unit(rng_) * region_.lengthY,
                                 region_.zMin + unit(rng_) * (region_.zMax - region_.zMin));
      c.rotation = randomRotation(rng_);
    } else {
      c.centre += step * Eigen::Vector3d(gauss(rng_), gauss(rng_), gauss(rng_));
      const Eigen::Vector3d axis(gauss(rng_), gauss(rng_), gauss(rng_));
      c.rotation =
          Eigen::Quaterniond(Eigen::AngleAxisd(0.3 * gauss(rng_), axis.normalized())) * c.rotation;
    }
    wrapPeriodic(c.centre);
    return c;
  }

  /// The least-penalty placement among a few random ones.
  Body bestReinsertion(int b, std::vector<Eigen::Vector3d>& atoms) {
    Body best = bodies_[b];
    double lowest = std::numeric_limits<double>::infinity();
    for (int t = 0; t < 16; ++t) {
      const Body candidate = trialMove(bodies_[b], true, 0.0);
      place(candidate, atoms);
      const double p = penalty(b, candidate.centre, atoms);
      if (p < lowest) {
        lowest = p;
        best = candidate;
      }
    }
    return best;
  }

  void move(int b, const Body& candidate, const std::vector<Eigen::Vector3d>& newAtoms) {
    Body& body = bodies_[b];
    for (std::size_t a = 0; a < newAtoms.size(); ++a) {
      const int index = body.firstAtom + static_cast<int>(a);
      atomHash_.move(index, out_.positions[index], newAtoms[a]);
      out_.positions[index] = newAtoms[a];
    }
    if (body.ion) ionHash_.move(b, body.centre, candidate.centre);
    body.centre = candidate.centre;
    body.rotation = candidate.rotation;
  }

  const std::vector<Molecule>& species_;
  PackingRegion region_;
  const std::vector<Eigen::Vector3d>& fixed_;
  PackingSpec spec_;
  std::mt19937_64 rng_;
  std::uniform_real_distribution<double> unit{0.0, 1.0};
  std::normal_distribution<double> gauss{0.0, 1.0};
  SpatialHash atomHash_, ionHash_;
  std::vector<Body> bodies_;
  std::vector<int> stamp_;  ///< sweep in which a body was last queued
  PackedAtoms out_;
  int numAtoms_ = 0;
  int fixedOrWallViolations_ = 0;
};

}  // namespace

PackedAtoms packMolecules(const std::vector<Molecule>& species, const std::vector<int>& counts,
                          const PackingRegion& region, const std::vector<Eigen::Vector3d>& fixed,
                          const PackingSpec& spec) {
  if (!(region.lengthX > 0 && region.lengthY > 0 && region.zMax > region.zMin))
    throw InputError("the liquid region is empty");
  if (region.periodicZ && !fixed.empty())
    throw InputError("fixed atoms need a liquid region bounded in z");
  const double binSize = std::max(spec.tolerance, spec.fixedTolerance);
  if (region.lengthX < 3 * binSize || region.lengthY < 3 * binSize)
    throw InputError("the lateral cell must be at least three packing tolerances wide");
  for (std::size_t s = 0; s < species.size(); ++s) {
    const double height = region.zMax - region.zMin;
    if (counts[s] > 0 &&
        2 * species[s].radius() > std::min({region.lengthX, region.lengthY, height}))
      throw InputError("molecule '" + species[s].name + "' is larger than the liquid region");
  }
  Packing packing(species, counts, region, fixed, spec);
  packing.placeOnGrid();
  const int violations = packing.optimise();
  if (violations > 0) {
    std::ostringstream m;
    m << "could not pack " << packing.numBodies() << " molecules with " << spec.tolerance
      << " Å between molecules";
    if (spec.ionDistance > 0) m << " and " << spec.ionDistance << " Å between ions";
    m << ": " << violations << " close contacts remain after optimisation; lower the density or "
      << "the tolerances, or enlarge the liquid region";
    throw InputError(m.str());
  }
  return packing.result();
}

}  // namespace sei
