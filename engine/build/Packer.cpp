#include "build/Packer.hpp"

#include <algorithm>
#include <cmath>
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

/// Atoms of all molecules (and the fixed ones) binned in cubes of at least the tolerance,
/// periodic in x and y.
class SpatialHash {
 public:
  SpatialHash(const PackingRegion& r, double binSize, double zLow, double zHigh)
      : region_(r), zLow_(zLow) {
    nx_ = std::max(1, static_cast<int>(r.lengthX / binSize));
    ny_ = std::max(1, static_cast<int>(r.lengthY / binSize));
    nz_ = std::max(1, static_cast<int>((zHigh - zLow) / binSize));
    bz_ = (zHigh - zLow) / nz_;
    bins_.resize(static_cast<std::size_t>(nx_) * ny_ * nz_);
  }
  std::size_t binOf(const Eigen::Vector3d& p) const {
    const int ix = wrap(static_cast<int>(std::floor(p.x() / region_.lengthX * nx_)), nx_);
    const int iy = wrap(static_cast<int>(std::floor(p.y() / region_.lengthY * ny_)), ny_);
    const int iz = std::clamp(static_cast<int>(std::floor((p.z() - zLow_) / bz_)), 0, nz_ - 1);
    return (static_cast<std::size_t>(iz) * ny_ + iy) * nx_ + ix;
  }
  void insert(int atom, const Eigen::Vector3d& p) { bins_[binOf(p)].push_back(atom); }
  void erase(int atom, const Eigen::Vector3d& p) {
    auto& b = bins_[binOf(p)];
    b.erase(std::find(b.begin(), b.end(), atom));
  }
  /// Calls f(atom) for atoms in the 27 bins around p (each bin once).
  template <class F>
  void forNeighbours(const Eigen::Vector3d& p, F f) const {
    const std::size_t home = binOf(p);
    const int ix = static_cast<int>(home % nx_), iy = static_cast<int>(home / nx_ % ny_);
    const int iz = static_cast<int>(home / nx_ / ny_);
    int visited[27], count = 0;
    for (int dz = -1; dz <= 1; ++dz) {
      const int z = iz + dz;
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

}  // namespace

PackedAtoms packMolecules(const std::vector<Molecule>& species, const std::vector<int>& counts,
                          const PackingRegion& region, const std::vector<Eigen::Vector3d>& fixed,
                          const PackingSpec& spec) {
  if (!(region.lengthX > 0 && region.lengthY > 0 && region.zMax > region.zMin))
    throw InputError("the liquid region is empty");
  const double tol = spec.tolerance, fixedTol = spec.fixedTolerance;
  const double binSize = std::max(tol, fixedTol);
  if (region.lengthX < 3 * binSize || region.lengthY < 3 * binSize)
    throw InputError("the lateral cell must be at least three packing tolerances wide");
  // Molecules as (species, centre, orientation); atoms are their images.
  struct Body {
    int species;
    Eigen::Vector3d centre;
    Eigen::Quaterniond rotation;
    int firstAtom;
  };
  std::vector<Body> bodies;
  PackedAtoms out;
  for (std::size_t s = 0; s < species.size(); ++s) {
    const double height = region.zMax - region.zMin;
    if (2 * species[s].radius() > std::min({region.lengthX, region.lengthY, height}))
      throw InputError("molecule '" + species[s].name + "' is larger than the liquid region");
    for (int c = 0; c < counts[s]; ++c) {
      bodies.push_back({static_cast<int>(s), Eigen::Vector3d::Zero(),
                        Eigen::Quaterniond::Identity(), static_cast<int>(out.symbols.size())});
      for (const auto& sym : species[s].symbols) {
        out.symbols.push_back(sym);
        out.molecule.push_back(static_cast<int>(bodies.size()) - 1);
      }
    }
  }
  const int numAtoms = static_cast<int>(out.symbols.size());
  out.positions.resize(numAtoms);
  const int numFixed = static_cast<int>(fixed.size());
  std::mt19937_64 rng(spec.seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);

  // Jittered grid of starting centres, shuffled, so molecules start spread out.
  const double volume = region.lengthX * region.lengthY * (region.zMax - region.zMin);
  const double spacing = std::cbrt(volume / std::max<std::size_t>(bodies.size(), 1));
  const int gx = std::max(1, static_cast<int>(std::ceil(region.lengthX / spacing)));
  const int gy = std::max(1, static_cast<int>(std::ceil(region.lengthY / spacing)));
  const int gz = std::max(1, static_cast<int>(std::ceil((region.zMax - region.zMin) / spacing)));
  std::vector<Eigen::Vector3d> sites;
  for (int z = 0; z < gz; ++z)
    for (int y = 0; y < gy; ++y)
      for (int x = 0; x < gx; ++x)
        sites.emplace_back((x + 0.5) * region.lengthX / gx, (y + 0.5) * region.lengthY / gy,
                           region.zMin + (z + 0.5) * (region.zMax - region.zMin) / gz);
  while (sites.size() < bodies.size()) sites.push_back(sites[sites.size() % (gx * gy * gz)]);
  std::shuffle(sites.begin(), sites.end(), rng);

  double fixedLow = region.zMin - binSize, fixedHigh = region.zMax + binSize;
  for (const auto& f : fixed) {
    fixedLow = std::min(fixedLow, f.z());
    fixedHigh = std::max(fixedHigh, f.z());
  }
  SpatialHash hash(region, binSize, fixedLow - binSize, fixedHigh + binSize);
  // Fixed atoms carry indices numAtoms.. so they are told apart from molecule atoms.
  for (int f = 0; f < numFixed; ++f) hash.insert(numAtoms + f, fixed[f]);

  auto place = [&](const Body& b, std::vector<Eigen::Vector3d>& atoms) {
    const Molecule& m = species[b.species];
    atoms.resize(m.size());
    for (std::size_t a = 0; a < m.size(); ++a) atoms[a] = b.centre + b.rotation * m.positions[a];
  };
  auto minimumImage = [&](Eigen::Vector3d d) {
    d.x() -= region.lengthX * std::round(d.x() / region.lengthX);
    d.y() -= region.lengthY * std::round(d.y() / region.lengthY);
    return d;
  };
  // Penalty of one molecule's atoms against everything else; also counts the violations.
  auto penalty = [&](int body, const std::vector<Eigen::Vector3d>& atoms, int* violations) {
    double p = 0.0;
    int bad = 0;
    for (const auto& r : atoms) {
      const double below = region.zMin - r.z(), above = r.z() - region.zMax;
      if (below > 0) {
        p += below * below * tol * tol;
        ++bad;
      }
      if (above > 0) {
        p += above * above * tol * tol;
        ++bad;
      }
      hash.forNeighbours(r, [&](int other) {
        double limit;
        Eigen::Vector3d q;
        if (other >= numAtoms) {
          limit = fixedTol;
          q = fixed[other - numAtoms];
        } else {
          if (out.molecule[other] == body) return;
          limit = tol;
          q = out.positions[other];
        }
        const double d2 = minimumImage(q - r).squaredNorm();
        if (d2 < limit * limit) {
          p += (limit * limit - d2) * (limit * limit - d2);
          ++bad;
        }
      });
    }
    if (violations) *violations += bad;
    return p;
  };

  std::vector<Eigen::Vector3d> atoms, trial;
  for (std::size_t b = 0; b < bodies.size(); ++b) {
    bodies[b].centre = sites[b] + (unit(rng) - 0.5) * 0.2 * spacing * Eigen::Vector3d::Ones();
    bodies[b].rotation = randomRotation(rng);
    place(bodies[b], atoms);
    for (std::size_t a = 0; a < atoms.size(); ++a) {
      out.positions[bodies[b].firstAtom + a] = atoms[a];
      hash.insert(bodies[b].firstAtom + static_cast<int>(a), atoms[a]);
    }
  }

  auto move = [&](int b, const Body& candidate, const std::vector<Eigen::Vector3d>& newAtoms) {
    Body& body = bodies[b];
    for (std::size_t a = 0; a < newAtoms.size(); ++a) {
      const int index = body.firstAtom + static_cast<int>(a);
      hash.erase(index, out.positions[index]);
      out.positions[index] = newAtoms[a];
      hash.insert(index, newAtoms[a]);
    }
    body.centre = candidate.centre;
    body.rotation = candidate.rotation;
  };

  std::normal_distribution<double> gauss(0.0, 1.0);
  int remaining = 0;
  for (int sweep = 0; sweep < spec.maxSweeps; ++sweep) {
    remaining = 0;
    for (int b = 0; b < static_cast<int>(bodies.size()); ++b) {
      place(bodies[b], atoms);
      int bad = 0;
      const double current = penalty(b, atoms, &bad);
      if (bad == 0) continue;
      // A few trial moves: mostly small, sometimes a reinsertion anywhere.
      bool improved = false;
      for (int t = 0; t < 8 && !improved; ++t) {
        Body candidate = bodies[b];
        if (t == 7) {
          candidate.centre = Eigen::Vector3d(unit(rng) * region.lengthX, unit(rng) * region.lengthY,
                                             region.zMin + unit(rng) * (region.zMax - region.zMin));
          candidate.rotation = randomRotation(rng);
        } else {
          const double step = 0.3 * tol;
          candidate.centre += step * Eigen::Vector3d(gauss(rng), gauss(rng), gauss(rng));
          const Eigen::Vector3d axis = Eigen::Vector3d(gauss(rng), gauss(rng), gauss(rng));
          candidate.rotation =
              Eigen::Quaterniond(Eigen::AngleAxisd(0.3 * gauss(rng), axis.normalized())) *
              candidate.rotation;
        }
        candidate.centre.x() -= region.lengthX * std::floor(candidate.centre.x() / region.lengthX);
        candidate.centre.y() -= region.lengthY * std::floor(candidate.centre.y() / region.lengthY);
        place(candidate, trial);
        if (penalty(b, trial, nullptr) < current) {
          move(b, candidate, trial);
          improved = true;
        }
      }
      ++remaining;
    }
    if (remaining == 0) break;
  }
  // Final check of every pair, so success means the guarantee holds.
  int violations = 0;
  for (int b = 0; b < static_cast<int>(bodies.size()); ++b) {
    place(bodies[b], atoms);
    penalty(b, atoms, &violations);
  }
  if (violations > 0) {
    std::ostringstream m;
    m << "could not pack " << bodies.size() << " molecules with " << tol
      << " Å between molecules: " << violations << " close contacts remain after " << spec.maxSweeps
      << " sweeps; lower the density or the tolerance, or enlarge the liquid region";
    throw InputError(m.str());
  }
  // Wrap x and y into the cell.
  for (auto& r : out.positions) {
    r.x() -= region.lengthX * std::floor(r.x() / region.lengthX);
    r.y() -= region.lengthY * std::floor(r.y() / region.lengthY);
  }
  return out;
}

}  // namespace sei
