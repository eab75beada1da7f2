#pragma once

#include <string>
#include <utility>
#include <vector>

namespace sei::analysis {

/// An element-labelled graph: atoms by atomic number, bonds without order. Hydrogens are atoms
/// of their own, so that a species' identity is its full connectivity.
struct MolecularGraph {
  std::vector<int> z;                      ///< atomic number per atom
  std::vector<std::pair<int, int>> bonds;  ///< atom index pairs
  int charge = 0;  ///< e, total formal charge (parseSmiles); not part of the identity
};

/// The canonical identity of a graph: a SMILES string of its skeleton in a canonical atom order,
/// every atom in brackets with its hydrogens ("[O][C]1[O][CH2][CH2][O]1" for EC), so that two
/// graphs get the same string exactly when they are isomorphic (isomers differ) and the string
/// reads back with parseSmiles. The order comes from colour refinement by element and
/// neighbourhood, then the least certificate over individualisations of tied atoms (twins such
/// as the H of one CH2 are tried once). Graphs with so many symmetric ties that the search would
/// exceed a few hundred leaves (large, symmetric polymers) get "Hill formula{refined hash}",
/// which is the same for isomorphic graphs but may coincide for rare non-isomorphic ones.
std::string canonicalIdentity(const MolecularGraph& graph);

/// Hill formula of the graph's atoms.
std::string graphFormula(const MolecularGraph& graph);

/// Parses a SMILES string (organic subset with implicit hydrogens, bracket atoms with hydrogen
/// count and charge, bonds - = # $ : / \, branches, ring closures 1-9 and %nn, '.', aromatic
/// b c n o p s) into its graph with all hydrogens explicit and the total formal charge. Stereo
/// marks are read and ignored. Throws std::invalid_argument naming the position on bad input.
MolecularGraph parseSmiles(const std::string& smiles);

}  // namespace sei::analysis
