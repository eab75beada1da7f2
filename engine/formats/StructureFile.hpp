#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/Structure.hpp"

namespace sei {

// The one way the CLI, projects and the studio read and write single structures in the formats
// users keep them in. Extended XYZ, LAMMPS data and the POSCAR writer are ours (io/); POSCAR,
// CIF, PDB and plain XYZ are read through Open Babel.

enum class StructureFormat {
  ExtXyz,      ///< extended XYZ (GPUMD, ASE), plain XYZ too (no cell): read and write
  Xyz,         ///< plain XYZ read by Open Babel (by --format only); written as extended XYZ
  Poscar,      ///< VASP POSCAR/CONTCAR (Open Babel reads, we write)
  Cif,         ///< read only (Open Babel)
  Pdb,         ///< read only (Open Babel)
  LammpsData,  ///< LAMMPS data, atomic style: read and write
};

/// The format's name as --format takes it: extxyz, xyz, poscar, cif, pdb, lammps-data.
std::string structureFormatName(StructureFormat format);
/// A --format value: one of those names, or vasp, lammps, lmp, data. Throws InputError naming
/// `field` and the accepted names.
StructureFormat parseStructureFormat(const std::string& name, const std::string& field);
/// The format a file name says: POSCAR*, CONTCAR* and *.vasp, *.cif, *.pdb, *.xyz, *.extxyz,
/// *.data and *.lmp (case-insensitive); nullopt for any other name. An *.xyz is ExtXyz: our
/// reader takes plain XYZ as well, with line-exact errors (Open Babel's reads "zero" as 0).
std::optional<StructureFormat> structureFormatOfName(const std::string& path);

struct StructureReadOptions {
  std::optional<StructureFormat> format;  ///< none: by the file name
  /// Elements of LAMMPS atom types 1, 2, ... (for data files without Masses or labels).
  std::vector<std::string> lammpsElements;
};

/// Reads the (first) structure of `path`. Throws InputError naming the file (the line and field
/// where the format's reader knows them), also when the name says no format.
Structure readStructureFile(const std::string& path, const StructureReadOptions& options = {});

/// Writes `s` atomically as `format`, by default the one the name says (extended XYZ for *.xyz,
/// with the velocities, masses, charges and forces `s` has).
/// Throws InputError for a format we only read (CIF, PDB) or a name that says no format, before
/// anything is written.
void writeStructureFile(const std::string& path, const Structure& s,
                        std::optional<StructureFormat> format = std::nullopt);

}  // namespace sei
