#include "formats/OpenBabelReader.hpp"

#include <openbabel/atom.h>
#include <openbabel/generic.h>
#include <openbabel/math/spacegroup.h>
#include <openbabel/mol.h>
#include <openbabel/obconversion.h>
#include <openbabel/obiter.h>

#include <cmath>
#include <fstream>

#include "core/Elements.hpp"
#include "core/Error.hpp"
#include "formats/OpenBabelSession.hpp"

namespace sei {

Structure readWithOpenBabel(const std::string& path, const std::string& obFormat,
                            const std::string& formatName) {
  if (!std::ifstream(path)) throw InputError(path, 0, "cannot open file for reading");
  OpenBabelSession session;
  OpenBabel::OBConversion conversion;
  if (!conversion.SetInFormat(obFormat.c_str()))
    throw InputError(path, 0,
                     "Open Babel has no " + formatName +
                         " format (its plugins were not found; check BABEL_LIBDIR)");
  // No bond perception: a structure file here is atoms and a cell, and perceiving the bonds of
  // a 10^5-atom box takes longer than reading it.
  conversion.AddOption("b", OpenBabel::OBConversion::INOPTIONS);
  OpenBabel::OBMol mol;
  bool read = false;
  try {
    read = conversion.ReadFile(&mol, path);
  } catch (const std::exception& e) {
    // Open Babel's VASP reader indexes its tokens with vector::at: a short line throws.
    throw InputError(path, 0, "not readable as " + formatName + " (Open Babel: " + e.what() + ")");
  }
  if (!read || mol.NumAtoms() == 0) {
    const std::string why = session.firstError();
    throw InputError(path, 0,
                     "no atoms read as " + formatName + (why.empty() ? "" : " (" + why + ")"));
  }
  Structure s;
  if (auto* cell = static_cast<OpenBabel::OBUnitCell*>(
          mol.GetData(OpenBabel::OBGenericDataType::UnitCell))) {
    // A CIF lists the asymmetric unit; Open Babel's fill applies the space group's operations.
    const OpenBabel::SpaceGroup* group = cell->GetSpaceGroup();
    if (group && group->GetId() > 1) cell->FillUnitCell(&mol);
    const std::vector<OpenBabel::vector3> v = cell->GetCellVectors();
    Eigen::Matrix3d h;
    for (int d = 0; d < 3; ++d) h.col(d) = Eigen::Vector3d(v[d].x(), v[d].y(), v[d].z());
    if (!h.allFinite() || std::abs(h.determinant()) <= 0.0)
      throw InputError(path, 0, formatName + " cell: expected three independent cell vectors");
    s.cell = Cell(h);
  }
  int index = 0;
  FOR_ATOMS_OF_MOL(atom, mol) {
    ++index;
    const std::string_view symbol = elementSymbol(static_cast<int>(atom->GetAtomicNum()));
    if (symbol.empty())
      throw InputError(path, 0,
                       "atom " + std::to_string(index) + ": no element known (atomic number " +
                           std::to_string(atom->GetAtomicNum()) + ")");
    const Eigen::Vector3d r(atom->GetX(), atom->GetY(), atom->GetZ());
    if (!r.allFinite())
      throw InputError(path, 0, "atom " + std::to_string(index) + ": non-finite coordinate");
    s.symbols.emplace_back(symbol);
    s.positions.push_back(r);
  }
  return s;
}

}  // namespace sei
