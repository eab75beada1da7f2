#include "analysis/Species.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include "analysis/DisjointSets.hpp"
#include "analysis/ElementPairs.hpp"
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
  double covalentCutoff = 0.0, metalCutoff = 0.0;
  for (int a = 0; a < table.types(); ++a)
    for (int b = 0; b < table.types(); ++b) {
      const double r = std::sqrt(table.cutoffSquared(a, b));
      const bool metal = bonds.isMetal(table.element(a)) || bonds.isMetal(table.element(b));
      double& bound = metal ? metalCutoff : covalentCutoff;
      bound = std::max(bound, r);
    }
  const auto& z = frame.atomicNumbers();
  std::vector<std::pair<std::uint64_t, ContactKind>> raw;
  raw.reserve(frame.size() * 2);
  auto collect = [&](const NeighborList& list, bool metalRows) {
    for (std::size_t i = 0; i < list.numAtoms(); ++i) {
      const int ti = table.type(i);
      for (std::size_t k = list.begin(i); k < list.end(i); ++k) {
        const std::size_t j = static_cast<std::size_t>(list.index[k]);
        if (j == i) continue;  // an atom's own periodic images are no bond
        if (!metalRows && (j < i || bonds.isMetal(z[i]) || bonds.isMetal(z[j]))) continue;
        if (list.displacement[k].squaredNorm() < table.cutoffSquared(ti, table.type(j)))
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

  current_.events.clear();
  current_.frame = framesSeen_;
  current_.step = frame.step();
  current_.time = frame.time();
  filterContacts(frame, raw);
  buildUnits(frame);
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
  std::vector<std::string> formula(fragments.size());
  std::vector<const SaltAnion*> anion(fragments.size(), nullptr);
  for (std::size_t f = 0; f < fragments.size(); ++f) {
    formula[f] = formulaOf(fragments[f], z);
    const auto it = options_.saltAnions.find(formula[f]);
    if (it != options_.saltAnions.end()) anion[f] = &it->second;
  }

  // Metal atoms: metallic or ionic, by their contacts.
  std::vector<int> metalContacts(n, 0), anionContacts(n, 0);
  for (const PairState& p : pairs_) {
    if (!p.on) continue;
    const int i = keyFirst(p.key), j = keySecond(p.key);
    if (p.kind == ContactKind::Metallic) {
      ++metalContacts[i];
      ++metalContacts[j];
    } else if (p.kind == ContactKind::Ionic) {
      const int metal = bonds.isMetal(z[i]) ? i : j;
      if (anion[fragmentOf[i + j - metal]]) ++anionContacts[metal];
    }
  }
  std::vector<char> metallic(n, 0);
  for (std::size_t i = 0; i < n; ++i)
    metallic[i] = bonds.isMetal(z[i]) && metalContacts[i] >= options_.minMetalNeighbors &&
                  anionContacts[i] <= options_.maxAnionContacts;

  // Salt domains and metal pieces: components over metal atoms and bound anion fragments (node
  // n + f), joined by ionic contacts (anion–ionic metal) and metallic contacts (metal–metal).
  DisjointSets domains(n + fragments.size());
  std::vector<char> bound(fragments.size(), 0);
  std::vector<std::map<int, int>> anionMetals(fragments.size());  // Z of metal → contacts
  for (const PairState& p : pairs_) {
    if (!p.on) continue;
    const int i = keyFirst(p.key), j = keySecond(p.key);
    if (p.kind == ContactKind::Metallic && metallic[i] && metallic[j]) {
      domains.unite(i, j);
    } else if (p.kind == ContactKind::Ionic) {
      const int metal = bonds.isMetal(z[i]) ? i : j;
      const int f = fragmentOf[i + j - metal];
      if (!anion[f]) continue;
      bound[f] = 1;
      ++anionMetals[f][z[metal]];
      if (!metallic[metal]) domains.unite(metal, static_cast<int>(n + f));
    }
  }

  std::vector<int> unitOfRoot(n + fragments.size(), -1);
  auto unitFor = [&](int node, UnitKind kind) -> SpeciesUnit& {
    int& u = unitOfRoot[domains.find(node)];
    if (u < 0) {
      u = static_cast<int>(out.units.size());
      out.units.emplace_back();
      out.units.back().kind = kind;
    }
    return out.units[u];
  };
  for (std::size_t f = 0; f < fragments.size(); ++f) {
    if (bound[f]) {
      SpeciesUnit& u = unitFor(static_cast<int>(n + f), UnitKind::Salt);
      u.atoms.insert(u.atoms.end(), fragments[f].begin(), fragments[f].end());
    } else {
      out.units.push_back(
          {UnitKind::Molecule, formula[f], options_.names.nameOf(formula[f]), fragments[f], 0});
      ++out.counts[out.units.back().name];
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!bonds.isMetal(z[i])) continue;
    // A non-metallic metal atom whose root holds no bound anion becomes a lone ion below.
    const bool inSalt = !metallic[i] && unitOfRoot[domains.find(static_cast<int>(i))] >= 0;
    if (metallic[i] || inSalt) {
      unitFor(static_cast<int>(i), metallic[i] ? UnitKind::Metal : UnitKind::Salt)
          .atoms.push_back(static_cast<int>(i));
    } else {
      const std::string symbol(elementSymbol(z[i]));
      const int valence = metalValence(z[i]);
      const std::string name = symbol + (valence > 1 ? std::to_string(valence) : "") + "+";
      out.units.push_back({UnitKind::Ion, symbol, name, {static_cast<int>(i)}, 0});
      ++out.counts[name];
    }
  }

  // Formula units of each salt domain, per anion kind with its most frequent metal.
  std::vector<std::map<std::string, std::pair<int, int>>> unitsPerDomain(out.units.size());
  for (std::size_t f = 0; f < fragments.size(); ++f) {
    if (!bound[f]) continue;
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
