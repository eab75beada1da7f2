#include "builder/Molecule.hpp"

#include <openbabel/atom.h>
#include <openbabel/bond.h>
#include <openbabel/builder.h>
#include <openbabel/forcefield.h>
#include <openbabel/mol.h>
#include <openbabel/obconversion.h>
#include <openbabel/obiter.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "core/Elements.hpp"
#include "core/Error.hpp"
#include "core/Formula.hpp"
#include "formats/OpenBabelSession.hpp"
#include "io/ExtXyz.hpp"
#include "io/NumberText.hpp"

namespace sei {
namespace {

Eigen::Vector3d centroid(const std::vector<Eigen::Vector3d>& positions) {
  Eigen::Vector3d c = Eigen::Vector3d::Zero();
  for (const auto& p : positions) c += p;
  return positions.empty() ? c : Eigen::Vector3d(c / static_cast<double>(positions.size()));
}

void centre(std::vector<Eigen::Vector3d>& positions) {
  const Eigen::Vector3d c = centroid(positions);
  for (auto& p : positions) p -= c;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The reader keeps comment-line pairs it does not interpret verbatim in Structure::info, so the
// template's own keys are split here: whitespace-separated key=value, the value optionally in
// double or single quotes (ASE writes name="EC").
std::map<std::string, std::string> infoPairs(const std::string& info) {
  std::map<std::string, std::string> pairs;
  std::size_t i = 0;
  while (i < info.size()) {
    while (i < info.size() && std::isspace(static_cast<unsigned char>(info[i]))) ++i;
    const std::size_t start = i;
    while (i < info.size() && info[i] != '=' && !std::isspace(static_cast<unsigned char>(info[i])))
      ++i;
    const std::string key = lower(info.substr(start, i - start));
    std::string value;
    if (i < info.size() && info[i] == '=') {
      ++i;
      const char quote = i < info.size() ? info[i] : '\0';
      if (quote == '"' || quote == '\'') {
        const std::size_t end = info.find(quote, i + 1);
        value = info.substr(i + 1, end == std::string::npos ? std::string::npos : end - i - 1);
        i = end == std::string::npos ? info.size() : end + 1;
      } else {
        const std::size_t valueStart = i;
        while (i < info.size() && !std::isspace(static_cast<unsigned char>(info[i]))) ++i;
        value = info.substr(valueStart, i - valueStart);
      }
    }
    if (!key.empty()) pairs[key] = value;
  }
  return pairs;
}

// The neighbour of `atom` other than `except` with the lowest index (heavy atoms come before the
// hydrogens AddHydrogens appended, so this prefers a heavy atom); nullptr if there is none.
OpenBabel::OBAtom* firstNeighbour(OpenBabel::OBAtom* atom, OpenBabel::OBAtom* except) {
  OpenBabel::OBAtom* best = nullptr;
  FOR_NBORS_OF_ATOM(nbr, atom) {
    if (&*nbr != except && (!best || nbr->GetIdx() < best->GetIdx())) best = &*nbr;
  }
  return best;
}

bool doubleBonded(OpenBabel::OBAtom* a, OpenBabel::OBAtom* b) {
  const OpenBabel::OBBond* bond = a->GetBond(b);
  return bond && bond->GetBondOrder() == 2;
}

// OBBuilder grows open chains along directions from a clock-seeded rand(), so every torsion about
// an acyclic single bond is random. Setting each one to a fixed value (in bond order) removes the
// randomness and picks the usual conformer: all-anti chains (DME, glymes), and the Z (cis)
// arrangement of alkyl groups on ester/carbonate oxygens (C-O-C=O 0°, DMC's cis-cis minimum).
void fixOpenChainTorsions(OpenBabel::OBMol& mol) {
  constexpr double kPi = 3.14159265358979323846;
  FOR_BONDS_OF_MOL(bond, mol) {
    if (bond->IsInRing() || bond->GetBondOrder() != 1) continue;
    OpenBabel::OBAtom* b = bond->GetBeginAtom();
    OpenBabel::OBAtom* c = bond->GetEndAtom();
    OpenBabel::OBAtom* a = firstNeighbour(b, c);
    OpenBabel::OBAtom* d = firstNeighbour(c, b);
    if (!a || !d) continue;  // a terminal atom: nothing to turn
    const bool cis = doubleBonded(a, b) || doubleBonded(c, d);
    mol.SetTorsion(a, b, c, d, cis ? 0.0 : kPi);
  }
}

// Rigid frame fixed by the molecule itself: origin at the centroid, x along atom 0 -> atom 1,
// y in the plane of atoms 0, 1 and the first atom off their line. Positions that differ only by a
// rotation (the builder's random first directions) come out the same.
void toCanonicalFrame(std::vector<Eigen::Vector3d>& positions) {
  centre(positions);
  if (positions.size() < 2) return;
  const Eigen::Vector3d x = (positions[1] - positions[0]).normalized();
  Eigen::Vector3d y = Eigen::Vector3d::Zero();
  for (std::size_t i = 2; i < positions.size() && y.norm() < 1e-3; ++i) {
    const Eigen::Vector3d v = positions[i] - positions[0];
    y = v - v.dot(x) * x;
  }
  if (y.norm() < 1e-3) y = x.unitOrthogonal();  // linear molecule: any perpendicular will do
  y.normalize();
  Eigen::Matrix3d rotation;
  rotation.row(0) = x;
  rotation.row(1) = y;
  rotation.row(2) = x.cross(y);
  for (auto& p : positions) p = rotation * p;
}

std::vector<Eigen::Vector3d> coordinates(OpenBabel::OBMol& mol) {
  std::vector<Eigen::Vector3d> positions;
  FOR_ATOMS_OF_MOL(atom, mol) positions.emplace_back(atom->GetX(), atom->GetY(), atom->GetZ());
  return positions;
}

void setCoordinates(OpenBabel::OBMol& mol, const std::vector<Eigen::Vector3d>& positions) {
  FOR_ATOMS_OF_MOL(atom, mol) {
    const Eigen::Vector3d& p = positions[atom->GetIdx() - 1];
    atom->SetVector(p.x(), p.y(), p.z());
  }
}

}  // namespace

double Molecule::mass() const {
  double m = 0.0;
  for (const auto& s : symbols) m += atomicMass(atomicNumber(s));
  return m;
}

double Molecule::radius() const {
  const Eigen::Vector3d c = centroid(positions);
  double r = 0.0;
  for (const auto& p : positions) r = std::max(r, (p - c).norm());
  return r;
}

std::string Molecule::formula() const {
  std::map<std::string, int> counts;
  for (const auto& s : symbols) ++counts[s];
  return hillFormula(counts);
}

Molecule readMoleculeTemplate(const std::string& path) {
  const Structure s = readExtXyz(path);
  if (s.size() == 0) throw InputError(path, 0, "molecule template has no atoms");
  for (int d = 0; d < 3; ++d) {
    if (s.cell.periodic(d)) {
      throw InputError(path, 2,
                       "molecule template is periodic, expected an isolated molecule "
                       "(no Lattice, pbc=\"F F F\")");
    }
  }
  Molecule m;
  for (const auto& symbol : s.symbols) {
    if (atomicNumber(symbol) == 0) {
      throw InputError(path, 0, "unknown element " + symbol + " in molecule template");
    }
  }
  const auto pairs = infoPairs(s.info);
  const auto name = pairs.find("name");
  if (name == pairs.end() || name->second.empty()) {
    throw InputError(path, 2, "molecule template has no name, expected name=NAME");
  }
  const auto charge = pairs.find("charge");
  const auto q = charge == pairs.end() ? std::nullopt : parseInteger<int>(charge->second);
  if (!q) {
    throw InputError(path, 2,
                     "molecule template has no integer charge, expected charge=Q (net charge, e)");
  }
  m.name = name->second;
  m.charge = *q;
  m.symbols = s.symbols;
  m.positions = s.positions;
  centre(m.positions);
  return m;
}

const std::vector<std::string>& shippedMoleculeNames() {
  static const std::vector<std::string> names = {"EC",  "PC",  "DMC", "DME", "G2",
                                                 "FEC", "PF6", "Na",  "H2O"};
  return names;
}

Molecule shippedMolecule(const std::string& name, const std::string& resourceDir) {
  const auto& names = shippedMoleculeNames();
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    std::string known;
    for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
    throw InputError("unknown molecule " + name + ", expected one of " + known);
  }
  const std::string path = resourceDir + "/molecules/" + name + ".xyz";
  Molecule m = readMoleculeTemplate(path);
  if (m.name != name) {
    throw InputError(path, 2, "template is named " + m.name + ", expected name=" + name);
  }
  return m;
}

Molecule moleculeFromSmiles(const std::string& smiles, const std::string& name) {
  const std::string what = "SMILES \"" + smiles + "\"";
  auto fail = [&](const std::string& step, const std::string& detail) {
    return InputError(what + ": " + step + (detail.empty() ? std::string() : " (" + detail + ")"));
  };
  // Open Babel's SMILES reader takes the first word as the SMILES and the rest as a title, so a
  // string with blanks would silently lose its tail.
  if (smiles.empty() || smiles.find_first_of(" \t\r\n") != std::string::npos) {
    throw fail("expected one SMILES word, without blanks", "");
  }

  OpenBabelSession log;
  OpenBabel::OBConversion conversion;
  if (!conversion.SetInFormat("smi")) {
    throw fail("Open Babel has no SMILES format", "its plugins were not found; check BABEL_LIBDIR");
  }
  OpenBabel::OBMol mol;
  if (!conversion.ReadString(&mol, smiles) || mol.NumAtoms() == 0) {
    throw fail("Open Babel could not parse it", log.firstError());
  }
  // Explicit hydrogens before building, so that the builder places them with the heavy atoms.
  mol.AddHydrogens();
  OpenBabel::OBBuilder builder;
  if (!builder.Build(mol, false)) {
    throw fail("Open Babel could not build 3-D coordinates", log.firstError());
  }
  mol.SetDimension(3);
  fixOpenChainTorsions(mol);
  // The minimiser is not exactly rotation invariant in floating point: start it from the
  // canonical frame too, so that equal inputs give equal bits.
  {
    auto start = coordinates(mol);
    toCanonicalFrame(start);
    setCoordinates(mol, start);
  }

  OpenBabel::OBForceField* forceField = nullptr;
  for (const char* id : {"MMFF94", "UFF"}) {
    OpenBabel::OBForceField* candidate = OpenBabel::OBForceField::FindForceField(id);
    if (candidate && candidate->Setup(mol)) {
      forceField = candidate;
      break;
    }
  }
  if (!forceField) {
    throw fail("neither MMFF94 nor UFF has parameters for it", log.firstError());
  }
  forceField->SetLogLevel(OBFF_LOGLVL_NONE);
  // Steepest descent first: the builder's fragments can clash where they are joined, and
  // conjugate gradients behave better from a relaxed start (obabel --gen3d does the same).
  forceField->SteepestDescent(500, 1e-6);
  forceField->ConjugateGradients(2000, 1e-6);
  forceField->GetCoordinates(mol);

  Molecule m;
  m.name = name;
  m.charge = mol.GetTotalCharge();
  FOR_ATOMS_OF_MOL(atom, mol) {
    const int z = static_cast<int>(atom->GetAtomicNum());
    const std::string symbol(elementSymbol(z));
    if (symbol.empty()) throw fail("element Z = " + std::to_string(z) + " is not supported", "");
    m.symbols.push_back(symbol);
  }
  m.positions = coordinates(mol);
  for (const auto& p : m.positions) {
    if (!p.allFinite()) throw fail("Open Babel produced non-finite coordinates", "");
  }
  toCanonicalFrame(m.positions);
  return m;
}

}  // namespace sei
