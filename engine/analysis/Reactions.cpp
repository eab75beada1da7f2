#include "analysis/Reactions.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "analysis/DisjointSets.hpp"

namespace sei::analysis {
namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : " + ") + name;
  return text;
}

}  // namespace

std::string Reaction::type() const { return joined(reactants) + " -> " + joined(products); }

std::vector<Reaction> groupReactions(const std::vector<BondEvent>& events,
                                     const SpeciesFrame& before, const SpeciesFrame& after,
                                     const std::vector<double>* chargesBefore,
                                     const std::vector<double>* chargesAfter) {
  const std::size_t n = after.unitOfAtom.size();
  // An atom stands for its molecule or ion through the unit's first atom; atoms of salts and
  // metal stand for themselves, so that unrelated events on one large domain stay apart.
  auto representative = [](const SpeciesFrame& f, int atom) {
    const SpeciesUnit& u = f.units[f.unitOfAtom[atom]];
    return u.kind == UnitKind::Molecule || u.kind == UnitKind::Ion ? u.atoms.front() : atom;
  };
  DisjointSets sets(n);
  for (const BondEvent& e : events)
    for (int a : {e.atomA, e.atomB}) {
      sets.unite(e.atomA, a);
      sets.unite(a, representative(before, a));
      sets.unite(a, representative(after, a));
    }
  std::map<int, std::size_t> reactionOfRoot;
  std::vector<Reaction> out;
  std::vector<std::vector<int>> unitsBefore, unitsAfter;
  for (const BondEvent& e : events) {
    const int root = sets.find(e.atomA);
    auto [it, fresh] = reactionOfRoot.emplace(root, out.size());
    if (fresh) {
      out.emplace_back();
      out.back().frame = e.frame;
      out.back().step = e.step;
      out.back().time = e.time;
      unitsBefore.emplace_back();
      unitsAfter.emplace_back();
    }
    Reaction& r = out[it->second];
    (e.formed ? r.formed : r.broken).emplace_back(e.atomA, e.atomB);
    for (int a : {e.atomA, e.atomB}) {
      unitsBefore[it->second].push_back(before.unitOfAtom[a]);
      unitsAfter[it->second].push_back(after.unitOfAtom[a]);
      r.atoms.push_back(a);
    }
  }
  for (std::size_t k = 0; k < out.size(); ++k) {
    Reaction& r = out[k];
    auto collect = [&](const SpeciesFrame& f, std::vector<int>& units,
                       std::vector<std::string>& names) {
      std::sort(units.begin(), units.end());
      units.erase(std::unique(units.begin(), units.end()), units.end());
      for (int u : units) {
        const SpeciesUnit& unit = f.units[u];
        names.push_back(unit.name);
        if (unit.kind == UnitKind::Molecule || unit.kind == UnitKind::Ion)
          r.atoms.insert(r.atoms.end(), unit.atoms.begin(), unit.atoms.end());
      }
      std::sort(names.begin(), names.end());
    };
    collect(before, unitsBefore[k], r.reactants);
    collect(after, unitsAfter[k], r.products);
    std::sort(r.atoms.begin(), r.atoms.end());
    r.atoms.erase(std::unique(r.atoms.begin(), r.atoms.end()), r.atoms.end());
    r.chargeTransferred = std::nan("");
    if (chargesBefore && chargesAfter) {
      r.chargeTransferred = 0.0;
      for (int a : r.atoms) r.chargeTransferred += (*chargesAfter)[a] - (*chargesBefore)[a];
    }
  }
  return out;
}

}  // namespace sei::analysis
