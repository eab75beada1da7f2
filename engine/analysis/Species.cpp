#include "analysis/Species.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>
#include <optional>
#include <unordered_map>

#include "analysis/DisjointSets.hpp"
#include "analysis/ElementPairs.hpp"
#include "analysis/MolecularGraph.hpp"
#include "analysis/Reactions.hpp"
#include "core/Elements.hpp"
#include "core/Formula.hpp"

namespace sei::analysis {
namespace {

constexpr std::uint64_t pairKey(std::uint64_t i, std::uint64_t j) { return (i << 32) | j; }
constexpr int keyFirst(std::uint64_t key) { return static_cast<int>(key >> 32); }
constexpr int keySecond(std::uint64_t key) { return static_cast<int>(key & 0xffffffffu); }

std::string formulaOf(const std::vector<int>& atoms, const std::vector<int>& z) {
  std::map<std::string, int> counts;
  for (int a : atoms) ++counts[std::string(elementSymbol(z[a]))];
  return hillFormula(counts);
}

std::string saltFormula(int metalZ, const SaltAnion& anion, int* anionsPerUnit) {
  const int m = metalValence(metalZ), x = -anion.charge;
  const int l = std::lcm(m, x);
  *anionsPerUnit = l / x;
  std::string text(elementSymbol(metalZ));
  if (l / m > 1) text += std::to_string(l / m);
  const bool group = std::count_if(anion.written.begin(), anion.written.end(),
                                   [](unsigned char c) { return std::isupper(c); }) > 1;
  if (l / x > 1 && group) {
    text += "(" + anion.written + ")" + std::to_string(l / x);
  } else {
    text += anion.written;
    if (l / x > 1) text += std::to_string(l / x);
  }
  return text;
}

}  // namespace

std::string speciesLabel(const SpeciesUnit& unit) {
  return unit.kind == UnitKind::Salt ? "salt" : unit.name;
}

SpeciesTracker::SpeciesTracker(SpeciesOptions options) : options_(std::move(options)) {
  options_.lifetime = std::max(1, options_.lifetime);
}

void SpeciesTracker::reset() {
  pairs_.clear();
  history_.clear();
  coordination_.clear();
  metallic_.clear();
  chargeWindow_.clear();
  identityCache_.clear();
  previous_ = SpeciesFrame();
  framesSeen_ = 0;
  atoms_ = 0;
  current_ = SpeciesFrame();
}

const SpeciesFrame& SpeciesTracker::update(const Frame& frame) {
  if (frame.size() != atoms_) reset();
  atoms_ = frame.size();
  history_.emplace_back(frame.step(), frame.time());
  while (history_.size() > static_cast<std::size_t>(options_.lifetime)) history_.pop_front();

  // Covalent pairs come from a short full list; contacts of metal atoms (up to ~4 Å) from a
  // list of the metal atoms only, which keeps the search O(N) with a small prefactor.
  const BondCriteria& bonds = options_.bonds;
  const ElementPairs table(frame, [&](int a, int b) { return bonds.cutoff(a, b); });
  const ElementPairs shell(frame, [&](int a, int b) {
    return bonds.isMetal(a) && bonds.isMetal(b)
               ? options_.metalShellFactor * (covalentRadius(a) + covalentRadius(b))
               : 0.0;
  });
  double covalentCutoff = 0.0, metalCutoff = 0.0;
  for (int a = 0; a < table.types(); ++a)
    for (int b = 0; b < table.types(); ++b) {
      const double r = std::sqrt(table.cutoffSquared(a, b));
      const bool metal = bonds.isMetal(table.element(a)) || bonds.isMetal(table.element(b));
      double& bound = metal ? metalCutoff : covalentCutoff;
      bound = std::max({bound, r, std::sqrt(shell.cutoffSquared(a, b))});
    }
  const auto& z = frame.atomicNumbers();
  std::vector<std::pair<std::uint64_t, ContactKind>> raw;
  raw.reserve(frame.size() * 2);
  std::vector<std::uint8_t> coordination(frame.size(), 0);  // metal neighbours in the shell
  auto collect = [&](const NeighborList& list, bool metalRows) {
    for (std::size_t i = 0; i < list.numAtoms(); ++i) {
      const int ti = table.type(i);
      for (std::size_t k = list.begin(i); k < list.end(i); ++k) {
        const std::size_t j = static_cast<std::size_t>(list.index[k]);
        if (j == i) continue;  // an atom's own periodic images are no bond
        if (!metalRows && (j < i || bonds.isMetal(z[i]) || bonds.isMetal(z[j]))) continue;
        const double d2 = list.displacement[k].squaredNorm();
        if (metalRows && d2 < shell.cutoffSquared(ti, table.type(j)) && coordination[i] < 255)
          ++coordination[i];
        if (d2 < table.cutoffSquared(ti, table.type(j)))
          raw.emplace_back(pairKey(std::min(i, j), std::max(i, j)), bonds.kind(z[i], z[j]));
      }
    }
  };
  if (covalentCutoff > 0.0) collect(frame.neighbors(covalentCutoff), false);
  if (metalCutoff > 0.0) {
    std::vector<char> metals(frame.size());
    for (std::size_t i = 0; i < frame.size(); ++i) metals[i] = bonds.isMetal(z[i]);
    collect(frame.neighborsOf(metals, metalCutoff), true);
  }
  std::sort(raw.begin(), raw.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  raw.erase(std::unique(raw.begin(), raw.end(),
                        [](const auto& a, const auto& b) { return a.first == b.first; }),
            raw.end());

  coordination_.push_back(std::move(coordination));
  while (coordination_.size() > static_cast<std::size_t>(options_.lifetime))
    coordination_.pop_front();
  // All-zero charges are what a model without charges may write: no charge information.
  const bool charged =
      frame.hasCharges() && std::any_of(frame.charges().begin(), frame.charges().end(),
                                        [](double q) { return q != 0.0; });
  if (charged) {
    chargeWindow_.push_back(frame.charges());
    while (chargeWindow_.size() > static_cast<std::size_t>(options_.lifetime) + 1)
      chargeWindow_.pop_front();
  } else {
    chargeWindow_.clear();
  }

  std::swap(previous_, current_);  // the units before this update, for reactions
  current_.charged = charged;
  current_.events.clear();
  current_.reactions.clear();
  current_.frame = framesSeen_;
  current_.step = frame.step();
  current_.time = frame.time();
  filterContacts(frame, raw);
  buildUnits(frame);
  if (!current_.events.empty()) {
    const std::vector<double>* before =
        current_.charged && chargeWindow_.size() > 1 ? &chargeWindow_.front() : nullptr;
    if (before) {
      // The reactants as they were before the change began: their charges of that frame (the
      // filtered topology of the previous update is still the one before the change).
      for (SpeciesUnit& u : previous_.units) {
        if (u.kind != UnitKind::Molecule && u.kind != UnitKind::Ion) continue;
        u.charge = 0.0;
        for (int a : u.atoms) u.charge += (*before)[a];
        u.name = nameOf(u, frame.atomicNumbers()[u.atoms.front()]);
      }
    }
    current_.reactions = groupReactions(current_.events, previous_, current_, before,
                                        before ? &frame.charges() : nullptr);
  }
  ++framesSeen_;
  return current_;
}

void SpeciesTracker::filterContacts(const Frame& frame,
                                    const std::vector<std::pair<std::uint64_t, ContactKind>>& raw) {
  const int lifetime = options_.lifetime;
  std::vector<PairState> next;
  next.reserve(std::max(raw.size(), pairs_.size()));
  // A change counts once it has lasted `lifetime` frames; it is dated to its first frame.
  auto confirm = [&](PairState& p, bool formed) {
    p.on = formed;
    p.streak = 0;
    if (p.kind != ContactKind::Covalent || framesSeen_ == 0) return;
    const std::size_t back = static_cast<std::size_t>(lifetime) - 1;
    const auto& [step, time] = history_[history_.size() - 1 - back];
    const int a = keyFirst(p.key), b = keySecond(p.key);
    current_.events.push_back(
        {framesSeen_ - back, step, time, formed, a, b, frame.symbols()[a], frame.symbols()[b]});
  };
  auto seen = [&](PairState p) {  // raw: in contact
    if (p.on) {
      p.streak = 0;
    } else if (++p.streak >= lifetime || framesSeen_ == 0) {
      confirm(p, true);
    }
    next.push_back(p);
  };
  auto missed = [&](PairState p) {  // raw: apart
    if (!p.on) return;              // a contact that never lasted: forget it
    if (++p.streak >= lifetime) {
      confirm(p, false);
      return;
    }
    next.push_back(p);
  };
  std::size_t a = 0, b = 0;
  while (a < pairs_.size() || b < raw.size()) {
    if (b == raw.size() || (a < pairs_.size() && pairs_[a].key < raw[b].first)) {
      missed(pairs_[a++]);
    } else if (a == pairs_.size() || raw[b].first < pairs_[a].key) {
      seen({raw[b].first, raw[b].second, false, 0});
      ++b;
    } else {
      seen(pairs_[a++]);
      ++b;
    }
  }
  pairs_.swap(next);
  current_.contacts.clear();
  for (const PairState& p : pairs_)
    if (p.on) current_.contacts.push_back({keyFirst(p.key), keySecond(p.key), p.kind});
}

std::string SpeciesTracker::nameOf(const SpeciesUnit& unit, int z) const {
  const bool charged = !std::isnan(unit.charge);
  const int rounded = charged ? static_cast<int>(std::lround(unit.charge)) : 0;
  if (unit.kind == UnitKind::Ion) {
    const int valence = metalValence(z);
    if (charged && rounded != valence) return unit.formula + chargeSuffix(rounded);
    return unit.formula + (valence > 1 ? std::to_string(valence) : "") + "+";
  }
  return options_.names.nameOf(unit.identity, unit.formula,
                               charged ? std::optional<int>(rounded) : std::nullopt);
}

std::vector<std::string> SpeciesTracker::identities(const Frame& frame,
                                                    const std::vector<std::vector<int>>& fragments,
                                                    const std::vector<int>& fragmentOf) {
  const auto& z = frame.atomicNumbers();
  std::vector<int> local(frame.size(), 0);
  for (const auto& atoms : fragments)
    for (std::size_t k = 0; k < atoms.size(); ++k) local[atoms[k]] = static_cast<int>(k);
  std::vector<std::vector<std::pair<int, int>>> edges(fragments.size());
  for (const PairState& p : pairs_) {
    if (!p.on || p.kind != ContactKind::Covalent) continue;
    const int a = keyFirst(p.key), b = keySecond(p.key);
    edges[fragmentOf[a]].emplace_back(local[a], local[b]);
  }
  // The key of a fragment: its atoms, their elements and its bonds, as raw bytes; a fragment
  // unchanged since the frame before reuses its identity (canonical labelling is the costly part).
  std::unordered_map<std::string, std::string> cache;
  cache.reserve(fragments.size());
  std::vector<std::string> out(fragments.size());
  std::string key;
  for (std::size_t f = 0; f < fragments.size(); ++f) {
    key.clear();
    auto put = [&](int v) { key.append(reinterpret_cast<const char*>(&v), sizeof v); };
    for (int a : fragments[f]) {
      put(a);
      put(z[a]);
    }
    for (const auto& [a, b] : edges[f]) {
      put(a);
      put(b);
    }
    auto it = identityCache_.find(key);
    if (it != identityCache_.end()) {
      out[f] = it->second;
    } else {
      MolecularGraph graph;
      for (int a : fragments[f]) graph.z.push_back(z[a]);
      graph.bonds = edges[f];
      out[f] = canonicalIdentity(graph);
    }
    cache.emplace(key, out[f]);
  }
  identityCache_.swap(cache);
  return out;
}

std::vector<char> SpeciesTracker::classifyMetal(const Frame& frame,
                                                const std::vector<int>& fragmentOf,
                                                const std::vector<char>& isAnion) {
  const std::size_t n = frame.size();
  const auto& z = frame.atomicNumbers();
  const BondCriteria& bonds = options_.bonds;
  // Anion groups each metal atom touches (not atom pairs: a bidentate CO3 is one group).
  std::vector<std::pair<int, int>> touches;  // (metal atom, anion fragment)
  for (const PairState& p : pairs_) {
    if (!p.on || p.kind != ContactKind::Ionic) continue;
    const int i = keyFirst(p.key), j = keySecond(p.key);
    const int metal = bonds.isMetal(z[i]) ? i : j;
    const int f = fragmentOf[i + j - metal];
    if (isAnion[f]) touches.emplace_back(metal, f);
  }
  std::sort(touches.begin(), touches.end());
  touches.erase(std::unique(touches.begin(), touches.end()), touches.end());
  std::vector<int> anionGroups(n, 0);
  for (const auto& t : touches) ++anionGroups[t.first];

  std::vector<char> metallic(n, 0);
  const bool charged = current_.charged;
  for (std::size_t i = 0; i < n; ++i) {
    if (!bonds.isMetal(z[i])) continue;
    double mean = 0.0;
    for (const auto& c : coordination_) mean += c[i];
    mean /= static_cast<double>(coordination_.size());
    const bool was = !metallic_.empty() && metallic_[i];
    const double needed = was ? 0.5 * options_.minMetalNeighbors : options_.minMetalNeighbors;
    metallic[i] = mean >= needed && anionGroups[i] <= options_.maxAnionContacts &&
                  (!charged || frame.charges()[i] < options_.metalChargeMax);
  }
  metallic_ = metallic;
  return metallic;
}

void SpeciesTracker::buildUnits(const Frame& frame) {
  const std::size_t n = frame.size();
  const auto& z = frame.atomicNumbers();
  const BondCriteria& bonds = options_.bonds;
  SpeciesFrame& out = current_;
  out.units.clear();
  out.counts.clear();
  out.unitOfAtom.assign(n, -1);
  out.largestSaltDomain = 0;

  // Molecules: covalent components of the non-metal atoms.
  DisjointSets molecules(n);
  for (const PairState& p : pairs_)
    if (p.on && p.kind == ContactKind::Covalent) molecules.unite(keyFirst(p.key), keySecond(p.key));
  std::vector<int> fragmentOf(n, -1);
  std::vector<std::vector<int>> fragments;
  std::vector<int> rootFragment(n, -1);
  for (std::size_t i = 0; i < n; ++i) {
    if (bonds.isMetal(z[i])) continue;
    int& f = rootFragment[molecules.find(static_cast<int>(i))];
    if (f < 0) {
      f = static_cast<int>(fragments.size());
      fragments.emplace_back();
    }
    fragmentOf[i] = f;
    fragments[f].push_back(static_cast<int>(i));
  }
  const std::size_t nf = fragments.size();
  std::vector<std::string> formula(nf);
  std::vector<const SaltAnion*> anion(nf, nullptr);
  std::vector<char> isAnion(nf, 0);
  for (std::size_t f = 0; f < nf; ++f) {
    formula[f] = formulaOf(fragments[f], z);
    const auto it = options_.saltAnions.find(formula[f]);
    if (it != options_.saltAnions.end()) anion[f] = &it->second;
    isAnion[f] = anion[f] != nullptr;
  }
  const std::vector<std::string> identity = identities(frame, fragments, fragmentOf);
  const std::vector<char> metallic = classifyMetal(frame, fragmentOf, isAnion);

  // Aggregates and metal pieces: components over metal atoms and bound anion fragments (node
  // n + f), joined by ionic contacts (anion–ionic metal) and metallic contacts (metal–metal).
  // An anion is bound by an ionic metal atom: one touching only metal is adsorbed, not salt.
  DisjointSets domains(n + nf);
  std::vector<char> bound(nf, 0), touchesMetal(n + nf, 0);
  std::vector<std::map<int, int>> anionMetals(nf);  // Z of metal → contacts
  for (const PairState& p : pairs_) {
    if (!p.on) continue;
    const int i = keyFirst(p.key), j = keySecond(p.key);
    if (p.kind == ContactKind::Metallic) {
      if (metallic[i] && metallic[j]) domains.unite(i, j);
      if (metallic[i] != metallic[j]) touchesMetal[metallic[i] ? j : i] = 1;
    } else if (p.kind == ContactKind::Ionic) {
      const int metal = bonds.isMetal(z[i]) ? i : j;
      const int f = fragmentOf[i + j - metal];
      if (!anion[f]) continue;
      ++anionMetals[f][z[metal]];
      if (metallic[metal]) {
        touchesMetal[n + f] = 1;
      } else {
        bound[f] = 1;
        domains.unite(metal, static_cast<int>(n + f));
      }
    }
  }
  // An aggregate is a salt domain when it touches the metal or is large enough; a dissolved
  // contact pair stays an ion and a molecule (solvation counts it as CIP).
  std::vector<int> ions(n + nf, 0);
  std::vector<char> touching(n + nf, 0), hasAnion(n + nf, 0);
  auto tally = [&](int node) {
    const int root = domains.find(node);
    ++ions[root];
    touching[root] = touching[root] || touchesMetal[node];
    if (node >= static_cast<int>(n)) hasAnion[root] = 1;
  };
  for (std::size_t f = 0; f < nf; ++f)
    if (bound[f]) tally(static_cast<int>(n + f));
  for (std::size_t i = 0; i < n; ++i)
    if (bonds.isMetal(z[i]) && !metallic[i]) tally(static_cast<int>(i));
  auto isSalt = [&](int node) {
    const int root = domains.find(node);
    return hasAnion[root] && (touching[root] || ions[root] >= options_.minSaltIons);
  };

  const bool charged = out.charged;
  auto chargeOf = [&](const std::vector<int>& atoms) {
    double q = 0.0;
    for (int a : atoms) q += frame.charges()[a];
    return q;
  };
  std::vector<int> unitOfRoot(n + nf, -1);
  auto unitFor = [&](int node, UnitKind kind) -> SpeciesUnit& {
    int& u = unitOfRoot[domains.find(node)];
    if (u < 0) {
      u = static_cast<int>(out.units.size());
      out.units.emplace_back();
      out.units.back().kind = kind;
    }
    return out.units[u];
  };
  for (std::size_t f = 0; f < nf; ++f) {
    if (bound[f] && isSalt(static_cast<int>(n + f))) {
      SpeciesUnit& u = unitFor(static_cast<int>(n + f), UnitKind::Salt);
      u.atoms.insert(u.atoms.end(), fragments[f].begin(), fragments[f].end());
      continue;
    }
    SpeciesUnit u;
    u.kind = UnitKind::Molecule;
    u.formula = formula[f];
    u.identity = identity[f];
    u.atoms = fragments[f];
    u.charge = charged ? chargeOf(u.atoms) : std::nan("");
    u.name = nameOf(u, z[u.atoms.front()]);
    ++out.counts[u.name];
    out.units.push_back(std::move(u));
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!bonds.isMetal(z[i])) continue;
    const int atom = static_cast<int>(i);
    if (metallic[i] || isSalt(atom)) {
      unitFor(atom, metallic[i] ? UnitKind::Metal : UnitKind::Salt).atoms.push_back(atom);
      continue;
    }
    SpeciesUnit u;
    u.kind = UnitKind::Ion;
    u.formula = u.identity = std::string(elementSymbol(z[i]));
    u.atoms = {atom};
    u.charge = charged ? frame.charges()[i] : std::nan("");
    u.name = nameOf(u, z[i]);
    ++out.counts[u.name];
    out.units.push_back(std::move(u));
  }

  // Formula units of each salt domain, per anion kind with its most frequent metal.
  std::vector<std::map<std::string, std::pair<int, int>>> unitsPerDomain(out.units.size());
  for (std::size_t f = 0; f < nf; ++f) {
    if (!bound[f] || !isSalt(static_cast<int>(n + f))) continue;
    const int metalZ =
        std::max_element(anionMetals[f].begin(), anionMetals[f].end(),
                         [](const auto& a, const auto& b) { return a.second < b.second; })
            ->first;
    int perUnit = 1;
    const std::string name = saltFormula(metalZ, *anion[f], &perUnit);
    auto& entry = unitsPerDomain[unitOfRoot[domains.find(static_cast<int>(n + f))]][name];
    entry.first += 1;
    entry.second = perUnit;
  }
  for (std::size_t u = 0; u < out.units.size(); ++u) {
    SpeciesUnit& unit = out.units[u];
    std::sort(unit.atoms.begin(), unit.atoms.end());
    for (int a : unit.atoms) out.unitOfAtom[a] = static_cast<int>(u);
    if (unit.kind == UnitKind::Molecule || unit.kind == UnitKind::Ion) continue;
    unit.formula = formulaOf(unit.atoms, z);
    unit.charge = charged ? chargeOf(unit.atoms) : std::nan("");
    if (unit.kind == UnitKind::Metal) {
      unit.name = std::string(elementSymbol(z[unit.atoms.front()])) + "(metal)";
      out.counts[unit.name] += static_cast<int>(unit.atoms.size());
      continue;
    }
    unit.name = unit.formula;
    for (const auto& [name, anions] : unitsPerDomain[u]) {
      const int count = anions.first / anions.second;
      unit.formulaUnits += count;
      if (count > 0) out.counts[name] += count;
    }
    out.largestSaltDomain = std::max(out.largestSaltDomain, unit.formulaUnits);
  }
}

}  // namespace sei::analysis
