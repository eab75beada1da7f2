#include "analysis/MolecularGraph.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <stdexcept>

#include "core/Elements.hpp"
#include "core/Formula.hpp"

namespace sei::analysis {
namespace {

using Adjacency = std::vector<std::vector<int>>;

Adjacency adjacencyOf(const MolecularGraph& g) {
  Adjacency adj(g.z.size());
  for (const auto& [a, b] : g.bonds) {
    adj[a].push_back(b);
    adj[b].push_back(a);
  }
  for (auto& row : adj) {
    std::sort(row.begin(), row.end());
    row.erase(std::unique(row.begin(), row.end()), row.end());
  }
  return adj;
}

/// Colour refinement to the coarsest equitable partition finer than `colour`. Colours are cell
/// starts: the number of atoms of smaller (colour, sorted neighbour colours) signature, so the
/// order of the cells depends on the graph alone, and an atom individualised with its cell start
/// keeps the place in front of its former cell mates.
void refine(const Adjacency& adj, std::vector<int>& colour) {
  const int n = static_cast<int>(colour.size());
  std::vector<std::vector<int>> signature(n);
  std::vector<int> order(n);
  for (int cells = -1;;) {
    for (int v = 0; v < n; ++v) {
      signature[v].assign(1, colour[v]);
      for (int w : adj[v]) signature[v].push_back(colour[w]);
      std::sort(signature[v].begin() + 1, signature[v].end());
    }
    for (int v = 0; v < n; ++v) order[v] = v;
    std::sort(order.begin(), order.end(),
              [&](int a, int b) { return signature[a] < signature[b]; });
    int count = 0;
    for (int k = 0; k < n; ++k) {
      if (k == 0 || signature[order[k]] != signature[order[k - 1]]) {
        ++count;
        colour[order[k]] = k;
      } else {
        colour[order[k]] = colour[order[k - 1]];
      }
    }
    if (count == cells) return;
    cells = count;
  }
}

/// Certificate of a discrete colouring (colour = position): elements in order, then the sorted
/// bonds in positions.
std::vector<int> certificate(const MolecularGraph& g, const Adjacency& adj,
                             const std::vector<int>& position) {
  const int n = static_cast<int>(g.z.size());
  std::vector<int> cert(n);
  for (int v = 0; v < n; ++v) cert[position[v]] = g.z[v];
  std::vector<std::pair<int, int>> edges;
  for (int v = 0; v < n; ++v)
    for (int w : adj[v])
      if (v < w)
        edges.emplace_back(std::min(position[v], position[w]), std::max(position[v], position[w]));
  std::sort(edges.begin(), edges.end());
  for (const auto& [a, b] : edges) {
    cert.push_back(a);
    cert.push_back(b);
  }
  return cert;
}

struct Search {
  const MolecularGraph& g;
  const Adjacency& adj;
  std::vector<int> best, bestPosition;
  int leaves = 0;
  static constexpr int kMaxLeaves = 400;

  bool twins(int u, int v) const {
    std::vector<int> a, b;
    for (int x : adj[u])
      if (x != v) a.push_back(x);
    for (int x : adj[v])
      if (x != u) b.push_back(x);
    return a == b;
  }

  /// false when the leaf budget ran out.
  bool run(std::vector<int> colour) {
    refine(adj, colour);
    const int n = static_cast<int>(colour.size());
    std::map<int, std::vector<int>> cells;
    for (int v = 0; v < n; ++v) cells[colour[v]].push_back(v);
    const auto target =
        std::find_if(cells.begin(), cells.end(), [](const auto& c) { return c.second.size() > 1; });
    if (target == cells.end()) {
      if (++leaves > kMaxLeaves) return false;
      std::vector<int> cert = certificate(g, adj, colour);
      if (best.empty() || cert < best) {
        best = std::move(cert);
        bestPosition = colour;
      }
      return true;
    }
    const std::vector<int>& cell = target->second;
    const bool allTwins =
        std::all_of(cell.begin() + 1, cell.end(), [&](int v) { return twins(cell.front(), v); });
    for (std::size_t k = 0; k < (allTwins ? 1 : cell.size()); ++k) {
      std::vector<int> next = colour;
      for (int v : cell) next[v] = target->first + (v == cell[k] ? 0 : 1);
      if (!run(std::move(next))) return false;
    }
    return true;
  }
};

/// SMILES of the skeleton in canonical order: a depth-first walk from the first atom, branches
/// and ring closures in position order; terminal H on a non-H atom are folded into it.
std::string writeSmiles(const MolecularGraph& g, const Adjacency& adj,
                        const std::vector<int>& position) {
  const int n = static_cast<int>(g.z.size());
  std::vector<int> hydrogens(n, 0);
  std::vector<char> folded(n, 0);
  for (int v = 0; v < n; ++v)
    if (g.z[v] == 1 && adj[v].size() == 1 && g.z[adj[v][0]] != 1) {
      folded[v] = 1;
      ++hydrogens[adj[v][0]];
    }
  auto byPosition = [&](int a, int b) { return position[a] < position[b]; };
  std::vector<std::vector<int>> nbrs(n);
  for (int v = 0; v < n; ++v) {
    for (int w : adj[v])
      if (!folded[w]) nbrs[v].push_back(w);
    std::sort(nbrs[v].begin(), nbrs[v].end(), byPosition);
  }
  // Pass 1: the spanning forest and the ring bonds, in walk order.
  std::vector<int> parent(n, -2), walk;
  std::vector<std::vector<int>> children(n), rings(n);  // rings: partners of ring bonds
  std::function<void(int)> visit = [&](int v) {
    walk.push_back(v);
    for (int w : nbrs[v]) {
      if (w == parent[v]) continue;
      if (parent[w] == -2) {
        parent[w] = v;
        children[v].push_back(w);
        visit(w);
      } else if (std::find(children[w].begin(), children[w].end(), v) == children[w].end() &&
                 std::find(rings[v].begin(), rings[v].end(), w) == rings[v].end()) {
        rings[v].push_back(w);
        rings[w].push_back(v);
      }
    }
  };
  std::vector<int> starts;
  std::vector<int> byPos(n);
  for (int v = 0; v < n; ++v) byPos[position[v]] = v;
  for (int v : byPos)
    if (!folded[v] && parent[v] == -2) {
      parent[v] = -1;
      starts.push_back(v);
      visit(v);
    }
  std::vector<int> rank(n, 0);
  for (std::size_t k = 0; k < walk.size(); ++k) rank[walk[k]] = static_cast<int>(k);
  // Pass 2: write.
  std::map<std::pair<int, int>, int> open;  // ring bond → its digit
  std::vector<char> digitsInUse(100, 0);
  std::string out;
  std::function<void(int)> write = [&](int v) {
    out += '[';
    out += elementSymbol(g.z[v]);
    if (hydrogens[v] > 0) out += "H" + (hydrogens[v] > 1 ? std::to_string(hydrogens[v]) : "");
    out += ']';
    std::vector<int> partners = rings[v];
    std::sort(partners.begin(), partners.end(), [&](int a, int b) { return rank[a] < rank[b]; });
    for (int w : partners) {
      const std::pair<int, int> key(std::min(v, w), std::max(v, w));
      auto it = open.find(key);
      int digit;
      if (it == open.end()) {
        digit = static_cast<int>(std::find(digitsInUse.begin() + 1, digitsInUse.end(), 0) -
                                 digitsInUse.begin());
        digitsInUse[digit] = 1;
        open[key] = digit;
      } else {
        digit = it->second;
        digitsInUse[digit] = 0;
        open.erase(it);
      }
      out += digit < 10 ? std::to_string(digit) : "%" + std::to_string(digit);
    }
    for (std::size_t k = 0; k < children[v].size(); ++k) {
      const bool branch = k + 1 < children[v].size();
      if (branch) out += '(';
      write(children[v][k]);
      if (branch) out += ')';
    }
  };
  for (std::size_t k = 0; k < starts.size(); ++k) {
    if (k) out += '.';
    write(starts[k]);
  }
  return out;
}

}  // namespace

std::string graphFormula(const MolecularGraph& graph) {
  std::map<std::string, int> counts;
  for (int z : graph.z) ++counts[std::string(elementSymbol(z))];
  return hillFormula(counts);
}

std::string canonicalIdentity(const MolecularGraph& graph) {
  const Adjacency adj = adjacencyOf(graph);
  const int n = static_cast<int>(graph.z.size());
  std::vector<int> colour(n);
  {
    std::vector<int> order(n);
    for (int v = 0; v < n; ++v) order[v] = v;
    std::sort(order.begin(), order.end(), [&](int a, int b) { return graph.z[a] < graph.z[b]; });
    for (int k = 0; k < n; ++k)
      colour[order[k]] =
          k > 0 && graph.z[order[k]] == graph.z[order[k - 1]] ? colour[order[k - 1]] : k;
  }
  Search search{graph, adj, {}, {}, 0};
  if (search.run(colour)) return writeSmiles(graph, adj, search.bestPosition);
  // Too many symmetric ties: an invariant of the refined partition instead.
  refine(adj, colour);
  std::vector<std::vector<int>> rows;
  for (int v = 0; v < n; ++v) {
    std::vector<int> row = {colour[v], graph.z[v]};
    for (int w : adj[v]) row.push_back(colour[w]);
    std::sort(row.begin() + 2, row.end());
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end());
  std::uint64_t hash = 1469598103934665603ull;  // FNV-1a over the rows
  for (const auto& row : rows)
    for (int x : row) hash = (hash ^ static_cast<std::uint64_t>(x + 1)) * 1099511628211ull;
  char text[24];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
  return graphFormula(graph) + "{" + text + "}";
}

MolecularGraph parseSmiles(const std::string& smiles) {
  struct Atom {
    int z = 0;
    bool aromatic = false;
    int hydrogens = -1;  ///< explicit count (bracket atoms); -1: implicit
    double valence = 0;  ///< bond orders so far (aromatic bonds count 1)
  };
  std::vector<Atom> atoms;
  MolecularGraph g;
  auto fail = [&](std::size_t at, const std::string& what) {
    throw std::invalid_argument("bad SMILES '" + smiles + "' at character " +
                                std::to_string(at + 1) + ": " + what);
  };
  int previous = -1;
  double pendingOrder = 0;  // 0: no bond symbol read
  std::vector<int> branches;
  std::map<int, std::pair<int, double>> ringOpen;  // digit → (atom, bond order given there)
  auto bond = [&](int a, int b, double order) {
    if (order == 0) order = 1;
    g.bonds.emplace_back(a, b);
    atoms[a].valence += order;
    atoms[b].valence += order;
  };
  auto addAtom = [&](const Atom& atom) {
    atoms.push_back(atom);
    const int index = static_cast<int>(atoms.size()) - 1;
    if (previous >= 0) bond(previous, index, pendingOrder);
    previous = index;
    pendingOrder = 0;
  };
  const std::string aromaticSymbols = "bcnops";
  for (std::size_t i = 0; i < smiles.size(); ++i) {
    const char c = smiles[i];
    if (c == '(') {
      if (previous < 0) fail(i, "branch before an atom");
      branches.push_back(previous);
    } else if (c == ')') {
      if (branches.empty()) fail(i, "unmatched ')'");
      previous = branches.back();
      branches.pop_back();
    } else if (std::string("-=#$:/\\").find(c) != std::string::npos) {
      pendingOrder = c == '=' ? 2 : c == '#' ? 3 : c == '$' ? 4 : 1;
    } else if (c == '.') {
      previous = -1;
    } else if (std::isdigit(static_cast<unsigned char>(c)) || c == '%') {
      if (previous < 0) fail(i, "ring closure before an atom");
      int digit = c - '0';
      if (c == '%') {
        if (i + 2 >= smiles.size() || !std::isdigit(static_cast<unsigned char>(smiles[i + 1])) ||
            !std::isdigit(static_cast<unsigned char>(smiles[i + 2])))
          fail(i, "expected two digits after '%'");
        digit = 10 * (smiles[i + 1] - '0') + (smiles[i + 2] - '0');
        i += 2;
      }
      const auto it = ringOpen.find(digit);
      if (it == ringOpen.end()) {
        ringOpen[digit] = {previous, pendingOrder};
      } else {
        if (it->second.first == previous) fail(i, "ring bond of an atom to itself");
        bond(it->second.first, previous, std::max(pendingOrder, it->second.second));
        ringOpen.erase(it);
      }
      pendingOrder = 0;
    } else if (c == '[') {
      const std::size_t close = smiles.find(']', i);
      if (close == std::string::npos) fail(i, "unclosed '['");
      std::size_t k = i + 1;
      while (k < close && std::isdigit(static_cast<unsigned char>(smiles[k]))) ++k;  // isotope
      Atom atom;
      std::string symbol;
      if (k < close && std::islower(static_cast<unsigned char>(smiles[k]))) {
        atom.aromatic = true;
        symbol = std::string(1, static_cast<char>(std::toupper(smiles[k])));
        ++k;
        if (symbol == "S" && k < close && smiles[k] == 'e') symbol += smiles[k++];
        if (symbol == "A" && k < close && smiles[k] == 's') symbol += smiles[k++];
      } else if (k < close && std::isupper(static_cast<unsigned char>(smiles[k]))) {
        symbol = smiles[k++];
        if (k < close && std::islower(static_cast<unsigned char>(smiles[k])) &&
            atomicNumber(symbol + smiles[k]) > 0)
          symbol += smiles[k++];
      }
      atom.z = atomicNumber(symbol);
      if (atom.z == 0) fail(k, "unknown element in brackets");
      while (k < close && smiles[k] == '@') ++k;
      atom.hydrogens = 0;
      if (k < close && smiles[k] == 'H') {
        ++k;
        atom.hydrogens = 1;
        if (k < close && std::isdigit(static_cast<unsigned char>(smiles[k])))
          atom.hydrogens = smiles[k++] - '0';
      }
      while (k < close && (smiles[k] == '+' || smiles[k] == '-')) {
        const int sign = smiles[k] == '+' ? 1 : -1;
        ++k;
        if (k < close && std::isdigit(static_cast<unsigned char>(smiles[k]))) {
          g.charge += sign * (smiles[k++] - '0');
        } else {
          g.charge += sign;
        }
      }
      if (k < close && smiles[k] == ':') {  // atom class
        ++k;
        while (k < close && std::isdigit(static_cast<unsigned char>(smiles[k]))) ++k;
      }
      if (k != close) fail(k, "unexpected character in brackets");
      addAtom(atom);
      i = close;
    } else {
      Atom atom;
      std::string symbol(1, c);
      if (aromaticSymbols.find(c) != std::string::npos) {
        atom.aromatic = true;
        symbol = std::string(1, static_cast<char>(std::toupper(c)));
      } else if ((c == 'C' || c == 'B') && i + 1 < smiles.size() &&
                 (smiles[i + 1] == (c == 'C' ? 'l' : 'r'))) {
        symbol += smiles[++i];
      }
      static const std::string organic[] = {"B", "C", "N", "O", "P", "S", "F", "Cl", "Br", "I"};
      if (std::find(std::begin(organic), std::end(organic), symbol) == std::end(organic))
        fail(i, "expected an atom of the organic subset or one in brackets");
      atom.z = atomicNumber(symbol);
      addAtom(atom);
    }
  }
  if (atoms.empty()) fail(0, "no atoms");
  if (!branches.empty()) fail(smiles.size() - 1, "unclosed '('");
  if (!ringOpen.empty()) fail(smiles.size() - 1, "unclosed ring bond");
  // Implicit hydrogens: the lowest normal valence that holds the bonds (aromatic atoms one more).
  static const std::map<int, std::vector<int>> normal = {
      {5, {3}},        {6, {4}}, {7, {3, 5}}, {8, {2}},  {15, {3, 5}},
      {16, {2, 4, 6}}, {9, {1}}, {17, {1}},   {35, {1}}, {53, {1}}};
  for (Atom& a : atoms) g.z.push_back(a.z);
  const int heavy = static_cast<int>(atoms.size());
  for (int a = 0; a < heavy; ++a) {
    int h = atoms[a].hydrogens;
    if (h < 0) {
      const double used = atoms[a].valence + (atoms[a].aromatic ? 1 : 0);
      h = 0;
      for (int v : normal.at(atoms[a].z))
        if (v >= used) {
          h = static_cast<int>(v - used);
          break;
        }
    }
    for (int k = 0; k < h; ++k) {
      g.z.push_back(1);
      g.bonds.emplace_back(a, static_cast<int>(g.z.size()) - 1);
    }
  }
  return g;
}

}  // namespace sei::analysis
