#pragma once

#include <Eigen/Dense>
#include <string>
#include <vector>

namespace sei {

/// One molecule or ion as the electrolyte builder places it: an isolated, rigid template.
struct Molecule {
  std::string name;                        ///< species name, "EC", "PF6", ...
  std::vector<std::string> symbols;        ///< element symbol per atom
  std::vector<Eigen::Vector3d> positions;  ///< Å, centred at the centroid (geometric mean)
  int charge = 0;                          ///< net charge, e

  std::size_t size() const { return positions.size(); }
  /// Sum of standard atomic weights, amu (= g/mol).
  double mass() const;
  /// Largest distance of an atom from the centroid, Å (0 for a single atom).
  double radius() const;
  /// Hill formula: C, then H, then the rest alphabetically; without carbon all alphabetically
  /// ("C3H4O3", "F6P", "Na").
  std::string formula() const;
};

/// Reads a molecule template: an extended XYZ file (first frame) without a periodic cell whose
/// comment line carries name=NAME and charge=Q (integer, e). The positions are re-centred at the
/// centroid. Throws InputError naming the file for malformed input, a missing name or charge, an
/// unknown element, a periodic cell or an empty frame.
Molecule readMoleculeTemplate(const std::string& path);

/// Names of the shipped templates, in the order of resources/molecules/README.md.
const std::vector<std::string>& shippedMoleculeNames();

/// The shipped template by name ("EC", "PC", "DMC", "DME", "G2", "FEC", "PF6", "Na", "H2O"), read
/// from resourceDir/molecules/NAME.xyz (resourceDir: the project's resources/ folder,
/// SEI_RESOURCE_DIR at build time). Throws InputError for an unknown name or a missing or bad file.
Molecule shippedMolecule(const std::string& name, const std::string& resourceDir);

/// 3-D molecule from SMILES with the Open Babel library: SMILES parser, explicit hydrogens,
/// OBBuilder's fragment-based 3-D coordinates, then MMFF94 minimisation (UFF when MMFF94 has no
/// parameters for the molecule); no conformer search (obabel's is random). OBBuilder itself is
/// not deterministic: it places atoms along vector3::randomUnitVector(), which seeds the C
/// library's rand() from the clock (Open Babel 3.1.1; no seed can be passed). To take most of that
/// out, every acyclic single-bond torsion is set before minimising (anti, or cis for C-O-C=O as
/// in esters and carbonates) and the result is put in a frame defined by atoms 0, 1, 2 (origin at
/// the centroid). Reproducible call after call: atom order (heavy atoms in SMILES order, then
/// hydrogens), symbols, charge, bonding and the conformer of open chains (DMC, DME: coordinates
/// agree to 1e-6 Å, diglyme to ~0.01 Å), EC bit for bit. Not reproducible: the positions of ring
/// substituents and of identical ligands (PC's methyl ~0.02 Å, FEC ~1e-3 Å; PF6-'s fluorines
/// come out permuted). Use the shipped templates where an exact geometry matters. The net charge is
/// the sum of the SMILES formal charges ("[Na+]": +1). Calls are serialised internally (Open
/// Babel's force fields and error log are process-wide); the first call loads Open Babel's plugins
/// and ring library (seconds). Throws InputError naming the SMILES and the step that failed.
Molecule moleculeFromSmiles(const std::string& smiles, const std::string& name);

}  // namespace sei
